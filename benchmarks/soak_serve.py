"""Soak `aictdata serve`: concurrent clients for a while, requests/s, latency and errors.

Three scenarios against the real command (a child process, `--quiet`) serving a build of
the real editions:

- `new-connections`: 50 clients, each opening a new connection for every request (50
  new connections at any moment: the listen backlog and thread start-up are what is
  measured);
- `keep-alive`: 50 clients, each keeping one connection for all its requests;
- `slow-clients`: 200 clients that send a request one byte a second and never finish it
  (each holds a thread until the request deadline, then comes back), while 10 clients
  make ordinary requests on new connections, which are the ones timed.

The timed clients are ApacheBench (`ab`, Debian's apache2-utils): written in C, it
leaves the two cores to the server, where Python clients measured their own GIL. A
request is an error when it fails, times out (5 s) or does not answer 200 with the whole
body (ab's failed and non-2xx counts). The slow clients are raw sockets here.

    apt-get install apache2-utils
    .venv/bin/python -m benchmarks.soak_serve --seconds 20

It is a benchmark, not a test: the figures depend on the machine (BENCHMARKS.md).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.run import aictdata_command

PATH = "/calendar.ics"
TIMEOUT = 5.0


@dataclass(frozen=True)
class Scenario:
    name: str
    clients: int
    keep_alive: bool
    slow: int = 0


SCENARIOS = (
    Scenario("new-connections", 50, keep_alive=False),
    Scenario("keep-alive", 50, keep_alive=True),
    Scenario("slow-clients", 10, keep_alive=False, slow=200),
)


def _slow_clients(port: int, count: int, stop: threading.Event) -> None:
    """`count` connections that send a request one byte a second, never finishing it."""
    sockets = []
    for _ in range(count):
        connection = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
        connection.setblocking(False)
        sockets.append(connection)
    drip = b"GET " + PATH.encode() + b" HTTP/1.1\r\nX-Slow: " + b"a" * 100_000
    position = 0
    while not stop.wait(1.0):
        for index, connection in enumerate(sockets):
            try:
                connection.send(drip[position : position + 1])
            except OSError:  # cut off at the request deadline: come back, as an attacker would
                connection.close()
                sockets[index] = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
                sockets[index].setblocking(False)
        position += 1
    for connection in sockets:
        connection.close()


def _ab(port: int, scenario: Scenario, seconds: float) -> dict[str, object]:
    """Run ab for `seconds` and read its summary and its percentiles (-e, in ms)."""
    with tempfile.NamedTemporaryFile(suffix=".csv") as percentiles:
        command = ["ab", "-q", "-c", str(scenario.clients), "-t", str(seconds), "-n", "100000000"]
        command += ["-s", str(TIMEOUT), "-e", percentiles.name, "-r"]
        command += ["-k"] if scenario.keep_alive else []
        output = subprocess.run(
            [*command, f"http://127.0.0.1:{port}{PATH}"],
            capture_output=True,
            text=True,
            check=True,
            timeout=seconds + 60,
        ).stdout
        served = {
            int(float(share)): float(ms)
            for share, ms in (
                line.split(",") for line in Path(percentiles.name).read_text().splitlines()[1:]
            )
        }

    def figure(label: str) -> float:
        match = re.search(rf"^{label}:\s+([\d.]+)", output, re.MULTILINE)
        return float(match.group(1)) if match else 0.0

    return {
        "requests": int(figure("Complete requests")),
        "requests_per_second": round(figure("Requests per second")),
        "p50_ms": served[50],
        "p99_ms": served[99],
        "max_ms": served[100],
        "errors": int(figure("Failed requests") + figure("Non-2xx responses")),
    }


def run_scenario(port: int, scenario: Scenario, seconds: float) -> dict[str, object]:
    stop = threading.Event()
    slow = None
    if scenario.slow:
        slow = threading.Thread(target=_slow_clients, args=(port, scenario.slow, stop))
        slow.start()
        time.sleep(2)  # the slow clients hold their threads before timing starts
    try:
        figures = _ab(port, scenario, seconds)
    finally:
        stop.set()
        if slow is not None:
            slow.join()
    return {
        "scenario": scenario.name,
        "clients": scenario.clients,
        "slow_clients": scenario.slow,
        "seconds": seconds,
        **figures,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="per scenario")
    parser.add_argument("--only", choices=[s.name for s in SCENARIOS], action="append")
    args = parser.parse_args(argv)
    from aictdata.build.site import build_site
    from aictdata.source.load import load_catalog

    with tempfile.TemporaryDirectory(prefix="aictdata-soak-") as scratch:
        site = Path(scratch) / "site"
        build_site(load_catalog(Path("editions")), site)
        size = (site / PATH.lstrip("/")).stat().st_size
        if shutil.which("ab") is None:
            print("ab is missing: apt-get install apache2-utils", file=sys.stderr)
            return 1
        server = subprocess.Popen(
            [*aictdata_command(), "serve", str(site), "--port", "0", "--quiet"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert server.stdout is not None
            match = re.search(r":(\d+)/", server.stdout.readline())
            if match is None:
                print("serve did not start", file=sys.stderr)
                return 1
            port = int(match.group(1))
            print(f"serving {PATH} ({size} bytes) on port {port}", flush=True)
            for scenario in SCENARIOS:
                if args.only and scenario.name not in args.only:
                    continue
                print(json.dumps(run_scenario(port, scenario, args.seconds)), flush=True)
        finally:
            server.terminate()
            _, stderr = server.communicate(timeout=10)
        if stderr.strip():
            print(f"serve's standard error (should be empty with --quiet):\n{stderr}")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
