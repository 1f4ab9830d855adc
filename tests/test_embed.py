"""The embeddable programme (issue 28) in a partner's page on another origin: the real
`aictdata serve` for the site, a small server of the test's own for the partner's page
holding what `aictdata markup --embed` prints, and a real Chromium between them."""

from __future__ import annotations

import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner

from aictdata.cli import cli
from tests.browser import DESKTOP, Page, browser_fixture, page_fixture  # noqa: F401 (the fixtures)
from tests.conftest import ROOT
from tests.exporters.test_html import parse
from tests.served import build_for_origin, free_port, in_thread, serving

ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The real editions built for, and served by `aictdata serve` at, one origin."""
    work = tmp_path_factory.mktemp("embed")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    site = build_for_origin(base, work)
    with serving(site, work / "serve.log", port=port) as server:
        assert server.url == base
        yield base, work


def fragment(editions: Path, edition: str) -> str:
    result = CliRunner().invoke(cli, ["markup", "--embed", edition, str(editions)])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def partner(origin) -> Iterator[str]:
    """A partner's page on another origin (another port), holding the pasted fragment,
    and at /framed-page.html an iframe of an ordinary page of the site instead."""
    base, work = origin
    pasted = fragment(work / "editions", "2025")
    ordinary = (
        f'<iframe src="{base}2025/index.html" title="Page" width="600" height="400"></iframe>'
    )

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = pasted if self.path == "/" else ordinary
            page = (
                "<!doctype html><html lang='fr'><head><meta charset='utf-8'>"
                "<title>Ville partenaire</title></head><body><h1>Ville partenaire</h1>"
                f"{body}</body></html>"
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args: object) -> None:
            pass

    with in_thread(Handler) as url:
        yield url


def child_frame(page: Page) -> dict[str, object]:
    """The host page's one child frame, once it has loaded (bounded wait)."""
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        children = page.call("Page.getFrameTree")["frameTree"].get("childFrames", [])
        if children and page.events("Page.frameStoppedLoading"):
            stopped = {e["params"]["frameId"] for e in page.events("Page.frameStoppedLoading")}
            if children[0]["frame"]["id"] in stopped:
                return children[0]["frame"]
        page.browser.call("Runtime.evaluate", {"expression": "1"}, sessionId=page.session)
        time.sleep(0.1)
    raise AssertionError("the frame did not load")


def in_frame(page: Page, frame_id: str, expression: str) -> object:
    """Evaluate in the frame's own document (same site, other origin: same process)."""
    world = page.call("Page.createIsolatedWorld", {"frameId": frame_id})
    answer = page.call(
        "Runtime.evaluate",
        {"expression": expression, "contextId": world["executionContextId"], "returnByValue": True},
    )
    return answer["result"].get("value")


def test_served_embed_may_be_framed_anywhere_and_other_pages_only_by_the_site(origin):
    base, _ = origin
    embed = requests.get(base + "2025/embed.html", timeout=10)
    assert embed.headers["Content-Security-Policy"] == "frame-ancestors *"
    assert "X-Frame-Options" not in embed.headers
    ordinary = requests.get(base + "2025/index.html", timeout=10)
    assert ordinary.headers["Content-Security-Policy"] == "frame-ancestors 'self'"


def test_embed_page_has_no_script_and_opens_the_site_in_a_new_tab(origin):
    base, work = origin
    document = parse(work / "site" / "2025" / "embed.html")
    assert not list(document.iter("script"))
    links = [a for a in document.iter("a")]
    assert links and all(a.get("target") == "_blank" for a in links)
    assert all("noopener" in a.get("rel", "").split() for a in links)
    assert all(a.get("href").startswith(base) for a in links)


def test_partner_page_shows_the_programme_from_another_origin(page, partner, origin):
    base, _ = origin
    page.emulate(DESKTOP)
    page.open(partner)
    frame = child_frame(page)
    assert frame["url"] == f"{base}2025/embed.html"
    assert frame["securityOrigin"] != partner.rstrip("/")
    titles = in_frame(
        page, frame["id"], "Array.from(document.querySelectorAll('li a'), a => a.textContent)"
    )
    assert "Conférence plénière" in titles
    assert in_frame(page, frame["id"], "document.scripts.length") == 0
    page.screenshot(ARTIFACTS / "embed-in-partner-page.png")


def test_an_ordinary_page_refuses_to_be_framed_by_a_partner(page, partner):
    page.open(partner + "framed-page.html")
    frame = child_frame(page)
    assert frame.get("unreachableUrl", "").endswith("/2025/index.html") or frame["url"].startswith(
        "chrome-error:"
    )
