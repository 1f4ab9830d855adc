"""The ICS feeds, read back by parsers that did not write them.

Mozilla's ical.js (Thunderbird's parser, run with node) is the one that notices a TZID
without its VTIMEZONE: the time then comes back floating. vobject with validate=True is
strict on required properties; `ical` (pydantic models) is strict on value types.
Expected values are computed from the YAML fixtures, never copied from the output.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import vobject
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from ical.calendar_stream import IcsCalendarStream

from aictdata.build.site import build_site
from aictdata.memory.state import state_path
from aictdata.source.load import load_catalog
from tests.conftest import EDITIONS, FIXTURES, MINIMAL, ROOT, edit

ICALJS_READER = Path(__file__).with_name("icaljs_read.mjs")
PARIS = ZoneInfo("Europe/Paris")


# --- helpers -----------------------------------------------------------------------------


def need_icaljs() -> None:
    """Skip without node and ical.js locally; fail under CI, where they must be set up."""
    missing = []
    if shutil.which("node") is None:
        missing.append("node")
    if not (ROOT / "node_modules" / "ical.js" / "package.json").exists():
        missing.append("node_modules/ical.js (run scripts/setup-test-tools.sh)")
    if missing:
        message = "ical.js tests need " + " and ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def icaljs(*paths: Path) -> dict[str, Any]:
    """What ical.js reads in each file, keyed by path."""
    need_icaljs()
    completed = subprocess.run(
        ["node", str(ICALJS_READER), *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env={**os.environ, "TZ": "UTC"},
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def build(folder: Path, out: Path) -> Path:
    """Build the feeds of the series in `folder` with its calendar memory, as
    `aictdata build` does (the other exporters are left to their own tests)."""
    build_site(load_catalog(folder), out, only=["ics"], state_file=state_path(folder))
    return out


BUILD_IN_SUBPROCESS = """
import sys
from pathlib import Path
from aictdata.build.site import build_site
from aictdata.memory.state import state_path
from aictdata.source.load import load_catalog
folder, out = Path(sys.argv[1]), Path(sys.argv[2])
build_site(load_catalog(folder), out, only=["ics"], state_file=state_path(folder))
"""


def copy_series(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


def feeds(site: Path) -> list[Path]:
    return sorted(site.rglob("*.ics"))


def data(folder: Path, edition: str) -> dict[str, Any]:
    return yaml.safe_load((folder / f"{edition}.yaml").read_text(encoding="utf-8"))


def local(day: Any, hhmm: str) -> datetime:
    hours, minutes = map(int, hhmm.split(":"))
    return datetime(day.year, day.month, day.day, hours, minutes, tzinfo=PARIS)


def utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def events_by_uid(reading: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {event["uid"]: event for event in reading["events"]}


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real editions, built from a copy (the build updates the copy's memory)."""
    base = tmp_path_factory.mktemp("real")
    return build(copy_series(EDITIONS, base / "editions"), base / "site")


@pytest.fixture(scope="module")
def real_reading(real_site: Path) -> dict[str, Any]:
    return icaljs(*feeds(real_site))


@pytest.fixture
def series_copy(tmp_path: Path) -> Callable[..., Path]:
    """Copy a fixture series, applying text replacements to one of its files."""

    def make(source: Path, *replacements: tuple[str, str], edition: str = "2030.yaml") -> Path:
        folder = tmp_path / "editions"
        if folder.exists():
            shutil.rmtree(folder)
        shutil.copytree(source, folder)
        edit(folder / edition, *replacements)
        return folder

    return make


# --- files and identity ------------------------------------------------------------------


def edition_ids() -> list[str]:
    """The editions present, from the files (not from the code under test)."""
    return sorted(p.stem for p in EDITIONS.glob("*.yaml") if p.name != "series.yaml")


def announced(edition: str) -> bool:
    return data(EDITIONS, edition)["programme_stage"] == "announced"


