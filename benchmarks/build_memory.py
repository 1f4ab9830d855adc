"""Memory of `aictdata build` and of the second process it forks, sampled together.

`benchmarks.run` reports the peak RSS of the largest process (what wait4 gives); a forked
build has two, which share the loaded catalog copy-on-write. This samples both every
--interval seconds from /proc (Linux only): each one's own peak (VmHWM) and the largest
sum of their RSS and of their PSS (shared pages counted once) seen at one moment.

    .venv/bin/python -m benchmarks.build_memory --slots 100000
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.generate import DEFAULT_SEED, write_series


def _kib(pid: int, name: str, file: str = "status") -> int:
    try:
        with open(f"/proc/{pid}/{file}", encoding="ascii") as stream:
            for line in stream:
                if line.startswith(name):
                    return int(line.split()[1])
    except OSError:  # the process ended between two samples
        pass
    return 0


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as stream:
            return [int(child) for child in stream.read().split()]
    except OSError:
        return []


def sample_build(series: Path, out: Path, interval: float) -> dict[str, int]:
    """Run the build and return peaks in MiB: per process, and summed at one moment."""
    command = [
        sys.executable,
        "-m",
        "aictdata",
        "build",
        str(series),
        "--out",
        str(out),
        "--published",
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    own: dict[int, int] = {}
    rss_sum = pss_sum = 0
    while process.poll() is None:
        pids = [process.pid, *_children(process.pid)]
        for pid in pids:
            own[pid] = max(own.get(pid, 0), _kib(pid, "VmHWM:"))
        rss_sum = max(rss_sum, sum(_kib(pid, "VmRSS:") for pid in pids))
        pss_sum = max(pss_sum, sum(_kib(pid, "Pss:", "smaps_rollup") for pid in pids))
        time.sleep(interval)
    if process.returncode != 0:
        raise SystemExit(f"aictdata build failed (exit {process.returncode})")
    children = [peak for pid, peak in own.items() if pid != process.pid]
    return {
        "main_peak_mib": own.get(process.pid, 0) // 1024,
        "child_peak_mib": max(children, default=0) // 1024,
        "sum_rss_mib": rss_sum // 1024,
        "sum_pss_mib": pss_sum // 1024,
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Sample the memory of a forked build.")
    parser.add_argument("--slots", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--interval", type=float, default=0.25, help="seconds between samples")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="aictdata-memory-") as scratch:
        series = Path(scratch) / "series"
        write_series(series, args.slots, seed=args.seed)
        figures = sample_build(series, Path(scratch) / "site", args.interval)
    for name, value in figures.items():
        print(f"{name:16}{value:8} MiB")


if __name__ == "__main__":
    main()
