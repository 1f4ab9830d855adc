"""The built pages in a real headless Chromium: what a reader sees on a phone and a desktop,
where each link leads, and that hostile text stays text.

Screenshots (whole page, at phone and desktop widths) and a print PDF are written to
test-artifacts/ for a human to look at; the assertions check what can be checked.
"""

from __future__ import annotations

import json
import subprocess
import unicodedata
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from aictdata.build.site import build_site
from aictdata.exporters.context import BuildOptions
from aictdata.model import timeline
from aictdata.model.catalog import Catalog
from aictdata.source.load import load_catalog
from aictdata.words import formatting as text_module
from tests.browser import A4, DESKTOP, PHONE, Browser, Page, chromium_or_skip, command_or_skip
from tests.conftest import EDITIONS, ROOT, page_language, page_paths
from tests.sitecheck import check_links

ARTIFACTS = ROOT / "test-artifacts"
HOSTILE = "</script><script>alert(1)</script><!--"

LINKS = """Array.from(document.querySelectorAll('a[href], link[href]'), e => e.href)"""
PROGRAMME_ROWS = """Array.from(document.querySelectorAll('#programme tbody tr'), tr => {
  const title = tr.querySelector('.title'), box = title.getBoundingClientRect();
  return {
    id: tr.id,
    title: title.innerText,
    time: tr.querySelector('.time').innerText,
    shown: box.height > 0 && box.left >= 0 && box.right <= innerWidth
      && getComputedStyle(title).visibility === 'visible'
  };
})"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    chromium = chromium_or_skip()
    running = Browser(chromium)
    try:
        yield running
    finally:
        running.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    tab = browser.page()
    yield tab
    tab.close()


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(EDITIONS)


@pytest.fixture(scope="module")
def upcoming_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real editions built for a day before both: their pages offer to subscribe and
    to add each slot, which a past edition's page does not (issue 28)."""
    out = tmp_path_factory.mktemp("upcoming") / "site"
    build_site(load_catalog(EDITIONS), out, options=BuildOptions(today=date(2024, 1, 1)))
    return out


def pages_of(catalog: Catalog) -> list[str]:
    """Every page, French and English: each passes the same checks."""
    return page_paths(catalog)


@pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_programme_of_each_edition_is_visible(page, built_site, catalog, screen):
    page.emulate(screen)
    for edition in catalog.editions:
        page.open((built_site / edition.id / "index.html").as_uri())
        rows = {row["id"]: row for row in page.evaluate(PROGRAMME_ROWS)}
        assert len(rows) == len(edition.sessions)
        for session in edition.sessions:
            row = rows[f"s-{session.id}"]
            assert row["shown"], session.id
            assert row["title"].replace("\u00a0", " ") == session.title
            # Times as the documents write them: 8h00-9h00.
            start, end = session.start, session.end
            assert row["time"] == f"{start.hour}h{start.minute:02d}–{end.hour}h{end.minute:02d}"
        headings = page.evaluate(
            "Array.from(document.querySelectorAll('#programme h3'), h => h.innerText)"
        )
        days = [d for d in edition.days if edition.sessions_on(d)]  # a day with slots
        assert [h.lower().replace("\u00a0", " ") for h in headings] == [
            text_module.french_date(d) for d in days
        ]


def test_every_link_resolves_to_a_built_file_or_an_expected_address(page, built_site, catalog):
    """Links as the browser resolves them; see tests/sitecheck.py for what "expected" is."""
    for name in pages_of(catalog):
        page.open((built_site / name).as_uri())
        report = check_links(built_site, name, page.evaluate(LINKS), catalog)
        assert report.checked > 5
        assert report.problems == []


def test_pages_load_nothing_from_elsewhere(page, built_site, catalog):
    for name in pages_of(catalog):
        page.open((built_site / name).as_uri())
        requested = [
            e["params"]["request"]["url"] for e in page.events("Network.requestWillBeSent")
        ]
        assert requested, "the page itself is a request"
        assert all(url.startswith("file://") for url in requested), requested


@pytest.mark.parametrize(("screen", "label"), [(PHONE, "phone"), (DESKTOP, "desktop")])
def test_pages_fit_the_screen_and_are_photographed(page, built_site, catalog, screen, label):
    for name in pages_of(catalog):
        page.emulate(screen)
        page.open((built_site / name).as_uri())
        picture = ARTIFACTS / f"{name.replace('/index.html', '').replace('.html', '')}-{label}.png"
        width, height = page.screenshot(picture)
        assert width == screen["width"], f"{name} scrolls sideways at {screen['width']} px"
        assert height > screen["height"] / 2
        assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        font_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        assert font_size >= 16  # readable without zooming


