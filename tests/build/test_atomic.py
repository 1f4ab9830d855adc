"""Atomic builds: a failing build between two good builds leaves the first build's files
byte-for-byte in place (proven by the SHA-256 of every file), and nothing beside them.

The failures are real ones: invalid data through the real CLI, an extra exporter that
raises after writing (registered in the real registry: what is under test is the build's
atomicity, not the exporter), a real full disk on a tiny tmpfs (and, where mounting is
not permitted, ENOSPC raised by the writer), a build killed with SIGKILL.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from aictdata import exporters
from aictdata.build import site as build
from aictdata.build.site import build_site
from aictdata.cli import cli
from aictdata.errors import BuildError
from aictdata.exporters import Exporter
from aictdata.memory.state import state_path
from aictdata.output.writer import SiteWriter
from aictdata.source.load import load_catalog
from tests.conftest import MINIMAL, ROOT

FAILING = Exporter("failing", "writes one file, then fails", "tests.build.test_atomic")
CALLS: list[str] = []


def export(catalog: object, site: SiteWriter, context: object) -> None:
    """The failing exporter's entry point: a half-written output, then an exception."""
    site.write_text("zz-partial/half.txt", "half of an output")
    CALLS.append("wrote")
    raise RuntimeError("exporter bug in the middle of a build")


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file under `folder`, hidden ones included, with its SHA-256."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """tmp/editions (the minimal series) and a first good build in tmp/site."""
    editions = tmp_path / "editions"
    shutil.copytree(MINIMAL, editions)
    build_site(load_catalog(editions), tmp_path / "site", state_file=state_path(editions))
    return tmp_path


def snapshot(project: Path) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """The site, the editions (with the calendar memory) and what lies beside them."""
    return (
        fingerprint(project / "site"),
        fingerprint(project / "editions"),
        sorted(p.name for p in project.iterdir()),
    )


def rename_a_slot(project: Path) -> None:
    """Retitle a slot and move `updated` on, as an organiser does (a change under the old
    `updated` is refused by the build, which is not what these tests are about)."""
    edition = project / "editions" / "2030.yaml"
    text = edition.read_text(encoding="utf-8").replace("title: Accueil", "title: Accueil café")
    text, count = re.subn(r"(?m)^updated: .*$", "updated: 2030-02-01T00:00:00+01:00", text)
    assert count == 1
    edition.write_text(text, encoding="utf-8")


def cli_build(project: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.chdir(project)
    result = CliRunner().invoke(cli, ["build", "editions", "--out", "site"])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stderr


def test_invalid_data_between_two_good_builds_writes_nothing(project, monkeypatch):
    first = snapshot(project)
    edition = project / "editions" / "2030.yaml"
    good = edition.read_text(encoding="utf-8")
    edition.write_text(good.replace('end: "10:00"', 'end: "08:00"'), encoding="utf-8")
    broken = snapshot(project)

    code, stderr = cli_build(project, monkeypatch)

    assert code == 1 and "sessions[accueil].end: must be after start" in stderr
    assert snapshot(project) == broken
    assert broken[0] == first[0]
    edition.write_text(good, encoding="utf-8")
    rename_a_slot(project)
    assert cli_build(project, monkeypatch)[0] == 0
    assert fingerprint(project / "site") != first[0]  # the second good build did replace it


def test_exporter_failing_midway_leaves_previous_site(project, monkeypatch):
    rename_a_slot(project)
    before = snapshot(project)
    first, *rest = exporters.EXPORTERS
    monkeypatch.setattr(exporters, "EXPORTERS", (first, FAILING, *rest))
    CALLS.clear()
    editions = project / "editions"

    with pytest.raises(RuntimeError, match="exporter bug"):
        build_site(load_catalog(editions), project / "site", state_file=state_path(editions))

    assert CALLS == ["wrote"]  # the failure did happen after files were written
    assert snapshot(project) == before


def test_interrupted_build_leaves_previous_site(project, monkeypatch):
    before = snapshot(project)

    def interrupted(catalog: object, site: SiteWriter, context: object) -> None:
        site.write_text("index.html", "half")
        raise KeyboardInterrupt

    monkeypatch.setattr(Exporter, "load", lambda self: interrupted)
    with pytest.raises(KeyboardInterrupt):
        build_site(load_catalog(project / "editions"), project / "site")
    assert snapshot(project) == before


def test_exporter_build_error_is_a_message_not_a_traceback(project, monkeypatch):
    before = snapshot(project)

    def refuses(catalog: object, site: SiteWriter, context: object) -> None:
        site.write_text("index.html", "half")
        raise BuildError("cannot render the pages")

    monkeypatch.setattr(Exporter, "load", lambda self: refuses)
    code, stderr = cli_build(project, monkeypatch)
    assert (code, stderr) == (1, "error: cannot render the pages\n")
    assert snapshot(project) == before


def test_disk_full_in_the_writer_leaves_previous_site(project, monkeypatch):
    """ENOSPC raised by the writer after a few files: the same failure as a real full
    disk (below), on every machine, mounting or not."""
    rename_a_slot(project)
    before = snapshot(project)
    real_write = SiteWriter.write

    def write(self: SiteWriter, path: str, data: bytes) -> None:
        if len(self.files) >= 5:  # large files are streamed, not written: count may jump
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self.root / path))
        real_write(self, path, data)

    monkeypatch.setattr(SiteWriter, "write", write)
    code, stderr = cli_build(project, monkeypatch)
    assert code == 1
    assert stderr.startswith("error: could not write the site: [Errno 28] No space left")
    assert snapshot(project) == before


@contextlib.contextmanager
def tmpfs(mount_point: Path, size: str = "8m") -> Iterator[Path]:
    """A real file system (tmpfs) mounted at `mount_point`, unmounted afterwards; the
    test is skipped where mounting is not permitted, and fails there under CI."""
    mount_point.mkdir(exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount_point)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        reason = f"cannot mount a tmpfs here (needs root): {mounted.stderr.decode().strip()}"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], check=True)


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real file system of 8 MiB."""
    with tmpfs(tmp_path / "disk") as mount_point:
        yield mount_point


