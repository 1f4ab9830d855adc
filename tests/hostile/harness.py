"""Run the real `aictdata` command in a child process with bounded memory and time.

The limits are enforced by the kernel (RLIMIT_AS, RLIMIT_CPU) and a wall-clock timer,
and the child's peak resident memory is read back from `wait4`, so each hostile case
proves its own bound instead of trusting the parent's view.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ADDRESS_SPACE_LIMIT = 1 << 30
"""1 GiB of virtual memory: an alias bomb or a huge file that is not refused dies here."""
CPU_SECONDS_LIMIT = 60
WALL_SECONDS_LIMIT = 60


@dataclass(frozen=True)
class Completed:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_rss_bytes: int
    timed_out: bool


def _limit_child() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_LIMIT, ADDRESS_SPACE_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS_LIMIT, CPU_SECONDS_LIMIT))


def run_aictdata(*args: str, cwd: Path, env: dict[str, str] | None = None) -> Completed:
    """`python -m aictdata ARGS` in `cwd`, under the limits above."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        process = subprocess.Popen(
            [sys.executable, "-m", "aictdata", *args],
            cwd=cwd,
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            env=env,
            preexec_fn=_limit_child,
        )
        expired = threading.Event()

        def kill() -> None:
            expired.set()
            process.kill()

        timer = threading.Timer(WALL_SECONDS_LIMIT, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)  # so Popen never waits again
        seconds = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        return Completed(
            returncode=process.returncode,
            stdout=out.read().decode("utf-8", errors="replace"),
            stderr=err.read().decode("utf-8", errors="replace"),
            seconds=seconds,
            peak_rss_bytes=usage.ru_maxrss * 1024,  # Linux reports kilobytes
            timed_out=expired.is_set(),
        )
