"""The pages issue 28 added, in a real Chromium: the keyboard reaches the skip link then
the language switch inside the layout; screenshots of a slot page and the legal pages
go to test-artifacts/ for a human to look at."""

from __future__ import annotations

import pytest

from tests.browser import DESKTOP, PHONE, Page, browser_fixture, page_fixture  # noqa: F401 (the fixtures)
from tests.conftest import ROOT

ARTIFACTS = ROOT / "test-artifacts"
PAGES = (
    "2024/sessions/pleniere-pays.html",
    "mentions-legales.html",
    "accessibilite.html",
    "donnees-personnelles.html",
)


def tab_key(page: Page) -> dict[str, str]:
    """Press Tab and say what has the focus."""
    for kind in ("keyDown", "keyUp"):
        page.call(
            "Input.dispatchKeyEvent",
            {"type": kind, "key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9},
        )
    return page.evaluate(
        "(e => ({text: e.textContent.trim(), cls: e.className, inside:"
        " e.closest('.topbar') ? 'topbar' : '', left: e.getBoundingClientRect().left,"
        " wrap: document.querySelector('.languages').getBoundingClientRect().right}))"
        "(document.activeElement)"
    )


@pytest.mark.parametrize("path", ["index.html", "2024/index.html", *PAGES])
def test_keyboard_reaches_the_skip_link_then_the_language_switch(page, built_site, path):
    page.emulate(DESKTOP)
    page.open((built_site / path).as_uri())
    first = tab_key(page)
    assert first["cls"] == "skip"
    second = tab_key(page)
    assert (second["text"], second["inside"]) == ("English", "topbar")
    # Inside the layout's width, not in the window's corner.
    assert second["left"] > 100 and second["left"] < second["wrap"]


@pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_slot_and_legal_pages_fit_the_screen_and_are_photographed(page, built_site, screen):
    name = "phone" if screen["mobile"] else "desktop"
    page.emulate(screen)
    for lang in ("", "en/"):
        for path in PAGES:
            page.open((built_site / lang / path).as_uri())
            overflow = page.evaluate("document.documentElement.scrollWidth > innerWidth")
            assert overflow is False, path
            shot = f"{lang.replace('/', '-')}{path.replace('/', '-').removesuffix('.html')}"
            page.screenshot(ARTIFACTS / f"issue28-{shot}-{name}.png")
