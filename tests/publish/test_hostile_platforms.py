"""What a platform cannot do to a publication, whatever it answers: make a key leak, make
the run report a false success, hold it past its deadline or its memory, or end it in a
traceback. Each case is one kind of answer from the contract servers on 127.0.0.1."""

from __future__ import annotations

import gzip
import html
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import BinaryIO

import pytest

from tests.publish.conftest import FAST, Published, run_cli
from tests.publish.contract import Answer
from tests.publish.datagouv_server import KEY as DG_KEY
from tests.publish.datagouv_server import DataGouvServer
from tests.publish.openagenda_server import AGENDA, SECRET, OpenAgendaServer

DG = "AICTDATA_DATAGOUV_API_KEY"
OA = "AICTDATA_OPENAGENDA_KEY"
PART = 8
"""A run of this many characters of a key in the output is a leak."""
DEEP = b"[" * 100_000 + b"]" * 100_000


def leaked(output: str, secret: str) -> list[str]:
    """The runs of PART characters of `secret` found in `output`."""
    return [
        secret[i : i + PART]
        for i in range(len(secret) - PART + 1)
        if secret[i : i + PART] in output
    ]


def assert_one_clean_error(result: Published, *secrets: str) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    for secret in secrets:
        assert not leaked(result.output, secret), result.output


def datagouv_args(url: str, site: Path) -> list[str]:
    return ["publish", "datagouv", "--api-url", url + "api/1/", "--site", str(site)]


def datagouv(url: str, site: Path, *extra: str, key: str = DG_KEY) -> Published:
    return run_cli(*datagouv_args(url, site), *FAST, *extra, env={DG: key})


def openagenda(url: str, site: Path, *extra: str, key: str = SECRET) -> Published:
    return run_cli(
        "publish",
        "openagenda",
        "--agenda",
        AGENDA,
        "--api-url",
        url + "v2/",
        "--site",
        str(site),
        *FAST,
        *extra,
        env={OA: key},
    )


def faulty(
    platform: str, site: Path, *faults: Answer, extra: tuple[str, ...] = ()
) -> tuple[Published, DataGouvServer | OpenAgendaServer]:
    """One run against a contract server that gives `faults` first (then as documented);
    the platform's server echoes a refused key, as a hostile one would."""
    server = DataGouvServer() if platform == "datagouv" else OpenAgendaServer()
    server.echo_key = True
    run = datagouv if platform == "datagouv" else openagenda
    with server.running() as url:
        server.faults += faults
        return run(url, site, *extra), server


# --- keys -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written", [DG_KEY + "\n", " " + DG_KEY, DG_KEY + "\r\n", f"\t{DG_KEY} \n"]
)
def test_whitespace_around_the_key_is_stripped(written, validated_site):
    server = DataGouvServer()
    with server.running() as url:
        result = datagouv(url, validated_site, key=written)
    assert result.exit_code == 0, result.output
    assert server.ours() and not leaked(result.output, DG_KEY)


@pytest.mark.parametrize(
    "written", [DG_KEY[:10] + "\n" + DG_KEY[10:], DG_KEY + "\x1b", DG_KEY + "é"]
)
def test_a_key_that_cannot_travel_in_a_header_is_refused_by_its_variable_name(
    written, validated_site
):
    server = DataGouvServer()
    with server.running() as url:
        result = datagouv(url, validated_site, key=written)
    assert_one_clean_error(result, DG_KEY)
    assert DG in result.output
    assert server.log == [], "a request was sent with a broken key"


def test_an_openagenda_token_ending_with_a_newline_is_stripped(validated_site):
    server = OpenAgendaServer()
    with server.running() as url:
        server.faults.append(Answer(200, {"access_token": "tok-given-0a1b2c3d\n"}, when="POST"))
        server.tokens.add("tok-given-0a1b2c3d")
        result = openagenda(url, validated_site)
    assert result.exit_code == 0, result.output
    assert "tok-given" not in result.output


