"""Where each link of a built page leads: shared by the page tests and the browser tests.

A link is fine when it reaches a file of the build (a relative link, or the published URL
of a built file, including the webcal:// form of a feed), an element of the target page
(fragments), or an outside address the data itself gives (organisers' sites, e-mail,
phone) or that the product means to send readers to: Google Calendar's "add" form for one
slot, the subscribe pages of Google Calendar, Outlook.com and Microsoft 365, whose
encoded address must be a feed of the site, and Giggity's deep link, whose encoded
address must be a conference schedule of the site (`https://ggt.gaa.st/#url=…`).

Every exporter is registered, so a link to a file that is not in the build is a problem,
never a warning: a page must not link to what the build did not write.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

import html5lib

from aictdata.model.catalog import Catalog

GOOGLE_CALENDAR = "https://calendar.google.com/calendar/render?"
OUTLOOK_SUBSCRIBE = ("https://outlook.live.com/", "https://outlook.office.com/")
GIGGITY = "https://ggt.gaa.st/"


@dataclass
class LinkReport:
    checked: int = 0
    problems: list[str] = field(default_factory=list)


def manifest(site: Path) -> set[str]:
    data = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    return {entry["path"] for entry in data["files"]}


@cache
def ids_in(page: Path) -> frozenset[str]:
    """Element ids of a built HTML page, parsed as a browser parses it."""
    document = html5lib.parse(page.read_bytes(), treebuilder="etree", namespaceHTMLElements=False)
    return frozenset(element.get("id") for element in document.iter() if element.get("id"))


def _strings(node: Any) -> set[str]:
    if isinstance(node, dict):
        return set().union(*(_strings(v) for v in node.values())) if node else set()
    if isinstance(node, list):
        return set().union(*(_strings(v) for v in node)) if node else set()
    return {node} if isinstance(node, str) else set()


def check_links(site: Path, page: str, urls: list[str], catalog: Catalog) -> LinkReport:
    """Check absolute URLs (as the browser resolved them, or as urljoin did) of `page`."""
    files = manifest(site)
    facts = _strings(catalog.model_dump(mode="json"))
    local_root = site.resolve().as_uri() + "/"
    base = catalog.series.base_url.rstrip("/") + "/"
    report = LinkReport()

    def built(path_and_fragment: str, url: str) -> None:
        path, _, fragment = path_and_fragment.partition("#")
        path = unquote(path)
        if path == "" or path.endswith("/"):
            path += "index.html"
        if path not in files:
            report.problems.append(f"{page}: {url} -> {path} is not in the build")
            return
        if fragment and path.endswith(".html") and fragment not in ids_in(site / path):
            report.problems.append(f"{page}: {url} -> no element #{fragment} in {path}")

    def feed(address: str | None, url: str) -> None:
        """A subscribe link's encoded address: the http(s) URL of a feed of the site."""
        if address is None or not address.startswith(base) or not address.endswith(".ics"):
            report.problems.append(f"{page}: {url} does not subscribe to a feed of the site")
        else:
            built(address[len(base) :], url)

    def giggity(url: str) -> None:
        """Giggity's deep link: nothing but `#url=` and the percent-encoded http(s)
        address of a schedule of the site (an unencoded `&` or `#` would cut it)."""
        split = urlsplit(url)
        encoded = split.fragment.removeprefix("url=")
        address = unquote(encoded)
        if (
            (split.path, split.query) != ("/", "")
            or not split.fragment.startswith("url=")
            or quote(address, safe="") != encoded
            or not address.startswith(base)
            or not address.endswith(("/schedule.xml", "/schedule.json"))
        ):
            report.problems.append(f"{page}: {url} does not open a schedule of the site")
        else:
            built(address[len(base) :], url)

    for url in urls:
        report.checked += 1
        scheme = urlsplit(url).scheme
        if url.startswith(local_root):
            built(url[len(local_root) :], url)
        elif url.startswith(base):
            built(url[len(base) :], url)
        elif scheme == "webcal":
            http = "http://" + url[len("webcal://") :]
            if not (http.startswith(base) and http.endswith(".ics")):
                report.problems.append(f"{page}: {url} is not a feed of the site")
            else:
                built(http[len(base) :], url)
        elif url.startswith(GOOGLE_CALENDAR):
            query = parse_qs(urlsplit(url).query)
            if "cid" in query:
                feed(query["cid"][0] if query.keys() == {"cid"} else None, url)
            elif query.get("action") != ["TEMPLATE"] or query.get("ctz") != ["Europe/Paris"]:
                report.problems.append(f"{page}: {url} is not an add-to-Google-Calendar link")
        elif url.startswith(OUTLOOK_SUBSCRIBE):
            split = urlsplit(url)
            query = parse_qs(split.query)
            if split.path != "/calendar/0/addfromweb" or not query.get("name"):
                report.problems.append(f"{page}: {url} is not Outlook's subscribe page")
            feed(query.get("url", [None])[0], url)
        elif url.startswith(GIGGITY):
            giggity(url)
        elif scheme in ("mailto", "tel"):
            if unquote(url.split(":", 1)[1]) not in facts:
                report.problems.append(f"{page}: {url} is not an address from the data")
        elif url not in facts:
            report.problems.append(f"{page}: {url} is neither built nor given by the data")
    return report
