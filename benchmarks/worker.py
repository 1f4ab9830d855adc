"""In-process timings for one series folder, run by `benchmarks.run` as a child process.

The catalog is loaded once, then the icalendar and csv floors are timed, then each
exporter of the registry alone through `build_site(..., only=[name])`, then all of them
together, then the file-system floor (the files of that build, recreated), each the best
of `--repeat` runs. Running in a child keeps the benchmark's own memory out of the
figures: the parent reads this process's peak RSS from `os.wait4`. The peak after each
step is the process' high-water mark so far (RSS cannot be attributed more finely
without slowing every allocation down), printed with the timings as one JSON object.
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from benchmarks.floors import csv_floor, files_floor, ical_floor


def _peak_kb() -> int:
    """This process' peak resident set size so far, in KiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _best_of(
    label: str, repeat: int, run: Callable[[], Any], before: Callable[[], None]
) -> dict[str, Any]:
    """Time `run` `repeat` times (after an untimed `before` each), keep every figure.

    Each figure is also told on stderr at once, for runs long enough to be cut short.
    """
    times = []
    cpu = []
    result = None
    for _ in range(repeat):
        before()
        gc.collect()
        started, started_cpu = time.perf_counter(), time.process_time()
        result = run()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        print(f"  {label}: {times[-1]:.3f} s, peak {_peak_kb() // 1024} MiB", file=sys.stderr)
    return {
        "best_s": min(times),
        "cpu_s": min(cpu),
        "runs_s": times,
        "result": result,
        "peak_kb": _peak_kb(),
    }


def measure(folder: Path, work: Path, repeat: int) -> dict[str, Any]:
    from aictdata.build.site import build_site
    from aictdata.exporters import EXPORTERS
    from aictdata.source.load import load_catalog

    started, started_cpu = time.perf_counter(), time.process_time()
    catalog = load_catalog(folder)
    loaded, loaded_cpu = time.perf_counter() - started, time.process_time() - started_cpu
    slots = sum(len(e.sessions) for e in catalog.editions)
    out = work / "site"

    def clear() -> None:
        shutil.rmtree(out, ignore_errors=True)

    def site_size(report: Any) -> dict[str, int]:
        return {"files": len(report.files), "bytes": sum(f.bytes for f in report.files.values())}

    figures: dict[str, Any] = {
        "slots": slots,
        "editions": len(catalog.editions),
        "load_s": loaded,
        "load_cpu_s": loaded_cpu,
        "load_peak_kb": _peak_kb(),
        "floors": {},
        "exporters": {},
    }
    csv_path = work / "floor.csv"
    print(f"  load: {loaded:.3f} s, peak {_peak_kb() // 1024} MiB", file=sys.stderr)
    figures["floors"]["ical"] = _best_of(
        "floor icalendar", repeat, lambda: ical_floor(catalog), lambda: None
    )
    figures["floors"]["csv"] = _best_of(
        "floor csv",
        repeat,
        lambda: csv_floor(catalog, csv_path),
        lambda: csv_path.unlink(missing_ok=True),
    )
    for exporter in EXPORTERS:
        timing = _best_of(
            f"exporter {exporter.name}",
            repeat,
            lambda name=exporter.name: build_site(catalog, out, only=[name]),
            clear,
        )
        timing["result"] = site_size(timing["result"])
        figures["exporters"][exporter.name] = timing
    timing = _best_of("all exporters", repeat, lambda: build_site(catalog, out), clear)
    built = sorted((f.path, f.bytes) for f in timing["result"].files.values())
    timing["result"] = site_size(timing["result"])
    figures["build_all"] = timing
    clear()
    figures["floors"]["files"] = _best_of(
        "floor files", repeat, lambda: files_floor(built, out), clear
    )
    clear()
    return figures


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="In-process timings of one series folder.")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--work", type=Path, required=True, help="scratch folder")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.folder, args.work, args.repeat)))


if __name__ == "__main__":
    main()
