"""Kill a process once it has forked, and hand back its child (the kill tests of the build's
and the load's second process)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.kill_trials import alive
from tests.conftest import ROOT


def child_of_killed(script: str, folder: Path, *, busy: str, settle: float) -> int:
    """Run `script` in `folder` until it has written `child.pid` (its forked child) and
    `busy` (itself, at work), let it settle `settle` seconds, SIGKILL it; return the
    child's pid, alive at the moment of the kill."""
    killed = subprocess.Popen(
        [sys.executable, "-c", script], cwd=folder, env={**os.environ, "PYTHONPATH": str(ROOT)}
    )
    try:
        deadline = time.monotonic() + 60
        while not ((folder / "child.pid").exists() and (folder / busy).exists()):
            assert time.monotonic() < deadline and killed.poll() is None, "it never forked"
            time.sleep(0.05)
        time.sleep(settle)
        child = int((folder / "child.pid").read_text())
        assert alive(child)
    finally:
        killed.kill()
        killed.wait()
    return child
