"""The library refuses what the command refuses: `build_site()` called directly and
`aictdata build` give the same located problems, and leave the site and the memory as
they were. Each case is an organiser's ordinary mistake (issue 24): one edition file
built into the published site, a memory deleted after publication, a memory damaged
by hand."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from aictdata.build.site import build_site
from aictdata.cli import cli
from aictdata.errors import AictdataError, DataError
from aictdata.memory.state import state_path
from aictdata.source.load import load_catalog
from tests.conftest import EDITIONS


def one_file(folder: Path) -> list[Path]:
    return [folder / "2025.yaml"]


def memory_deleted(folder: Path) -> list[Path]:
    state_path(folder).unlink()
    return [folder]


def memory_edited(folder: Path) -> list[Path]:
    memory = state_path(folder)
    memory.write_text(memory.read_text("utf-8").replace('"sequence": 0', '"sequence": 5', 1))
    return [folder]


@pytest.mark.parametrize("mistake", [one_file, memory_deleted, memory_edited])
def test_build_site_refuses_exactly_as_the_command(
    mistake: Callable[[Path], list[Path]], tmp_path: Path
) -> None:
    folder = tmp_path / "editions"
    shutil.copytree(EDITIONS, folder)
    site = tmp_path / "site"
    published = CliRunner().invoke(cli, ["build", str(folder), "--out", str(site), "--published"])
    assert published.exit_code == 0, published.output
    paths = mistake(folder)
    before = {p: p.read_bytes() for p in [*site.rglob("*"), *folder.rglob("*")] if p.is_file()}

    command = CliRunner().invoke(
        cli, ["--lang", "en", "build", *map(str, paths), "--out", str(site), "--published"]
    )
    with pytest.raises(AictdataError) as refused:
        build_site(load_catalog(*paths), site, state_file=state_path(folder))

    assert command.exit_code == 1
    error = refused.value
    lines = (
        [str(problem) for problem in error.problems]
        if isinstance(error, DataError)
        else [f"error: {error}"]
    )
    assert command.stderr.splitlines()[: len(lines)] == lines
    after = {p: p.read_bytes() for p in [*site.rglob("*"), *folder.rglob("*")] if p.is_file()}
    assert after == before
