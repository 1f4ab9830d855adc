"""Every status of the vocabulary, for an edition and for a slot, in every format.

The expected values are written here from the outside vocabularies, not read from the
code's tables (aictdata.words.vocabulary):

- RFC 5545 3.8.1.11: a VEVENT's STATUS is TENTATIVE, CONFIRMED or CANCELLED. A postponed
  event has no date yet: TENTATIVE. Rescheduled, moved online and full events still take
  place: CONFIRMED. 3.8.2.7: TRANSP is OPAQUE by default; a cancelled slot no longer
  makes anyone busy, so TRANSPARENT.
- schema.org EventStatusType: EventScheduled, EventRescheduled, EventPostponed,
  EventMovedOnline, EventCancelled; schema.org has no "full": a full event is
  EventScheduled whose Offer has `availability` https://schema.org/SoldOut.
  EventAttendanceModeEnumeration: OnlineEventAttendanceMode once moved online, else
  OfflineEventAttendanceMode.
- OpenAgenda's event status codes: 1 scheduled, 2 rescheduled, 3 moved online,
  4 postponed, 5 full, 6 cancelled.
- The French words of the SUMMARY prefix and the page's badge: the organiser's words.

Each file is read back by a parser that did not write it: vobject (ICS), json (JSON-LD),
csv, lxml (the page).
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import pytest
import vobject

from aictdata.build.site import build_site
from aictdata.memory.state import state_path
from aictdata.source.load import load_catalog
from tests.conftest import edit

SCHEMA = "https://schema.org/"


@dataclass(frozen=True)
class Expected:
    ics_status: str
    french: str | None  # SUMMARY prefix « [..] » and the page badge; None when scheduled
    transp: str
    event_status: str
    attendance: str
    sold_out: bool
    openagenda: int


EXPECTED = {
    "scheduled": Expected("CONFIRMED", None, "OPAQUE", "EventScheduled", "Offline", False, 1),
    "rescheduled": Expected(
        "CONFIRMED", "Reprogrammé", "OPAQUE", "EventRescheduled", "Offline", False, 2
    ),
    "postponed": Expected("TENTATIVE", "Reporté", "OPAQUE", "EventPostponed", "Offline", False, 4),
    "moved-online": Expected(
        "CONFIRMED", "En ligne", "OPAQUE", "EventMovedOnline", "Online", False, 3
    ),
    "full": Expected("CONFIRMED", "Complet", "OPAQUE", "EventScheduled", "Offline", True, 5),
    "cancelled": Expected(
        "CANCELLED", "Annulé", "TRANSPARENT", "EventCancelled", "Offline", False, 6
    ),
}
EDITION_STATUSES_EVERY_SLOT_TAKES = {"postponed", "cancelled"}
"""An edition postponed or cancelled postpones or cancels each of its slots."""


def test_the_table_covers_the_whole_vocabulary():
    from aictdata.model.vocabularies import Status

    assert set(EXPECTED) == {s.value for s in Status}


def build(folder: Path, out: Path) -> Path:
    build_site(load_catalog(folder), out, state_file=state_path(folder))
    return out


def ics_event(site: Path, slot: str):
    calendar = vobject.readOne((site / "2030" / "sessions" / f"{slot}.ics").read_text("utf-8"))
    [event] = calendar.vevent_list
    return event


def transp(event) -> str:
    return event.transp.value if "transp" in event.contents else "OPAQUE"  # RFC 5545 default


def jsonld(site: Path) -> dict:
    return json.loads((site / "2030" / "event.jsonld").read_text("utf-8"))


def csv_row(site: Path, table: str, key: str, value: str) -> dict[str, str]:
    with (site / "data" / f"{table}.csv").open(encoding="utf-8", newline="") as stream:
        return next(row for row in csv.DictReader(stream) if row[key] == value)


def page(site: Path):
    return lxml.html.fromstring((site / "2030" / "index.html").read_bytes())


def assert_ics(event, expected: Expected, title: str) -> None:
    assert event.status.value == expected.ics_status
    prefix = f"[{expected.french}] " if expected.french else ""
    assert event.summary.value == prefix + title
    assert transp(event) == expected.transp


@pytest.mark.parametrize("status", sorted(EXPECTED))
def test_a_slot_status_in_every_format(make_series, tmp_path, status):
    expected = EXPECTED[status]
    folder = make_series(("    kind: welcome\n", f"    kind: welcome\n    status: {status}\n"))
    site = build(folder, tmp_path / "site")

    assert_ics(ics_event(site, "accueil"), expected, "Accueil")
    other = ics_event(site, "cloture")  # the other slot keeps its own status
    assert_ics(other, EXPECTED["scheduled"], "Clôture")
    edition_feed = vobject.readOne((site / "2030" / "calendar.ics").read_text("utf-8"))
    [in_feed] = [e for e in edition_feed.vevent_list if e.uid.value.startswith("2030.accueil@")]
    assert in_feed.status.value == expected.ics_status

    slot = next(e for e in jsonld(site)["subEvent"] if e["@id"].endswith("#s-accueil"))
    assert slot["eventStatus"] == SCHEMA + expected.event_status
    assert slot["eventAttendanceMode"] == SCHEMA + expected.attendance + "EventAttendanceMode"

    row = csv_row(site, "sessions", "id", "accueil")
    assert row["status"] == status
    assert row["status_schema_org"] == SCHEMA + expected.event_status
    assert row["status_openagenda"] == str(expected.openagenda)

    badges = page(site).xpath('//tr[@id="s-accueil"]//strong[contains(@class, "badge")]/text()')
    assert badges == ([expected.french] if expected.french else [])


@pytest.mark.parametrize("status", sorted(EXPECTED))
def test_an_edition_status_in_every_format(make_series, tmp_path, status):
    expected = EXPECTED[status]
    folder = make_series(
        ("programme_stage: programme\n", f"programme_stage: programme\nstatus: {status}\n")
    )
    site = build(folder, tmp_path / "site")

    slots_take = expected if status in EDITION_STATUSES_EVERY_SLOT_TAKES else EXPECTED["scheduled"]
    for slot, title in (("accueil", "Accueil"), ("cloture", "Clôture")):
        assert_ics(ics_event(site, slot), slots_take, title)

    event = jsonld(site)
    assert event["eventStatus"] == SCHEMA + expected.event_status
    assert event["eventAttendanceMode"] == SCHEMA + expected.attendance + "EventAttendanceMode"
    assert (event["offers"].get("availability") == SCHEMA + "SoldOut") is expected.sold_out
    for slot in event["subEvent"]:  # what a search engine shows for each slot
        assert slot["eventStatus"] == SCHEMA + slots_take.event_status

    row = csv_row(site, "editions", "id", "2030")
    assert row["status"] == status
    assert row["status_schema_org"] == SCHEMA + expected.event_status
    assert row["status_openagenda"] == str(expected.openagenda)

    badges = page(site).xpath('//p[@class="badges"]/strong[contains(@class, "status-")]/text()')
    assert badges == ([expected.french] if expected.french else [])


def test_a_removed_slot_says_it_was_removed(make_series, tmp_path):
    folder = make_series()
    build(folder, tmp_path / "first")
    text = (folder / "2030.yaml").read_text("utf-8")
    start = text.index("  - id: accueil")
    end = text.index("  - id: cloture")
    (folder / "2030.yaml").write_text(text[:start] + text[end:], "utf-8")
    edit(
        folder / "2030.yaml",
        ("updated: 2030-01-01T00:00:00+01:00", "updated: 2030-02-01T00:00:00+01:00"),
    )
    site = build(folder, tmp_path / "second")

    feed = vobject.readOne((site / "2030" / "calendar.ics").read_text("utf-8"))
    [removed] = [e for e in feed.vevent_list if e.uid.value.startswith("2030.accueil@")]
    assert removed.status.value == "CANCELLED"
    assert transp(removed) == "TRANSPARENT"
    assert removed.summary.value == "[Annulé] Accueil"
    # First, before the change note and the details: the slot was removed.
    # First, before the change note (which names the removal too) and the details.
    first = removed.description.value.splitlines()[0]
    assert first.startswith(EXPECTED["cancelled"].french) and "retiré du programme" in first
    [kept] = [e for e in feed.vevent_list if e.uid.value.startswith("2030.cloture@")]
    assert "retiré" not in kept.description.value
