"""A build reuses, by hard link, the published files it would write again unchanged, and
its site is byte for byte the site a full build writes, after any sequence of changes.

The series are the benchmarks' synthetic ones (two editions of 100 slots, French text
with every character the exporters escape), changed as an organiser would change them
(a slot retitled, moved or removed, an edition retitled), then built in place as the
published site is, in two processes (the forked side reuses too), and built afresh with
`reuse=False` into a new folder: every file, its bytes and its mode, must agree.
"""

from __future__ import annotations

import os
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from aictdata.build.site import build_site
from aictdata.cli import cli
from aictdata.source.load import load_catalog
from benchmarks.generate import DEFAULT_SEED, _dump, edition_document, series_document
from tests.conftest import FIXTURES, MINIMAL

SLOTS = 100
EDITIONS = 2


def _tree(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `folder`: its bytes and its mode."""
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mode)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _inodes(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


def _write(folder: Path, documents: list[dict[str, Any]]) -> None:
    _dump(folder / "series.yaml", series_document())
    for document in documents:
        _dump(folder / f"{document['id']}.yaml", document)


def _later(text: str, hours: int) -> str:
    """ "08:00" -> "09:00" for one hour."""
    time = datetime.strptime(text, "%H:%M").time()
    return f"{datetime.combine(date.min, time) + timedelta(hours=hours):%H:%M}"


def _change(documents: list[dict[str, Any]], kind: str, which: int) -> None:
    """Change one edition of `documents` as an organiser would."""
    edition = documents[which % len(documents)]
    sessions = edition["sessions"]
    session = sessions[which % len(sessions)]
    if kind == "retitle":
        session["title"] += " (nouveau titre ; « bis »)"
    elif kind == "move":
        session["start"], session["end"] = _later(session["start"], 1), _later(session["end"], 1)
    elif kind == "drop" and len(sessions) > 1:
        sessions.remove(session)
    elif kind == "edition":
        edition["title"] += " — mis à jour"


CHANGES = st.lists(
    st.tuples(st.sampled_from(["retitle", "move", "drop", "edition"]), st.integers(0, 10_000)),
    min_size=1,
    max_size=3,
)


@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=(Phase.explicit, Phase.reuse, Phase.generate),  # shrinking would rebuild for minutes
)
@given(CHANGES)
def test_a_rebuild_after_any_changes_writes_the_bytes_of_a_full_build(changes):
    documents = [edition_document(index, SLOTS, DEFAULT_SEED) for index in range(EDITIONS)]
    with tempfile.TemporaryDirectory() as work:
        root = Path(work)
        series, site = root / "editions", root / "site"
        series.mkdir()
        _write(series, documents)
        build_site(load_catalog(series), site, parallel=True)
        for step, (kind, which) in enumerate(changes):
            _change(documents, kind, which)
            _write(series, documents)
            catalog = load_catalog(series)
            before = _inodes(site)
            report = build_site(catalog, site, parallel=True)
            full = root / f"full-{step}"
            build_site(catalog, full, parallel=False, reuse=False)
            assert _tree(site) == _tree(full)
            after = _inodes(site)
            # The one-slot files of the edition left alone were linked, not written.
            other = documents[(which + 1) % len(documents)]["id"]
            untouched = {path for path in after if path.startswith(f"{other}/sessions/")}
            assert untouched
            assert {path for path in untouched if before.get(path) == after[path]} == untouched
            # ... and not even made again: its own files came whole from the previous site.
            assert other in report.kept
            assert documents[which % len(documents)]["id"] not in report.kept


def test_unchanged_files_are_links_to_the_published_ones_unless_full(tmp_path):
    site = tmp_path / "site"
    runner = CliRunner()
    build = ["build", str(MINIMAL), "--out", str(site)]
    assert runner.invoke(cli, build).exit_code == 0
    first = _inodes(site)
    assert runner.invoke(cli, build).exit_code == 0
    again = _inodes(site)
    linked = {path for path in again if first.get(path) == again[path]}
    # Every file written whole is linked; the few streamed ones (the series-wide feed and
    # tables) and the manifest are written.
    assert {p for p in again if "/sessions/" in p or p.endswith((".html", ".png"))} <= linked
    assert "manifest.json" not in linked
    assert runner.invoke(cli, [*build, "--full"]).exit_code == 0
    assert not {path for path, inode in _inodes(site).items() if again.get(path) == inode}


@pytest.mark.parametrize("parallel", [False, True], ids=["one process", "two processes"])
def test_a_published_file_changed_since_is_written_again(tmp_path, parallel):
    """Edited in place (same size), replaced by a symbolic link, made writable by all:
    none of them is reused, and the published copy is not what the new site shows. The
    links are checked while the other process exports: the build starts again, with the
    edition made anew."""
    site = tmp_path / "site"
    build_site(load_catalog(MINIMAL), site)
    built = _tree(site)
    edited, linked, loose = (
        site / "2030" / "sessions" / "accueil.ics",
        site / "robots.txt",
        site / "2030" / "index.html",
    )
    edited.write_bytes(edited.read_bytes().replace(b"BEGIN:VEVENT", b"BEGIN:VTODO!", 1))
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_bytes(linked.read_bytes())
    linked.unlink()
    linked.symlink_to(elsewhere)
    loose.chmod(0o666)
    report = build_site(load_catalog(MINIMAL), site, parallel=parallel)
    assert "2030" not in report.kept
    assert _tree(site) == built
    assert sorted(path.name for path in tmp_path.iterdir()) == ["elsewhere.txt", "site"]
    assert not (site / "robots.txt").is_symlink()
    assert os.stat(elsewhere).st_nlink == 1


def test_every_edition_changed_since_is_made_again_in_one_more_round(tmp_path, monkeypatch):
    """The links are checked while the exporters run: every kept edition with a file not
    as its build left it is named at once, and the build is made once more, not once per
    edition; the tree is the full build's."""
    from aictdata.build import site as site_module

    editions = FIXTURES / "two-editions"
    site = tmp_path / "site"
    build_site(load_catalog(editions), site, parallel=False)
    built = _tree(site)
    ids = sorted(path.name for path in site.iterdir() if path.name[:1].isdigit())
    assert len(ids) == 2
    for edition in ids:
        (site / edition / "index.html").chmod(0o600)
    rounds = []
    staged = site_module._staged
    monkeypatch.setattr(
        site_module, "_staged", lambda *a, **k: rounds.append(a[-1]) or staged(*a, **k)
    )
    report = build_site(load_catalog(editions), site, parallel=False)
    assert rounds == [frozenset(), frozenset(ids)]
    assert report.kept == frozenset()
    assert _tree(site) == built


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_an_edition_with_another_users_file_is_made_again(tmp_path):
    """A file of another owner may not be linked (fs.protected_hardlinks): its edition is
    made again rather than kept, since the links are made once the exporters have already
    skipped the kept editions."""
    site = tmp_path / "site"
    build_site(load_catalog(MINIMAL), site)
    built = _tree(site)
    os.chown(site / "2030" / "index.html", 65534, 65534)
    report = build_site(load_catalog(MINIMAL), site)
    assert "2030" not in report.kept
    assert _tree(site) == built
