"""The Google Calendar « add » link of each slot, read off the built pages (html5lib):
its details point to the page in the reader's language, the English page on English
pages, so that a participant who adds a slot comes back to the page they read."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import html5lib

from aictdata.build.site import build_site
from aictdata.source.load import load_catalog
from tests.conftest import FIXTURES


def add_links(html: bytes) -> list[dict[str, list[str]]]:
    """The query of every « add to Google Calendar » link of a page."""
    document = html5lib.parse(html, namespaceHTMLElements=False)
    return [
        parse_qs(urlsplit(href).query)
        for href in (a.get("href") or "" for a in document.iter("a"))
        if href.startswith("https://calendar.google.com/") and "action=TEMPLATE" in href
    ]


def test_on_english_pages_the_google_add_link_details_point_to_the_english_page(tmp_path):
    site = tmp_path / "site"
    build_site(load_catalog(FIXTURES / "bilingual"), site, only=["html"])
    for page, address in (
        ("2030/index.html", "https://example.org/2030/"),
        ("en/2030/index.html", "https://example.org/en/2030/"),
    ):
        links = add_links((site / page).read_bytes())
        assert links, page
        assert {query["details"][0].rsplit("\n", 1)[-1] for query in links} == {address}, page
