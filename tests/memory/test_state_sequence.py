"""An impossible SEQUENCE in the calendar memory is a located error, never a feed.

RFC 5545 3.8.7.4: SEQUENCE is a non-negative integer. A hand-edited or merged
editions/calendar-state.json with -1, 1.5, true or "2" would otherwise be written into
every feed (or crash the build with a traceback); it must be refused at the slot's line,
through the real CLI, with nothing built.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from aictdata.cli import cli
from aictdata.errors import DataError
from aictdata.memory.state import advance, state_path
from aictdata.memory.store import read_state
from aictdata.memory.text import write_state
from aictdata.source.load import load_catalog
from tests.conftest import MINIMAL

UID = "2030.accueil@example.org"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "editions"
    shutil.copytree(MINIMAL, target)
    write_state(state_path(target), advance(None, load_catalog(target)))
    return target


def spoil_sequence(path: Path, value: str) -> int:
    """Give the accueil slot's record `"sequence": value`; return the record's line."""
    lines = path.read_text("utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line.strip().startswith(f'"{UID}"'))
    offset = next(i for i in range(start, len(lines)) if '"sequence": 0' in lines[i])
    lines[offset] = lines[offset].replace('"sequence": 0', f'"sequence": {value}')
    path.write_text("\n".join(lines), "utf-8")
    return start + 1


@pytest.mark.parametrize("value", ["-1", "1.5", "true", '"2"', "null", "1e3"])
def test_an_impossible_sequence_is_a_located_error(folder, value):
    path = state_path(folder)
    line = spoil_sequence(path, value)
    with pytest.raises(DataError) as caught:
        read_state(path)
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.field) == (str(path), line, UID)


def test_a_negative_sequence_stops_the_build_with_the_located_line(folder, tmp_path):
    path = state_path(folder)
    line = spoil_sequence(path, "-1")
    result = CliRunner().invoke(
        cli, ["build", str(folder), "--out", str(tmp_path / "site"), "--published"]
    )
    assert result.exit_code == 1
    assert f"{path}:{line}:1: {UID}: " in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "site").exists()


def test_a_slot_moved_earlier_is_a_move_with_a_higher_sequence(folder):
    """Earlier as well as later: a move compares the times for difference, not order."""
    from tests.conftest import edit

    before = advance(None, load_catalog(folder))
    edit(
        folder / "2030.yaml",
        ('start: "09:00"', 'start: "08:00"'),
        ("updated: 2030-01-01T00:00:00+01:00", "updated: 2030-02-01T00:00:00+01:00"),
    )
    after = advance(before, load_catalog(folder))
    assert after.slots[UID].sequence == before.slots[UID].sequence + 1
    [version] = after.versions_of("2030")
    [change] = version.changes
    assert (change.session, change.kind.value) == ("accueil", "moved")
    assert change.before.startswith("2030-03-30T09:00:00+01:00/")
    assert change.after.startswith("2030-03-30T08:00:00+01:00/")


def test_a_memory_that_cannot_be_read_is_a_located_error(folder):
    path = state_path(folder)
    path.unlink()
    path.mkdir()  # a folder where the file should be: reading it is an OSError
    with pytest.raises(DataError) as caught:
        read_state(path)
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.column) == (str(path), 1, 1)
    assert "cannot be read" in problem.message