def test_an_openagenda_token_with_a_line_break_inside_is_refused_unshown(validated_site):
    server = OpenAgendaServer()
    with server.running() as url:
        server.faults.append(Answer(200, {"access_token": "tok-gi\nven-0a1b2c3d"}, when="POST"))
        result = openagenda(url, validated_site)
    assert_one_clean_error(result, SECRET, "ven-0a1b2c3d")
    assert "tok-gi" not in result.output
    assert [entry.method for entry in server.log] == ["POST"]


@pytest.mark.parametrize("where", range(140, 170, 3))
def test_a_key_echoed_across_the_cut_is_redacted_before_it(where, validated_site):
    server = DataGouvServer()
    with server.running() as url:
        message = "x" * where + DG_KEY + " y" * 100
        server.faults.append(Answer(401, {"message": message}))
        result = datagouv(url, validated_site)
    assert_one_clean_error(result, DG_KEY)


def test_a_key_echoed_escaped_is_redacted(validated_site):
    key = "dg-key<&>\"'7f3a9c2e51b8"
    server = DataGouvServer()
    server.users[key] = "user-cuf"
    with server.running() as url:
        echo = f"{html.escape(key)} / {key[2:14]}"
        server.faults.append(Answer(401, None, {"Content-Type": "text/html"}, raw=echo.encode()))
        result = datagouv(url, validated_site, key=key)
    assert_one_clean_error(result, key, html.escape(key))


def test_user_and_password_in_the_api_url_are_never_printed(validated_site):
    server = DataGouvServer()
    with server.running() as url:
        with_user = url.replace("http://", "http://cuf-admin:s3cret-passw0rd@")
        done = datagouv(with_user, validated_site)
        server.faults += [Answer(500, {"message": "boom"})] * 3
        failed = datagouv(with_user, validated_site)
    assert done.exit_code == 0, done.output
    assert "127.0.0.1" in done.output
    assert_one_clean_error(failed, "s3cret-passw0rd")
    for output in (done.output, failed.output):
        assert "s3cret" not in output and "cuf-admin" not in output


# --- no false success -------------------------------------------------------------------


def test_a_created_dataset_without_id_stops_the_run_before_any_placeholder(validated_site):
    result, server = faulty("datagouv", validated_site, Answer(201, None, when="POST"))
    assert_one_clean_error(result, DG_KEY)
    assert "`id`" in result.output
    assert [(e.method, e.path) for e in server.log] == [
        ("GET", "/api/1/me/org_datasets/"),
        ("POST", "/api/1/datasets/"),
    ]


def test_a_place_written_without_uid_stops_the_run_before_any_event(validated_site):
    result, server = faulty("openagenda", validated_site, Answer(200, None, when="PUT"))
    assert_one_clean_error(result, SECRET)
    assert "`uid`" in result.output
    assert not [e for e in server.log if "/events/" in e.path]


# --- odd answers: one line, no traceback, no key ------------------------------------------


def _garbage_gzip() -> bytes:
    return gzip.compress(b"[]")[:10] + b"not deflate at all" * 10


ODD_DATAGOUV = {
    "malformed-chunks": Answer(
        200, None, {"Transfer-Encoding": "chunked"}, raw=b"zz\r\n[]\r\n0\r\n\r\n"
    ),
    "gzip-over-garbage": Answer(
        200,
        None,
        {"Content-Encoding": "gzip", "Content-Length": str(len(_garbage_gzip()))},
        raw=_garbage_gzip(),
    ),
    "deep-json-200": Answer(200, None, {"Content-Length": str(len(DEEP))}, raw=DEEP),
    "deep-json-500": Answer(500, None, {"Content-Length": str(len(DEEP))}, raw=DEEP),
    "object-not-list": Answer(200, {"data": []}),
    "list-of-text": Answer(200, ["abc"]),
}


