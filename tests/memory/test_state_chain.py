"""The calendar memory's version history across editions: each edition's versions are
chained by their digests, so a hand edit of version N whose own digest was recomputed is
still caught by version N+1, and a memory holding several versions of several editions,
recorded in interleaved order, is read back as written."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from aictdata.cli import cli
from aictdata.memory import state as calendar_state
from aictdata.memory.state import (
    ChangeKind,
    ProgrammeChange,
    advance,
    state_path,
)
from aictdata.memory.store import read_state
from aictdata.memory.text import write_state
from aictdata.source.load import load_catalog
from tests.conftest import FIXTURES, edit

MOVE = ('start: "09:30"\n    end: "11:00"', 'start: "10:00"\n    end: "11:30"')
RETITLE = ("title: Atelier", "title: Atelier des territoires")
PLACE = ("title: Clôture", "title: Clôture\n    place: Salle haute")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "editions"
    shutil.copytree(FIXTURES / "two-editions", target)
    return target


def change(folder: Path, edition: str, day: int, replacement: tuple[str, str]) -> None:
    """One change to `edition`, published on `day` of May (its `updated` moved on)."""
    path = folder / f"{edition}.yaml"
    text = path.read_text(encoding="utf-8")
    current = re.search(r"^updated: .*$", text, flags=re.MULTILINE).group(0)
    edit(path, (current, f"updated: {edition}-05-{day:02d}T12:00:00+02:00"), replacement)


def interleaved_history(folder: Path) -> calendar_state.CalendarState:
    """2030 v1, 2031 v1, 2030 v2, 2031 v2, 2030 v3, each version published in turn."""
    state = advance(None, load_catalog(folder))
    for day, (edition, replacement) in enumerate(
        [("2030", MOVE), ("2031", MOVE), ("2030", RETITLE), ("2031", PLACE), ("2030", PLACE)],
        start=1,
    ):
        change(folder, edition, day, replacement)
        state = advance(state, load_catalog(folder))
    return state


def test_a_memory_with_several_versions_per_edition_reads_back(folder):
    state = interleaved_history(folder)
    numbers = [(v.edition, v.number) for v in state.versions]
    assert numbers == [("2030", 1), ("2030", 2), ("2030", 3), ("2031", 1), ("2031", 2)]
    path = state_path(folder)
    write_state(path, state)
    assert read_state(path) == state
    change(folder, "2031", 9, RETITLE)  # and the next build goes on from what was read
    after = advance(read_state(path), load_catalog(folder))
    write_state(path, after)
    assert read_state(path) == after
    assert [(v.edition, v.number) for v in after.versions][-1] == ("2031", 3)
    result = CliRunner().invoke(cli, ["validate", str(folder)], catch_exceptions=False)
    assert result.exit_code == 0, result.output


def test_a_hand_edit_with_its_digest_recomputed_is_caught_by_the_next_version(folder):
    path = state_path(folder)
    write_state(path, interleaved_history(folder))
    document = json.loads(path.read_text(encoding="utf-8"))
    (index,) = [
        i for i, v in enumerate(document["versions"]) if (v["edition"], v["number"]) == ("2030", 1)
    ]
    forged = document["versions"][index]
    forged["changes"][0]["after"] = forged["changes"][0]["after"].replace("T10:00", "T10:15")
    changes = tuple(
        ProgrammeChange(**{**c, "kind": ChangeKind(c["kind"])}) for c in forged["changes"]
    )
    # The forger recomputes the edited version's own digest: version 1 passes on its own.
    forged["digest"] = calendar_state.chain_digest("", "2030", 1, forged["date"], changes)
    path.write_text(
        json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n", "utf-8"
    )
    result = CliRunner().invoke(cli, ["validate", str(folder)], catch_exceptions=False)
    assert result.exit_code == 1
    assert f"versions[{index + 1}]: version 2 of edition 2030 does not match its history" in (
        result.output
    ), result.output
