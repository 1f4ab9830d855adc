"""The largest tables of the data package (a row per slot, per speaker) are written
edition by edition, and an unchanged edition's part is taken from what the previous build
kept (aictdata/exporters/datapackage/parts.py): a rebuild writes the package a full build
writes, and the parts kept are used (a part altered in the cache shows in the next
rebuild), remade for the edition that changed, never kept when one of their rows can only
be written cell by cell, and made again when damaged; each edition's JSON likewise.
"""

from __future__ import annotations

import pickle
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from aictdata.build.site import build_site
from aictdata.exporters.datapackage.parts import FOLDER, JSON_FOLDER, Part
from aictdata.source.load import load_catalog
from benchmarks.generate import DEFAULT_SEED, _dump, edition_document, series_document
from tests.conftest import REAL_EDITIONS

SLOTS = 12


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "aictdata" / FOLDER


def write(folder: Path, documents: list[dict[str, Any]]) -> Path:
    folder.mkdir(exist_ok=True)
    _dump(folder / "series.yaml", series_document())
    for document in documents:
        _dump(folder / f"{document['id']}.yaml", document)
    return folder


def data(site: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(site)): path.read_bytes()
        for path in sorted((site / "data").rglob("*"))
        if path.is_file()
    }


def kept_parts(cache: Path) -> dict[Path, Part]:
    return {entry: pickle.loads(entry.read_bytes()) for entry in sorted(cache.iterdir())}


def rebuild_and_full_build(tmp_path: Path, documents: list[dict[str, Any]]) -> tuple[Path, Path]:
    catalog = load_catalog(write(tmp_path / "editions", documents))
    build_site(catalog, tmp_path / "site", parallel=False)
    build_site(catalog, tmp_path / "full", parallel=False, reuse=False)
    return tmp_path / "site", tmp_path / "full"


def test_a_rebuild_takes_the_unchanged_editions_parts_and_remakes_the_changed_ones(tmp_path, cache):
    documents = [edition_document(index, SLOTS, DEFAULT_SEED) for index in range(2)]
    unchanged = documents[1]["id"]
    build_site(load_catalog(write(tmp_path / "editions", documents)), tmp_path / "site")
    parts = kept_parts(cache)
    assert len(parts) == 4  # two tables, two editions

    # Alter what was kept of the unchanged edition's slots: the rebuild must show it.
    for entry, part in parts.items():
        slots = b"https://" in part.plain  # a slot's row has its address, a speaker's not
        if slots and part.plain.startswith(f"{unchanged},".encode()):
            altered = part.plain.replace(f"{unchanged},".encode(), b"ALTERED,", 1)
            entry.write_bytes(pickle.dumps(Part(part.count, altered, part.excel, part.rows)))
    documents[0]["sessions"][0]["title"] += " (nouveau titre)"
    site, _ = rebuild_and_full_build(tmp_path, documents)

    sessions = (site / "data" / "sessions.csv").read_text("utf-8")
    assert "ALTERED," in sessions
    assert "(nouveau titre)" in sessions
    assert sessions.count("ALTERED,") == 1
    assert len(kept_parts(cache)) == 6  # the changed edition's two parts, made again


def test_a_rebuild_writes_the_package_of_a_full_build(tmp_path, cache):
    documents = [edition_document(index, SLOTS, DEFAULT_SEED) for index in range(3)]
    build_site(load_catalog(write(tmp_path / "editions", documents)), tmp_path / "site")
    documents[1]["sessions"][2]["start"] = "07:00"
    documents[2]["sessions"][0]["speakers"] = ["Une intervenante", "Un intervenant"]
    site, full = rebuild_and_full_build(tmp_path, documents)
    assert data(site) == data(full)


def test_a_part_with_a_row_written_cell_by_cell_is_not_kept(tmp_path, cache):
    documents = [edition_document(index, SLOTS, DEFAULT_SEED) for index in range(2)]
    # Longer than half a cell's limit: XlsxWriter checks it cell by cell.
    documents[0]["sessions"][0]["description"] = "é" * 20_000
    site, full = rebuild_and_full_build(tmp_path, documents)
    assert len(kept_parts(cache)) == 3  # all but the long text's edition's slots
    assert data(site) == data(full)
    site, full = rebuild_and_full_build(tmp_path, documents)
    assert data(site) == data(full)


def test_a_damaged_part_is_made_again(tmp_path, cache):
    documents = [edition_document(index, SLOTS, DEFAULT_SEED) for index in range(2)]
    build_site(load_catalog(write(tmp_path / "editions", documents)), tmp_path / "site")
    for entry in cache.iterdir():
        entry.write_bytes(entry.read_bytes()[:20])
    site, full = rebuild_and_full_build(tmp_path, documents)
    assert data(site) == data(full)


def test_a_rebuild_takes_the_unchanged_editions_json_and_remakes_the_changed_ones(tmp_path, cache):
    documents = [edition_document(index, SLOTS, DEFAULT_SEED) for index in range(2)]
    changed, unchanged = documents[0]["id"], documents[1]["id"]
    build_site(load_catalog(write(tmp_path / "editions", documents)), tmp_path / "site")
    texts = cache.parent / JSON_FOLDER
    entries = sorted(texts.iterdir())
    assert len(entries) == 2
    # Alter what was kept of the unchanged edition: the rebuild must show it.
    for entry in entries:
        text = pickle.loads(entry.read_bytes())
        if f'"id":"{unchanged}"' in text:
            entry.write_bytes(pickle.dumps(text.replace(unchanged, "ALTERED", 1)))
    documents[0]["sessions"][0]["title"] += " (nouveau titre)"
    site, full = rebuild_and_full_build(tmp_path, documents)

    whole = (site / "data" / "editions.json").read_text("utf-8")
    assert whole.count("ALTERED") == 1
    assert "(nouveau titre)" in whole
    assert "ALTERED" in (site / "data" / "editions" / f"{unchanged}.json").read_text("utf-8")
    assert "(nouveau titre)" in (site / "data" / "editions" / f"{changed}.json").read_text("utf-8")
    assert "ALTERED" not in (full / "data" / "editions.json").read_text("utf-8")
    assert len(list(texts.iterdir())) == 3  # the changed edition's, made again


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_readmes_days_kept_between_builds_are_those_of_the_days_now(tmp_path, cache, lang):
    """The README's edition days are kept for the same days (Babel is slow at spans): an
    edition whose days change is given its new ones, in each language."""
    from aictdata.exporters.datapackage.readme import _days
    from aictdata.words.outputs import Words

    catalog = load_catalog(REAL_EDITIONS)
    first = catalog.editions[0]
    longer = first.model_copy(update={"start_date": first.start_date - timedelta(days=1)})
    changed = catalog.model_copy(update={"editions": [longer, *catalog.editions[1:]]})
    for edition_days in (catalog, changed, catalog):
        expected = [Words(lang).dates(edition) for edition in edition_days.editions]
        assert _days(edition_days, Words(lang)) == expected
    assert _days(changed, Words(lang))[0] != _days(catalog, Words(lang))[0]
