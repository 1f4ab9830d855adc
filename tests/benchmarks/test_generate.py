"""The benchmark's synthetic series: valid for the real loader, and reproducible."""

from __future__ import annotations

from pathlib import Path

from aictdata.source.load import load_catalog
from benchmarks.generate import SLOTS_PER_EDITION, write_series


def test_generated_series_loads_with_every_slot(tmp_path: Path) -> None:
    write_series(tmp_path, 2 * SLOTS_PER_EDITION + 7, seed=1)

    catalog = load_catalog(tmp_path)

    assert [len(e.sessions) for e in catalog.editions] == [SLOTS_PER_EDITION] * 2 + [7]
    assert [e.id for e in catalog.editions] == [p.stem for p in sorted(tmp_path.glob("e*.yaml"))]


def test_slots_stay_on_weekdays_away_from_clock_changes(tmp_path: Path) -> None:
    write_series(tmp_path, 3 * SLOTS_PER_EDITION, seed=2)

    for _, session in load_catalog(tmp_path).sessions():
        assert session.date.weekday() < 4
        assert session.starts_at.hour >= 8 and session.ends_at.hour < 19


def test_text_carries_what_exporters_must_escape(tmp_path: Path) -> None:
    write_series(tmp_path, SLOTS_PER_EDITION, seed=3)
    sessions = [s for _, s in load_catalog(tmp_path).sessions()]
    text = "".join(f"{s.title}{s.description or ''}{s.place or ''}" for s in sessions)

    for character in (";", ",", ":", "\\", "\n", "«", "é"):
        assert character in text


def test_same_seed_writes_the_same_bytes(tmp_path: Path) -> None:
    first = write_series(tmp_path / "a", 150, seed=4)
    second = write_series(tmp_path / "b", 150, seed=4)
    other = write_series(tmp_path / "c", 150, seed=5)

    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    assert [p.read_bytes() for p in first] != [p.read_bytes() for p in other]


def test_a_larger_series_begins_with_the_smaller_one(tmp_path: Path) -> None:
    small = write_series(tmp_path / "small", SLOTS_PER_EDITION, seed=6)
    large = write_series(tmp_path / "large", 10 * SLOTS_PER_EDITION, seed=6)

    assert [p.read_bytes() for p in small] == [p.read_bytes() for p in large[:2]]
