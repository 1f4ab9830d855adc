"""Past, current and upcoming editions from a reference day that is never the clock:
SOURCE_DATE_EPOCH when set, else the data's latest revision; and what the pages say of
each (the expected days and wording are written here from the real editions' dates)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import html5lib
import pytest

from aictdata.build.site import build_site
from aictdata.model import timeline
from aictdata.source.load import load_catalog
from tests.conftest import REAL_EDITIONS, ROOT


def epoch(day: date) -> str:
    return str(int(datetime(day.year, day.month, day.day, 12, tzinfo=UTC).timestamp()))


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(REAL_EDITIONS)


def test_the_reference_day_is_the_data_s_latest_revision_without_source_date_epoch(catalog):
    latest = max(e.updated for e in catalog.editions).date()
    assert timeline.reference_day(catalog, environ={}) == latest


def test_source_date_epoch_sets_the_reference_day(catalog):
    assert timeline.reference_day(catalog, {"SOURCE_DATE_EPOCH": epoch(date(2025, 7, 1))}) == date(
        2025, 7, 1
    )
    for malformed in ("", "soon", "-5", "1e9", "٣"):  # ignored, as the convention asks
        assert timeline.reference_day(catalog, {"SOURCE_DATE_EPOCH": malformed}) == (
            timeline.reference_day(catalog, {})
        )


@pytest.mark.parametrize(
    ("day", "order", "moments"),
    [
        (date(2024, 6, 1), ["2024", "2025"], ["upcoming", "upcoming"]),
        (date(2024, 10, 24), ["2024", "2025"], ["current", "upcoming"]),
        (date(2025, 7, 1), ["2025", "2024"], ["upcoming", "past"]),
        (date(2026, 1, 1), ["2025", "2024"], ["past", "past"]),
    ],
)
def test_the_next_edition_comes_first_then_the_past_ones(catalog, day, order, moments):
    listed = timeline.in_index_order(catalog.editions, day)
    assert [e.id for e in listed] == order
    assert [timeline.when(e, day).value for e in listed] == moments


def page(site: Path, name: str):
    return html5lib.parse(
        (site / name).read_bytes(), treebuilder="etree", namespaceHTMLElements=False
    )


def text_of(element) -> str:
    return " ".join("".join(element.itertext()).replace("\u00a0", " ").split())


def build_on(catalog, tmp_path: Path, day: date) -> Path:
    from aictdata.exporters.context import BuildOptions

    site = tmp_path / f"site-{day}"
    build_site(catalog, site, options=BuildOptions(today=day), only=["jsonld", "html"])
    return site


def test_before_the_2025_edition_its_page_invites_to_register_and_the_index_lists_it_first(
    catalog, tmp_path
):
    site = build_on(catalog, tmp_path, date(2025, 5, 1))
    titles = [text_of(h) for h in page(site, "index.html").iter("h3")]
    assert titles[0].startswith("16e édition") and titles[1].startswith("15e édition")
    assert "Prochaine édition" in text_of(page(site, "index.html").find(".//ol"))
    registration = page(site, "2025/index.html").find(".//*[@id='inscriptions']")
    assert "Ouverture des inscriptions en ligne" in text_of(registration)
    assert "a eu lieu" not in text_of(page(site, "2025/index.html").find(".//header"))


def test_after_it_the_page_says_it_took_place_and_no_longer_invites(catalog, tmp_path):
    site = build_on(catalog, tmp_path, date(2025, 7, 5))
    header = text_of(page(site, "2025/index.html").find(".//header"))
    assert "Cette édition a eu lieu le vendredi 4 juillet 2025." in header
    registration = text_of(page(site, "2025/index.html").find(".//*[@id='inscriptions']"))
    assert registration.endswith("Les inscriptions à cette édition sont closes.")
    header_2024 = text_of(page(site, "2024/index.html").find(".//header"))
    assert "Cette édition a eu lieu du mercredi 23 au jeudi 24 octobre 2024." in header_2024


def test_a_cancelled_slot_offers_no_add_to_calendar_link(make_series, tmp_path):
    folder = make_series(("kind: closing", "kind: closing\n    status: cancelled"))
    catalog = load_catalog(folder)
    site = build_on(catalog, tmp_path, date(2030, 1, 1))
    rows = {row.get("id"): row for row in page(site, "2030/index.html").iter("tr")}
    # Only the slot's own page (its title is a link): no .ics, no Google Agenda.
    assert [a.get("href") for a in rows["s-cloture"].iter("a")] == ["sessions/cloture.html"]
    hrefs = [a.get("href") for a in rows["s-accueil"].iter("a")]
    assert hrefs[0] == "sessions/accueil.html" and len(hrefs) == 3  # page, .ics, Google


def test_the_cli_build_follows_source_date_epoch(tmp_path):
    out = tmp_path / "site"
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch(date(2025, 5, 1))}
    subprocess.run(
        [sys.executable, "-m", "aictdata", "build", "--out", str(out)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    assert "Prochaine édition" in (out / "index.html").read_text(encoding="utf-8")