def slots_of(edition: str) -> list[dict[str, Any]]:
    return data(EDITIONS, edition).get("sessions") or []


def test_build_writes_a_feed_for_all_editions_each_edition_and_each_slot(real_site):
    expected = {"calendar.ics", "en/calendar.ics"}  # and in English, under en/ (README)
    for edition in edition_ids():
        expected |= {f"{edition}/calendar.ics", f"en/{edition}/calendar.ics"}
        expected |= {f"{edition}/sessions/{s['id']}.ics" for s in slots_of(edition)}
        if slots_of(edition):  # its parts, in both languages (README)
            days = sorted({str(s["date"]) for s in slots_of(edition)})
            parts = ["plenieres", "ateliers", "rendez-vous", *days]
            expected |= {
                f"{lang}{edition}/calendars/{p}.ics" for p in parts for lang in ("", "en/")
            }
        if announced(edition):  # its placeholder, alone, to add (README)
            expected.add(f"{edition}/edition.ics")
    written = {p.relative_to(real_site).as_posix() for p in feeds(real_site)}
    assert written == expected


def test_two_builds_are_byte_identical_even_in_another_time_zone(tmp_path):
    folder = copy_series(EDITIONS, tmp_path / "editions")
    first = build(folder, tmp_path / "one")
    memory = state_path(folder).read_bytes()
    subprocess.run(
        [sys.executable, "-c", BUILD_IN_SUBPROCESS, str(folder), str(tmp_path / "two")],
        check=True,
        capture_output=True,
        cwd=tmp_path,
        env={**os.environ, "TZ": "America/Los_Angeles", "LC_ALL": "C"},
    )
    second = tmp_path / "two"
    names = [p.relative_to(first) for p in feeds(first)]
    assert names == [p.relative_to(second) for p in feeds(second)]
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    assert state_path(folder).read_bytes() == memory


def test_uids_are_one_per_slot_the_same_in_every_feed(real_site, real_reading):
    slots = {
        f"{edition}.{s['id']}@raict.org": (edition, s["id"])
        for edition in edition_ids()
        for s in slots_of(edition)
    }
    slots |= {f"{e}@raict.org": (e, None) for e in edition_ids() if announced(e)}
    everything = real_reading[str(real_site / "calendar.ics")]["events"]
    assert sorted(e["uid"] for e in everything) == sorted(slots)
    for path, reading in real_reading.items():
        uids = [e["uid"] for e in reading["events"]]
        assert len(uids) == len(set(uids)), path
        assert set(uids) <= set(slots), path
        relative = Path(path).relative_to(real_site)
        if relative.parent.name == "sessions":
            edition = relative.parts[0]
            assert uids == [f"{edition}.{relative.stem}@raict.org"]
        if relative.name == "edition.ics":
            assert uids == [f"{relative.parts[0]}@raict.org"]
    for edition in edition_ids():
        in_edition = {
            e["uid"] for e in real_reading[str(real_site / edition / "calendar.ics")]["events"]
        }
        assert in_edition == {uid for uid, (e, _) in slots.items() if e == edition}


def test_uids_do_not_change_when_a_slot_changes(series_copy, tmp_path):
    folder = series_copy(FIXTURES / "calendar")
    before = icaljs(build(folder, tmp_path / "a") / "calendar.ics")
    edit(
        folder / "2030.yaml",
        ('start: "09:30"\n    end: "11:00"', 'start: "10:00"\n    end: "11:00"'),
    )
    after = icaljs(build(folder, tmp_path / "b") / "calendar.ics")
    assert [e["uid"] for e in next(iter(before.values()))["events"]] == [
        e["uid"] for e in next(iter(after.values()))["events"]
    ]


# --- times -----------------------------------------------------------------------------


