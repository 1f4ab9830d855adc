"""An edition announced before its programme: it validates with its dates alone, builds
a page that says the programme is to come and a feed people can subscribe to early; when
its first slots arrive, subscribers see the slots and no placeholder beside them, and a
copy of the placeholder added from its own file is cancelled by the same UID with a
higher SEQUENCE. Feeds are read by ical.js (Mozilla's, as Thunderbird) and vobject."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import frictionless
import pytest
import vobject

from aictdata.build.site import build_site
from aictdata.errors import DataError
from aictdata.memory.state import state_path
from aictdata.source.load import load_catalog
from tests.conftest import FIXTURES, edit, line_of
from tests.exporters.test_ics import icaljs

ANNOUNCED = FIXTURES / "announced"
UID = "2031@example.org"
SLOTS = """theme: Un thème annoncé
programme_stage: pre-programme
source:
  title: Pré-programme de test
venue:
  id: lieu
  name: Lieu de test
  address:
    street: 1 rue de Test
    postal_code: "75001"
    locality: Paris
sessions:
  - id: accueil
    date: 2031-07-03
    start: "09:00"
    end: "10:00"
    title: Accueil
    kind: welcome
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "editions"
    shutil.copytree(ANNOUNCED, target)
    return target


def build(folder: Path, out: Path) -> Path:
    build_site(load_catalog(folder), out, state_file=state_path(folder))
    return out


def events(path: Path) -> dict[str, vobject.base.Component]:
    calendar = vobject.readOne(path.read_text(encoding="utf-8"))
    return {event.uid.value: event for event in calendar.contents.get("vevent", [])}


def test_an_edition_with_its_dates_alone_validates(folder):
    (edition,) = load_catalog(folder).editions
    assert (edition.venue, edition.theme, edition.source, edition.sessions) == (
        None,
        None,
        None,
        (),
    )


def test_a_programme_without_slot_venue_theme_or_source_is_refused_located(folder):
    path = folder / "2031.yaml"
    edit(path, ("programme_stage: announced", "programme_stage: pre-programme"))
    with pytest.raises(DataError) as raised:
        load_catalog(folder)
    found = [str(p) for p in raised.value.problems]
    needs = "a pre-programme needs it (an announced edition may leave it out)"
    line = line_of(path, "id:")
    assert f"{path}:{line}:1: required field 'theme' is missing: {needs}" in found
    assert any("sessions: a pre-programme needs at least one slot" in p for p in found)


def test_an_announced_edition_with_slots_is_told_to_move_on(folder):
    path = folder / "2031.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "sessions:\n" + SLOTS.split("sessions:\n")[1], "utf-8"
    )
    with pytest.raises(DataError, match="an announced edition has no slot yet"):
        load_catalog(folder)


def test_it_builds_a_page_a_feed_markup_and_valid_data(folder, tmp_path):
    site = build(folder, tmp_path / "site")
    page = (site / "2031" / "index.html").read_text(encoding="utf-8")
    assert "Le programme est à venir" in page and "edition.ics" in page
    feed_path = site / "2031" / "calendar.ics"
    (event,) = icaljs(feed_path)[str(feed_path)]["events"]
    assert event["uid"] == UID and event["start"]["utc"].startswith("2031-07-03")
    assert b"DTSTART;VALUE=DATE:20310703\r\n" in feed_path.read_bytes()
    feed = events(site / "2031" / "calendar.ics")[UID]
    assert (feed.dtstart.value.isoformat(), feed.dtend.value.isoformat()) == (
        "2031-07-03",
        "2031-07-05",
    )
    assert UID in events(site / "calendar.ics")
    markup = json.loads((site / "2031" / "event.jsonld").read_text(encoding="utf-8"))
    assert "location" not in markup and markup["startDate"] == "2031-07-03"
    report = frictionless.validate(str(site / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    agenda = json.loads((site / "data" / "openagenda.json").read_text(encoding="utf-8"))
    assert agenda["events"] == [] and agenda["locations"] == []


def test_the_first_slots_replace_the_placeholder_without_a_duplicate(folder, tmp_path):
    first = build(folder, tmp_path / "one")
    before = events(first / "2031" / "calendar.ics")
    path = folder / "2031.yaml"
    text = path.read_text(encoding="utf-8").replace("programme_stage: announced\n", "")
    text = text.replace("updated: 2031-01-10T09:00:00+01:00", "updated: 2031-03-01T09:00:00+01:00")
    path.write_text(text + SLOTS, encoding="utf-8")
    second = build(folder, tmp_path / "two")
    after = events(second / "2031" / "calendar.ics")
    assert set(before) == {UID}
    assert set(after) == {"2031.accueil@example.org"}  # the slots, no placeholder beside them
    assert set(after).isdisjoint(before)
    copy_before = events(first / "2031" / "edition.ics")[UID]
    copy_after = events(second / "2031" / "edition.ics")[UID]
    assert copy_before.status.value == "CONFIRMED" and copy_after.status.value == "CANCELLED"
    assert int(copy_after.sequence.value) > int(copy_before.sequence.value)
    feed_path = second / "2031" / "calendar.ics"
    assert [e["uid"] for e in icaljs(feed_path)[str(feed_path)]["events"]] == [
        "2031.accueil@example.org"
    ]