def test_print_hides_buttons_and_keeps_the_programme(page, upcoming_site):
    page.emulate(DESKTOP, media="print")
    page.open((upcoming_site / "2025" / "index.html").as_uri())
    assert page.evaluate("getComputedStyle(document.querySelector('.actions')).display") == "none"
    assert page.evaluate("getComputedStyle(document.querySelector('td.add')).display") == "none"
    assert "Conférence plénière" in page.evaluate("document.querySelector('#programme').innerText")
    page.pdf(ARTIFACTS / "2025-print.pdf")
    assert (ARTIFACTS / "2025-print.pdf").read_bytes()[:5] == b"%PDF-"


PANEL_NAMES = {
    "fr": [
        "Apple Calendrier",
        "Google Agenda",
        "Outlook.com",
        "Outlook Microsoft 365",
        "Thunderbird",
    ],
    "en": [
        "Apple Calendar",
        "Google Calendar",
        "Outlook.com",
        "Outlook Microsoft 365",
        "Thunderbird",
    ],
}
"""The calendars as each language names them (Apple's and Google's own names)."""

PANEL_BUTTONS = """Array.from(document.querySelectorAll('#abonnement ul.calendars a'), a => {
  const box = a.getBoundingClientRect();
  const name = a.innerText.split('\\n')[0].replace(/\\u00a0/g, ' ');
  return [name, box.width, box.height, box.left >= 0 && box.right <= innerWidth];
})"""


@pytest.mark.parametrize(("screen", "label"), [(PHONE, "390"), (DESKTOP, "1280")])
def test_subscribe_panel_fits_and_is_photographed(page, upcoming_site, catalog, screen, label):
    page.emulate(screen)
    for name in pages_of(catalog):
        page.open((upcoming_site / name).as_uri())
        buttons = page.evaluate(PANEL_BUTTONS)
        assert [b[0] for b in buttons] == PANEL_NAMES[page_language(name)]
        for text, width, height, inside in buttons:
            assert inside, f"{name}: {text} leaves the screen"
            assert width >= 44 and height >= 44, f"{name}: {text} is {width}x{height} px"
        picture = (
            ARTIFACTS
            / f"subscribe-{name.replace('/index.html', '').replace('.html', '')}-{label}.png"
        )
        width, _ = page.screenshot(picture, "#abonnement")
        assert width <= screen["width"] and picture.read_bytes()[:4] == b"\x89PNG"


def test_index_sends_each_edition_to_its_subscribe_panel(page, upcoming_site, catalog):
    page.open((upcoming_site / "index.html").as_uri())
    subscribe_links = "ol.editions a[href$='#abonnement']"
    targets = page.evaluate(
        f"Array.from(document.querySelectorAll({subscribe_links!r}), a => a.href)"
    )
    assert len(targets) == len(catalog.editions)
    for edition, target in zip(
        timeline.in_index_order(catalog.editions, date(2024, 1, 1)), targets, strict=True
    ):
        page.open(target)
        assert page.evaluate("location.hash") == "#abonnement"
        feed = page.evaluate("document.querySelector('#abonnement input').value")
        assert feed == f"{catalog.series.base_url}{edition.id}/calendar.ics"


def printed_pages(pdf: Path) -> list[str]:
    """The text of each page of a PDF, as pypdf reads it: ligatures and non-breaking
    spaces folded (NFKC), white space collapsed."""
    from pypdf import PdfReader

    return [
        " ".join(unicodedata.normalize("NFKC", p.extract_text()).split())
        for p in PdfReader(pdf).pages
    ]


def row_text(session) -> str:
    """A programme row as printed: '13h00–14h00 Accueil des participants'."""
    start, end = session.start, session.end
    title = " ".join(unicodedata.normalize("NFKC", session.title).split())
    return f"{start.hour}h{start.minute:02d}–{end.hour}h{end.minute:02d} {title}"


def test_each_day_prints_on_one_a4_page_with_the_addresses(page, built_site, catalog):
    base = catalog.series.base_url
    page.emulate(DESKTOP, media="print")
    for edition in catalog.editions:
        page.open((built_site / edition.id / "index.html").as_uri())
        pdf = ARTIFACTS / f"{edition.id}-print-a4.pdf"
        page.pdf(pdf, **A4)
        texts = printed_pages(pdf)
        for day in (d for d in edition.days if edition.sessions_on(d)):
            heading = unicodedata.normalize(
                "NFKC", text_module.capitalise(text_module.french_date(day))
            )
            rows = [row_text(s) for s in edition.sessions_on(day)]
            holding = [i for i, t in enumerate(texts) if heading in t and all(r in t for r in rows)]
            assert holding, f"{edition.id} {day}: no one page holds the day's programme"
        whole = " ".join(texts)
        if edition.highlights and edition.sessions:
            last_row = row_text(max(edition.sessions, key=lambda s: s.starts_at))
            assert whole.index("Temps forts") > whole.index(last_row)  # after the programme
        assert f"{base}{edition.id}/ " in whole + " "  # the page's address
        assert f"{base}{edition.id}/calendar.ics" in whole  # the feed's address


