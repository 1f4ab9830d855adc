"""Property: any valid edition builds, and every format reads back to the same facts.

Hypothesis writes edition files (text drawn from all of Unicode but control characters,
line separators and the characters that hide text, mixed with the pieces that break
formats: markup, `</script>`, quotes, `;` `,` `\\`, formula starts, `BEGIN:VEVENT`), with
valid local times on valid dates. Each is loaded from YAML and built by the real code;
then the feed is read by vobject (which shares no code with icalendar, the library our
TEXT escaping comes from), the slots table by frictionless through the package's Table
Schema, and the markup by extruct, and each fact (title, description, start and end with
their offset) is compared with the model's.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

import extruct
import frictionless
import vobject
from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from lxml import etree

from aictdata.build.site import build_site
from aictdata.errors import HIDDEN_CHARACTERS
from aictdata.model.edition import Edition
from aictdata.model.vocabularies import SessionKind, Status
from aictdata.source.load import load_catalog
from tests.conftest import MINIMAL
from tests.frab import JSON_SCHEMA, XSD, assert_valid

CHARACTERS = st.characters(
    codec="utf-8",
    exclude_categories=("Cc", "Cs", "Cn", "Zl", "Zp"),
    exclude_characters="".join(map(chr, HIDDEN_CHARACTERS)),  # refused: they hide text
)
PIECES = st.sampled_from(
    [
        "<",
        ">",
        "&",
        '"',
        "'",
        ";",
        ",",
        ":",
        "\\",
        "</script>",
        "<!--",
        "]]>",
        "{{ x }}",
        "=",
        "+",
        "-",
        "@",
        " ",
        "é",
        "’",
        "« ",
        " »",
        "😀",
        "BEGIN:VEVENT",
        "عربي",  # right-to-left text (the controls that reorder it are refused)
    ]
)
LINE = (
    st.lists(st.one_of(st.text(CHARACTERS, max_size=4), PIECES), min_size=1, max_size=30)
    .map("".join)
    .filter(lambda text: text.strip() != "")
)
PARAGRAPHS = st.lists(LINE, min_size=1, max_size=3).map("\n".join)
EARLIEST = 4 * 60  # Paris changes clocks between 02:00 and 03:00: slots start from 04:00
LATEST = 23 * 60 + 59


@st.composite
def slots(draw: st.DrawFn, days: list[date]) -> dict[str, object]:
    start = draw(st.integers(EARLIEST, LATEST - 1))
    end = draw(st.integers(start + 1, LATEST))
    return {
        "date": draw(st.sampled_from(days)).isoformat(),
        "start": f"{start // 60:02d}:{start % 60:02d}",
        "end": f"{end // 60:02d}:{end % 60:02d}",
        "title": draw(LINE),
        "kind": draw(st.sampled_from(list(SessionKind))).value,
        "status": draw(st.sampled_from(list(Status))).value,
        "description": draw(st.none() | PARAGRAPHS),
        "place": draw(st.none() | LINE),
    }


CLOCK_CHANGES = (date(2030, 3, 31), date(2030, 10, 27))
"""Paris changes its offset on these Sundays of 2030 (the last of March and of October)."""
AROUND_A_CHANGE = st.sampled_from(
    [change + timedelta(days=n) for change in CLOCK_CHANGES for n in (-2, -1, 0)]
)
"""First days whose edition (1 to 3 days) can hold slots on both sides of a change: a
build giving every slot its first day's offset fails only on such an edition, which a
uniform draw over the year makes about 1 time in 100."""


@st.composite
def editions(draw: st.DrawFn) -> str:
    first = draw(AROUND_A_CHANGE | st.dates(date(2030, 1, 1), date(2030, 12, 28)))
    days = [first + timedelta(days=n) for n in range(draw(st.integers(1, 3)))]
    sessions = draw(st.lists(slots(days), min_size=1, max_size=4))
    lines = [
        'id: "2030"',
        "number: 21",
        f"title: {_quoted(draw(LINE))}",
        f"theme: {_quoted(draw(LINE))}",
        "programme_stage: programme",
        f"start_date: {days[0]}",
        f"end_date: {days[-1]}",
        "updated: 2029-12-01T00:00:00+01:00",
        "source:",
        f"  title: {_quoted(draw(LINE))}",
        "venue:",
        "  id: lieu",
        f"  name: {_quoted(draw(LINE))}",
        "  address:",
        f"    street: {_quoted(draw(LINE))}",
        '    postal_code: "75001"',
        f"    locality: {_quoted(draw(LINE))}",
        "sessions:",
    ]
    for number, session in enumerate(sessions, start=1):
        lines.append(f"  - id: s{number}")
        lines += [
            f"    {name}: {_quoted(value) if isinstance(value, str) else 'null'}"
            for name, value in session.items()
        ]
    return "\n".join(lines) + "\n"


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(text, ensure_ascii=False)


@settings(
    max_examples=60,
    deadline=timedelta(seconds=30),
    database=None,
    # Under CI the same 60 examples every run: a failure there is reproduced by running the
    # test again (locally too, with CI=true); elsewhere each run explores new ones. CI
    # reports the first failing example as drawn: shrinking it costs a build per attempt,
    # minutes, where finding it costs seconds.
    derandomize=bool(os.environ.get("CI")),
    phases=(Phase.explicit, Phase.generate) if os.environ.get("CI") else tuple(Phase),
)
@given(editions())
def test_any_valid_edition_builds_and_reads_back_the_same(text):
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "editions"
        folder.mkdir()
        shutil.copyfile(MINIMAL / "series.yaml", folder / "series.yaml")
        (folder / "2030.yaml").write_text(text, encoding="utf-8")
        catalog = load_catalog(folder)
        site = Path(scratch) / "site"
        build_site(catalog, site)
        edition = catalog.editions[0]
        _feed_says_the_same(site, edition)
        _table_says_the_same(site, edition)
        _markup_says_the_same(site, edition)
        _schedule_says_the_same(site, edition)


def _same_moment(read: datetime, expected: datetime) -> None:
    assert read == expected
    assert read.utcoffset() == expected.utcoffset()


def _feed_says_the_same(site: Path, edition: Edition) -> None:
    text = (site / "2030" / "calendar.ics").read_text(encoding="utf-8")
    calendar = vobject.readOne(text, validate=True)
    events = {e.uid.value.split("@")[0]: e for e in calendar.vevent_list}
    assert sorted(events) == sorted(f"2030.{s.id}" for s in edition.sessions)
    for session in edition.sessions:
        event = events[f"2030.{session.id}"]
        assert event.summary.value.endswith(session.title)
        _same_moment(event.dtstart.value, session.starts_at)
        _same_moment(event.dtend.value, session.ends_at)
        # vobject turns TZID into the datetime's tzinfo: the offsets above come from it
        assert f"DTSTART;TZID=Europe/Paris:{session.starts_at:%Y%m%dT%H%M%S}\n" in text
        if session.description:
            assert session.description in event.description.value


def _table_says_the_same(site: Path, edition: Edition) -> None:
    package = frictionless.Package(str(site / "data" / "datapackage.json"))
    rows = {row["id"]: row for row in package.get_table_resource("sessions").read_rows()}
    assert sorted(rows) == sorted(s.id for s in edition.sessions)
    for session in edition.sessions:
        row = rows[session.id]
        assert row["title"] == session.title
        assert row["description"] == session.description  # an empty cell reads as None
        assert row["place"] == session.place
        assert row["status"] == session.status.value
        _same_moment(row["starts_at"], session.starts_at)
        _same_moment(row["ends_at"], session.ends_at)


def _markup_says_the_same(site: Path, edition: Edition) -> None:
    html = (site / "2030" / "index.html").read_text(encoding="utf-8")
    [event] = extruct.extract(html, syntaxes=["json-ld"])["json-ld"]
    assert event["name"] == edition.title
    by_anchor = {e["@id"].rsplit("#s-", 1)[1]: e for e in event["subEvent"]}
    assert sorted(by_anchor) == sorted(s.id for s in edition.sessions)
    for session in edition.sessions:
        sub = by_anchor[session.id]
        assert sub["name"].endswith(session.title)
        _same_moment(datetime.fromisoformat(sub["startDate"]), session.starts_at)
        _same_moment(datetime.fromisoformat(sub["endDate"]), session.ends_at)


def _schedule_says_the_same(site: Path, edition: Edition) -> None:
    """Both conference schedules are valid against the format's own schemas (when
    ../shared has them) and give every slot's title, text and Paris time."""
    if (XSD.is_file() and JSON_SCHEMA.is_file()) or os.environ.get("CI"):
        document, data = assert_valid(site, "2030")
    else:
        document = etree.parse(str(site / "2030" / "schedule.xml"))
        data = json.loads((site / "2030" / "schedule.json").read_text("utf-8"))
    events = {
        event["slug"].split("-", 2)[2]: (event, xml)
        for day, xml_day in zip(
            data["schedule"]["conference"]["days"], document.iter("day"), strict=True
        )
        for event, xml in zip(
            [e for room in day["rooms"].values() for e in room],
            [e for room in xml_day.findall("room") for e in room.findall("event")],
            strict=True,
        )
    }
    assert sorted(events) == sorted(s.id for s in edition.sessions)
    for session in edition.sessions:
        event, xml = events[session.id]
        assert event["title"].endswith(session.title)
        assert xml.findtext("title") == event["title"]
        assert event["abstract"].endswith(session.description or "")
        assert (xml.findtext("abstract") or "") == event["abstract"]
        _same_moment(datetime.fromisoformat(event["date"]), session.starts_at)
        _same_moment(datetime.fromisoformat(xml.findtext("date")), session.starts_at)
        _same_moment(datetime.fromisoformat(event["end"]), session.ends_at)
