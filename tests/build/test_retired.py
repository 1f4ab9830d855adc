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


def _first_build(tmp_path: Path, parallel: bool = True) -> tuple[Path, Path, list[dict[str, Any]]]:
    """A series of `EDITIONS` synthetic editions built once: (series, site, documents)."""
    series, site = tmp_path / "editions", tmp_path / "site"
    documents = [edition_document(index, SLOTS, DEFAULT_SEED) for index in range(EDITIONS)]
    _write(series, documents)
    build_site(load_catalog(series), site, parallel=parallel)
    return series, site, documents


@PARALLEL
def test_a_rebuild_leaves_the_site_it_replaced_for_the_next_build_to_remove(tmp_path, parallel):
    series, site, documents = _first_build(tmp_path, parallel)
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
    series, site, documents = _first_build(tmp_path, parallel)
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
    series, site, _documents = _first_build(tmp_path)
    marker = site / "left-for-removal.txt"
    marker.write_text("retired\n")
    site.rename(tmp_path / ".site.retired-abc123")
    build_site(load_catalog(series), site)
    assert not (site / "left-for-removal.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["editions", "site"]


def _two_rebuilds(tmp_path: Path, parallel: bool) -> tuple[Path, Path, list[dict[str, Any]], Path]:
    """A site built, then rebuilt after a change in the first edition: the site it
    replaced is left beside it; returns (series, site, documents, that retired site)."""
    series, site, documents = _first_build(tmp_path, parallel)
    _retitle(series, documents, 0)
    build_site(load_catalog(series), site, parallel=parallel)
    (left,) = _retired(tmp_path)
    return series, site, documents, left


def _same_as_full(tmp_path: Path, series: Path, site: Path) -> None:
    full = tmp_path / "full"
    build_site(load_catalog(series), full, parallel=False, reuse=False)
    assert _tree(site) == _tree(full)


@PARALLEL
def test_the_unchanged_editions_folders_are_taken_whole_from_the_site_left(tmp_path, parallel):
    series, site, documents, left = _two_rebuilds(tmp_path, parallel)
    other = documents[1]["id"]
    folder = (left / other).stat().st_ino, (left / "en" / other).stat().st_ino
    linked_before = (site / other).stat().st_ino
    _retitle(series, documents, 1)
    report = build_site(load_catalog(series), site, parallel=parallel)
    assert other in report.kept
    # The very folders (a link would have made new ones), and no longer where they were.
    assert ((site / other).stat().st_ino, (site / "en" / other).stat().st_ino) == folder
    assert (site / other).stat().st_ino != linked_before
    assert not left.exists()
    _same_as_full(tmp_path, series, site)


def _added(left: Path, other: str) -> None:
    (left / other / "ajout-a-la-main.html").write_text("<p>ajouté</p>\n")


def _replaced(left: Path, other: str) -> None:
    """Another file in its place: the published one (a shared inode) is left as it was."""
    victim = next((left / other / "sessions").iterdir())
    data = victim.read_bytes()
    victim.unlink()
    victim.write_bytes(data.replace(b"a", b"b", 1))
    victim.chmod(0o644)


def _symlinked(left: Path, other: str) -> None:
    victim = next((left / other / "sessions").iterdir())
    copy = left / "ailleurs.ics"
    copy.write_bytes(victim.read_bytes())
    victim.unlink()
    victim.symlink_to(copy)


def _renamed(left: Path, other: str) -> None:
    """As many files as listed, one of them under another name."""
    victim = next((left / other / "sessions").iterdir())
    victim.rename(victim.with_name("autre-nom.ics"))


def _folder_elsewhere(left: Path, other: str) -> None:
    """The edition's folder a symbolic link to a copy of it, as it was, elsewhere."""
    elsewhere = left.parent / "ailleurs"
    (left / other).rename(elsewhere)
    (left / other).symlink_to(elsewhere, target_is_directory=True)


def _loose_folder(left: Path, other: str) -> None:
    """A folder anyone may write into."""
    (left / other / "sessions").chmod(0o777)


def _removed(left: Path, other: str) -> None:
    next((left / other / "sessions").iterdir()).unlink()


def _no_note(left: Path, other: str) -> None:
    (left / ".aictdata-retired.json").write_text("{ pas une note")


@PARALLEL
@pytest.mark.parametrize(
    "spoil",
    [_added, _removed, _renamed, _replaced, _symlinked, _folder_elsewhere, _loose_folder, _no_note],
    ids=lambda f: f.__name__,
)
def test_a_folder_left_that_is_not_exactly_as_built_is_not_taken(tmp_path, parallel, spoil):
    """What was changed in the site left is not published: its files are linked from the
    published site instead (a folder's inode cannot tell: a removed folder's number is
    given to the next one made)."""
    series, site, documents, left = _two_rebuilds(tmp_path, parallel)
    other = documents[1]["id"]
    spoil(left, other)
    _retitle(series, documents, 1)
    report = build_site(load_catalog(series), site, parallel=parallel)
    assert other in report.kept
    assert not left.exists()
    assert not [path for path in site.rglob("*") if path.is_symlink()]
    assert not (site / other / "ajout-a-la-main.html").exists()
    modes = {oct(p.stat().st_mode & 0o777) for p in site.rglob("*") if p.is_dir()}
    assert modes == {oct(0o755)}
    _same_as_full(tmp_path, series, site)


@PARALLEL
def test_an_edition_changed_since_the_site_left_is_not_taken_from_it(tmp_path, parallel):
    """The site left holds an older version of an edition that the last build changed and
    this one does not: its note's fingerprint is not this build's, so its folder stays."""
    series, site, documents = _first_build(tmp_path, parallel)
    _retitle(series, documents, 0)
    build_site(load_catalog(series), site, parallel=parallel)  # the first site is left
    # Every file of the edition keeps its size: only what the note says tells them apart.
    title = documents[1]["sessions"][0]["title"]
    documents[1]["sessions"][0]["title"] = title.replace("e", "a", 1)
    assert documents[1]["sessions"][0]["title"] != title
    _write(series, documents)
    build_site(load_catalog(series), site, parallel=parallel)  # the second site is left
    _retitle(series, documents, 2)  # the second edition now unchanged since, not before
    report = build_site(load_catalog(series), site, parallel=parallel)
    assert documents[1]["id"] in report.kept
    _same_as_full(tmp_path, series, site)
