"""Hostile but legitimate text comes out of every format as the same text, never as code.

The `html-everywhere` case puts markup, `</script><!--`, template syntax, the characters
iCalendar and CSV escape, and (in multi-line fields) lines such as `END:VEVENT` and
`STATUS:CANCELLED` in every free-text field and URL; `csv-formula-in-title` puts
spreadsheet formulas in titles. Each format is read back by an independent parser:
icalendar and vobject for the feeds, html5lib (the HTML5 parsing algorithm, as browsers
run it) for the pages, extruct for the embedded JSON-LD, the csv module and frictionless
for the data package, and every value is compared with the model's.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import extruct
import html5lib
import icalendar
import pytest
import vobject
from click.testing import CliRunner

from aictdata.build.site import build_site
from aictdata.cli import cli
from aictdata.memory.state import state_path
from aictdata.model.catalog import Catalog
from aictdata.model.vocabularies import Status
from aictdata.source.load import load_catalog
from tests.conftest import MINIMAL

CASES = Path(__file__).parent / "cases"
SCRIPT_INJECTION = '</script><!--<script>alert("x")</script>'
IMG_INJECTION = "<img src=x onerror=alert(1)>"
HOSTILE_URL = 'https://example.org/?q="><script>alert(1)</script>&a=b'


def _build(tmp: Path, install: dict[str, Path]) -> tuple[Catalog, Path]:
    editions = tmp / "editions"
    editions.mkdir()
    shutil.copyfile(MINIMAL / "series.yaml", editions / "series.yaml")
    for name, source in install.items():
        shutil.copyfile(source, editions / name)
    catalog = load_catalog(editions)
    build_site(catalog, tmp / "site", state_file=state_path(editions))
    return catalog, tmp / "site"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Catalog, Path]:
    folder = CASES / "html-everywhere"
    return _build(
        tmp_path_factory.mktemp("hostile"),
        {"series.yaml": folder / "series.yaml", "2030.yaml": folder / "2030.yaml"},
    )


@pytest.fixture(scope="module")
def formulas(tmp_path_factory: pytest.TempPathFactory) -> tuple[Catalog, Path]:
    return _build(
        tmp_path_factory.mktemp("formulas"), {"2030.yaml": CASES / "csv-formula-in-title.yaml"}
    )


# --- iCalendar ---------------------------------------------------------------------------


def _feeds(site: Path) -> list[Path]:
    return sorted(site.rglob("*.ics"))


def test_ics_text_cannot_add_events_or_properties(hostile):
    catalog, site = hostile
    edition = catalog.editions[0]
    sessions = {f"{edition.id}.{s.id}@{catalog.series.uid_domain}": s for s in edition.sessions}
    for feed in _feeds(site):
        calendar = icalendar.Calendar.from_ical(feed.read_bytes())
        events = calendar.walk("VEVENT")
        if feed.parent.name == "calendars":  # part of the edition: some of its events
            assert 1 <= len(events) < len(sessions), feed
        else:
            expected = 1 if feed.parent.name == "sessions" else len(sessions)
            assert len(events) == expected, feed
        for event in events:
            session = sessions[str(event["UID"])]  # no UID but the real ones
            names = [name for name, _ in event.property_items(recursive=False)]
            assert len(names) == len(set(names)), (feed, names)  # no property twice
            summary = str(event["SUMMARY"])
            if session.status is Status.SCHEDULED:
                assert summary == session.title
                assert str(event["STATUS"]) == "CONFIRMED"
            else:
                assert summary.endswith("] " + session.title)
                assert str(event["STATUS"]) == "CANCELLED"
            if session.description:
                assert session.description in str(event["DESCRIPTION"])
            if session.place:
                assert str(event["LOCATION"]).startswith(session.place)


def test_ics_reads_the_same_in_vobject(hostile):
    catalog, site = hostile
    titles = {s.title for s in catalog.editions[0].sessions}
    for feed in _feeds(site):
        calendar = vobject.readOne(feed.read_text(encoding="utf-8"), validate=True)
        events = calendar.contents["vevent"]
        assert {e.uid.value for e in events} <= {
            f"2030.{s.id}@example.org" for s in catalog.editions[0].sessions
        }
        for event in events:
            assert any(event.summary.value.endswith(title) for title in titles)


# --- HTML and the JSON-LD embedded in it ---------------------------------------------------


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _tree(path: Path):  # an ElementTree element
    return html5lib.parse(path.read_bytes(), treebuilder="etree", namespaceHTMLElements=False)


def test_html_shows_markup_as_text_and_runs_nothing(hostile):
    catalog, site = hostile
    edition = catalog.editions[0]
    for page in _pages(site):
        root = _tree(page)
        elements = list(root.iter())
        assert not [e for e in elements if e.tag in ("img", "iframe", "object", "embed")], page
        scripts = [e for e in elements if e.tag == "script"]
        # The markup, and « Mon programme »'s own same-origin file, nothing else.
        assert all(
            e.get("type") == "application/ld+json" or e.get("src", "").endswith("programme.js")
            for e in scripts
        ), page
        assert not [e for e in elements if any(a.lower().startswith("on") for a in e.attrib)]
        assert not [e for e in elements if e.tag == "b"], page
        assert not [e for e in elements if e.tag == "style" and "body{}" in (e.text or "")]
        shown = _typography_as_typed(
            "".join(
                text
                for e in elements
                if e.tag not in ("script", "style")
                for text in (e.text, e.tail)
                if text
            )
        )
        if page.parent == site or page.parent.name == "en":  # the index, the legal pages
            continue
        if page.parent.name != "sessions":  # a slot's page names its edition by its year
            assert edition.title in shown, page
        assert IMG_INJECTION in shown and SCRIPT_INJECTION in shown, page
    page = _tree(site / "2030" / "index.html")
    shown = _typography_as_typed("".join(page.itertext()))
    for text in (
        edition.theme,
        edition.venue.name,
        *(s.title for s in edition.sessions),
        edition.venue.address.street,
    ):
        assert text in shown


def _typography_as_typed(text: str) -> str:
    """The pages put French non-breaking spaces before ; : ! ? and inside « »."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def test_html_attributes_keep_hostile_urls_exact(hostile):
    _, site = hostile
    page = _tree(site / "2030" / "index.html")
    hrefs = {e.get("href") for e in page.iter() if e.get("href")}
    assert HOSTILE_URL in hrefs
    assert not [h for h in hrefs if h.lower().startswith(("javascript:", "data:"))]


