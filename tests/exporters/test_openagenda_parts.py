"""data/openagenda.json is series-wide, so every build writes it whole; an unchanged
edition's event lines are taken from what the previous build kept under its fingerprint
(aictdata/exporters/openagenda/export.py): the lines kept are used (altered in the cache,
the change shows), the changed edition's are made again, a removed slot (from the memory)
changes its edition's lines, and a rebuild writes the file a full build writes."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from aictdata.build.site import build_site
from aictdata.exporters.openagenda.export import PARTS_FOLDER
from aictdata.output import layout
from aictdata.source.load import load_catalog
from benchmarks.generate import DEFAULT_SEED, edition_document
from tests.exporters.test_datapackage_parts import write

SLOTS = 6


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "aictdata" / PARTS_FOLDER


def events_file(site: Path) -> str:
    return (site / layout.DATA_OPENAGENDA).read_text("utf-8")


def build_both(tmp_path: Path, documents: list[dict], memory: Path) -> tuple[str, str]:
    """A rebuild of `documents` (the memory recorded), then a full build of the same."""
    catalog = load_catalog(write(tmp_path / "editions", documents))
    build_site(catalog, tmp_path / "site", parallel=False, state_file=memory)
    build_site(
        catalog, tmp_path / "full", parallel=False, reuse=False, state_file=memory,
        record_state=False,
    )  # fmt: skip
    return events_file(tmp_path / "site"), events_file(tmp_path / "full")


def test_the_unchanged_editions_lines_are_taken_and_the_changed_ones_made(tmp_path, cache):
    documents = [edition_document(index, SLOTS, DEFAULT_SEED) for index in range(2)]
    memory = tmp_path / "calendar-state.json"
    build_both(tmp_path, documents, memory)
    kept = {entry: pickle.loads(entry.read_bytes()) for entry in cache.iterdir()}
    assert sorted(len(lines) for lines in kept.values()) == [SLOTS, SLOTS]
    unchanged = documents[1]["id"]
    for entry, lines in kept.items():
        if f'"{unchanged}.' in lines[0] or f"/{unchanged}/" in lines[0]:
            altered = [lines[0].replace('"body":{', '"body":{"altered":true,', 1), *lines[1:]]
            entry.write_bytes(pickle.dumps(altered))
    documents[0]["sessions"][0]["title"] += " (nouveau titre)"
    site, full = build_both(tmp_path, documents, memory)
    events = json.loads(site)["events"]
    assert sum(event["body"].get("altered", False) for event in events) == 1
    assert any("(nouveau titre)" in json.dumps(event, ensure_ascii=False) for event in events)
    assert len(list(cache.iterdir())) == 3  # the changed edition's lines, made again
    assert site.replace('"altered":true,', "") == full


def test_a_removed_slot_and_a_moved_one_rebuild_as_a_full_build_writes(tmp_path, cache):
    documents = [edition_document(index, SLOTS, DEFAULT_SEED) for index in range(3)]
    memory = tmp_path / "calendar-state.json"
    build_both(tmp_path, documents, memory)
    removed = documents[1]["sessions"].pop(2)
    documents[2]["sessions"][0]["start"] = "07:00"
    site, full = build_both(tmp_path, documents, memory)
    assert site == full
    (gone,) = [e for e in json.loads(site)["events"] if e["extId"].endswith(f".{removed['id']}")]
    assert gone["body"]["status"] == 6  # OpenAgenda's « annulé »
