"""The edition's own changes, worded and published: a new status of the whole edition is
a sentence of its own, and an edition whose dates moved says where it started before in
its schema.org markup (`previousStartDate`, `EventRescheduled`), as slots that moved do."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from aictdata.build.site import build_site
from aictdata.memory import changes
from aictdata.memory.state import ChangeKind, ProgrammeChange, state_path
from aictdata.source.load import load_catalog
from tests.conftest import FIXTURES


def test_a_new_status_of_the_edition_is_worded_as_the_editions():
    change = ProgrammeChange(None, None, ChangeKind.STATUS, "scheduled", "moved-online")
    assert changes.sentence(change) == "L’édition est désormais « En ligne »"


def event_markup(folder: Path, out: Path) -> dict:
    build_site(load_catalog(folder), out, only=["jsonld"], state_file=state_path(folder))
    return json.loads((out / "2030" / "event.jsonld").read_text(encoding="utf-8"))


def test_an_edition_whose_dates_moved_gives_its_previous_start_in_its_markup(tmp_path):
    folder = tmp_path / "editions"
    shutil.copytree(FIXTURES / "calendar", folder)
    first = event_markup(folder, tmp_path / "one")
    assert "previousStartDate" not in first
    path = folder / "2030.yaml"
    text = path.read_text(encoding="utf-8").replace("2030-06-12", "2030-06-19")
    text = text.replace("updated: 2030-01-01T00:00:00+01:00", "updated: 2030-05-02T10:00:00+02:00")
    path.write_text(text, encoding="utf-8")
    moved = event_markup(folder, tmp_path / "two")
    assert moved["startDate"].startswith("2030-06-19")
    assert moved["previousStartDate"] == "2030-06-12"
    assert moved["eventStatus"] == "https://schema.org/EventRescheduled"
    again = event_markup(folder, tmp_path / "three")  # nothing new: the same markup
    assert again == moved