def test_2025_official_opening_is_at_9_in_paris_that_is_7_utc(real_site, real_reading):
    for path in (
        real_site / "calendar.ics",
        real_site / "2025" / "calendar.ics",
        real_site / "2025" / "sessions" / "ouverture-officielle.ics",
    ):
        opening = events_by_uid(real_reading[str(path)])["2025.ouverture-officielle@raict.org"]
        assert opening["start"]["utc"] == "2025-07-04T07:00:00Z"
        assert opening["end"]["utc"] == "2025-07-04T07:30:00Z"
        assert opening["start"]["tzid"] == "Europe/Paris"


def test_2024_slots_are_on_summer_time_before_the_october_change(real_site, real_reading):
    events = events_by_uid(real_reading[str(real_site / "2024" / "calendar.ics")])
    sessions = data(EDITIONS, "2024")["sessions"]
    assert len(events) == len(sessions)
    for session in sessions:
        event = events[f"2024.{session['id']}@raict.org"]
        start = datetime.combine(session["date"], datetime.min.time()) + timedelta(
            hours=int(session["start"][:2]), minutes=int(session["start"][3:])
        )
        cest = start - timedelta(hours=2)  # CEST is UTC+2 until 27 October 2024
        assert event["start"]["utc"] == cest.strftime("%Y-%m-%dT%H:%M:%SZ"), session["id"]


def test_icaljs_never_sees_a_floating_time(real_reading):
    for path, reading in real_reading.items():
        assert reading["events"], path
        for event in reading["events"]:
            for edge in (event["start"], event["end"]):
                if edge["isDate"]:  # an announced edition's all-day placeholder
                    assert event["uid"].split("@")[0] in edition_ids(), (path, event["uid"])
                    continue
                assert edge["floating"] is False, (path, event["uid"])
                assert edge["zone"] == "Europe/Paris", (path, event["uid"])


def test_times_on_both_sides_of_a_dst_change(series_copy, tmp_path):
    # The minimal fixture's two days straddle 31 March 2030, when Paris moves to CEST.
    site = build(series_copy(MINIMAL), tmp_path / "site")
    events = events_by_uid(icaljs(site / "calendar.ics")[str(site / "calendar.ics")])
    assert events["2030.accueil@example.org"]["start"]["utc"] == "2030-03-30T08:00:00Z"
    assert events["2030.cloture@example.org"]["start"]["utc"] == "2030-03-31T14:00:00Z"


def test_vtimezone_is_written_with_yearly_rrules_not_rdates(real_reading):
    for path, reading in real_reading.items():
        if all(e["start"]["isDate"] for e in reading["events"]):
            assert reading["timezones"] == [], path  # all-day events need no zone
            continue
        (timezone,) = reading["timezones"]
        assert timezone["tzid"] == "Europe/Paris", path
        kinds = {o["kind"]: o for o in timezone["observances"]}
        assert set(kinds) == {"standard", "daylight"}
        assert kinds["daylight"]["rrule"] == "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"
        assert kinds["standard"]["rrule"] == "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"
        assert (kinds["daylight"]["offsetFrom"], kinds["daylight"]["offsetTo"]) == (
            "+01:00",
            "+02:00",
        )
        assert all(o["rdates"] == 0 for o in timezone["observances"])


