"""The benchmark runs end to end on a tiny series, and its figures hold together: every
time positive, each printed ratio the quotient of the printed times it is made of, the
growth between sizes the quotient of the two sizes' times. How fast the code is, is not
checked (speed is measured by running it, never by tests); that the report says true
things about what it measured, is."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from aictdata.exporters import EXPORTERS
from benchmarks import run


def timings(node: object, path: str = "") -> Iterator[tuple[str, float]]:
    """Every wall or CPU time in a size's figures, by where it is."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("best_s", "cpu_s") and isinstance(value, (int, float)):
                yield f"{path}.{key}", value
            else:
                yield from timings(value, f"{path}.{key}")


@pytest.mark.slow
def test_benchmark_times_every_step_and_every_exporter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "results.json"

    sizes = ["--sizes", "100,200", "--repeat", "2"]
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
    assert large["rebuild"]["best_s"] > 0
    # each build is followed by its rebuilds: as many timed of one as of the other
    assert len(large["rebuild"]["runs_s"]) == len(large["build"]["runs_s"])
    assert large["ratios"]["rebuild_over_build"] == pytest.approx(
        large["rebuild"]["best_s"] / large["build"]["best_s"]
    )
    assert report["growth"][0]["slot_ratio"] == 2
    printed = capsys.readouterr().out.splitlines()
    sizes_printed = [json.loads(line) for line in printed if line.startswith('{"run": "size"')]
    assert [figures["slots"] for figures in sizes_printed] == [100, 200]
    for figures in sizes_printed:
        times = list(timings(figures))
        assert len(times) > 10 and all(seconds > 0 for _, seconds in times), times
        build, ical = figures["build"]["best_s"], figures["inprocess"]["floors"]["ical"]["best_s"]
        # the build's ratio is to the floor timed after each of its runs, one for one
        beside = figures["floor_ical"]
        assert len(beside["runs_s"]) == len(figures["build"]["runs_s"])
        assert beside["best_s"] == min(beside["runs_s"]) > 0
        assert figures["ratios"]["build_over_ical_floor"] == pytest.approx(build / beside["best_s"])
        assert figures["ratios"]["build_over_worker_ical_floor"] == pytest.approx(build / ical)
        # two rounds each: their median is their mean
        rounds = [b / f for b, f in zip(figures["build"]["runs_s"], beside["runs_s"], strict=True)]
        assert figures["ratios"]["build_over_ical_floor_median"] == pytest.approx(sum(rounds) / 2)
        rebuilt = [
            r / b
            for r, b in zip(figures["rebuild"]["runs_s"], figures["build"]["runs_s"], strict=True)
        ]
        assert figures["ratios"]["rebuild_over_build_median"] == pytest.approx(sum(rebuilt) / 2)
        # validate's distance to the imports timed after each of its runs, one for one
        validate, imports = figures["validate_cold"], figures["floor_import"]
        assert len(imports["runs_s"]) == len(validate["runs_s"]) == 2
        above = figures["above_floors"]
        assert above["validate_above_imports_s"] == pytest.approx(
            validate["best_s"] - imports["best_s"]
        )
        gaps = [v - i for v, i in zip(validate["runs_s"], imports["runs_s"], strict=True)]
        assert above["validate_above_imports_median_s"] == pytest.approx(sum(gaps) / 2)
        row = next(line for line in printed if line[:32].strip() == "validate above imports")
        shown = [float(cell) for cell in row.split()[-4::2]]
        assert shown[sizes_printed.index(figures)] == pytest.approx(
            above["validate_above_imports_s"], abs=0.0006
        )
        ics = figures["inprocess"]["exporters"]["ics"]["best_s"]
        assert figures["ratios"]["ics_over_ical_floor"] == pytest.approx(ics / ical)
        row = next(line for line in printed if line.startswith("build over ical floor "))
        shown = [float(cell.removesuffix("x")) for cell in row.split()[-2:]]
        expected = build / beside["best_s"]
        assert shown[sizes_printed.index(figures)] == pytest.approx(expected, abs=0.006)
    small_build, large_build = (f["build"]["best_s"] for f in sizes_printed)
    step = report["growth"][0]["time_ratio"]["build, empty cache (CLI)"]
    assert step == pytest.approx(large_build / small_build)
    # validate is timed both as on a fresh machine and again, with its editions kept
    assert large["validate_cold"]["best_s"] > 0
    assert any(line.startswith("validate, empty cache (CLI)") for line in printed)
    assert any(line.startswith("floor icalendar") for line in printed)
    assert any(line.startswith("floor icalendar, beside build") for line in printed)
    assert any(line.startswith("floor imports, beside validate") for line in printed)
    assert any(line.startswith("floor files") for line in printed)
