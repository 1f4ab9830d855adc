"""What both publishers promise whatever happens: a dry run connects to nothing and lists
every request; the key (and the token obtained with it) never appears in any output or
log line, in any failure; retries wait as the server asks, within bounds."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest

from aictdata.net.http import Secrets
from aictdata.net.retry import retry_after
from tests.publish.conftest import FAST, published_paths, run_cli
from tests.publish.contract import Answer
from tests.publish.datagouv_server import KEY as DG_KEY
from tests.publish.datagouv_server import DataGouvServer
from tests.publish.openagenda_server import AGENDA, SECRET, OpenAgendaServer
from tests.served import aictdata_command


def datagouv_requests(site: Path) -> int:
    """Find ours, create it, one per published file, make it public."""
    return 1 + 1 + len(published_paths(site)) + 1


OPENAGENDA_REQUESTS = 1 + 2 * 2 + 24 * 2  # token, read + write each place and event
ENV = {"AICTDATA_DATAGOUV_API_KEY": DG_KEY, "AICTDATA_OPENAGENDA_KEY": SECRET}


def dry_run_commands(site: Path) -> list[list[str]]:
    return [
        ["publish", "datagouv", "--site", str(site), "--dry-run", "-v"],
        ["publish", "openagenda", "--agenda", AGENDA, "--site", str(site), "--dry-run", "-v"],
    ]


def listed(output: str) -> list[str]:
    return [line.split()[0] for line in output.splitlines() if line.startswith("  ")]


def test_dry_run_lists_every_request_and_opens_no_socket(validated_site, monkeypatch):
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a dry run tried to connect")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    datagouv, openagenda = (run_cli(*c, env=ENV) for c in dry_run_commands(validated_site))
    assert datagouv.exit_code == 0, datagouv.output
    assert openagenda.exit_code == 0, openagenda.output
    assert len(listed(datagouv.output)) == datagouv_requests(validated_site)
    assert listed(datagouv.output).count("POST") == len(published_paths(validated_site)) + 1
    assert len(listed(openagenda.output)) == OPENAGENDA_REQUESTS
    assert "[X-API-KEY: $AICTDATA_DATAGOUV_API_KEY]" in datagouv.output
    assert 'code="$AICTDATA_OPENAGENDA_KEY"' in openagenda.output
    for output in (datagouv.output, openagenda.output):
        assert DG_KEY not in output and SECRET not in output


def test_dry_run_works_with_the_network_unreachable(validated_site, tmp_path):
    """In a network namespace of its own (loopback only, down): no request can leave."""
    probe = subprocess.run(["unshare", "--net", "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        message = f"cannot create a network namespace: {probe.stderr.decode().strip()}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    for command in dry_run_commands(validated_site):
        completed = subprocess.run(
            ["unshare", "--net", *aictdata_command(), *command, "--production"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            env={**os.environ, **ENV},
        )
        assert completed.returncode == 0, completed.stderr
        expected = (datagouv_requests(validated_site), OPENAGENDA_REQUESTS)
        assert len(listed(completed.stdout)) in expected
        assert DG_KEY not in completed.stdout + completed.stderr
        assert SECRET not in completed.stdout + completed.stderr


def _faults(server: DataGouvServer | OpenAgendaServer, case: str) -> tuple[str, ...]:
    """Put `server` in the failure `case`; the extra options that case runs with."""
    if case == "refused-key-echoed":
        server.echo_key = True
        return ()
    if case == "rate-limited-forever":
        server.faults += [Answer(429, {"message": "slow down"}, {"Retry-After": "0"})] * 5
    elif case == "server-error-forever":
        server.faults += [Answer(500, {"message": "boom"})] * 5
    elif case == "never-answers":
        server.hang = True
        return ("--timeout", "0.3", "--retries", "0")
    elif case == "crash-mid-run":
        server.writes_before_crash = 3
        return ("--retries", "0")
    elif case == "forbidden":
        server.faults.append(Answer(403, {"message": "forbidden"}, when="PUT"))
    return ()


CASES = [
    "refused-key-echoed",
    "rate-limited-forever",
    "server-error-forever",
    "never-answers",
    "crash-mid-run",
    "forbidden",
]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("platform", ["datagouv", "openagenda"])
def test_no_output_or_log_line_holds_the_key(platform, case, validated_site, changed_site, caplog):
    caplog.set_level(logging.DEBUG)
    server = DataGouvServer() if platform == "datagouv" else OpenAgendaServer()
    with server.running() as url:
        if case == "forbidden":  # a PUT needs something to update: publish once first
            first = _publish(platform, url, validated_site, ())
            assert first.exit_code == 0, first.output
        wrong = case == "refused-key-echoed"
        result = _publish(platform, url, changed_site, _faults(server, case), wrong_key=wrong)
    assert result.exit_code == 1, result.output
    assert len(result.output.strip().splitlines()) == 1 and result.output.startswith("error: ")
    text = result.output + caplog.text
    for secret in (DG_KEY, SECRET, "wrong-key-31f", "tok-"):
        assert secret not in text, f"{secret!r} leaked: {text}"
    if wrong:
        assert "***" in result.output  # the key the platform echoed was redacted


def _publish(platform: str, url: str, site: Path, extra: tuple[str, ...], *, wrong_key=False):
    env = dict(ENV)
    if wrong_key:
        env = {name: "wrong-key-31f" for name in ENV}
    if platform == "datagouv":
        args = ["publish", "datagouv", "--api-url", url + "api/1/"]
    else:
        args = ["publish", "openagenda", "--agenda", AGENDA, "--api-url", url + "v2/"]
    return run_cli(*args, "--site", str(site), *FAST, "--max-wait", "0.1", *extra, env=env)


def test_a_redirect_is_not_followed_with_the_key(validated_site):
    elsewhere = DataGouvServer()
    server = DataGouvServer()
    with elsewhere.running() as other, server.running() as url:
        server.faults.append(Answer(301, None, {"Location": other + "api/1/me/org_datasets/"}))
        result = _publish("datagouv", url, validated_site, ())
    assert result.exit_code == 1
    assert "HTTP 301 on GET /api/1/me/org_datasets/ redirects to" in result.output
    assert elsewhere.log == [], "the key went to the redirect's host"


def test_retry_after_reads_seconds_and_http_dates_within_bounds():
    now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    in_five = format_datetime(now + timedelta(seconds=5), usegmt=True)
    assert retry_after("3", 0.5, cap=10, now=now) == 3
    assert retry_after(in_five, 0.5, cap=10, now=now) == 5
    assert retry_after(in_five, 0.5, cap=2, now=now) == 2
    assert retry_after("3600", 0.5, cap=30, now=now) == 30
    assert (
        retry_after(format_datetime(now - timedelta(hours=1), usegmt=True), 0.5, cap=9, now=now)
        == 0
    )
    assert retry_after("soon", 0.5, cap=10, now=now) == 0.5
    assert retry_after(None, 0.5, cap=10, now=now) == 0.5


def test_secrets_are_redacted_longest_first():
    secrets = Secrets("abc", "abcdef", None)
    assert secrets.redact("key abcdef and abc") == "key *** and ***"
