"""A memory read back from bytes a build wrote is advanced only where an edition changed
(`CalendarState.settled`, kept in the cache by `memory.kept`), with the bytes of a full
advance; bytes of any other origin are still checked in full.

The series are the benchmarks' synthetic ones, changed as an organiser would change them
(tests/output/test_previous.py), advanced twice side by side: once with this run's
cache, which keeps what each written memory settles, and once reading each memory
from an empty cache, so every edition is advanced and every check runs.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from aictdata.errors import DataError
from aictdata.memory import kept
from aictdata.memory.state import advance, edition_contents, settle
from aictdata.memory.store import read_state
from aictdata.memory.text import seal, write_state
from aictdata.source.load import load_catalog
from benchmarks.generate import DEFAULT_SEED, edition_document
from tests.output.test_previous import CHANGES, _change, _write

SLOTS = 20
EDITIONS = 3
STAMP = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@contextmanager
def empty_cache() -> Iterator[None]:
    """An empty cache folder for this block: nothing read here was kept before."""
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", folder)
        yield


def series(root: Path) -> tuple[Path, list[dict]]:
    documents = [edition_document(index, SLOTS, DEFAULT_SEED) for index in range(EDITIONS)]
    folder = root / "editions"
    folder.mkdir()
    _write(folder, documents)
    return folder, documents


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
)
@given(CHANGES)
def test_advancing_only_the_changed_editions_writes_the_memory_of_a_full_advance(changes):
    with tempfile.TemporaryDirectory() as work:
        folder, documents = series(Path(work))
        warm, cold = Path(work) / "warm.json", Path(work) / "cold.json"
        for step, change in enumerate([None, *changes]):
            if change:
                _change(documents, *change)
                _write(folder, documents)
            catalog = load_catalog(folder)
            stamp = STAMP + timedelta(days=step)
            ids = catalog_ids(catalog)
            previous = read_state(warm)
            if step:  # what the last write settled: every edition, as it was then
                assert previous is not None and set(previous.settled) == set(ids)
            state = advance(previous, catalog, stamp)
            held = state.held(ids)  # as a build's fingerprints ask, before the write
            write_state(warm, state)
            with empty_cache():
                previous = read_state(cold)
                assert previous is None or not (previous.settled or previous.recorded)
                state = advance(previous, catalog, stamp)
                assert state.held(ids) == held
                write_state(cold, state)
            assert warm.read_bytes() == cold.read_bytes()
            assert replace(state).held(ids) == held  # every edition made from its records


def catalog_ids(catalog) -> list[str]:
    return [edition.id for edition in catalog.editions]


def test_a_settled_edition_is_taken_as_it_is_and_a_replaced_memory_settles_nothing(tmp_path):
    folder, _documents = series(tmp_path)
    catalog = load_catalog(folder)
    published = advance(None, catalog, STAMP)
    assert published.settled == edition_contents(catalog)
    uid, record = next(iter(published.slots.items()))
    doctored = replace(published, slots={**published.slots, uid: replace(record, title="Autre")})
    assert doctored.settled == {}  # other records: nothing is known of them
    # Told that the memory holds the advance of this content, advance believes it, and
    # what it holds of each edition is what it was told...
    ids = catalog_ids(catalog)
    told = settle(replace(doctored), published.settled, published.held(ids))
    believed = advance(told, catalog, STAMP)
    assert believed.slots[uid].title == "Autre"
    assert believed.slots[uid].sequence == 0
    assert believed.held(ids) == published.held(ids)
    assert replace(believed).held(ids) != published.held(ids)  # made from the records
    # ... and told nothing, it advances every edition, which puts the title back.
    advanced = advance(doctored, catalog, STAMP)
    assert advanced.slots[uid].title == record.title
    assert advanced.slots[uid].sequence == 1


def test_bytes_a_build_wrote_are_read_without_the_checks_and_give_the_same_memory(tmp_path):
    folder, documents = series(tmp_path)
    path = tmp_path / "calendar-state.json"
    write_state(path, advance(None, load_catalog(folder), STAMP))
    documents[1]["sessions"][0]["title"] += " (déplacé)"
    _write(folder, documents)
    catalog = load_catalog(folder)
    write_state(path, advance(read_state(path), catalog, STAMP + timedelta(days=1)))
    trusted = read_state(path)
    with empty_cache():
        checked = read_state(path)
    assert trusted is not None and checked is not None
    assert trusted.settled == edition_contents(catalog)
    assert checked.settled == {}
    for name in ("slots", "editions", "numbers"):  # the same values, types and order
        assert repr(list(getattr(trusted, name).items())) == repr(
            list(getattr(checked, name).items())
        )
    assert repr(trusted.versions) == repr(checked.versions) and trusted.versions
    assert trusted.english == checked.english
    assert seal(trusted) == seal(checked)


def test_the_shortcut_is_keyed_by_the_bytes_alone(tmp_path):
    folder, _documents = series(tmp_path)
    path = tmp_path / "calendar-state.json"
    write_state(path, advance(None, load_catalog(folder), STAMP))
    written = path.read_bytes()
    # The same bytes with one SEQUENCE raised by hand: checked, and refused at the seal.
    path.write_bytes(written.replace(b'"sequence": 0', b'"sequence": 7', 1))
    with pytest.raises(DataError, match="does not match its seal"):
        read_state(path)
    # What the cache says of bytes is believed as it is (the cache is the user's own, as
    # pyc files are): kept for those very bytes, the same edit reads without its check.
    kept.keep(kept.digest((path.read_bytes(),)), {}, {})
    assert read_state(path) is not None
