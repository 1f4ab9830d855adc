"""The « save the date » event of an announced edition: where it is once a venue is known,
and when it last changed once the edition has moved more than once."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
import vobject

from aictdata.build.site import build_site
from aictdata.memory.state import state_path
from aictdata.source.load import load_catalog
from tests.conftest import FIXTURES, edit

ANNOUNCED = FIXTURES / "announced"
UID = "2031@example.org"
VENUE = """venue:
  id: lieu
  name: Salle des fêtes
  address:
    street: 2 place de Test
    postal_code: "75002"
    locality: Paris
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "editions"
    shutil.copytree(ANNOUNCED, target)
    return target


def announcement(folder: Path, out: Path):
    build_site(load_catalog(folder), out, only=["ics"], state_file=state_path(folder))
    calendar = vobject.readOne((out / "2031" / "edition.ics").read_text("utf-8"))
    [event] = [e for e in calendar.vevent_list if e.uid.value == UID]
    return event


def test_the_announcement_is_at_the_venue_once_it_is_known(folder, tmp_path):
    assert "location" not in announcement(folder, tmp_path / "before").contents
    path = folder / "2031.yaml"
    path.write_text(path.read_text("utf-8") + VENUE, "utf-8")
    location = announcement(folder, tmp_path / "after").location.value
    assert location.startswith("Salle des fêtes") and "2 place de Test" in location


def test_the_announcement_last_changed_with_the_latest_version(folder, tmp_path):
    announcement(folder, tmp_path / "first")
    updated = [
        "2031-01-10T09:00:00+01:00",
        "2031-02-01T09:00:00+01:00",
        "2031-03-01T09:00:00+01:00",
    ]
    days = [("03", "04"), ("10", "11"), ("17", "18")]
    for move in (1, 2):  # the edition moves a week later, twice: two programme versions
        edit(
            folder / "2031.yaml",
            (f"start_date: 2031-07-{days[move - 1][0]}", f"start_date: 2031-07-{days[move][0]}"),
            (f"end_date: 2031-07-{days[move - 1][1]}", f"end_date: 2031-07-{days[move][1]}"),
            (f"updated: {updated[move - 1]}", f"updated: {updated[move]}"),
        )
        event = announcement(folder, tmp_path / f"move-{move}")
    assert event.last_modified.value == datetime.fromisoformat(updated[2])
    assert int(event.sequence.value) == 2
