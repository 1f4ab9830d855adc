"""The feeds of part of an edition (issue 28): one per family of slots and one per day,
read back with ical.js, against the edition's whole feed and the data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from aictdata.source.load import load_catalog
from aictdata.words.vocabulary import SESSION_FAMILIES
from tests.conftest import EDITIONS
from tests.exporters.test_ics import build, copy_series, events_by_uid, icaljs


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("parts")
    return build(copy_series(EDITIONS, base / "editions"), base / "site")


def read(site: Path, path: str) -> dict[str, Any]:
    return icaljs(site / path)[str(site / path)]


def test_each_day_feed_holds_exactly_that_days_slots(site):
    edition = load_catalog(EDITIONS).edition("2024")
    for lang in ("", "en/"):
        for day in edition.days:
            reading = read(site, f"{lang}2024/calendars/{day.isoformat()}.ics")
            expected = {f"2024.{s.id}@raict.org" for s in edition.sessions_on(day)}
            assert {event["uid"] for event in reading["events"]} == expected
            assert all(e["start"]["utc"].startswith(day.isoformat()) for e in reading["events"])


def test_family_feeds_hold_the_edition_feeds_events_of_their_kinds(site):
    edition = load_catalog(EDITIONS).edition("2024")
    whole = events_by_uid(read(site, "2024/calendar.ics"))
    english = events_by_uid(read(site, "en/2024/calendar.ics"))
    for family, kinds in SESSION_FAMILIES.items():
        expected = {f"2024.{s.id}@raict.org" for s in edition.sessions if s.kind in kinds}
        assert expected, family  # every family has slots in 2024
        for lang, reference in (("", whole), ("en/", english)):
            part = events_by_uid(read(site, f"{lang}2024/calendars/{family}.ics"))
            assert part.keys() == expected
            for uid, event in part.items():
                assert event["sequence"] == reference[uid]["sequence"]
                assert event["summary"] == reference[uid]["summary"]


def test_breaks_and_meals_are_in_no_family_feed(site):
    uids = set()
    for family in SESSION_FAMILIES:
        uids |= events_by_uid(read(site, f"2024/calendars/{family}.ics")).keys()
    assert "2024.pause-cafe-23@raict.org" not in uids
    assert "2024.cocktail-dejeuner@raict.org" not in uids


def test_a_part_feed_names_its_part_and_its_own_address(site):
    reading = read(site, "2024/calendars/plenieres.ics")
    assert reading["name"] == "Rencontres de l’AICT 2024 – Plénières et temps officiels"
    english = read(site, "en/2024/calendars/2024-10-23.ics")
    # ical.js does not type NAME (RFC 7986) and leaves its TEXT escapes in place.
    assert english["name"] == "Rencontres de l’AICT 2024 – Wednesday\\, 23 October 2024"
