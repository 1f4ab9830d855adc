"""The build's folder as the rest of the machine sees it: a web server reading site/
while it is rebuilt, the permissions a server needs, and the calendar memory when the
last step of a build fails.

The reader is another process (true parallelism on two cores, no GIL between it and the
build), opening site/index.html in a loop for as long as the rebuilds last.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from aictdata.build import site as build
from aictdata.build.site import build_site
from aictdata.errors import BuildError
from aictdata.memory.state import state_path
from aictdata.source.load import load_catalog
from tests.conftest import MINIMAL, edit

REBUILDS = 40

READER = textwrap.dedent(
    """
    import os, sys, time
    page, stop, ready = sys.argv[1], sys.argv[2], sys.argv[3]
    opened = missing = 0
    open(ready, "w").close()
    while not os.path.exists(stop):
        try:
            with open(page, "rb") as handle:
                handle.read(1)
            opened += 1
        except FileNotFoundError:
            missing += 1
    print(opened, missing)
    """
)


@pytest.fixture
def editions(tmp_path: Path) -> Path:
    folder = tmp_path / "editions"
    shutil.copytree(MINIMAL, folder)
    return folder


def test_site_is_never_missing_for_a_reader_during_rebuilds(editions, tmp_path):
    site = tmp_path / "site"
    catalog = load_catalog(editions)
    build_site(catalog, site, only=["html"])
    stop, ready = tmp_path / "stop", tmp_path / "ready"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(site / "index.html"), str(stop), str(ready)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        while not ready.exists() and reader.poll() is None:
            pass
        for _ in range(REBUILDS):
            build_site(catalog, site, only=["html"])
    finally:
        stop.touch()
        output, _ = reader.communicate(timeout=60)
    opened, missing = map(int, output.split())
    assert opened > 0
    assert missing == 0, f"site/index.html missing {missing} times in {REBUILDS} rebuilds"


@pytest.mark.parametrize("umask", [0o077, 0o027, 0o002])
def test_site_is_0755_and_its_files_0644_whatever_the_umask(editions, tmp_path, umask):
    site = tmp_path / "site"
    previous = os.umask(umask)
    try:
        build_site(load_catalog(editions), site, state_file=state_path(editions))
    finally:
        os.umask(previous)
    wrong = []
    for path in [site, *site.rglob("*")]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        expected = 0o755 if path.is_dir() else 0o644
        if mode != expected:
            wrong.append(f"{path.relative_to(site.parent)} {mode:o}")
    assert not wrong, wrong[:10]


def test_calendar_memory_is_byte_identical_when_the_swap_fails(editions, tmp_path, monkeypatch):
    site = tmp_path / "site"
    build_site(load_catalog(editions), site, state_file=state_path(editions))
    memory = state_path(editions).read_bytes()
    edit(
        editions / "2030.yaml",
        ("title: Accueil", "title: Accueil café"),
        ("updated: 2030-01-01T00:00:00+01:00", "updated: 2030-02-01T00:00:00+01:00"),
    )

    def failing_exchange(first: Path, second: Path) -> bool:
        raise OSError(errno.EIO, "input/output error", str(second))

    monkeypatch.setattr(build, "_exchange", failing_exchange)
    with pytest.raises(BuildError):
        build_site(load_catalog(editions), site, state_file=state_path(editions))
    assert state_path(editions).read_bytes() == memory
    monkeypatch.undo()
    build_site(load_catalog(editions), site, state_file=state_path(editions))
    assert state_path(editions).read_bytes() != memory  # the change was worth recording