@pytest.mark.parametrize(
    "zone",
    ["Europe/Paris", "America/New_York", "Australia/Sydney", "Pacific/Chatham", "Asia/Tokyo"],
)
def test_vtimezone_gives_tzdata_offsets_for_every_year_of_its_rules(series_copy, tmp_path, zone):
    """vobject turns the VTIMEZONE into a tzinfo (via dateutil): from 2010 to 2040 it must
    agree with Python's zoneinfo every day at noon UTC, and every 15 minutes around each
    change. Wall times that happen twice are skipped (the UTC offset alone is ambiguous)."""
    folder = series_copy(
        MINIMAL, ("programme_stage: programme", f"programme_stage: programme\ntimezone: {zone}")
    )
    site = build(folder, tmp_path / "site")
    calendar = vobject.readOne((site / "calendar.ics").read_text(encoding="utf-8"), validate=True)
    described = calendar.vtimezone.gettzinfo()
    actual = ZoneInfo(zone)

    def agree(moment: datetime) -> bool:
        wall = moment.astimezone(actual).replace(tzinfo=None)
        if (
            wall.replace(tzinfo=actual, fold=1).utcoffset()
            != wall.replace(tzinfo=actual).utcoffset()
        ):
            return True
        return wall.replace(tzinfo=described).utcoffset() == moment.astimezone(actual).utcoffset()

    day, changes = datetime(2010, 1, 1, tzinfo=UTC), 0
    while day.year < 2040:
        assert agree(day + timedelta(hours=12)), day
        following = day + timedelta(days=1)
        if day.astimezone(actual).utcoffset() != following.astimezone(actual).utcoffset():
            changes += 1
            for quarter in range(-96, 96):
                moment = day + timedelta(minutes=15 * quarter)
                assert agree(moment), moment
        day = following
    assert changes == (0 if zone == "Asia/Tokyo" else 60)


def test_python_parsers_read_the_same_times_as_the_data(real_site):
    expected = {
        f"{edition}.{s['id']}@raict.org": (local(s["date"], s["start"]), local(s["date"], s["end"]))
        for edition in edition_ids()
        for s in slots_of(edition)
    }
    for edition in edition_ids():  # an announced edition's placeholder: its days, all day
        if announced(edition):
            days = data(EDITIONS, edition)
            end = days["end_date"] + timedelta(days=1)  # DTEND of an all-day event: exclusive
            expected[f"{edition}@raict.org"] = (days["start_date"], end)
    for path in feeds(real_site):
        text = path.read_text(encoding="utf-8")
        for calendar in vobject.readComponents(text, validate=True):
            for event in calendar.vevent_list:
                start, end = expected[event.uid.value]
                assert event.dtstart.value == start and event.dtend.value == end
                if isinstance(start, datetime):
                    assert event.dtstart.value.utcoffset() == start.utcoffset()
        for event in IcsCalendarStream.calendar_from_ics(text).events:
            start, end = expected[event.uid]
            assert (event.dtstart, event.dtend) == (start, end)
            if isinstance(start, datetime):
                assert event.dtstart.utcoffset() == start.utcoffset()


# --- what each event and calendar says ----------------------------------------------------


def test_event_properties_come_from_the_data(real_site, real_reading):
    edition = data(EDITIONS, "2025")
    series = yaml.safe_load((EDITIONS / "series.yaml").read_text(encoding="utf-8"))
    session = next(s for s in edition["sessions"] if s.get("place"))
    venue = edition["venue"]
    address = venue["address"]
    event = events_by_uid(real_reading[str(real_site / "2025" / "calendar.ics")])[
        f"2025.{session['id']}@raict.org"
    ]
    assert event["summary"] == session["title"]
    assert event["location"] == (
        f"{session['place']}, {venue['name']}, {address['street']}, {address['postal_code']} "
        f"{address['locality']}"
    )
    assert event["url"] == f"{series['base_url']}2025/#s-{session['id']}"
    organiser = series["organisations"][0]
    assert event["organizer"] == f"mailto:{organiser['email']}"
    assert event["organizerCN"] == organiser["name"]
    assert event["categories"] == ["Pause café"]
    assert event["status"] == "CONFIRMED"
    assert event["sequence"] == 0
    updated = edition["updated"].astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert event["dtstamp"] == updated and event["lastModified"] == updated
    description = event["description"].split("\n")
    assert description[0] == "Pause café"
    assert edition["title"] in description
    assert any(edition["theme"] in line for line in description)
    assert description[-1].endswith(event["url"])


