"""The site a rebuild replaces is removed by the next build, while its exporters run, when
most of its files are the new site's own (hard links): the unlinking is otherwise all of
a rebuild's last wait. A build that linked little removes it at once, and a site left so
is never taken for one to put back (`build.site._retire`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from aictdata.build.site import build_site
from aictdata.source.load import load_catalog
from benchmarks.generate import DEFAULT_SEED, _dump, edition_document, series_document

EDITIONS = 4
SLOTS = 20
PARALLEL = pytest.mark.parametrize("parallel", [False, True], ids=["one process", "two processes"])


def _write(folder: Path, documents: list[dict[str, Any]]) -> None:
    folder.mkdir(exist_ok=True)
    _dump(folder / "series.yaml", series_document())
    for document in documents:
        _dump(folder / f"{document['id']}.yaml", document)


def _retitle(folder: Path, documents: list[dict[str, Any]], step: int) -> None:
    """One slot of the first edition retitled, as the organiser would."""
    documents[0]["sessions"][step]["title"] += f" (modifié {step})"
    _write(folder, documents)


def _retired(root: Path) -> list[Path]:
    return sorted(root.glob(".site.retired-*"))


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@PARALLEL
def test_a_rebuild_leaves_the_site_it_replaced_for_the_next_build_to_remove(tmp_path, parallel):
    series, site = tmp_path / "editions", tmp_path / "site"
    documents = [edition_document(index, SLOTS, DEFAULT_SEED) for index in range(EDITIONS)]
    _write(series, documents)
    build_site(load_catalog(series), site, parallel=parallel)
    assert _retired(tmp_path) == []  # nothing was replaced
    published = (site / "manifest.json").read_bytes()

    _retitle(series, documents, 0)
    report = build_site(load_catalog(series), site, parallel=parallel)
    assert len(report.kept) == EDITIONS - 1
    (left,) = _retired(tmp_path)
    assert (left / "manifest.json").read_bytes() == published  # the site it replaced, whole
    assert sorted(
        p.name for p in tmp_path.iterdir() if not p.name.startswith(".site.retired-")
    ) == [
        "editions",
        "site",
    ]
    published = (site / "manifest.json").read_bytes()

    _retitle(series, documents, 1)
    build_site(load_catalog(series), site, parallel=parallel)
    (now,) = _retired(tmp_path)  # the one left before is gone, this build's is left
    assert now != left and not left.exists()
    assert (now / "manifest.json").read_bytes() == published
    full = tmp_path / "full"
    build_site(load_catalog(series), full, parallel=False, reuse=False)
    assert _tree(site) == _tree(full)

    # A full build shares no file with the site it replaces: that one goes at once.
    build_site(load_catalog(series), site, parallel=parallel, reuse=False)
    assert _retired(tmp_path) == []


@PARALLEL
def test_a_build_that_kept_little_removes_the_old_site_at_once(tmp_path, parallel):
    series, site = tmp_path / "editions", tmp_path / "site"
    documents = [edition_document(index, SLOTS, DEFAULT_SEED) for index in range(EDITIONS)]
    _write(series, documents)
    build_site(load_catalog(series), site, parallel=parallel)
    for document in documents:  # every edition changed: none is kept
        document["sessions"][0]["title"] += " (modifié)"
    _write(series, documents)
    report = build_site(load_catalog(series), site, parallel=parallel)
    assert report.kept == frozenset()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["editions", "site"]


def test_a_site_left_for_removal_is_never_put_back(tmp_path):
    """A build killed between the two renames of a swap leaves no site/ but .site.old-*,
    which the next build puts back; a site left for removal is not one of those, even
    when it is the only folder there."""
    series, site = tmp_path / "editions", tmp_path / "site"
    documents = [edition_document(index, SLOTS, DEFAULT_SEED) for index in range(EDITIONS)]
    _write(series, documents)
    build_site(load_catalog(series), site)
    marker = site / "left-for-removal.txt"
    marker.write_text("retired\n")
    site.rename(tmp_path / ".site.retired-abc123")
    build_site(load_catalog(series), site)
    assert not (site / "left-for-removal.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["editions", "site"]
