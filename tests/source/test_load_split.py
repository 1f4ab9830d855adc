"""A large series is parsed by two processes (aictdata.source.load.SPLIT_FROM_BYTES): the
catalog, the problems and their order, and the cache it fills are those of one process."""

from __future__ import annotations

from pathlib import Path

import pytest

from aictdata.errors import DataError
from aictdata.source import load
from benchmarks.generate import write_series
from tests.conftest import edit


@pytest.fixture
def series(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Six editions of a generated series (about 210 KB), read without a cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    write_series(tmp_path / "editions", 600)
    return tmp_path / "editions"


def _load(folder: Path, monkeypatch: pytest.MonkeyPatch, *, split: bool) -> object:
    """The catalog (as JSON) or the problems (as printed) of `folder`, read from scratch,
    split between two processes or not; the split is seen to happen."""
    calls: list[int] = []

    def counted(items, work, weight):  # the real function, counted
        calls.append(len(items))
        return split_for_real(items, work, weight)

    split_for_real = load.in_two_processes
    monkeypatch.setattr(load, "in_two_processes", counted)
    monkeypatch.setattr(load, "SPLIT_FROM_BYTES", 1 if split else 10**12)
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder.parent / f"cache-{split}"))
    try:
        result: object = load.load_catalog(folder).model_dump_json()
    except DataError as error:
        result = [str(problem) for problem in error.problems]
    assert calls == ([6] if split else [])
    return result


def test_two_processes_read_the_same_catalog_and_fill_the_same_cache(series, monkeypatch):
    assert load.fork_pays(), "this machine has one core: the split is never tried"
    assert _load(series, monkeypatch, split=True) == _load(series, monkeypatch, split=False)
    kept = [series.parent / f"cache-{split}" / "aictdata" / "editions" for split in (True, False)]
    assert sorted(p.name for p in kept[0].iterdir()) == sorted(p.name for p in kept[1].iterdir())
    assert len(list(kept[0].iterdir())) == 6


def test_the_problems_of_both_halves_are_all_said_in_file_order(series, monkeypatch):
    edit(series / "e0001.yaml", ("timezone: Europe/Paris", "timezone: Europe/Nulle-part"))
    edit(series / "e0006.yaml", ("id: e0006", "id: e0066"))
    edit(series / "e0005.yaml", ("number: 5", "number: cinq"))
    problems = _load(series, monkeypatch, split=True)
    assert problems == _load(series, monkeypatch, split=False)
    assert isinstance(problems, list)
    assert [problem.split(":")[0] for problem in problems] == [
        str(series / name) for name in ("e0001.yaml", "e0005.yaml", "e0006.yaml")
    ]