def test_a_kind_label_with_a_comma_is_one_category(real_site, real_reading):
    event = events_by_uid(real_reading[str(real_site / "2025" / "calendar.ics")])[
        "2025.ateliers-1@raict.org"
    ]
    assert event["categories"] == ["Ateliers, réunions régionales et B2B"]
    calendar = vobject.readOne((real_site / "2025" / "calendar.ics").read_text(encoding="utf-8"))
    (workshop,) = [e for e in calendar.vevent_list if e.uid.value == "2025.ateliers-1@raict.org"]
    assert workshop.categories.value == ["Ateliers, réunions régionales et B2B"]


def test_feeds_name_describe_and_refresh_themselves(real_site, real_reading):
    series = yaml.safe_load((EDITIONS / "series.yaml").read_text(encoding="utf-8"))
    base = series["base_url"]
    expected = {
        "calendar.ics": (series["short_name"], base),
        "2025/calendar.ics": (f"{series['short_name']} 2025", f"{base}2025/"),
        "2024/calendar.ics": (f"{series['short_name']} 2024", f"{base}2024/"),
    }
    for relative, (name, url) in expected.items():
        feed = real_reading[str(real_site / relative)]
        assert feed["prodid"] == "-//raict.org//aictdata//FR"
        assert (feed["version"], feed["calscale"], feed["method"]) == (
            "2.0",
            "GREGORIAN",
            "PUBLISH",
        )
        assert feed["name"] == feed["xWrCalname"] == name
        assert feed["description"]
        assert feed["xWrTimezone"] == "Europe/Paris"
        assert (feed["refreshInterval"], feed["refreshValueType"]) == ("PT12H", "duration")
        assert feed["publishedTtl"] == "PT12H"
        assert feed["url"] == url
        assert feed["source"] == base + relative
    theme = data(EDITIONS, "2025")["theme"]
    assert theme in real_reading[str(real_site / "2025/calendar.ics")]["description"]
    calendar = vobject.readOne((real_site / "2025/calendar.ics").read_text(encoding="utf-8"))
    assert (
        calendar.x_wr_caldesc.value
        == real_reading[str(real_site / "2025/calendar.ics")]["description"]
    )


def test_a_one_slot_file_adds_an_event_rather_than_a_calendar(real_site, real_reading):
    feed = real_reading[str(real_site / "2025" / "sessions" / "pause-cafe.ics")]
    assert feed["method"] == "PUBLISH" and feed["prodid"]
    assert "name" not in feed["properties"] and "x-wr-calname" not in feed["properties"]
    assert "refresh-interval" not in feed["properties"]
    assert len(feed["events"]) == 1 and len(feed["timezones"]) == 1


def test_each_event_is_the_same_bytes_in_every_feed(real_site):
    """One serialisation per slot and language: the bytes of a VEVENT do not depend on
    its feed, only on its language (French feeds at the published paths, English under
    en/); in English, the same UIDs."""

    def vevents(path: Path) -> dict[str, bytes]:
        found = {}
        for chunk in path.read_bytes().split(b"BEGIN:VEVENT\r\n")[1:]:
            body = chunk.split(b"END:VEVENT\r\n")[0]
            uid = next(line for line in body.split(b"\r\n") if line.startswith(b"UID:"))
            found[uid.decode()] = body
        return found

    everything = vevents(real_site / "calendar.ics")
    in_english = vevents(real_site / "en" / "calendar.ics")
    assert set(in_english) == set(everything)
    for path in feeds(real_site):
        english = path.relative_to(real_site).parts[0] == "en"
        for uid, body in vevents(path).items():
            assert (in_english if english else everything)[uid] == body, (path, uid)


def test_lines_are_crlf_folded_at_75_octets_without_splitting_a_character(real_site):
    for path in feeds(real_site):
        raw = path.read_bytes()
        assert raw.endswith(b"END:VCALENDAR\r\n")
        lines = raw.split(b"\r\n")[:-1]
        assert b"\n" not in b"".join(lines) and b"\r" not in b"".join(lines)
        for line in lines:
            assert len(line) <= 75, (path, line)
            line.decode("utf-8")  # a fold inside a character would not decode


# --- changes over time -------------------------------------------------------------------


