"""A slot's language (issue 28): optional, one ISO 639-1 code or several (interpretation),
never invented; shown on the pages and carried by every format that has a place for it."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from aictdata.build.site import build_site
from aictdata.cli import cli
from aictdata.source.load import load_catalog
from tests.conftest import FIXTURES, line_of
from tests.exporters.test_html import by_id, markup, parse, text
from tests.exporters.test_schedule import json_events, text_of, xml_events
from tests.frab import assert_valid

LANGUAGES = FIXTURES / "languages"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("languages") / "site"
    build_site(load_catalog(LANGUAGES), out)
    return out


def test_one_code_or_a_list_is_read_and_a_bad_code_is_located(tmp_path):
    sessions = {s.id: s.language for s in load_catalog(LANGUAGES).edition("2030").sessions}
    assert sessions == {"accueil": ("fr",), "cloture": ("fr", "en")}
    folder = tmp_path / "editions"
    folder.mkdir()
    (folder / "series.yaml").write_bytes((LANGUAGES / "series.yaml").read_bytes())
    edition = folder / "2030.yaml"
    edition.write_text(
        (LANGUAGES / "2030.yaml").read_text(encoding="utf-8").replace("[fr, en]", "[fr, EN]"),
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["--lang", "en", "validate", str(folder)])
    assert result.exit_code == 1
    line = line_of(edition, "language: [fr, EN]")
    line_of_text = edition.read_text(encoding="utf-8").splitlines()[line - 1]
    column = line_of_text.index("EN") + 1
    assert (
        f"2030.yaml:{line}:{column}: sessions[cloture].language[1]: 'EN' is not a language"
        " code: two lower-case letters (e.g. fr)"
    ) in result.output


def test_the_real_editions_name_no_language(built_site):
    """The documents never say in which language a slot is held: nothing is invented."""
    with (built_site / "data" / "sessions.csv").open(encoding="utf-8") as rows:
        assert {row["language"] for row in csv.DictReader(rows)} == {""}
    for edition in ("2024", "2025"):
        (event,) = markup(built_site / edition / "index.html", f"http://raict.org/{edition}/")
        assert not [slot for slot in event["subEvent"] if "inLanguage" in slot]
        assert (
            by_id(parse(built_site / edition / "index.html"), "programme").find(
                ".//*[@id='par-langue']"
            )
            is None
        )


def test_schedules_carry_the_slots_language_and_stay_valid(site):
    catalog = load_catalog(LANGUAGES)
    from aictdata.output import layout

    document, data = assert_valid(site, "2030")
    xml, js = xml_events(document), json_events(data)
    expected = {"accueil": "fr", "cloture": "fr,en"}
    for session in catalog.edition("2030").sessions:
        guid = layout.session_guid(
            catalog.series, layout.session_uid(catalog.series, catalog.edition("2030"), session)
        )
        assert text_of(xml[guid], "language") == js[guid]["language"] == expected[session.id]


def test_markup_csv_and_openagenda_carry_it(site):
    (page,) = markup(site / "2030/sessions/cloture.html", "https://example.org/2030/sessions/")
    assert page["inLanguage"] == ["fr", "en"]
    (event,) = markup(site / "2030/index.html", "https://example.org/2030/")
    assert [slot.get("inLanguage") for slot in event["subEvent"]] == ["fr", ["fr", "en"]]
    with (site / "data" / "sessions.csv").open(encoding="utf-8") as rows:
        assert {r["id"]: r["language"] for r in csv.DictReader(rows)} == {
            "accueil": "fr",
            "cloture": "fr,en",
        }
    bodies = json.loads((site / "data" / "openagenda.json").read_text(encoding="utf-8"))
    long = {e["extId"]: e["body"]["longDescription"]["fr"] for e in bodies["events"]}
    assert "Langue : français" in long["2030.accueil"]
    assert "Langues : français, anglais" in long["2030.cloture"]


def test_rows_and_slot_pages_say_it_and_the_programme_filters_by_it(site):
    page = parse(site / "2030" / "index.html")
    assert text(by_id(page, "s-cloture").find(".//*[@class='language']")) == "français, anglais"
    english = by_id(page, "langue-en")
    assert english.tag == "h4"
    filtered = page.find(".//*[@id='par-langue']")
    headings = [h.get("id") for h in filtered.iter("h4")]
    assert headings == ["langue-en", "langue-fr"]
    lists = [ul for ul in filtered.iter("ul") if ul.get("class") != "languages-index"]
    links = [[a.get("href") for a in ul.iter("a")] for ul in lists]
    assert links == [["sessions/cloture.html"], ["sessions/accueil.html", "sessions/cloture.html"]]
    slot = parse(site / "en" / "2030" / "sessions" / "cloture.html")
    assert "French, English" in text(slot.find(".//dl[@class='facts']"))
