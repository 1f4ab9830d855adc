"""Builds in two processes: the same bytes as a build in one, and failures on either
side fail the build as they would in sequence, leaving the previous site in place.

Each side's failure is a real exporter registered in the real registry that writes a file
and then raises: the child's error must cross the process boundary intact (a DataError
with its located problems), the parent's must stop the child.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import shutil
import sys
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from aictdata import exporters
from aictdata.build import site as site_module
from aictdata.build.site import build_site
from aictdata.errors import BuildError, DataError, Problem
from aictdata.exporters import Exporter, ExportFunction
from aictdata.output.writer import SiteWriter
from aictdata.source.load import load_catalog
from benchmarks.kill_trials import survivors_after
from tests.conftest import EDITIONS, MINIMAL, ROOT, run_python
from tests.killed import child_of_killed

PROBLEM = Problem("editions/2030.yaml", 3, 7, "title", "refused by the test exporter")


@dataclass(frozen=True)
class Extra(Exporter):
    """A registry entry whose export function is given here rather than imported."""

    function: Callable[..., None] | None = None

    def load(self) -> ExportFunction:
        assert self.function is not None
        return self.function


def refuse(catalog: object, site: SiteWriter, context: object) -> None:
    site.write_text("zz-partial/half.txt", "half of an output")
    raise DataError([PROBLEM])


def write_index(catalog: object, site: SiteWriter, context: object) -> None:
    site.write_text("index.html", "<!doctype html>")


def refusing(*, forked: bool) -> Extra:
    """An exporter that fails, on the side of the fork that `forked` says."""
    return Extra("refusing", "writes one file, then refuses", __name__, forked, function=refuse)


def fingerprint(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_two_processes_write_the_same_bytes_as_one(tmp_path):
    catalog = load_catalog(EDITIONS)
    one = build_site(catalog, tmp_path / "one", parallel=False)
    two = build_site(catalog, tmp_path / "two", parallel=True)

    assert fingerprint(tmp_path / "two") == fingerprint(tmp_path / "one")
    assert sorted(two.files.values(), key=lambda f: f.path) == sorted(
        one.files.values(), key=lambda f: f.path
    )
    # every exporter ran, on both sides of the fork
    assert {"calendar.ics", "data/datapackage.json", "index.html"} <= set(two.files)


def test_the_pages_split_by_language_write_the_same_bytes(tmp_path, monkeypatch):
    """From `PARALLEL_FROM_SLOTS` slots to make, the pages are made on both sides, a
    language each; a rebuild that keeps editions counts only the slots it makes (here
    the 10 of 2025: its pages are then made whole on this side). Both are a full build's
    bytes in one process."""
    monkeypatch.setattr(site_module, "PARALLEL_FROM_SLOTS", 12)  # 24 slots; 2025 has 10
    editions = tmp_path / "editions"
    shutil.copytree(EDITIONS, editions, ignore=shutil.ignore_patterns("calendar-state.json"))
    build_site(load_catalog(editions), tmp_path / "one", parallel=False)
    build_site(load_catalog(editions), tmp_path / "two", parallel=True)
    assert fingerprint(tmp_path / "two") == fingerprint(tmp_path / "one")
    path = editions / "2025.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Accueil des participants", "Accueil", 1), encoding="utf-8")
    catalog = load_catalog(editions)
    rebuilt = build_site(catalog, tmp_path / "two", parallel=True)
    assert rebuilt.kept == {edition.id for edition in catalog.editions} - {"2025"}
    build_site(catalog, tmp_path / "full", parallel=False, reuse=False)
    assert fingerprint(tmp_path / "two") == fingerprint(tmp_path / "full")


def _pid_writer(name: str) -> Callable[..., None]:
    def export(catalog: object, site: SiteWriter, context: object) -> None:
        site.write_text(f"pids/{name}.txt", str(os.getpid()))

    return export


def test_a_rebuild_that_makes_few_slots_sends_only_the_whole_exporters_over(tmp_path, monkeypatch):
    """In a rebuild of a large catalog that makes fewer than `PARALLEL_FROM_SLOTS` slots,
    the second process runs only the exporters whose cost stays whole (the data
    package); the others marked `forked` run here, beside the links."""
    monkeypatch.setattr(site_module, "PARALLEL_FROM_SLOTS", 12)  # 24 slots; 2025 has 10
    registry = (
        *exporters.EXPORTERS,
        Extra("forked-one", "", __name__, forked=True, function=_pid_writer("forked")),
        Extra("whole-one", "", __name__, forked=True, whole=True, function=_pid_writer("whole")),
    )
    monkeypatch.setattr(exporters, "EXPORTERS", registry)
    editions, site = tmp_path / "editions", tmp_path / "site"
    shutil.copytree(EDITIONS, editions, ignore=shutil.ignore_patterns("calendar-state.json"))

    def sides() -> tuple[bool, bool]:
        here = str(os.getpid())
        return tuple((site / "pids" / f"{n}.txt").read_text() == here for n in ("forked", "whole"))

    build_site(load_catalog(editions), site, parallel=True)
    assert sides() == (False, False)  # a full build: both in the second process
    path = editions / "2025.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Accueil des participants", "Accueil", 1), encoding="utf-8")
    catalog = load_catalog(editions)
    assert build_site(catalog, site, parallel=True).kept == {e.id for e in catalog.editions} - {
        "2025"
    }
    assert sides() == (True, False)


def _waiting_for(names: tuple[str, ...], name: str) -> Callable[..., None]:
    """An exporter that waits until the files `pids/<n>.txt` of `names` are written (by
    the other process), then writes its own pid: it keeps its process busy for as long
    as the other one takes to claim them all, however fast the machine."""

    def export(catalog: object, site: SiteWriter, context: object) -> None:
        waited = 0
        while not all((site.root / "pids" / f"{n}.txt").exists() for n in names):
            assert waited < 3000, f"{name}: the other process never ran {names}"
            time.sleep(0.01)
            waited += 1
        _pid_writer(name)(catalog, site, context)

    return export


@pytest.mark.parametrize("busy", ["child", "parent"])
def test_the_exporters_either_side_may_run_go_to_the_one_free_first(tmp_path, monkeypatch, busy):
    """The exporters marked `either` are claimed one at a time by whichever process has
    run its own: while one side is kept busy until they are all written, the other runs
    every one of them (and each exactly once: a file written twice fails the build)."""
    either = ("either-a", "either-b", "either-c")
    registry = (
        Extra(
            "child-own",
            "",
            __name__,
            forked=True,
            function=_waiting_for(either, "child-own")
            if busy == "child"
            else _pid_writer("child-own"),
        ),
        Extra(
            "parent-own",
            "",
            __name__,
            function=_waiting_for(either, "parent-own")
            if busy == "parent"
            else _pid_writer("parent-own"),
        ),
        *(Extra(n, "", __name__, either=True, function=_pid_writer(n)) for n in either),
    )
    monkeypatch.setattr(exporters, "EXPORTERS", registry)
    site = tmp_path / "site"
    build_site(load_catalog(MINIMAL), site, parallel=True)
    here = str(os.getpid())
    sides = {n: (site / "pids" / f"{n}.txt").read_text() == here for n in either}
    assert (site / "pids" / "child-own.txt").read_text() != here
    assert (site / "pids" / "parent-own.txt").read_text() == here
    assert sides == dict.fromkeys(either, busy == "child")


def _importing(modules: tuple[str, ...], name: str) -> Callable[..., None]:
    """An exporter whose module imports `modules`, as a real one does when it is loaded."""

    def export(catalog: object, site: SiteWriter, context: object) -> None:
        for module in modules:
            importlib.import_module(module)
        _pid_writer(name)(catalog, site, context)

    return export


def test_a_module_exporters_of_both_processes_use_is_imported_once_before_the_fork(
    tmp_path, monkeypatch
):
    """`Exporter.uses`: a module used on both sides of the fork is imported by the build's
    own process, once, before it; one that a single side uses is left to that side."""
    probes = tmp_path / "probes"
    probes.mkdir()
    for probe in ("both_sides_probe", "one_side_probe"):
        log = tmp_path / f"{probe}.log"
        (probes / f"{probe}.py").write_text(  # says which process imports it
            f"import os\nwith open({str(log)!r}, 'a') as log:\n"
            "    log.write(f'{os.getpid()}\\n')\n"
        )
    monkeypatch.syspath_prepend(str(probes))
    for probe in ("both_sides_probe", "one_side_probe"):
        monkeypatch.delitem(sys.modules, probe, raising=False)
    both, one = ("both_sides_probe",), ("both_sides_probe", "one_side_probe")
    registry = (
        Extra("child-own", "", __name__, forked=True, uses=one, function=_importing(one, "c")),
        Extra("parent-own", "", __name__, uses=both, function=_importing(both, "p")),
    )
    monkeypatch.setattr(exporters, "EXPORTERS", registry)
    site = tmp_path / "site"
    build_site(load_catalog(MINIMAL), site, parallel=True)
    here = str(os.getpid())
    child = (site / "pids" / "c.txt").read_text()
    assert child != here
    assert (tmp_path / "both_sides_probe.log").read_text().split() == [here]
    assert (tmp_path / "one_side_probe.log").read_text().split() == [child]


def test_the_modules_exporters_say_they_use_are_what_their_modules_import():
    """`uses` names modules the exporter's module really imports (else the import before
    the fork would be for nothing), in a fresh interpreter for each exporter."""
    for exporter in exporters.EXPORTERS:
        if not exporter.uses:
            continue
        check = (
            f"import importlib, sys; importlib.import_module({exporter.module!r});"
            f" missing = [m for m in {exporter.uses!r} if m not in sys.modules];"
            " assert not missing, missing"
        )
        result = run_python(["-c", check], ROOT)
        assert result.returncode == 0, (exporter.name, result.stderr)


def test_more_than_a_byte_of_exporters_either_side_may_run_is_refused():
    with pytest.raises(ValueError, match="255"):
        site_module._claims(256)


@pytest.mark.parametrize("side", ["child", "parent"])
def test_an_error_on_either_side_fails_the_build_and_keeps_the_site(tmp_path, monkeypatch, side):
    editions = tmp_path / "editions"
    shutil.copytree(MINIMAL, editions)
    site = tmp_path / "site"
    build_site(load_catalog(editions), site, parallel=True)
    before = fingerprint(site)
    registry = (refusing(forked=side == "child"), *exporters.EXPORTERS)
    monkeypatch.setattr(exporters, "EXPORTERS", registry)

    with pytest.raises(DataError) as raised:
        build_site(load_catalog(editions), site, parallel=True)

    assert raised.value.problems == [PROBLEM]
    assert fingerprint(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["editions", "site"]


def test_a_file_written_on_both_sides_is_refused(tmp_path, monkeypatch):
    """The pages write index.html in this process; an exporter in the child writes it too."""
    twice = Extra("twice", "writes the index page", __name__, forked=True, function=write_index)
    monkeypatch.setattr(exporters, "EXPORTERS", (twice, *exporters.EXPORTERS))

    with pytest.raises(BuildError, match=r"two exporters wrote index\.html"):
        build_site(load_catalog(MINIMAL), tmp_path / "site", parallel=True)

    assert list(tmp_path.iterdir()) == []


KILLED_WHILE_THE_CHILD_WAITS = textwrap.dedent(
    """
    import os, sys, time, types
    from pathlib import Path
    from aictdata import exporters
    from aictdata.build.site import build_site
    from aictdata.exporters import Exporter
    from aictdata.source.load import load_catalog

    def many(catalog, site, context):  # forked: a file list larger than a pipe holds
        for n in range(3000):
            site.write_text(f"zz-many/{n:04}-{'x' * 40}.txt", "x")
        Path("child.pid").write_text(str(os.getpid()))

    def hang(catalog, site, context):  # this side: still busy when killed
        Path("parent.waiting").write_text("")
        time.sleep(120)

    for name, function in (("many", many), ("hang", hang)):
        module = types.ModuleType(name)
        module.export = function
        sys.modules[name] = module
    exporters.EXPORTERS = (Exporter("many", "", "many", forked=True), Exporter("hang", "", "hang"))
    build_site(load_catalog(Path("editions")), Path("site"), parallel=True)
    """
)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_killed_build_takes_its_child_along_and_never_blocks_the_next(tmp_path):
    """SIGKILL the main process while its forked child has finished and waits to send a
    file list larger than the pipe holds: the child must die too (it would otherwise
    block forever, holding the build lock), and the next build must succeed unaided."""
    shutil.copytree(MINIMAL, tmp_path / "editions")
    script, busy = KILLED_WHILE_THE_CHILD_WAITS, "parent.waiting"
    child = child_of_killed(script, tmp_path, busy=busy, settle=0.5)  # then blocked on the pipe
    assert survivors_after([child], grace=5) == [], "the forked child outlived the killed build"

    built = run_python(["-m", "aictdata", "build", "editions", "--out", "site"], tmp_path)
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "site" / "calendar.ics").is_file()
    assert not list(tmp_path.glob(".site.*"))