def test_moving_retitling_cancelling_and_removing_raise_sequence_and_keep_uids(
    series_copy, tmp_path
):
    folder = series_copy(FIXTURES / "calendar")
    first = build(folder, tmp_path / "one")
    before = icaljs(first / "calendar.ics")[str(first / "calendar.ics")]
    assert {e["uid"]: e["sequence"] for e in before["events"]} == {
        f"2030.{slot}@example.org": 0
        for slot in ("accueil", "atelier", "pause", "pleniere", "cloture")
    }
    edit(
        folder / "2030.yaml",
        ("updated: 2030-01-01T00:00:00+01:00", "updated: 2030-05-02T10:00:00+02:00"),
        ('start: "09:30"\n    end: "11:00"', 'start: "10:00"\n    end: "11:30"'),  # atelier moves
        ("title: Conférence plénière", "title: Grande conférence plénière"),  # retitled
        ("kind: coffee-break", "kind: coffee-break\n    status: cancelled"),  # cancelled
    )
    text = (folder / "2030.yaml").read_text(encoding="utf-8")
    (folder / "2030.yaml").write_text(
        text[: text.index("  - id: cloture")], encoding="utf-8"
    )  # removed
    second = build(folder, tmp_path / "two")
    paths = [second / "calendar.ics", second / "2030" / "calendar.ics"]
    paths += [second / "2030" / "sessions" / f"{slot}.ics" for slot in ("pause", "cloture")]
    readings = icaljs(*paths)
    for path in paths[:2]:
        after = events_by_uid(readings[str(path)])
        assert set(after) == {e["uid"] for e in before["events"]}
        sequences = {uid.split(".")[1].split("@")[0]: e["sequence"] for uid, e in after.items()}
        assert sequences == {"accueil": 0, "atelier": 1, "pause": 1, "pleniere": 1, "cloture": 1}
        assert after["2030.atelier@example.org"]["start"]["utc"] == "2030-06-12T08:00:00Z"
        assert after["2030.pleniere@example.org"]["summary"] == "Grande conférence plénière"
        for slot in ("pause", "cloture"):
            cancelled = after[f"2030.{slot}@example.org"]
            assert cancelled["status"] == "CANCELLED"
            assert cancelled["transp"] == "TRANSPARENT"
        assert after["2030.cloture@example.org"]["summary"].endswith("Clôture")
        assert after["2030.cloture@example.org"]["start"]["utc"] == "2030-06-12T15:00:00Z"
        assert after["2030.accueil@example.org"]["lastModified"] == "2029-12-31T23:00:00Z"
        assert after["2030.atelier@example.org"]["lastModified"] == "2030-05-02T08:00:00Z"
        assert after["2030.accueil@example.org"]["dtstamp"] == "2030-05-02T08:00:00Z"
    for slot in ("pause", "cloture"):
        (event,) = readings[str(second / "2030" / "sessions" / f"{slot}.ics")]["events"]
        assert event["status"] == "CANCELLED" and event["sequence"] == 1
    third = build(folder, tmp_path / "three")
    for path in feeds(second):
        assert path.read_bytes() == (third / path.relative_to(second)).read_bytes(), path


def test_a_second_move_raises_sequence_again(series_copy, tmp_path):
    folder = series_copy(FIXTURES / "calendar")
    build(folder, tmp_path / "one")
    edit(folder / "2030.yaml", ('start: "09:30"', 'start: "09:45"'))
    build(folder, tmp_path / "two")
    edit(folder / "2030.yaml", ('start: "09:45"', 'start: "10:00"'))
    site = build(folder, tmp_path / "three")
    (event,) = icaljs(site / "2030/sessions/atelier.ics")[str(site / "2030/sessions/atelier.ics")][
        "events"
    ]
    assert event["sequence"] == 2
    assert event["start"]["utc"] == "2030-06-12T08:00:00Z"


# --- hostile text --------------------------------------------------------------------------