@pytest.mark.parametrize("case", sorted(ODD_DATAGOUV))
def test_an_odd_answer_is_one_line(case, validated_site):
    result, _server = faulty("datagouv", validated_site, *[ODD_DATAGOUV[case]] * 3)  # each try
    assert_one_clean_error(result, DG_KEY)


def test_an_openagenda_token_answer_that_is_a_list_is_one_line(validated_site):
    token = Answer(200, ["tok-a", "tok-b"], when="POST")
    result, _server = faulty("openagenda", validated_site, token)
    assert_one_clean_error(result, SECRET)


@pytest.mark.parametrize("platform", ["datagouv", "openagenda"])
def test_an_overflowing_retry_after_date_is_ignored(platform, validated_site):
    overflow = {"Retry-After": "1 Jan 2020 00:00:00 +99999999999999999999"}
    busy = Answer(429, {"message": "slow down"}, overflow)
    result, _server = faulty(platform, validated_site, busy, extra=("--max-wait", "0.01"))
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output


# --- bounded in time and memory -------------------------------------------------------------


def endless(stream: BinaryIO, stop: threading.Event) -> None:
    block = b"[" + b" " * (1024 * 1024 - 1)
    for _ in range(1024):  # 1 GiB, unannounced
        if stop.is_set():
            return
        stream.write(block)


def dripping(stream: BinaryIO, stop: threading.Event) -> None:
    for _ in range(1000):
        stream.write(b" ")
        stream.flush()
        if stop.wait(0.2):
            return


def measured(url: str, site: Path, *extra: str, tmp_path: Path) -> tuple[int, str, float, int]:
    """The real CLI in a process of its own: exit status, output, seconds, peak KiB.

    The peak is the kernel's VmHWM of the process, which starts afresh at exec (getrusage's
    maxrss would count the pages of the forking test process too)."""
    report = tmp_path / "peak"
    code = (
        "import re\n"
        "from aictdata.cli import cli\n"
        "try:\n"
        "    cli(prog_name='aictdata')\n"
        "finally:\n"
        "    status = open('/proc/self/status').read()\n"
        "    peak = re.search(r'VmHWM:\\s+(\\d+) kB', status).group(1)\n"
        f"    open({str(report)!r}, 'w').write(peak)\n"
    )
    started = time.monotonic()
    completed = subprocess.run(
        [sys.executable, "-c", code, *datagouv_args(url, site), *extra],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, DG: DG_KEY},
    )
    seconds = time.monotonic() - started
    return (
        completed.returncode,
        completed.stdout + completed.stderr,
        seconds,
        int(report.read_text()),
    )


def test_a_gigabyte_answer_is_cut_at_the_size_cap_in_little_memory(validated_site, tmp_path):
    server = DataGouvServer()
    with server.running() as url:
        server.faults.append(Answer(200, None, {}, raw=endless))
        status, output, seconds, kib = measured(
            url, validated_site, "--retries", "0", "--deadline", "20", tmp_path=tmp_path
        )
    assert status == 1 and "Traceback" not in output, output
    assert "more than 33554432 bytes" in output
    assert seconds < 20 and kib < 100 * 1024, (seconds, kib)


@pytest.mark.parametrize(("flag", "seconds"), [("--deadline", "1.5"), ("--run-deadline", "1.5")])
def test_a_dripping_answer_is_cut_at_the_deadline(flag, seconds, validated_site, tmp_path):
    server = DataGouvServer()
    with server.running() as url:
        server.faults.append(Answer(200, None, {"Content-Length": "1000"}, raw=dripping))
        status, output, took, kib = measured(
            url,
            validated_site,
            "--timeout",
            "3",
            "--retries",
            "0",
            flag,
            seconds,
            tmp_path=tmp_path,
        )
    assert status == 1 and "Traceback" not in output, output
    assert f"no complete answer within {seconds} s" in output and flag in output
    assert len(output.strip().splitlines()) == 1
    assert took < float(seconds) + 3 and kib < 100 * 1024, (took, kib)
