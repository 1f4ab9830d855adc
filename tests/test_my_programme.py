"""« Mon programme » (issue 28) in a real Chromium, over the real `aictdata serve`: star
two slots, download the .ics the page builds, read it with ical.js; the stars survive a
reload (localStorage) and travel in the shared link; without JavaScript nothing shows."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from aictdata.build.site import build_site
from aictdata.exporters.context import BuildOptions
from aictdata.source.load import load_catalog
from tests.browser import DESKTOP, PHONE, Page, browser_fixture, page_fixture  # noqa: F401 (the fixtures)
from tests.conftest import EDITIONS, ROOT
from tests.exporters.test_ics import events_by_uid, icaljs
from tests.served import serving

ARTIFACTS = ROOT / "test-artifacts"
STARS = (
    "Array.from(document.querySelectorAll('button.star[aria-pressed=true]'),"
    " b => b.closest('tr').id)"
)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The real editions' pages and feeds built for a day before both (upcoming), served."""
    work = tmp_path_factory.mktemp("programme")
    site = work / "site"
    context = BuildOptions(today=date(2024, 1, 1))
    build_site(load_catalog(EDITIONS), site, only=["html", "ics"], options=context)
    with serving(site, work / "serve.log") as server:
        yield server.url, site


def click(page: Page, selector: str) -> None:
    page.evaluate(f"document.querySelector({selector!r}).click()")


def download(page: Page, folder: Path) -> Path:
    """Click the download link and wait (bounded) for Chromium to write the file."""
    folder.mkdir(parents=True, exist_ok=True)
    browser = page.browser
    browser.call(
        "Browser.setDownloadBehavior",
        {"behavior": "allowAndName", "downloadPath": str(folder), "eventsEnabled": True},
    )
    click(page, "#mon-programme a.download")
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        event = browser.wait_for("Browser.downloadProgress", None)
        if event["params"]["state"] == "completed":
            return folder / event["params"]["guid"]
    raise AssertionError("no download")


def test_two_starred_slots_download_as_exactly_those_two_events(page, served, tmp_path):
    base, _ = served
    page.emulate(DESKTOP)
    page.open(base + "2024/")
    assert page.evaluate("document.getElementById('mon-programme').hidden") is False
    click(page, "#s-ouverture-officielle button.star")
    click(page, "#s-conference-pleniere button.star")
    assert page.evaluate(STARS) == ["s-ouverture-officielle", "s-conference-pleniere"]
    assert page.evaluate("document.querySelector('#mon-programme .count').textContent") == (
        "2 créneaux choisis"
    )
    page.screenshot(ARTIFACTS / "my-programme.png", "#programme")
    path = download(page, tmp_path / "downloads")
    reading = icaljs(path)[str(path)]
    events = events_by_uid(reading)
    assert set(events) == {
        "2024.ouverture-officielle@raict.org",
        "2024.conference-pleniere@raict.org",
    }
    opening = events["2024.ouverture-officielle@raict.org"]
    assert opening["summary"] == "Ouverture officielle des Rencontres"
    assert opening["start"]["utc"] == "2024-10-23T12:00:00Z"  # 14h00 in Paris
    assert opening["end"]["utc"] == "2024-10-23T12:30:00Z"
    assert not opening["start"]["floating"]
    assert opening["sequence"] == 0
    assert opening["url"] == "http://raict.org/2024/sessions/ouverture-officielle.html"


def test_stars_survive_a_reload_and_travel_in_the_shared_link(page, served):
    base, _ = served
    page.open(base + "2025/")
    click(page, "#s-accueil button.star")
    click(page, "#s-pause-cafe button.star")
    link = page.evaluate("document.getElementById('lien-programme').value")
    assert link == base + "2025/#mon-programme=accueil,pause-cafe"
    page.open(base + "2025/index.html")
    assert page.evaluate(STARS) == ["s-accueil", "s-pause-cafe"]
    shown = "getComputedStyle(document.querySelector('#mon-programme a.download')).visibility"
    assert page.evaluate(shown) == "visible"
    click(page, "#mon-programme button.clear")
    assert page.evaluate(STARS) == []
    assert page.evaluate(shown) == "hidden"  # nothing to download
    page.open(link)
    assert page.evaluate(STARS) == ["s-accueil", "s-pause-cafe"]