HOSTILE_TITLE = 'Atelier « Paris, Lyon; Marseille » \\ "guillemets" 🎉🇫🇷 àéîõüç ß – fin'
HOSTILE_DETAILS = (
    "Ligne 1, avec virgule; point-virgule \\ antislash\n"
    "DTSTART:19700101T000000Z\nX-INJECTED:oui\nEND:VEVENT\n"
    'Ligne "citée" 🎉 — fin'
)
HOSTILE_PLACE = "Salle « A », niveau -1; porte \\2"
HOSTILE_ORGANISER = 'Cités "Unies" France; Paris, 🎉 ^ fin'
LONG_TITLE = ("Très long titre é🎉, ; \\ " * 30)[:499] + "!"


def hostile_series(series_copy: Callable[..., Path]) -> Path:
    folder = series_copy(
        MINIMAL,
        ("title: Accueil", f"title: {json.dumps(HOSTILE_TITLE, ensure_ascii=False)}"),
        (
            "kind: welcome",
            f"kind: welcome\n    description: {json.dumps(HOSTILE_DETAILS, ensure_ascii=False)}"
            f"\n    place: {json.dumps(HOSTILE_PLACE, ensure_ascii=False)}",
        ),
        ("title: Clôture", f"title: {json.dumps(LONG_TITLE, ensure_ascii=False)}"),
    )
    edit(
        folder / "series.yaml",
        (
            "name: Organisation de test",
            f"name: {json.dumps(HOSTILE_ORGANISER, ensure_ascii=False)}",
        ),
        ("short_name: Test", 'short_name: "Test, «\\\\» ; 🎉"'),
    )
    return folder


def test_hostile_text_round_trips_exactly_through_icaljs(series_copy, tmp_path):
    assert len(LONG_TITLE) == 500
    folder = hostile_series(series_copy)
    site = build(folder, tmp_path / "site")
    readings = icaljs(*feeds(site))
    for path, reading in readings.items():
        events = events_by_uid(reading)
        english = Path(path).relative_to(site).parts[0] == "en"
        if english and "2030.accueil@example.org" in events:  # English labels, same text
            event = events["2030.accueil@example.org"]
            assert event["summary"] == HOSTILE_TITLE
            assert event["description"].startswith(f"Welcome\n\n{HOSTILE_DETAILS}\n\n")
        if english:
            continue
        if "2030.accueil@example.org" in events:
            event = events["2030.accueil@example.org"]
            assert event["summary"] == HOSTILE_TITLE
            assert event["description"].startswith(f"Accueil\n\n{HOSTILE_DETAILS}\n\n")
            assert event["location"] == f"{HOSTILE_PLACE}, Lieu de test, 1 rue de Test, 75001 Paris"
            assert event["organizerCN"] == HOSTILE_ORGANISER
            assert event["start"]["utc"] == "2030-03-30T08:00:00Z"
            assert "x-injected" not in event["properties"]
            assert event["properties"].count("dtstart") == 1
        if "2030.cloture@example.org" in events:
            assert events["2030.cloture@example.org"]["summary"] == LONG_TITLE
        if path.endswith("/calendar.ics") and Path(path).parent == site:
            # ical.js has no type for NAME (RFC 7986) and X-WR-CALNAME, so it returns the
            # raw value: it must be the name escaped as RFC 5545 TEXT (vobject, below,
            # reads it back unescaped).
            escaped = "Test\\, «\\\\» \\; 🎉"
            assert reading["name"] == reading["xWrCalname"] == escaped


