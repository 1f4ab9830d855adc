"""The benchmark runs end to end on a tiny series (its figures are not checked: speed is
measured by running it, never by tests)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aictdata.exporters import EXPORTERS
from benchmarks import run


@pytest.mark.slow
def test_benchmark_times_every_step_and_every_exporter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "results.json"

    sizes = ["--sizes", "100,200", "--repeat", "1"]
    run.main([*sizes, "--skip-startup", "--no-frictionless", "--out", str(out)])

    report = json.loads(out.read_text(encoding="utf-8"))
    small, large = report["sizes"]
    assert (small["slots"], large["slots"]) == (100, 200)
    assert "error" not in json.dumps(report)
    inprocess = large["inprocess"]
    assert list(inprocess["exporters"]) == [e.name for e in EXPORTERS]
    assert inprocess["slots"] == 200
    assert inprocess["floors"]["ical"]["result"] > 200 * 300  # bytes: a few hundred per event
    # the file-system floor recreates exactly the bytes of the whole build
    assert inprocess["floors"]["files"]["result"] == inprocess["build_all"]["result"]["bytes"]
    assert large["ratios"]["build_over_ical_plus_files_floor"] > 0
    assert large["validate"]["peak_kb"] > 0 and large["build"]["best_s"] > 0
    assert report["growth"][0]["slot_ratio"] == 2
    printed = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["slots"] for line in printed if line.startswith("{")] == [100, 200]
    assert any(line.startswith("floor icalendar") for line in printed)
    assert any(line.startswith("floor files") for line in printed)
