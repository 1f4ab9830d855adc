"""Helpers for the HTTP tests: a site built from the real editions, the real `aictdata serve`
started as a subprocess, small in-test servers, and a raw HTTP client for the paths that
`requests` would normalise before sending.

Every wait here is bounded by a deadline, and every server is stopped on exit.
"""

from __future__ import annotations

import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from aictdata import exporters
from aictdata.build.site import build_site
from aictdata.exporters.context import BuildContext
from aictdata.model.catalog import Catalog
from aictdata.output.writer import SiteWriter
from aictdata.source.load import load_catalog
from tests.conftest import EDITIONS

START_TIMEOUT = 15.0
STOP_TIMEOUT = 10.0

# The files the tests need whatever the real exporters write, in the types of the issue:
# a feed, CSV and JSON data, JSON-LD, pages; written by a real exporter run by the real
# build, so that they are in the real manifest.
FEED = (
    "BEGIN:VCALENDAR\r\n"
    "VERSION:2.0\r\n"
    "PRODID:-//aictdata tests//serve and check//FR\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:2030.ouverture@tests.invalid\r\n"
    "DTSTAMP:20300101T000000Z\r\n"
    "DTSTART;TZID=Europe/Paris:20300704T093000\r\n"
    "DTEND;TZID=Europe/Paris:20300704T103000\r\n"
    "SEQUENCE:0\r\n"
    "STATUS:CONFIRMED\r\n"
    "SUMMARY:Ouverture officielle des Rencontres de l'action internationale d\r\n"
    " es collectivités territoriales\\, séance plénière\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:2030.cloture@tests.invalid\r\n"
    "DTSTAMP:20300101T000000Z\r\n"
    "DTSTART;TZID=Europe/Paris:20300704T170000\r\n"
    "DTEND;TZID=Europe/Paris:20300704T173000\r\n"
    "SEQUENCE:1\r\n"
    "STATUS:CANCELLED\r\n"
    "SUMMARY:Clôture\r\n"
    "END:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)
FILES = {
    "fixture/feed.ics": FEED,
    "fixture/data.csv": "id,titre\r\nouverture,Séance plénière\r\ncloture,Clôture\r\n",
    "fixture/data.json": '{\n  "sessions": [\n    "ouverture",\n    "clôture"\n  ]\n}\n',
    "fixture/event.jsonld": '{"@context": "https://schema.org", "@type": "Event", "name": "É"}\n',
    "fixture/index.html": '<!doctype html>\n<meta charset="utf-8">\n<title>Index</title>\n',
    "fixture/noindex/notes.csv": "a,b\r\n1,2\r\n",
}
TEST_EXPORTER = exporters.Exporter("test-files", "files of the HTTP tests", "tests.served")


def export(catalog: Catalog, site: SiteWriter, context: BuildContext) -> None:
    """The test exporter: writes FILES through the build's SiteWriter."""
    for path, text in FILES.items():
        site.write_text(path, text)


def build_test_site(out: Path, *, reuse: bool = True) -> Path:
    """build_site with every registered exporter, plus the test files."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(exporters, "EXPORTERS", (*exporters.EXPORTERS, TEST_EXPORTER))
        build_site(load_catalog(EDITIONS), out, reuse=reuse)
    return out


def aictdata_command() -> list[str]:
    script = Path(sys.executable).with_name("aictdata")
    return [str(script)] if script.exists() else [sys.executable, "-m", "aictdata"]


class ServeProcess:
    """The real `aictdata serve` on 127.0.0.1, on a port it picks (--port 0) unless told one."""

    def __init__(
        self,
        site: Path,
        log: Path,
        *,
        ignore_sigint: bool = False,
        port: int = 0,
        options: tuple[str, ...] = (),
        open_files: int | None = None,
    ) -> None:
        self.log = log
        self.log_file = log.open("wb")
        command = [
            *aictdata_command(),
            *("serve", str(site), "--host", "127.0.0.1", "--port", str(port), *options),
        ]
        if ignore_sigint:  # as a shell starts a background job: SIGINT ignored, then exec
            command = ["sh", "-c", 'trap "" INT; exec "$@"', "sh", *command]
        self.process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=self.log_file,
            text=True,
            preexec_fn=None if open_files is None else lambda: _limit_open_files(open_files),
        )
        self.first_line = _read_line(self.process, START_TIMEOUT)
        match = re.search(r"(http://127\.0\.0\.1:\d+/)", self.first_line)
        if match is None:
            self.stop()
            log_text = log.read_text(encoding="utf-8", errors="replace")
            raise AssertionError(f"serve did not start: {self.first_line!r}\n{log_text}")
        self.url = match.group(1)
        self.port = int(self.url.rsplit(":", 1)[1].rstrip("/"))

    def stop(self, how: signal.Signals = signal.SIGTERM) -> tuple[int, str]:
        """Send `how`, wait (bounded), and return (exit status, rest of standard output)."""
        if self.process.poll() is None:
            self.process.send_signal(how)
        try:
            rest, _ = self.process.communicate(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            rest, _ = self.process.communicate(timeout=STOP_TIMEOUT)
        self.log_file.close()
        return self.process.returncode, rest or ""


def _limit_open_files(count: int) -> None:
    """In the child before exec: at most `count` file descriptors (RLIMIT_NOFILE)."""
    import resource

    resource.setrlimit(resource.RLIMIT_NOFILE, (count, count))


def _read_line(process: subprocess.Popen[str], timeout: float) -> str:
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    if not ready:
        process.kill()
        raise AssertionError(f"no output from serve within {timeout} s")
    return process.stdout.readline()


@contextmanager
def serving(
    site: Path,
    log: Path,
    *,
    ignore_sigint: bool = False,
    port: int = 0,
    options: tuple[str, ...] = (),
    open_files: int | None = None,
) -> Iterator[ServeProcess]:
    server = ServeProcess(
        site, log, ignore_sigint=ignore_sigint, port=port, options=options, open_files=open_files
    )
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def in_thread(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """A small real HTTP server of the test's own, on 127.0.0.1; yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(STOP_TIMEOUT)


def raw_get(port: int, target: str, *, method: str = "GET", timeout: float = 5.0) -> bytes:
    """Send a request line exactly as written (requests would normalise `..` and `%2e`)."""
    request = f"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as connection:
        connection.sendall(request.encode("latin-1"))
        chunks = []
        while len(chunks) < 1000:
            chunk = connection.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)


def status_of(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


def free_port() -> int:
    """A port where nothing listens (bound then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def build_for_origin(base_url: str, work: Path) -> Path:
    """The real editions built as if published at `base_url` (into work/site).

    The pages' absolute links (canonical, JSON-LD ids) then name the origin that serves
    them in the test, as they name the production host once deployed: an audit of the
    served pages judges the site as it will be, not a copy pointing somewhere else.
    editions/ is copied to work/editions and only its series.yaml `base_url` is rewritten.
    """
    editions = work / "editions"
    shutil.copytree(EDITIONS, editions)
    series = editions / "series.yaml"
    text, count = re.subn(
        r"^base_url: .*$", f"base_url: {base_url}", series.read_text("utf-8"), flags=re.M
    )
    assert count == 1, f"{series} should set base_url once, on a line of its own"
    series.write_text(text, "utf-8")
    out = work / "site"
    build_site(load_catalog(editions), out)
    return out


def copy_site(source: Path, target: Path) -> Path:
    """A copy of a built site to alter, leaving the local build intact."""
    shutil.copytree(source, target, symlinks=True)
    return target
