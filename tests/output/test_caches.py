"""What is kept between runs in the user's cache folder (aictdata.output.caches): made
once, taken back while nothing that made it changed, and only ever a shortcut."""

from __future__ import annotations

from pathlib import Path

import pytest

from aictdata.output.caches import remembered


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "aictdata" / "results"


def _counting() -> tuple[list[int], object]:
    calls: list[int] = []

    def make() -> dict[str, int]:
        calls.append(1)
        return {"made": len(calls)}

    return calls, make


def test_a_result_is_made_once_and_taken_back_after(folder):
    calls, make = _counting()
    assert remembered("thing", ("a",), ("pydantic",), make) == {"made": 1}
    assert remembered("thing", ("a",), ("pydantic",), make) == {"made": 1}
    assert len(calls) == 1
    # another input is another entry
    assert remembered("thing", ("b",), ("pydantic",), make) == {"made": 2}
    assert len(list(folder.iterdir())) == 2


def test_a_damaged_entry_is_made_again(folder):
    _, make = _counting()
    remembered("thing", (), (), make)
    (entry,) = folder.iterdir()
    entry.write_bytes(b"\x80\x05not a pickle")
    assert remembered("thing", (), (), make) == {"made": 2}
    assert remembered("thing", (), (), make) == {"made": 2}


def test_without_a_cache_folder_the_result_is_still_made(tmp_path, monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    _, make = _counting()
    assert remembered("thing", (), (), make) == {"made": 1}
    assert remembered("thing", (), (), make) == {"made": 2}
    assert blocked.read_text(encoding="utf-8") == "not a folder"