def test_hostile_text_round_trips_exactly_through_vobject_and_ical(series_copy, tmp_path):
    site = build(hostile_series(series_copy), tmp_path / "site")
    text = (site / "calendar.ics").read_text(encoding="utf-8")
    calendar = vobject.readOne(text, validate=True)
    assert calendar.x_wr_calname.value == "Test, «\\» ; 🎉"
    events = {e.uid.value: e for e in calendar.vevent_list}
    assert events["2030.accueil@example.org"].summary.value == HOSTILE_TITLE
    assert HOSTILE_DETAILS in events["2030.accueil@example.org"].description.value
    assert events["2030.cloture@example.org"].summary.value == LONG_TITLE
    parsed = {e.uid: e for e in IcsCalendarStream.calendar_from_ics(text).events}
    assert parsed["2030.accueil@example.org"].summary == HOSTILE_TITLE
    assert HOSTILE_DETAILS in (parsed["2030.accueil@example.org"].description or "")
    assert parsed["2030.accueil@example.org"].location.startswith(HOSTILE_PLACE + ", ")
    assert parsed["2030.cloture@example.org"].summary == LONG_TITLE
    for line in (site / "calendar.ics").read_bytes().split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # a fold inside an emoji or an accent would not decode


def test_the_google_add_link_of_a_slot_agrees_with_its_feed(real_site, real_reading):
    from urllib.parse import parse_qs, urlsplit

    from aictdata.output.layout import google_calendar_link

    catalog = load_catalog(EDITIONS)
    edition = catalog.edition("2025")
    for session in edition.sessions:
        link = urlsplit(google_calendar_link(catalog.series, edition, session))
        query = {key: values[0] for key, values in parse_qs(link.query).items()}
        assert (query["action"], query["ctz"]) == ("TEMPLATE", "Europe/Paris")
        path = real_site / "2025" / "sessions" / f"{session.id}.ics"
        (event,) = real_reading[str(path)]["events"]
        start, end = (
            datetime.strptime(part, "%Y%m%dT%H%M%S").replace(tzinfo=ZoneInfo(query["ctz"]))
            for part in query["dates"].split("/")
        )
        assert (utc_text(start), utc_text(end)) == (event["start"]["utc"], event["end"]["utc"])
        assert query["location"] == event["location"]
        assert query["text"].startswith(event["summary"])


@settings(max_examples=400, deadline=None, derandomize=True)
@given(
    st.text(
        alphabet=st.sampled_from('abcdefgh é€😀\\^;,:"\t·ǅ'),
        min_size=0,
        max_size=600,
    )
)
def test_long_lines_are_folded_exactly_as_icalendar_folds_them(value):
    """The exporter folds on octet offsets; icalendar's Contentline walks characters: the
    same bytes, escapes and multi-octet characters included."""
    from icalendar.parser import Contentline

    from aictdata.exporters.ics.lines import content_line as _content_line

    line = "DESCRIPTION:" + value
    assert _content_line(line) == Contentline(line).to_ical() + b"\r\n"


@pytest.mark.parametrize("filler", range(55, 80))
@pytest.mark.parametrize("tail", ["\\,", "\\\\", "^n", "é\\;", "😀😀", "€\\n"])
def test_folds_around_escapes_and_wide_characters_match_icalendar(filler, tail):
    """Every position of an escape or a multi-octet character around the 74th octet."""
    from icalendar.parser import Contentline

    from aictdata.exporters.ics.lines import content_line as _content_line

    line = "DESCRIPTION:" + "x" * filler + tail * 40
    assert _content_line(line) == Contentline(line).to_ical() + b"\r\n"


@pytest.mark.parametrize("title", ["\\N", "C:\\Nouveau\\notes", "fin\\", "a\\,b\\;c"])
def test_a_backslash_before_n_stays_a_backslash(series_copy, tmp_path, title):
    """icalendar 7.3 writes a title `\\N` as the escape `\\n` (a line break for every
    reader); the exporter escapes TEXT itself. Read back by vobject and ical.js."""
    folder = series_copy(MINIMAL, ("title: Accueil", f"title: '{title}'"))
    site = build(folder, tmp_path / "site")
    path = site / "2030" / "sessions" / "accueil.ics"
    assert vobject.readOne(path.read_text(encoding="utf-8")).vevent.summary.value == title
    (event,) = icaljs(path)[str(path)]["events"]
    assert event["summary"] == title
