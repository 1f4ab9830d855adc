"""What SECURITY.md says of `aictdata serve` and is not already proven by tests/test_serve.py:
it listens on the loopback interface unless told otherwise, and a feed or data file
opened in a browser cannot run anything (hostile text from the data included)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import requests

from aictdata.build.site import build_site
from aictdata.source.load import load_catalog
from tests.served import START_TIMEOUT, STOP_TIMEOUT, _read_line, aictdata_command

HOSTILE = Path(__file__).parent / "cases" / "html-everywhere"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("served-hostile")
    shutil.copytree(HOSTILE, root / "editions")
    build_site(load_catalog(root / "editions"), root / "site")
    return root / "site"


@pytest.fixture(scope="module")
def default_server(hostile_site: Path):
    """The real `aictdata serve SITE --port 0`, with no --host: the default address."""
    process = subprocess.Popen(
        [*aictdata_command(), "serve", str(hostile_site), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        first_line = _read_line(process, START_TIMEOUT)
        yield first_line
    finally:
        process.terminate()
        process.wait(STOP_TIMEOUT)


def _base_url(first_line: str) -> str:
    match = re.search(r"http://[^ ]+/", first_line)
    assert match, first_line
    return match.group(0)


def test_serve_listens_on_loopback_unless_told_otherwise(default_server):
    assert _base_url(default_server).startswith("http://127.0.0.1:")


@pytest.mark.parametrize(
    "path", ["calendar.ics", "2030/sessions/accueil.ics", "data/sessions.csv", "2030/event.jsonld"]
)
def test_feeds_and_data_cannot_run_as_a_document(default_server, path):
    answer = requests.get(_base_url(default_server) + path, timeout=5)
    assert answer.status_code == 200
    assert "<script>" in answer.text  # the hostile text is there, as data
    policy = answer.headers["Content-Security-Policy"]
    assert "sandbox" in policy and "default-src 'none'" in policy
    assert answer.headers["X-Content-Type-Options"] == "nosniff"


def test_validate_and_build_need_no_network(tmp_path):
    """Run in a network namespace of their own (no interface but loopback): reading the
    data, every exporter and frictionless' validation of the package work offline."""
    probe = subprocess.run(["unshare", "--net", "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip("cannot create a network namespace here (needs root and unshare)")
    shutil.copytree(HOSTILE, tmp_path / "editions")
    for command in (["validate", "editions"], ["build", "editions", "--out", "site", "--validate"]):
        completed = subprocess.run(
            ["unshare", "--net", *aictdata_command(), *command],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert completed.returncode == 0, completed.stderr
    assert (tmp_path / "site" / "manifest.json").is_file()


def test_every_test_named_in_security_md_exists():
    """SECURITY.md cites `file::test` and `[case]`: each must exist, so that no statement
    loses its proof silently when a test is renamed or removed."""
    from tests.hostile.test_corpus import ALL_CASES

    root = Path(__file__).resolve().parents[2]
    cases = {case.name for case in ALL_CASES}
    cited = 0
    current: Path | None = None  # "::test" continues the file last named
    for line in (root / "SECURITY.md").read_text(encoding="utf-8").splitlines():
        for reference in re.findall(r"`([^`]+)`", line):
            match = re.fullmatch(r"(tests/[\w/]+\.py)?::(\w+)(?:\[([\w-]+)\])?", reference)
            case = re.fullmatch(r"(?:test_hostile_input)?\[([\w-]+)\]", reference)
            if match:
                current = root / match[1] if match[1] else current
                assert current is not None, reference
                assert f"def {match[2]}(" in current.read_text(encoding="utf-8"), reference
                assert match[3] is None or match[3] in cases, reference
                cited += 1
            elif case:
                assert case[1] in cases, reference
                cited += 1
    assert cited > 40