def fill(disk: Path, *, leave: int = 0) -> None:
    """Fill the file system of `disk` but for `leave` bytes."""
    free = os.statvfs(disk)
    with (disk / "filler").open("wb") as filler:
        filler.write(b"\0" * max(free.f_bavail * free.f_frsize - leave, 0))


def test_real_full_disk_leaves_previous_site(tmp_path, tiny_disk, monkeypatch):
    editions = tmp_path / "editions"
    shutil.copytree(MINIMAL, editions)
    site = tiny_disk / "site"
    build_site(load_catalog(editions), site)
    # Leave room for half a site: the next build fills the disk midway.
    disk = os.statvfs(tiny_disk)
    fill(tiny_disk, leave=(disk.f_blocks - disk.f_bfree) * disk.f_frsize // 2)
    before = fingerprint(site), sorted(p.name for p in tiny_disk.iterdir())

    monkeypatch.chdir(tmp_path)
    # --full: a rebuild of the same data would link every unchanged file, needing no room.
    result = CliRunner().invoke(cli, ["build", "editions", "--out", str(site), "--full"])

    assert result.exit_code == 1, result.output
    assert "No space left on device" in result.stderr
    assert (fingerprint(site), sorted(p.name for p in tiny_disk.iterdir())) == before


def test_calendar_memory_that_cannot_be_written_leaves_the_site_unpublished(
    tmp_path, tiny_disk, monkeypatch
):
    """The memory is written before the swap: on a full disk under editions/, the new
    feed (a higher SEQUENCE) is not published, so the memory and the site stay together."""
    editions = tiny_disk / "editions"
    shutil.copytree(MINIMAL, editions)
    build_site(load_catalog(editions), tmp_path / "site", state_file=state_path(editions))
    project = tmp_path
    (project / "editions").symlink_to(editions)
    rename_a_slot(project)
    fill(tiny_disk)
    before = fingerprint(project / "site"), fingerprint(editions)

    code, stderr = cli_build(project, monkeypatch)

    assert code == 1
    assert "could not write" in stderr and "No space left on device" in stderr
    assert (fingerprint(project / "site"), fingerprint(editions)) == before
    assert sorted(p.name for p in project.iterdir()) == ["disk", "editions", "site"]


def test_calendar_memory_is_put_back_when_the_swap_fails(project, monkeypatch):
    """A swap refused by the file system (the published folder is a mount point, so
    Linux will not rename it: EBUSY) after the new memory was written: the old memory
    comes back byte for byte, and the site stays as it was."""
    rename_a_slot(project)
    published = project / "published"
    shutil.copytree(project / "site", published)
    shutil.rmtree(project / "site")
    with tmpfs(project / "site"):
        shutil.copytree(published, project / "site", dirs_exist_ok=True)
        shutil.rmtree(published)
        before = snapshot(project)

        code, stderr = cli_build(project, monkeypatch)

        assert code == 1
        assert "could not write the site" in stderr and "busy" in stderr
        assert snapshot(project) == before


KILLABLE = textwrap.dedent(
    """
    import sys, time
    from aictdata import exporters
    from aictdata.exporters import Exporter
    from aictdata.cli import main

    def export(catalog, site, context):
        site.write_text("zz-partial/half.txt", "half of an output")
        time.sleep(120)

    sys.modules["hanging"] = sys.modules[__name__]
    exporters.EXPORTERS = (*exporters.EXPORTERS, Exporter("hanging", "sleeps", "hanging"))
    sys.argv = ["aictdata", "build", "editions", "--out", "site"]
    main()
    """
)


def test_killed_build_is_cleaned_up_by_the_next_build(project):
    rename_a_slot(project)
    before = snapshot(project)
    child = subprocess.Popen([sys.executable, "-c", KILLABLE], cwd=project, env=_env())
    try:
        partial = _wait_for(lambda: list(project.glob(".site.building-*/zz-partial/half.txt")))
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert partial, "the killed build never reached its last exporter"
    assert (fingerprint(project / "site"), fingerprint(project / "editions")) == before[:2]
    assert len(list(project.glob(".site.building-*"))) == 1  # what SIGKILL leaves behind

    built = subprocess.run(
        [sys.executable, "-m", "aictdata", "build", "editions", "--out", "site"],
        cwd=project,
        env=_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    assert sorted(p.name for p in project.iterdir()) == ["editions", "site"]
    assert fingerprint(project / "site") != before[0]


def test_swap_interrupted_between_renames_is_undone(project, monkeypatch):
    """Where folders cannot be exchanged in one step, a build killed between its two
    renames leaves no site/ but .site.old-*: the next build puts it back first, so even
    if that build fails the previous site is published again."""
    before = snapshot(project)
    os.replace(project / "site", project / ".site.old-x1y2z3")
    monkeypatch.setattr(exporters, "EXPORTERS", (FAILING,))

    with pytest.raises(RuntimeError):
        build_site(load_catalog(project / "editions"), project / "site")

    assert snapshot(project) == before


def test_swap_without_exchange_keeps_previous_site_if_second_rename_fails(project, monkeypatch):
    rename_a_slot(project)
    before = snapshot(project)
    monkeypatch.setattr(build, "_exchange", lambda first, second: False)
    real_replace = os.replace
    calls: list[str] = []

    def replace(source: str | Path, target: str | Path) -> None:
        calls.append(Path(source).name)
        if Path(source).name.startswith(".site.building-"):
            raise OSError(errno.EIO, "simulated failure of the second rename")
        real_replace(source, target)

    monkeypatch.setattr(build.os, "replace", replace)
    with pytest.raises(BuildError, match="simulated failure"):
        build_site(load_catalog(project / "editions"), project / "site")
    monkeypatch.setattr(build.os, "replace", real_replace)

    swap = [name for name in calls if name == "site" or name.startswith(".site.")]
    assert swap[0] == "site" and swap[1].startswith(".site.building-")  # both attempted
    assert snapshot(project) == before


@pytest.mark.skipif(sys.platform != "linux", reason="renameat2 is Linux's")
def test_exchange_swaps_two_folders_in_one_step(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (first / "from-a").touch()
    (second / "from-b").touch()
    assert build._exchange(first, second)
    assert [p.name for p in first.iterdir()] == ["from-b"]
    assert [p.name for p in second.iterdir()] == ["from-a"]


def test_second_build_at_the_same_time_is_refused(project):
    before = snapshot(project)
    descriptor = os.open(project, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a running build holds it
        with pytest.raises(BuildError, match="another build is writing into"):
            build_site(load_catalog(project / "editions"), project / "site")
    finally:
        os.close(descriptor)
    assert snapshot(project) == before


@pytest.mark.parametrize("target", [".", "editions"])
def test_folder_not_built_by_aictdata_is_not_replaced(project, monkeypatch, target):
    before = snapshot(project)
    monkeypatch.chdir(project)
    result = CliRunner().invoke(cli, ["build", "editions", "--out", target])
    assert result.exit_code == 1
    assert "has no manifest.json, so it is not a site built by aictdata" in result.stderr
    assert snapshot(project) == before


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _wait_for(found: Callable[[], list[Path]], seconds: float = 60) -> list[Path]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = found()
        if result:
            return result
        time.sleep(0.05)
    return []
