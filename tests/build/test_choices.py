"""What a build decides by itself: to fork from PARALLEL_FROM_SLOTS slots on, or at any size
while its process has not imported its exporters (the CLI's one build), and only in a
process without other threads (a fork would copy a lock another thread holds); what its
manifest and its report say about validation and the calendar memory.

Forks are counted with `os.register_at_fork`, the interpreter's own hook, around a real
build of a synthetic series (benchmarks.generate), in a fresh interpreter: the test
runner's own threads, if any, must not decide for the build.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from aictdata.build.site import build_site
from aictdata.exporters.context import BuildOptions
from aictdata.memory.state import state_path
from aictdata.source.load import load_catalog
from tests.conftest import MINIMAL, ROOT

FORKING_FROM = 500
"""The README's threshold: from 500 slots on, on two cores or more, `build` forks."""

COUNT_FORKS = textwrap.dedent(
    """
    import os, sys, threading
    from pathlib import Path
    from aictdata.build.site import build_site
    from aictdata.source.load import load_catalog
    from benchmarks.generate import write_series
    slots, work, with_thread = int(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] == "yes"
    warm = sys.argv[4] == "yes"
    write_series(work / "editions", slots, seed=7)
    catalog = load_catalog(work / "editions")
    if warm:  # a build in sequence first: the exporters are imported here
        build_site(catalog, work / "first", only=["datapackage", "crawlers"], parallel=False)
    forks = []
    os.register_at_fork(before=lambda: forks.append(1))
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    if with_thread:
        other.start()
    assert threading.active_count() == (2 if with_thread else 1)
    build_site(catalog, work / "site", only=["datapackage", "crawlers"])
    stop.set()
    print(len(forks))
    """
)


def forks_of_a_build(
    tmp_path: Path, slots: int, *, with_thread: bool = False, warm: bool = False
) -> int:
    work = tmp_path / f"{slots}-{with_thread}-{warm}"
    yes_no = {True: "yes", False: "no"}
    completed = subprocess.run(
        [
            sys.executable,
            "-c",
            COUNT_FORKS,
            str(slots),
            str(work),
            yes_no[with_thread],
            yes_no[warm],
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return int(completed.stdout)


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: the build never forks")
def test_once_its_exporters_are_imported_a_build_forks_from_500_slots_and_not_below(tmp_path):
    assert forks_of_a_build(tmp_path, FORKING_FROM - 1, warm=True) == 0
    assert forks_of_a_build(tmp_path, FORKING_FROM, warm=True) == 1


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: the build never forks")
def test_a_first_build_forks_at_any_size_to_import_its_exporters_side_by_side(tmp_path):
    assert forks_of_a_build(tmp_path, 1) == 1


def test_a_process_with_threads_builds_in_sequence(tmp_path):
    assert forks_of_a_build(tmp_path, FORKING_FROM, with_thread=True) == 0
    assert forks_of_a_build(tmp_path, 1, with_thread=True) == 0


def manifest(site: Path) -> dict:
    return json.loads((site / "manifest.json").read_text("utf-8"))


def test_the_manifest_says_validated_only_when_the_package_was(tmp_path):
    catalog = load_catalog(MINIMAL)
    asked = BuildOptions(validate=True)
    build_site(catalog, tmp_path / "without", options=asked, only=["ics", "jsonld", "html"])
    assert manifest(tmp_path / "without")["validated"] is False
    build_site(catalog, tmp_path / "with", options=asked, only=["datapackage"])
    assert manifest(tmp_path / "with")["validated"] is True


def test_the_report_says_what_happened_to_the_memory(tmp_path):
    import shutil

    catalog = load_catalog(MINIMAL)
    report = build_site(catalog, tmp_path / "no-memory", only=["ics"])
    assert (report.state_written, report.state_pending) == (False, False)

    editions = tmp_path / "editions"
    shutil.copytree(MINIMAL, editions)
    memory = state_path(editions)
    preview = build_site(
        load_catalog(editions),
        tmp_path / "preview",
        only=["ics"],
        state_file=memory,
        record_state=False,
    )
    assert (preview.state_written, preview.state_pending) == (False, True)
    assert not memory.exists()
    published = build_site(
        load_catalog(editions), tmp_path / "site", only=["ics"], state_file=memory
    )
    assert (published.state_written, published.state_pending) == (True, False)
    again = build_site(load_catalog(editions), tmp_path / "site", only=["ics"], state_file=memory)
    assert (again.state_written, again.state_pending) == (False, False)
