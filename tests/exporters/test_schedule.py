"""The frab / c3voc schedules (site/<edition>/schedule.xml and .json) that conference apps
read: valid against the format's own schemas, the same slots and Paris times as the data,
ids that never change, a version that follows the programme, hostile text kept intact.

The format's schemas (voc/schedule's validator/xsd/schedule.xml.xsd and
validator/json/schema.json) are not part of the project: tests/frab.py reads them from
../shared/validators/frab/; without them these validations skip, and fail under CI.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from lxml import etree

from aictdata.build.site import build_site
from aictdata.exporters import schedule as schedule_module
from aictdata.memory.state import advance, state_path
from aictdata.output import layout
from aictdata.source.load import load_catalog
from tests import frab
from tests.conftest import EDITIONS, FIXTURES, MINIMAL, edit
from tests.frab import assert_valid

CANCELLED = "[Annulé] "


def build(folder: Path, out: Path) -> Path:
    """The schedules of the series in `folder`, with its calendar memory, as `aictdata
    build` does."""
    build_site(load_catalog(folder), out, only=["schedule"], state_file=state_path(folder))
    return out


def xml_events(document: etree._ElementTree) -> dict[str, etree._Element]:
    return {event.get("guid"): event for event in document.iter("event")}


def json_events(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        event["guid"]: event
        for day in data["schedule"]["conference"]["days"]
        for events in day["rooms"].values()
        for event in events
    }


def text_of(event: etree._Element, name: str) -> str:
    return event.findtext(name) or ""


@pytest.fixture
def series(tmp_path: Path) -> Callable[[Path], Path]:
    def copy(source: Path) -> Path:
        folder = tmp_path / "editions"
        shutil.copytree(source, folder)
        return folder

    return copy


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("schedule")
    shutil.copytree(EDITIONS, base / "editions")
    return build(base / "editions", base / "site")


# --- the real editions -------------------------------------------------------------------


@pytest.mark.parametrize("edition", ["2024", "2025"])
def test_real_editions_are_valid_against_the_formats_xsd_and_json_schema(real_site, edition):
    assert_valid(real_site, edition)


def test_every_slot_is_one_event_at_its_paris_time_with_that_dates_offset(real_site):
    catalog = load_catalog(EDITIONS)
    counts = {}
    for edition in catalog.editions:
        document, data = assert_valid(real_site, edition.id)
        xml, js = xml_events(document), json_events(data)
        counts[edition.id] = len(xml)
        assert len(js) == len(xml) == len(edition.sessions)
        for session in edition.sessions:
            guid = layout.session_guid(
                catalog.series, layout.session_uid(catalog.series, edition, session)
            )
            event, entry = xml[guid], js[guid]
            assert text_of(event, "title") == entry["title"] == session.title
            assert text_of(event, "date") == entry["date"] == session.starts_at.isoformat()
            assert (
                datetime.fromisoformat(entry["date"]).utcoffset() == session.starts_at.utcoffset()
            )
            assert text_of(event, "start") == entry["start"] == f"{session.start:%H:%M}"
            minutes = (session.ends_at - session.starts_at).seconds // 60
            assert text_of(event, "duration") == entry["duration"]
            assert entry["duration"] == f"{minutes // 60:02}:{minutes % 60:02}"
            assert entry["end"] == session.ends_at.isoformat()
            assert text_of(event, "type") == entry["type"] == session.kind.value
            assert (
                text_of(event, "url")
                == entry["url"]
                == f"http://raict.org/{edition.id}/#s-{session.id}"
            )
            assert text_of(event, "abstract") == entry["abstract"] == (session.description or "")
    assert counts == {e.id: len(e.sessions) for e in catalog.editions}


def test_breaks_lunch_and_b2b_slots_are_events_too(real_site):
    _, data = assert_valid(real_site, "2025")
    kinds = {event["type"] for event in json_events(data).values()}
    assert {"coffee-break", "lunch", "workshops"} <= kinds
    titles = [event["title"] for event in json_events(data).values()]
    assert any("B to B" in title for title in titles)


def test_the_conference_says_what_apps_need(real_site):
    document, data = assert_valid(real_site, "2024")
    conference = document.find("conference")
    assert conference.findtext("acronym") == "aict2024"
    assert conference.findtext("time_zone_name") == "Europe/Paris"
    assert conference.findtext("start") == "2024-10-23"
    assert conference.findtext("end") == "2024-10-24"
    assert conference.findtext("days") == "2"
    assert conference.findtext("base_url") == "http://raict.org/"
    assert conference.findtext("url") == "http://raict.org/2024/"
    assert document.findtext("url") == "http://raict.org/2024/schedule.xml"
    js = data["schedule"]["conference"]
    assert (js["acronym"], js["daysCount"], js["time_zone_name"]) == ("aict2024", 2, "Europe/Paris")
    assert (
        js["title"] == conference.findtext("title") == load_catalog(EDITIONS).edition("2024").title
    )
    days = document.findall("day")
    assert [(d.get("index"), d.get("date")) for d in days] == [
        ("1", "2024-10-23"),
        ("2", "2024-10-24"),
    ]
    # Each day from its first slot to its last, with the date's offset (summer time).
    assert [(d.get("start"), d.get("end")) for d in days] == [
        (day["day_start"], day["day_end"]) for day in js["days"]
    ]
    edition = load_catalog(EDITIONS).edition("2024")
    for element, day in zip(days, edition.days, strict=True):
        held = edition.sessions_on(day)
        assert element.get("start") == min(s.starts_at for s in held).isoformat()
        assert element.get("end") == max(s.ends_at for s in held).isoformat()
        assert element.get("start").endswith("+02:00")


def test_rooms_are_the_slots_place_when_given_else_the_venue(real_site):
    document, data = assert_valid(real_site, "2025")
    venue = load_catalog(EDITIONS).edition("2025").venue.name
    rooms = {
        room.get("name"): [text_of(e, "title") for e in room]
        for room in document.findall("day/room")
    }
    assert set(rooms) == {venue, "Espace des partenaires"}
    assert rooms["Espace des partenaires"] == ["Pause café"]
    for room in document.findall("day/room"):
        assert {text_of(e, "room") for e in room} == {room.get("name")}
    assert {room["name"] for room in data["schedule"]["conference"]["rooms"]} == set(rooms)


def test_xml_and_json_say_the_same(real_site):
    for edition in ("2024", "2025"):
        document, data = assert_valid(real_site, edition)
        xml, js = xml_events(document), json_events(data)
        assert set(xml) == set(js)
        for guid, event in xml.items():
            entry = js[guid]
            assert int(event.get("id")) == entry["id"]
            for name in ("title", "date", "start", "duration", "room", "track", "type", "slug"):
                assert text_of(event, name) == entry[name], name
        assert document.findtext("version") == data["schedule"]["version"]


def test_persons_are_written_only_when_the_data_names_speakers(real_site, series, tmp_path):
    document, data = assert_valid(real_site, "2025")
    assert document.find(".//persons") is None
    assert all(event["persons"] == [] for event in json_events(data).values())
    folder = series(MINIMAL)
    edit(
        folder / "2030.yaml",
        ("kind: welcome", 'kind: welcome\n    speakers: ["Mme A, maire", "M. B"]'),
    )
    document, data = assert_valid(build(folder, tmp_path / "site"), "2030")
    (persons,) = document.findall(".//persons")
    assert [p.text for p in persons] == ["Mme A, maire", "M. B"]
    (entry,) = [e for e in json_events(data).values() if e["persons"]]
    assert [p["name"] for p in entry["persons"]] == ["Mme A, maire", "M. B"]
    assert [p["public_name"] for p in entry["persons"]] == ["Mme A, maire", "M. B"]  # pyfahrplan


# --- identity and versions -----------------------------------------------------------------


def test_guid_and_id_come_from_the_slot_uid_alone():
    """Pinned values: a change of derivation would change every published guid and id."""
    catalog = load_catalog(EDITIONS)
    uid = "2025.accueil@raict.org"
    assert layout.session_guid(catalog.series, uid) == "60eb1c0d-4a13-548e-8b89-3b028d3ba5db"
    assert layout.session_number(uid) == 341066056
    numbers = [layout.session_number(f"2030.slot-{n}@example.org") for n in range(5000)]
    assert all(1 <= n < 2**31 for n in numbers)


def test_guids_and_ids_survive_reordering_retitling_and_rebuilds(series, tmp_path):
    folder = series(FIXTURES / "calendar")
    first = json_events(assert_valid(build(folder, tmp_path / "one"), "2030")[1])
    path = folder / "2030.yaml"
    text = path.read_text("utf-8")
    head, _, rest = text.partition("sessions:\n")
    slots = ["  - id:" + part for part in rest.split("  - id:")[1:]]
    path.write_text(head + "sessions:\n" + "".join(reversed(slots)), "utf-8")  # reversed order
    edit(path, ("title: Atelier", "title: Atelier renommé"))
    second = json_events(assert_valid(build(folder, tmp_path / "two"), "2030")[1])
    identity = {guid: (e["id"], e["slug"]) for guid, e in first.items()}
    assert {guid: (e["id"], e["slug"]) for guid, e in second.items()} == identity


def test_moving_a_slot_keeps_its_guid_and_id_and_changes_the_version(series, tmp_path):
    folder = series(FIXTURES / "calendar")
    one = build(folder, tmp_path / "one")
    before_xml, before = assert_valid(one, "2030")
    again = build(folder, tmp_path / "again")
    for name in ("schedule.xml", "schedule.json"):  # the same data: the same bytes
        assert (one / "2030" / name).read_bytes() == (again / "2030" / name).read_bytes()
    edit(
        folder / "2030.yaml",
        ("updated: 2030-01-01T00:00:00+01:00", "updated: 2030-05-02T10:00:00+02:00"),
        ('start: "09:30"\n    end: "11:00"', 'start: "10:00"\n    end: "11:30"'),  # atelier
    )
    two = build(folder, tmp_path / "two")
    after_xml, after = assert_valid(two, "2030")
    moved = next(g for g, e in json_events(before).items() if e["slug"].endswith("-atelier"))
    old, new = json_events(before)[moved], json_events(after)[moved]
    assert (new["guid"], new["id"], new["slug"]) == (old["guid"], old["id"], old["slug"])
    assert (old["start"], new["start"]) == ("09:30", "10:00")
    assert before["schedule"]["version"] != after["schedule"]["version"]
    assert before_xml.findtext("version") != after_xml.findtext("version")
    assert after["schedule"]["version"].startswith("1.2030-05-02.")  # version 1, its date
    three = build(folder, tmp_path / "three")
    assert json.loads((three / "2030/schedule.json").read_text("utf-8")) == after


def test_a_move_changes_the_version_even_when_updated_is_not_bumped(series, tmp_path):
    folder = series(FIXTURES / "calendar")
    before = assert_valid(build(folder, tmp_path / "one"), "2030")[1]["schedule"]["version"]
    edit(
        folder / "2030.yaml",
        ('start: "09:30"\n    end: "11:00"', 'start: "09:45"\n    end: "11:00"'),
    )
    after = assert_valid(build(folder, tmp_path / "two"), "2030")[1]["schedule"]["version"]
    assert after != before
    assert after.split(".")[:2] == ["1", before.split(".")[1]]  # version 1, the same date


def test_the_version_stays_when_nothing_an_app_shows_changes(series, tmp_path):
    folder = series(FIXTURES / "calendar")
    before = assert_valid(build(folder, tmp_path / "one"), "2030")[1]["schedule"]["version"]
    edit(
        folder / "2030.yaml",
        ("updated: 2030-01-01T00:00:00+01:00", "updated: 2030-05-02T10:00:00+02:00"),
        ("theme: Un thème", "theme: Un autre thème"),
    )
    after = assert_valid(build(folder, tmp_path / "two"), "2030")[1]["schedule"]["version"]
    assert after == before
    edit(folder / "2030.yaml", ("title: Clôture", "title: Clôture\n    description: Un pot."))
    described = assert_valid(build(folder, tmp_path / "three"), "2030")[1]["schedule"]["version"]
    assert described != before  # a new description: apps must refresh


def test_slots_whose_ids_collide_get_the_next_free_ones_and_keep_them(
    series, tmp_path, monkeypatch
):
    """Every slot hashing to 7: the first in UID order keeps 7, the others take 8, 9 …,
    recorded in the memory, and a later build gives each the same id again."""
    import aictdata.memory.state

    folder = series(FIXTURES / "calendar")
    monkeypatch.setattr(aictdata.memory.state, "session_number", lambda uid: 7)
    one = json_events(assert_valid(build(folder, tmp_path / "one"), "2030")[1])
    ids = {guid: event["id"] for guid, event in one.items()}
    assert sorted(ids.values()) == list(range(7, 7 + len(ids)))
    again = json_events(assert_valid(build(folder, tmp_path / "two"), "2030")[1])
    assert {guid: event["id"] for guid, event in again.items()} == ids


# --- cancelled slots -----------------------------------------------------------------------


def test_cancelled_and_removed_slots_stay_marked_annule(series, tmp_path):
    folder = series(FIXTURES / "calendar")
    first = json_events(assert_valid(build(folder, tmp_path / "one"), "2030")[1])
    edit(
        folder / "2030.yaml",
        ("updated: 2030-01-01T00:00:00+01:00", "updated: 2030-05-02T10:00:00+02:00"),
        ("kind: coffee-break", "kind: coffee-break\n    status: cancelled"),
    )
    text = (folder / "2030.yaml").read_text("utf-8")
    (folder / "2030.yaml").write_text(text[: text.index("  - id: cloture")], "utf-8")
    document, data = assert_valid(build(folder, tmp_path / "two"), "2030")
    after = json_events(data)
    assert set(after) == set(first)  # nothing vanishes from a participant's favourites
    by_slug = {e["slug"].rsplit("-", 1)[-1]: e for e in after.values()}
    pause, cloture = by_slug["pause"], by_slug["cloture"]
    assert pause["title"] == CANCELLED + "Pause café"
    assert pause["abstract"].startswith("Statut : Annulé")
    assert pause["room"] == "Espace des partenaires"
    assert cloture["title"] == CANCELLED + "Clôture"
    assert cloture["abstract"] == "Annulé : ce créneau a été retiré du programme."
    assert (cloture["start"], cloture["duration"]) == ("17:00", "00:30")
    assert cloture["url"] == "https://example.org/2030/"
    xml = xml_events(document)
    assert text_of(xml[cloture["guid"]], "title") == CANCELLED + "Clôture"
    assert {e["title"] for e in after.values() if not e["title"].startswith(CANCELLED)} == {
        "Accueil",
        "Atelier",
        "Conférence plénière",
    }


def test_a_cancelled_edition_cancels_every_event(series, tmp_path):
    folder = series(FIXTURES / "calendar")
    edit(
        folder / "2030.yaml",
        ("programme_stage: programme", "programme_stage: programme\nstatus: cancelled"),
    )
    _, data = assert_valid(build(folder, tmp_path / "site"), "2030")
    assert all(e["title"].startswith(CANCELLED) for e in json_events(data).values())


# --- hostile text ------------------------------------------------------------------------------

HOSTILE_TITLE = "Atelier <b>&amp; « Paris » ]]> \"guillemets\" 'apostrophes' 🎉🇫🇷 & fin"
HOSTILE_DETAILS = (
    'Ligne 1 <![CDATA[ x ]]> </abstract><event guid="x">\n'
    '{"json": "injection"}, \\ antislash\n\n'
    "Paragraphe 🎉 — " + "très long texte, " * 300 + "fin."
)
HOSTILE_PLACE = 'Salle "A" & <B> ]]> 🎉'
HOSTILE_SPEAKER = 'Mme <Z> & "Q" ]]>'
UNCARRIED = "Titre \ufffe\uffff fin"


def test_hostile_text_keeps_both_files_valid_and_reads_back_exactly(series, tmp_path):
    folder = series(MINIMAL)
    edit(
        folder / "2030.yaml",
        ("title: Accueil", f"title: {json.dumps(HOSTILE_TITLE, ensure_ascii=False)}"),
        (
            "kind: welcome",
            f"kind: welcome\n    description: {json.dumps(HOSTILE_DETAILS, ensure_ascii=False)}"
            f"\n    place: {json.dumps(HOSTILE_PLACE, ensure_ascii=False)}"
            f"\n    speakers: [{json.dumps(HOSTILE_SPEAKER, ensure_ascii=False)}]",
        ),
    )
    document, data = assert_valid(build(folder, tmp_path / "site"), "2030")
    (event,) = [e for e in document.iter("event") if e.findtext("type") == "welcome"]
    assert event.findtext("title") == HOSTILE_TITLE
    assert event.findtext("abstract") == HOSTILE_DETAILS
    assert event.findtext("room") == HOSTILE_PLACE
    assert event.getparent().get("name") == HOSTILE_PLACE
    assert [p.text for p in event.iter("person")] == [HOSTILE_SPEAKER]
    assert len(list(document.iter("event"))) == 2
    (entry,) = [e for e in json_events(data).values() if e["type"] == "welcome"]
    assert (entry["title"], entry["abstract"], entry["room"]) == (
        HOSTILE_TITLE,
        HOSTILE_DETAILS,
        HOSTILE_PLACE,
    )
    assert HOSTILE_PLACE in data["schedule"]["conference"]["days"][0]["rooms"]
    raw = (tmp_path / "site" / "2030" / "schedule.xml").read_text("utf-8")
    assert "]]>" not in raw and "<b>" not in raw


def test_characters_xml_cannot_carry_become_the_replacement_character(series, tmp_path):
    """The model accepts U+FFFE and U+FFFF (YAML escapes); XML 1.0 forbids them."""
    folder = series(MINIMAL)
    escaped = json.dumps(UNCARRIED)  # "Titre \ufffe\uffff fin", as YAML escapes
    edit(folder / "2030.yaml", ("title: Accueil", f"title: {escaped}"))
    assert load_catalog(folder).edition("2030").sessions[0].title == UNCARRIED
    document, data = assert_valid(build(folder, tmp_path / "site"), "2030")
    titles = {e.findtext("title") for e in document.iter("event")}
    assert "Titre \ufffd\ufffd fin" in titles
    assert "Titre \ufffd\ufffd fin" in {e["title"] for e in json_events(data).values()}


def test_the_day_with_no_slot_spans_the_day_with_its_own_offset(series, tmp_path):
    """The minimal edition's days straddle the change to summer time (31 March 2030)."""
    folder = series(MINIMAL)
    edit(folder / "2030.yaml", ("    date: 2030-03-31", "    date: 2030-03-30"))
    document, data = assert_valid(build(folder, tmp_path / "site"), "2030")
    days = [(d.get("date"), d.get("start"), d.get("end")) for d in document.iter("day")]
    assert days == [
        ("2030-03-30", "2030-03-30T09:00:00+01:00", "2030-03-30T17:00:00+01:00"),
        ("2030-03-31", "2030-03-31T00:00:00+01:00", "2030-04-01T00:00:00+02:00"),
    ]
    assert [len(d["rooms"]) for d in data["schedule"]["conference"]["days"]] == [1, 0]


