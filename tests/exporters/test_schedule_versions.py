"""The frab / c3voc schedules as the programme lives: every status other than scheduled
shown in the title, a removed slot whose day left the edition, and a `version` that
counts only its own edition's programme versions, and the grid the times fall on."""

from __future__ import annotations

import shutil
from pathlib import Path

from aictdata.build.site import build_site
from aictdata.memory.state import state_path
from aictdata.source.load import load_catalog
from tests.conftest import FIXTURES, MINIMAL, edit
from tests.frab import assert_valid

BUMP = ("updated: 2030-01-01T00:00:00+01:00", "updated: 2030-05-02T10:00:00+02:00")


def series(tmp_path: Path, source: Path = FIXTURES / "calendar") -> Path:
    """A copy of `source` (the calendar fixture: one edition, 2030), to edit."""
    folder = tmp_path / "editions"
    shutil.copytree(source, folder)
    return folder


def build(folder: Path, out: Path) -> Path:
    """The schedules, with the calendar memory, as `aictdata build` writes them."""
    build_site(load_catalog(folder), out, only=["schedule"], state_file=state_path(folder))
    return out


def titles(site: Path, edition: str) -> dict[str, str]:
    """slot id -> title, from schedule.json (validated against the format's schemas)."""
    _, data = assert_valid(site, edition)
    return {
        event["slug"].rsplit("-", 1)[-1]: event["title"]
        for day in data["schedule"]["conference"]["days"]
        for events in day["rooms"].values()
        for event in events
    }


def version(site: Path, edition: str) -> str:
    return assert_valid(site, edition)[1]["schedule"]["version"]


def test_every_status_other_than_scheduled_is_marked_in_the_title(tmp_path):
    folder = series(tmp_path)
    edit(
        folder / "2030.yaml",
        ("kind: welcome", "kind: welcome\n    status: postponed"),
        ("kind: workshops", "kind: workshops\n    status: full"),
        ("kind: coffee-break", "kind: coffee-break\n    status: moved-online"),
        ("kind: plenary", "kind: plenary\n    status: rescheduled"),
    )
    assert titles(build(folder, tmp_path / "site"), "2030") == {
        "accueil": "[Reporté] Accueil",
        "atelier": "[Complet] Atelier",
        "pause": "[En ligne] Pause café",
        "pleniere": "[Reprogrammé] Conférence plénière",
        "cloture": "Clôture",
    }


def test_a_removed_slot_whose_day_left_the_edition_does_not_break_the_schedule(tmp_path):
    folder = series(tmp_path)
    build(folder, tmp_path / "published")  # the memory now knows every slot on 12 June
    path = folder / "2030.yaml"
    text = path.read_text(encoding="utf-8")
    text = text[: text.index("  - id: cloture")]  # removed from the data...
    path.write_text(text.replace("2030-06-12", "2030-06-13"), encoding="utf-8")  # ...days moved
    edit(path, BUMP)
    site = build(folder, tmp_path / "site")
    _, data = assert_valid(site, "2030")
    days = data["schedule"]["conference"]["days"]
    assert [day["date"] for day in days] == ["2030-06-13"]
    assert set(titles(site, "2030")) == {"accueil", "atelier", "pause", "pleniere"}


def test_the_version_counts_only_its_own_editions_versions(tmp_path):
    folder = series(tmp_path, FIXTURES / "two-editions")
    first = build(folder, tmp_path / "one")
    before = {edition: version(first, edition) for edition in ("2030", "2031")}
    assert [v.split(".")[0] for v in before.values()] == ["0", "0"]
    edit(
        folder / "2031.yaml",
        ("updated: 2031-01-01T00:00:00+01:00", "updated: 2031-05-02T10:00:00+02:00"),
        ('start: "09:30"\n    end: "11:00"', 'start: "10:00"\n    end: "11:30"'),
    )
    second = build(folder, tmp_path / "two")
    assert version(second, "2030") == before["2030"]  # 2031's change is not 2030's version
    assert version(second, "2031").startswith("1.2031-05-02.")


def test_the_timeslot_is_the_grid_of_the_programme_at_most_an_hour(tmp_path):
    """`timeslot_duration`: the grid every start and end falls on, « 01:00 » when all are
    on the hour (apps draw their rows with it)."""
    on_the_hour = build(series(tmp_path / "a", MINIMAL), tmp_path / "a" / "site")
    half_hours = build(series(tmp_path / "b"), tmp_path / "b" / "site")
    for site, grid in ((on_the_hour, "01:00"), (half_hours, "00:30")):
        conference = assert_valid(site, "2030")[1]["schedule"]["conference"]
        assert conference["timeslot_duration"] == grid
