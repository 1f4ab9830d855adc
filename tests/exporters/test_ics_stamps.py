"""DTSTAMP and LAST-MODIFIED are each edition's own, in every feed that carries its slots.

The other feed tests use editions that share one `updated`, so a feed that stamped
every event with the first edition's date would pass them. Here two editions of one
series were revised on different days (and in different UTC offsets), and every event
of every feed must carry its own edition's date, as RFC 5545 3.8.7.2 / 3.8.7.3 values
in UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import vobject

from aictdata.build.site import build_site
from aictdata.memory.state import state_path
from aictdata.source.load import load_catalog
from tests.conftest import MINIMAL, edit

UPDATED = {
    "2030": datetime.fromisoformat("2030-01-01T00:00:00+01:00"),  # as in the minimal fixture
    "2031": datetime.fromisoformat("2031-06-15T18:30:00+02:00"),
}


@pytest.fixture
def two_editions(tmp_path: Path) -> Path:
    """The minimal series plus a 2031 edition revised on another day."""
    import shutil

    folder = tmp_path / "editions"
    shutil.copytree(MINIMAL, folder)
    second = folder / "2031.yaml"
    second.write_text((folder / "2030.yaml").read_text("utf-8"), "utf-8")
    edit(
        second,
        ('id: "2030"', 'id: "2031"'),
        ("number: 21", "number: 22"),
        ("start_date: 2030-03-30", "start_date: 2031-07-04"),
        ("end_date: 2030-03-31", "end_date: 2031-07-05"),
        ("updated: 2030-01-01T00:00:00+01:00", "updated: 2031-06-15T18:30:00+02:00"),
        ("opens: 2030-01-15", "opens: 2031-01-15"),
        ("date: 2030-03-30", "date: 2031-07-04"),
        ("date: 2030-03-31", "date: 2031-07-05"),
    )
    return folder


def edition_of(uid: str) -> str:
    return uid.split(".", 1)[0]


def stamps(feed: Path) -> list[tuple[str, datetime, datetime]]:
    calendar = vobject.readOne(feed.read_text("utf-8"))
    return [(e.uid.value, e.dtstamp.value, e.last_modified.value) for e in calendar.vevent_list]


def test_each_edition_stamps_its_own_events(two_editions, tmp_path):
    site = tmp_path / "site"
    build_site(load_catalog(two_editions), site, only=["ics"], state_file=state_path(two_editions))
    feeds = sorted(site.rglob("*.ics"))
    seen = set()
    for feed in feeds:
        for uid, dtstamp, last_modified in stamps(feed):
            edition = edition_of(uid)
            assert dtstamp.tzinfo is not None and dtstamp.utcoffset().total_seconds() == 0
            assert dtstamp == UPDATED[edition].astimezone(UTC), (feed, uid)
            assert last_modified == UPDATED[edition].astimezone(UTC), (feed, uid)
            seen.add((feed.relative_to(site).as_posix(), edition))
    assert {"calendar.ics"} <= {path for path, _ in seen}
    assert {e for path, e in seen if path == "calendar.ics"} == set(UPDATED)
    assert ("2031/calendar.ics", "2031") in seen and ("2030/sessions/accueil.ics", "2030") in seen
