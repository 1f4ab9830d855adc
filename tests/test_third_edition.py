"""The suite follows the data: with a third edition made by `aictdata new` (announced, its
dates filled in) in a copy of editions/, every test over the editions still passes. Only
the fidelity tests pin the facts of 2024 and 2025, and they name those editions
(REAL_EDITIONS). The inner run skips Lighthouse (its pages are the same kind) and this
test itself."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REAL_EDITIONS, ROOT


@pytest.mark.slow
def test_the_whole_suite_passes_with_a_third_edition(tmp_path: Path) -> None:
    folder = tmp_path / "editions"
    shutil.copytree(REAL_EDITIONS, folder)

    def aictdata(*args: str) -> None:
        subprocess.run([sys.executable, "-m", "aictdata", *args], cwd=ROOT, check=True)

    aictdata("new", "2027", "--from", "2025", str(folder))
    path = folder / "2027.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("start_date:\n", "start_date: 2027-07-02\n")
    path.write_text(text.replace("end_date:\n", "end_date: 2027-07-02\n"), encoding="utf-8")
    # the organiser's build of the published site records the memory the tests compare
    aictdata("build", str(folder), "--out", str(tmp_path / "site"), "--published")

    inner = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            f"--basetemp={tmp_path / 'inner'}",
            "-k",
            "not lighthouse and not third_edition",
        ],
        cwd=ROOT,
        env={**os.environ, "AICTDATA_TEST_EDITIONS": str(folder)},
        capture_output=True,
        text=True,
        timeout=1500,
    )
    assert inner.returncode == 0, inner.stdout[-6000:] + inner.stderr[-2000:]
    assert " passed" in inner.stdout.splitlines()[-1]
