"""The README's first screen, followed literally in a copy of the clone, reaches a served
site with no error.

The commands are read from the README's « First steps » block (what a newcomer copies)
and run as written by bash, one after the other in one shell (so that `. .venv/bin/activate`
holds for the lines after it), in a folder holding only the files git would commit: a new
.venv, no site/, no node_modules. The last one, `aictdata serve`, must then answer on
http://127.0.0.1:8000/ with the pages and the data. Slow (a venv and an install: about a
minute with pip's cache), and it needs port 8000 free: when it is not, it skips locally and
fails under CI, where nothing else runs.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.browser import missing_tool
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
PORT = 8000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def first_steps() -> list[str]:
    """The commands of the README's first block, without their comments."""
    section = README.split("## First steps", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, flags=re.DOTALL).group(1)
    return [line.split("  #", 1)[0].strip() for line in block.splitlines() if line.strip()]


def clean_copy(target: Path) -> Path:
    """The files a commit of this work tree holds (tracked, or new and not ignored)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, check=True,
    ).stdout.decode().split("\0")  # fmt: skip
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def newcomer_environment() -> dict[str, str]:
    """This machine's environment without any project venv: what a new shell has."""
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH"}}
    env["PATH"] = os.pathsep.join(
        part for part in env.get("PATH", "").split(os.pathsep) if ".venv" not in part
    )
    return env


def tail(log: Path) -> str:
    """The end of the shell's output, without this machine's pip index notices."""
    lines = log.read_text(errors="replace").splitlines()
    return "\n".join([line for line in lines if "' is ignored: it is neither" not in line][-30:])


def get(path: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=10) as answer:
        return answer.status, answer.headers.get("Content-Type", ""), answer.read()


@pytest.mark.slow
def test_the_readme_first_steps_reach_a_served_site(tmp_path):
    commands = first_steps()
    assert commands[0] == "make site" and commands[-1] == "aictdata serve"
    assert any(c.startswith(".venv/bin/aictdata") for c in commands)
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", PORT)) == 0:
            missing_tool(f"port {PORT} is taken: the README's `aictdata serve` needs it free")
    clone = clean_copy(tmp_path / "aictdata")
    assert not (clone / ".venv").exists() and not (clone / "site").exists()
    script = "set -e\n" + "\n".join(commands[:-1]) + f"\nexec {commands[-1]}\n"
    log = tmp_path / "first-steps.log"
    with log.open("wb") as output:
        shell = subprocess.Popen(
            ["bash", "-c", script],
            cwd=clone, env=newcomer_environment(), stdout=output, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 900
            while b"serving site/" not in log.read_bytes():
                assert shell.poll() is None, tail(log)
                assert time.monotonic() < deadline, "no server after 15 minutes"
                time.sleep(0.5)
            status, kind, page = get("/")
            assert status == 200 and kind.startswith("text/html")
            assert "Rencontres" in page.decode()
            status, _, edition = get("/2025/")
            assert status == 200 and "16e" in edition.decode()
            status, kind, workbook = get("/data/aictdata.xlsx")
            assert (status, kind, workbook[:2]) == (200, XLSX, b"PK")
        finally:
            os.killpg(shell.pid, signal.SIGTERM)
            shell.wait(timeout=30)
    text = log.read_text(errors="replace")
    assert "Traceback" not in text and "rror" not in text, tail(log)
    assert "eprecat" not in text, tail(log)  # setuptools' warnings at install
    assert re.search(r"^2025 +16e édition .* 10 slots$", text, flags=re.MULTILINE), tail(log)
    assert text.count("2025  16e édition") == 3  # make site, then validate twice
