"""Same data, byte-identical site: whatever the folder, the process time zone, the locale,
the hash seed or the moment of the build.

Each build is a real `aictdata build` in its own process, in its own folder (one with a
space and two levels deeper), and the SHA-256 of every file is compared, manifest and
calendar memory included.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EDITIONS, ROOT

HOSTILE = ROOT / "tests" / "hostile" / "cases" / "html-everywhere"
FRENCH = "fr_FR.UTF-8"


def _french_locale_available() -> bool:
    listed = subprocess.run(["locale", "-a"], capture_output=True, text=True, check=False)
    names = {name.lower().replace("-", "") for name in listed.stdout.split()}
    return "fr_fr.utf8" in names


ENVIRONMENTS = {
    "utc-c-utf8": {"TZ": "UTC", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "PYTHONHASHSEED": "0"},
    # A bare POSIX environment (cron, a minimal container): ASCII, no UTF-8 mode.
    "auckland-ascii": {
        "TZ": "Pacific/Auckland",
        "LC_ALL": "C",
        "LANG": "C",
        "PYTHONUTF8": "0",
        "PYTHONCOERCECLOCALE": "0",
        "PYTHONHASHSEED": "1",
    },
    "los-angeles-french": {
        "TZ": "America/Los_Angeles",
        "LC_ALL": FRENCH,
        "LANG": FRENCH,
        "PYTHONHASHSEED": "2",
    },
}
FOLDERS = {
    "utc-c-utf8": "a",
    "auckland-ascii": "b with space/deeper/still",
    "los-angeles-french": "c",
}


def _fingerprint(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _build(source: Path, project: Path, overrides: dict[str, str]) -> None:
    shutil.copytree(source, project / "editions")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("LC_", "PYTHON")) and key not in ("TZ", "LANG", "LANGUAGE")
    }
    env.update(overrides, PYTHONPATH=str(ROOT))
    completed = subprocess.run(
        [sys.executable, "-m", "aictdata", "build", "editions", "--out", "site"],
        cwd=project,
        env=env,
        capture_output=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr.decode("utf-8", "replace")


@pytest.mark.parametrize("source", [EDITIONS, HOSTILE], ids=["editions", "html-everywhere"])
def test_builds_are_byte_identical_across_folders_zones_and_locales(tmp_path, source):
    if not _french_locale_available():
        if os.environ.get("CI"):
            pytest.fail(f"{FRENCH} is missing: scripts/setup-test-tools.sh generates it")
        pytest.skip(f"{FRENCH} is not installed (scripts/setup-test-tools.sh generates it)")
    sites: dict[str, dict[str, str]] = {}
    memories: dict[str, str] = {}
    for name, overrides in ENVIRONMENTS.items():
        project = tmp_path / FOLDERS[name]
        _build(source, project, overrides)
        sites[name] = _fingerprint(project / "site")
        memory = project / "editions" / "calendar-state.json"
        memories[name] = hashlib.sha256(memory.read_bytes()).hexdigest()

    reference = sites["utc-c-utf8"]
    assert len(reference) > 10 and "manifest.json" in reference
    for name, site in sites.items():
        assert site == reference, name
    assert len(set(memories.values())) == 1
