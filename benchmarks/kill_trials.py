"""SIGKILL a 10,000-slot build at random moments; the next build must succeed unaided.

Each trial starts `aictdata build` on a synthetic series (which forks its second
process from 500 slots), kills the main process with SIGKILL at a random moment of the
build, waits at most `--grace` seconds for the forked process to be gone (it must die
with its parent), then runs a plain build, which must exit 0 and leave nothing beside
the site but, at most, the site it replaced, left for the next build to remove. A trial
fails when the child survives, or the next build fails or leaves leftovers.

    python -m benchmarks.kill_trials --slots 10000 --trials 20

It is a check of robustness, not a timing: run it by hand (or `make bench`-like, in CI
only when wanted); tests/build/test_parallel.py has the small version that runs always.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from benchmarks.generate import write_series
from benchmarks.run import aictdata_command


def children_of(pid: int) -> list[int]:
    """Processes whose parent is `pid` (read from /proc, Linux)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """Running and not a zombie waiting to be reaped."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def survivors_after(pids: Iterable[int], grace: float) -> list[int]:
    """The processes of `pids` still running `grace` seconds on (at most), each then
    killed so that nothing is left behind."""
    pids = list(pids)
    gone_by = time.monotonic() + grace
    while any(alive(pid) for pid in pids) and time.monotonic() < gone_by:
        time.sleep(0.01)
    survivors = [pid for pid in pids if alive(pid)]
    for pid in survivors:
        os.kill(pid, signal.SIGKILL)
    return survivors


def build(project: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*aictdata_command(), "build", "editions", "--out", "site"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def trial(project: Path, moment: float, grace: float, timeout: float) -> str | None:
    """One kill and the build after it; None when all went well, else what went wrong."""
    killed = subprocess.Popen(
        [*aictdata_command(), "build", "editions", "--out", "site"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    forked: set[int] = set()
    deadline = time.monotonic() + moment
    while time.monotonic() < deadline and killed.poll() is None:
        forked.update(children_of(killed.pid))
        time.sleep(0.01)
    forked.update(children_of(killed.pid))
    if killed.poll() is None:
        os.kill(killed.pid, signal.SIGKILL)
    killed.wait()
    survivors = survivors_after(forked, grace)
    if survivors:
        return f"forked process {survivors} outlived the killed build"
    result = build(project, timeout)
    if result.returncode != 0:
        return f"next build exited {result.returncode}: {result.stderr.strip()[-300:]}"
    beside = sorted(p.name for p in project.iterdir() if p.name not in ("editions", "site"))
    # At most the site the build replaced, left for the next one to remove (build.site._retire)
    retired = [name for name in beside if name.startswith(".site.retired-")]
    leftovers = [name for name in beside if name not in retired[:1]]
    if leftovers:
        return f"next build left {leftovers}"
    return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slots", type=int, default=10_000)
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--grace", type=float, default=5.0, help="seconds for the child to die")
    parser.add_argument("--timeout", type=float, default=300.0, help="of each full build")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="aictdata-kill-") as scratch:
        project = Path(scratch)
        write_series(project / "editions", args.slots)
        started = time.monotonic()
        first = build(project, args.timeout)
        if first.returncode != 0:
            print(first.stderr, file=sys.stderr)
            return 1
        duration = time.monotonic() - started
        print(f"{args.slots} slots: a full build takes {duration:.1f} s", flush=True)
        failures = 0
        for number in range(1, args.trials + 1):
            moment = rng.uniform(0.3, duration)
            problem = trial(project, moment, args.grace, args.timeout)
            failures += problem is not None
            verdict = "ok" if problem is None else f"FAILED: {problem}"
            print(f"trial {number:2}: SIGKILL at {moment:5.2f} s, next build {verdict}", flush=True)
        passed = args.trials - failures
        print(f"{passed}/{args.trials} trials: the next build succeeded without manual cleanup")
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