def read_qr(page: Page, selector: str, picture: Path) -> str:
    """What zbar (zbar-tools) reads in a screenshot of the element `selector` names."""
    zbarimg = command_or_skip("zbarimg", "zbar-tools")
    page.screenshot(picture, selector)
    read = subprocess.run(
        [zbarimg, "--raw", "-q", str(picture)], capture_output=True, text=True, timeout=30
    )
    assert read.returncode == 0, read.stderr
    return read.stdout.strip()


def test_printed_qr_code_opens_the_feed(page, built_site, catalog):
    page.emulate(DESKTOP, media="print")
    for edition in catalog.editions:
        page.open((built_site / edition.id / "index.html").as_uri())
        picture = ARTIFACTS / f"{edition.id}-print-qr.png"
        read = read_qr(page, ".print-only svg", picture)
        assert read == f"{catalog.series.base_url}{edition.id}/calendar.ics"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_on_screen_qr_code_opens_the_schedule_in_conference_apps(
    page, upcoming_site, catalog, scheme
):
    """On an upcoming edition's page (a past one leads with its programme, no QR code)."""
    page.emulate(PHONE)
    page.call(
        "Emulation.setEmulatedMedia",
        {"features": [{"name": "prefers-color-scheme", "value": scheme}]},
    )
    for edition in [e for e in catalog.editions if e.sessions]:  # announced: no QR code
        page.open((upcoming_site / edition.id / "index.html").as_uri())
        picture = ARTIFACTS / f"{edition.id}-apps-qr-{scheme}.png"
        read = read_qr(page, "#applications svg", picture)
        assert read == f"{catalog.series.base_url}{edition.id}/schedule.xml"


LOW_CONTRAST = """(() => {
  // WCAG 2.x contrast of every element's own text against the first opaque background
  // behind it; 4.5:1, or 3:1 for large text (24 px, or 18.66 px bold).
  const rgb = c => c.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => {
    v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }).reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0);
  const background = e => {
    for (; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length < 4 || c[3] > 0) return c;
    }
    return [255, 255, 255];
  };
  const low = [];
  for (const e of document.querySelectorAll('body *')) {
    const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    const style = getComputedStyle(e);
    const hidden = style.display === 'none' || style.visibility === 'hidden';
    if (!own || hidden || e.closest('.vh, .skip')) continue;
    const [a, b] = [lum(rgb(style.color)), lum(background(e))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
    const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    if (ratio < needed) low.push(`${e.tagName}.${e.className}: ${ratio.toFixed(2)} < ${needed}`);
  }
  return low;
})()"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_contrast_meets_wcag_aa_in_both_colour_schemes(page, built_site, catalog, scheme):
    page.call(
        "Emulation.setEmulatedMedia",
        {"features": [{"name": "prefers-color-scheme", "value": scheme}]},
    )
    for name in pages_of(catalog):
        page.open((built_site / name).as_uri())
        assert page.evaluate(LOW_CONTRAST) == [], name


def test_pages_need_no_javascript(page, built_site):
    page.call("Emulation.setScriptExecutionDisabled", {"value": True})
    page.open((built_site / "2024" / "index.html").as_uri())
    text = page.evaluate("document.body.innerText")
    assert "Pot de clôture" in text and "Porte Maillot" in text


def test_dialog_detector_sees_a_script_that_runs(page, tmp_path):
    """Control for the next test: an alert that does run is noticed."""
    control = tmp_path / "control.html"
    control.write_text("<!doctype html><title>t</title><script>alert(1)</script>", "utf-8")
    page.open(control.as_uri())
    assert len(page.events("Page.javascriptDialogOpening")) == 1


def test_hostile_title_stays_text_in_the_browser(page, make_series, tmp_path):
    folder = make_series(("title: Accueil", f"title: '{HOSTILE}'"))
    site = tmp_path / "site"
    build_site(load_catalog(folder), site, only=["jsonld", "html"])
    page.open((site / "2030" / "index.html").as_uri())
    assert page.events("Page.javascriptDialogOpening") == []
    scripts = page.evaluate("Array.from(document.scripts, s => [s.type, s.text, s.src])")
    # The markup, and « Mon programme »'s own file (an upcoming edition): nothing injected.
    assert [(kind, src.rsplit("/", 1)[-1]) for kind, _, src in scripts] == [
        ("", "programme.js"),
        ("application/ld+json", ""),
    ]
    markup = json.loads(scripts[1][1])
    assert HOSTILE in [slot["name"] for slot in markup["subEvent"]]
    assert page.evaluate("document.querySelector('#s-accueil .title').innerText") == HOSTILE
    assert page.evaluate("document.querySelectorAll('#programme tbody tr').length") == 2


def test_missing_chromium_skips_locally_but_fails_under_ci(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        chromium_or_skip()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception):
        chromium_or_skip()
