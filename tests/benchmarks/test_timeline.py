"""The timeline of one real CLI build names every step once, in the order the build runs
them, with the side of the fork that ran each exporter (its seconds are not checked)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from aictdata.exporters import EXPORTERS
from tests.conftest import EDITIONS, ROOT, run_python


def test_a_build_is_timed_step_by_step_in_both_processes(tmp_path: Path) -> None:
    editions, site, steps_file = tmp_path / "editions", tmp_path / "site", tmp_path / "steps.json"
    shutil.copytree(EDITIONS, editions)
    command = ["-m", "benchmarks.timeline", "--out-json", str(steps_file)]
    ran = run_python([*command, "build", str(editions), "--out", str(site), "--published"], ROOT)
    assert ran.returncode == 0, ran.stderr
    assert (site / "manifest.json").is_file()
    recorded = json.loads(steps_file.read_text())
    steps = recorded["steps"]
    names = [step["step"] for step in steps]
    for exporter in EXPORTERS:
        assert names.count(f"export {exporter.name}") == 1, exporter.name
    start = {step["step"]: step["start"] for step in steps}
    end = {step["step"]: step["end"] for step in steps}
    assert end["load_catalog"] <= start["build_site"] <= start["read_state"]
    last_export = max(end[f"export {e.name}"] for e in EXPORTERS)
    assert last_export <= start["manifest.write"] <= start["_swap_into_place"]
    assert end["_swap_into_place"] <= recorded["ended"]
    processes = {step["process"] for step in steps if step["step"].startswith("export ")}
    # The CLI forks at any size on two cores (its exporters are not imported yet).
    assert processes == ({"main", "second"} if (os.cpu_count() or 1) >= 2 else {"main"})
    assert "export html" in ran.stderr  # the table