def test_without_javascript_the_page_shows_no_star_nor_panel(page, served):
    base, _ = served
    page.call("Emulation.setScriptExecutionDisabled", {"value": True})
    page.open(base + "2024/")
    assert page.evaluate("document.querySelectorAll('button.star').length") == 0
    panel = "getComputedStyle(document.getElementById('mon-programme')).display"
    assert page.evaluate(panel) == "none"
    assert "Pot de clôture" in page.evaluate("document.getElementById('programme').innerText")


VISIBILITY = "getComputedStyle(document.getElementById('mon-programme')).visibility"

SHIFTS = """new Promise(done => {
  const shifts = [];
  new PerformanceObserver(list => list.getEntries().forEach(entry => shifts.push(
    entry.sources.map(source => source.node ? source.node.nodeName + '.' + source.node.className
      + '#' + source.node.id : '?').join(' ') + ' ' + entry.value))
  ).observe({type: 'layout-shift', buffered: true});
  requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => done(shifts), 100)));
})"""
"""The layout shifts seen so far, as `sources value` lines, once two frames have painted."""


def awaited(page: Page, expression: str) -> object:
    answer = page.call(
        "Runtime.evaluate", {"expression": expression, "awaitPromise": True, "returnByValue": True}
    )
    assert "exceptionDetails" not in answer, answer
    return answer["result"].get("value")


@pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_page_does_not_move_when_the_script_runs_after_the_first_paint(
    page, served, screen, tmp_path
):
    """A slow network runs the deferred script after the page has painted: the panel and the
    stars then appear in room kept for them, nothing moves (Lighthouse counted a layout
    shift of 0.2 on one CI run, the day its script ran late)."""
    base, _ = served
    page.emulate(screen)
    page.call("Network.setBlockedURLs", {"urls": ["*/programme.js"]})
    page.open(base + "2025/")
    assert page.evaluate("document.querySelectorAll('button.star').length") == 0
    page.evaluate("document.getElementById('programme').scrollIntoView()")  # rows in view
    assert page.evaluate(VISIBILITY) == "hidden"  # in its room, not inert on show
    assert awaited(page, SHIFTS) == []
    page.call("Network.setBlockedURLs", {"urls": []})
    awaited(
        page,
        """new Promise((done, failed) => {
          const late = document.createElement('script');
          late.src = document.querySelector('script[src$="programme.js"]').src + '?late';
          late.onload = done;
          late.onerror = failed;
          document.head.appendChild(late);
        })""",
    )
    stars = "document.querySelectorAll('tr[data-uid] button.star').length"
    assert page.evaluate(stars) == page.evaluate("document.querySelectorAll('tr[data-uid]').length")
    assert (
        page.evaluate("getComputedStyle(document.getElementById('mon-programme')).display")
        == "block"
    )
    assert page.evaluate(VISIBILITY) == "visible"
    assert awaited(page, SHIFTS) == []


def test_with_storage_refused_the_panel_stays_invisible_and_nothing_fails(page, served):
    """Site data blocked (or a sandboxed frame): reading localStorage throws. The panel
    keeps its room, invisible, rather than showing buttons that do nothing."""
    base, _ = served
    page.call(
        "Page.addScriptToEvaluateOnNewDocument",
        {
            "source": "Object.defineProperty(window, 'localStorage', {get() {"
            " throw new DOMException('refused', 'SecurityError'); }});"
        },
    )
    page.open(base + "2025/")
    assert page.evaluate(VISIBILITY) == "hidden"
    assert page.evaluate("document.querySelectorAll('button.star').length") == 0
    assert not page.events("Runtime.exceptionThrown")


def test_the_english_page_counts_none_in_the_plural(page, served):
    """« 0 créneau choisi » in French, « 0 slots chosen » in English (CLDR's rule)."""
    base, _ = served
    count = "document.querySelector('#mon-programme .count').textContent"
    page.open(base + "en/2025/")
    click(page, "#mon-programme button.clear")
    assert page.evaluate(count) == "0 slots chosen"
    click(page, "#s-accueil button.star")
    assert page.evaluate(count) == "1 slot chosen"
    page.open(base + "2025/")
    click(page, "#mon-programme button.clear")
    assert page.evaluate(count) == "0 créneau choisi"