def _embedded(page: Path) -> list[dict]:
    return extruct.extract(page.read_text(encoding="utf-8"), syntaxes=["json-ld"])["json-ld"]


def test_jsonld_survives_extraction_from_the_page_unchanged(hostile):
    catalog, site = hostile
    published = json.loads((site / "2030" / "event.jsonld").read_text(encoding="utf-8"))
    assert _embedded(site / "2030" / "index.html") == [published]
    assert published["name"] == catalog.editions[0].title
    assert SCRIPT_INJECTION in published["name"]
    raw = (site / "2030" / "index.html").read_text(encoding="utf-8")
    block = raw.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block and "&" not in block


def test_paste_ready_markup_survives_extraction(hostile, tmp_path, monkeypatch):
    _, site = hostile
    editions = tmp_path / "editions"
    shutil.copytree(CASES / "html-everywhere", editions)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["markup", "2030", "editions"])
    assert result.exit_code == 0, result.output
    document = f"<!doctype html><html><head>{result.stdout}</head><body></body></html>"
    published = json.loads((site / "2030" / "event.jsonld").read_text(encoding="utf-8"))
    assert extruct.extract(document, syntaxes=["json-ld"])["json-ld"] == [published]
    scripts = [e for e in html5lib.parse(document, namespaceHTMLElements=False).iter("script")]
    assert len(scripts) == 1


# --- CSV -----------------------------------------------------------------------------------


def _rows(path: Path, *, delimiter: str = ",", encoding: str = "utf-8") -> list[dict[str, str]]:
    with path.open(encoding=encoding, newline="") as stream:
        return list(csv.DictReader(stream, delimiter=delimiter))


def test_csv_round_trips_quotes_commas_and_line_breaks(hostile):
    catalog, site = hostile
    by_id = {row["id"]: row for row in _rows(site / "data" / "sessions.csv")}
    for session in catalog.editions[0].sessions:
        row = by_id[session.id]
        assert row["title"] == session.title
        assert row["description"] == (session.description or "")
        assert row["place"] == (session.place or "")
    editions = _rows(site / "data" / "editions.csv")
    assert [row["title"] for row in editions] == [catalog.editions[0].title]


def test_frictionless_reads_the_same_hostile_text(hostile):
    from frictionless import Package

    catalog, site = hostile
    package = Package(str(site / "data" / "datapackage.json"))
    rows = {row["id"]: row for row in package.get_resource("sessions").read_rows()}
    for session in catalog.editions[0].sessions:
        assert rows[session.id]["title"] == session.title
        assert (rows[session.id]["description"] or None) == session.description


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def test_formula_cells_stay_as_written_in_the_data(formulas):
    """README: the canonical CSV is the data as it is, whatever its first character."""
    catalog, site = formulas
    titles = [s.title for s in catalog.editions[0].sessions]
    assert titles[0].startswith("=HYPERLINK(") and titles[1].startswith("+33")
    assert [row["title"] for row in _rows(site / "data" / "sessions.csv")] == titles


def test_formula_cells_are_neutralised_in_the_spreadsheet_copies(formulas):
    """README: the excel/ copies prefix formula-like text with an apostrophe."""
    catalog, site = formulas
    titles = [s.title for s in catalog.editions[0].sessions]
    rows = _rows(site / "data" / "excel" / "sessions.csv", delimiter=";", encoding="utf-8-sig")
    assert [row["title"] for row in rows] == ["'" + title for title in titles]
    for path in sorted((site / "data" / "excel").glob("*.csv")):
        text = path.read_text(encoding="utf-8-sig")
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=";"):
            for value in row:
                if value.startswith(FORMULA_STARTS):
                    float(value)  # only a negative number may start with "-"