def test_an_event_after_the_change_to_summer_time_has_the_summer_offset(series, tmp_path):
    _, data = assert_valid(build(series(MINIMAL), tmp_path / "site"), "2030")
    dates = sorted(e["date"] for e in json_events(data).values())
    assert dates == ["2030-03-30T09:00:00+01:00", "2030-03-31T16:00:00+02:00"]


def test_the_acronym_fits_both_schemas_patterns():
    catalog = load_catalog(EDITIONS)
    for edition in catalog.editions:
        name = schedule_module.acronym(catalog.series, edition)
        assert name == f"aict{edition.id}"
    data = yaml.safe_load((MINIMAL / "series.yaml").read_text("utf-8"))
    assert data["id"]  # the fixtures' series makes its own acronym, checked by assert_valid


def test_an_edition_with_no_slot_yet_gives_a_valid_schedule_with_empty_days(tmp_path):
    """An announced edition (the model asks for one slot today; the exporter does not)."""
    catalog = load_catalog(MINIMAL)
    edition = catalog.editions[0].model_copy(update={"sessions": ()})
    catalog = catalog.model_copy(update={"editions": (edition,)})
    site = tmp_path / "site"
    (site / "2030").mkdir(parents=True)
    programme = schedule_module.edition_programme(catalog, edition, advance(None, catalog))
    (site / "2030" / "schedule.xml").write_text(schedule_module.to_xml(programme), "utf-8")
    (site / "2030" / "schedule.json").write_text(schedule_module.to_json(programme), "utf-8")
    document, data = assert_valid(site, "2030")
    assert list(document.iter("event")) == []
    assert [d["rooms"] for d in data["schedule"]["conference"]["days"]] == [{}, {}]
    assert data["schedule"]["version"].startswith("0.2030-01-01.")  # no version; its updated


def test_missing_validators_skip_locally_but_fail_under_ci(monkeypatch, tmp_path):
    monkeypatch.setattr(frab, "XSD", tmp_path / "none.xsd")
    monkeypatch.setattr(frab, "JSON_SCHEMA", tmp_path / "none.json")
    monkeypatch.delenv("CI", raising=False)
    for check in (frab.xml_schema, frab.json_validator):
        with pytest.raises(pytest.skip.Exception):
            check()
    monkeypatch.setenv("CI", "true")
    for check in (frab.xml_schema, frab.json_validator):
        with pytest.raises(pytest.fail.Exception):
            check()
