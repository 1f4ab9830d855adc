"""`aictdata check`: a local build compared with what real servers on 127.0.0.1 serve.

The deployed side is always a copy of the build served by the real `aictdata serve`, or
a small server of the test's own (http.server) that misbehaves in one precise way.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import threading
import time
from dataclasses import dataclass, replace
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

import pytest
from click.testing import CliRunner

from aictdata.check import DEFAULT_OPTIONS, Kind, check_site, read_manifest
from aictdata.cli import cli
from aictdata.errors import CheckError, UnreachableError
from tests.served import (
    FEED,
    aictdata_command,
    build_test_site,
    copy_site,
    free_port,
    in_thread,
    serving,
)

FAST = replace(DEFAULT_OPTIONS, timeout=5, retries=2, backoff=0.01)

# What a correctly configured static host sends (nginx/Apache with the README's snippets).
RIGHT_TYPES = {
    ".ics": "text/calendar; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".json": "application/json",
    ".jsonld": "application/ld+json",
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/vnd.microsoft.icon",  # Apache's name: check takes it for image/x-icon
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".xml": "application/xml",
    ".js": "text/javascript; charset=utf-8",
    ".xsl": "application/xslt+xml",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_test_site(tmp_path_factory.mktemp("check") / "site")


@dataclass(frozen=True)
class Deployed:
    folder: Path
    url: str


@pytest.fixture(scope="module")
def host(tmp_path_factory: pytest.TempPathFactory):
    """One real `aictdata serve` for the module, over a folder of deployed copies."""
    hosted = tmp_path_factory.mktemp("hosted")
    with serving(hosted, tmp_path_factory.mktemp("log") / "serve.log") as running:
        yield hosted, running.url


@pytest.fixture
def deployed(site: Path, host, request: pytest.FixtureRequest) -> Deployed:
    """A copy of the build, as uploaded to a sub-folder of the host, that a test may spoil."""
    hosted, url = host
    name = re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")
    return Deployed(copy_site(site, hosted / name), f"{url}{name}/")


def run_check(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*aictdata_command(), "check", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def rows_naming(output: str, path: str) -> list[str]:
    return [line for line in output.splitlines() if f"  {path}  " in line]


def static_host(directory: Path, types: dict[str, str], cors: bool = True) -> type:
    """A plain static file server (http.server) with a given suffix -> type map."""

    class Host(SimpleHTTPRequestHandler):
        extensions_map = types

        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, directory=str(directory), **kwargs)

        def end_headers(self) -> None:
            if cors:
                self.send_header("Access-Control-Allow-Origin", "*")
            super().end_headers()

        def log_message(self, *args) -> None:
            pass

    return Host


def refolded(text: str, width: int = 40) -> str:
    """What a re-serialising host does: unfold, reorder properties, fold elsewhere, LF."""
    lines = text.replace("\r\n ", "").split("\r\n")
    summaries = [i for i, line in enumerate(lines) if line.startswith("SUMMARY")]
    for index in summaries:  # move each SUMMARY just after its BEGIN:VEVENT
        begin = max(i for i in range(index) if lines[i] == "BEGIN:VEVENT")
        lines.insert(begin + 1, lines.pop(index))
    folded = []
    for line in lines:
        folded.append(line[:width])
        folded += [" " + line[i : i + width] for i in range(width, len(line), width)]
    return "\n".join(folded)


# --- the command, against the real `aictdata serve` --------------------------------------


def test_fresh_build_matches(site, deployed):
    result = run_check(deployed.url, "--site", str(site))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].endswith("all match")
    assert result.stderr == ""


def test_verbose_lists_every_file(site, deployed):
    listed = (site / "manifest.json").read_text(encoding="utf-8").count('"path"')
    result = run_check(deployed.url, "--site", str(site), "--verbose")
    assert result.returncode == 0
    ok_rows = [line for line in result.stdout.splitlines() if line.startswith("ok  ")]
    assert len(ok_rows) == listed + 1  # every listed file, and the manifest itself


def test_changed_file_is_named(site, deployed):
    (deployed.folder / "fixture/data.csv").write_text("id,titre\r\nouverture,Autre\r\n", "utf-8")
    result = run_check(deployed.url, "--site", str(site))
    assert result.returncode == 1
    rows = rows_naming(result.stdout, "fixture/data.csv")
    assert len(rows) == 1
    assert rows[0].startswith("different content  200")
    assert "1 with problems" in result.stdout.splitlines()[-1]


@pytest.mark.parametrize("name", ["schedule.xml", "schedule.json"])
def test_a_stale_schedule_is_different_content(site, deployed, name):
    path = deployed.folder / "2025" / name
    path.write_text(path.read_text("utf-8").replace("09:30", "09:45", 1), "utf-8")
    result = run_check(deployed.url, "--site", str(site))
    assert result.returncode == 1
    (row,) = rows_naming(result.stdout, f"2025/{name}")
    assert row.startswith("different content  200")


def test_removed_file_is_missing(site, deployed):
    (deployed.folder / "fixture/event.jsonld").unlink()
    result = run_check(deployed.url, "--site", str(site))
    assert result.returncode == 1
    rows = rows_naming(result.stdout, "fixture/event.jsonld")
    assert len(rows) == 1
    assert rows[0].startswith("missing")
    assert " 404 " in rows[0]


def test_another_build_is_told_by_its_manifest(site, deployed):
    (deployed.folder / "fixture/feed.ics").write_text(
        FEED.replace("SEQUENCE:1", "SEQUENCE:2"), "utf-8"
    )
    (deployed.folder / "manifest.json").write_text('{"files": []}\n', "utf-8")
    report = check_site(deployed.url, site, options=FAST)
    assert {f.path for f in report.problems} == {"manifest.json", "fixture/feed.ics"}
    [feed] = [f for f in report.files if f.path == "fixture/feed.ics"]
    assert feed.findings[0].detail == (
        "different events: 2030.cloture@tests.invalid SEQUENCE 2 (built: 1)"
    )


def test_nothing_listening_is_one_clear_line(site):
    port = free_port()
    started = time.monotonic()
    result = run_check(f"http://127.0.0.1:{port}/", "--site", str(site))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"error: cannot reach http://127.0.0.1:{port}/: connection refused (3 attempts)"
    ]
    assert time.monotonic() - started < 20


def test_missing_local_build_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(cli, ["check", "http://127.0.0.1:9/", "--site", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {tmp_path / 'manifest.json'}: ")
    assert "(run `aictdata build` first)" in result.stderr


@pytest.mark.parametrize("url", ["ftp://example.org/", "example.org", "http://x/?a=1"])
def test_unusable_base_url_is_a_clear_error(site, url):
    result = CliRunner().invoke(cli, ["check", url, "--site", str(site)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {url!r}")
    assert result.stdout == ""


# --- feeds that differ in bytes: re-serialised, or wrong -------------------------------


def test_refolded_feed_is_same_events_different_bytes(site, deployed):
    (deployed.folder / "fixture/feed.ics").write_bytes(refolded(FEED).encode("utf-8"))
    assert (deployed.folder / "fixture/feed.ics").read_bytes() != FEED.encode("utf-8")
    result = run_check(deployed.url, "--site", str(site))
    strict = run_check(deployed.url, "--site", str(site), "--strict")
    assert result.returncode == 0, result.stdout
    rows = rows_naming(result.stdout, "fixture/feed.ics")
    assert len(rows) == 1
    assert rows[0].startswith("same content, different bytes")
    assert "same events" in rows[0]
    assert "1 with warnings, 0 with problems" in result.stdout.splitlines()[-1]
    assert strict.returncode == 1


def test_moved_event_is_different_events(site, deployed):
    moved = FEED.replace("DTSTART;TZID=Europe/Paris:20300704T093000", "DTSTART:20300704T083000Z")
    (deployed.folder / "fixture/feed.ics").write_text(moved, "utf-8")
    report = check_site(deployed.url, site, options=FAST)
    [feed] = report.problems
    assert feed.path == "fixture/feed.ics"
    assert feed.findings[0].kind is Kind.CONTENT
    assert feed.findings[0].detail == (
        "different events: 2030.ouverture@tests.invalid DTSTART 2030-07-04T08:30:00+00:00"
        " (built: 2030-07-04T09:30:00+02:00)"
    )


def test_same_instant_written_in_utc_is_not_a_moved_event(site, deployed):
    """09:30 in Paris in July is 07:30Z: same time, but not the same feed either."""
    in_utc = FEED.replace("DTSTART;TZID=Europe/Paris:20300704T093000", "DTSTART:20300704T073000Z")
    (deployed.folder / "fixture/feed.ics").write_text(in_utc, "utf-8")
    report = check_site(deployed.url, site, options=FAST)
    [finding] = next(f for f in report.files if f.path == "fixture/feed.ics").findings
    assert finding.kind is Kind.CONTENT
    assert finding.detail.startswith("same events and times, other properties differ")
    assert "2030.ouverture@tests.invalid DTSTART" in finding.detail


def test_stale_title_is_different_content(site, deployed):
    stale = FEED.replace("SUMMARY:Clôture", "SUMMARY:Clôture (ancien titre)")
    (deployed.folder / "fixture/feed.ics").write_text(stale, "utf-8")
    report = check_site(deployed.url, site, options=FAST)
    [finding] = next(f for f in report.files if f.path == "fixture/feed.ics").findings
    assert finding.kind is Kind.CONTENT
    assert "2030.cloture@tests.invalid SUMMARY" in finding.detail


def test_missing_event_is_named(site, deployed):
    start = FEED.index("BEGIN:VEVENT\r\nUID:2030.cloture")
    end = FEED.index("END:VEVENT\r\n", start) + len("END:VEVENT\r\n")
    (deployed.folder / "fixture/feed.ics").write_text(FEED[:start] + FEED[end:], "utf-8")
    report = check_site(deployed.url, site, options=FAST)
    [finding] = next(f for f in report.files if f.path == "fixture/feed.ics").findings
    assert finding.detail == "different events: 2030.cloture@tests.invalid missing"


def test_html_served_as_a_feed_is_not_a_calendar(site, deployed):
    (deployed.folder / "fixture/feed.ics").write_text("<html>Maintenance</html>\n", "utf-8")
    report = check_site(deployed.url, site, options=FAST)
    [finding] = next(f for f in report.files if f.path == "fixture/feed.ics").findings
    assert finding.kind is Kind.CONTENT
    assert finding.detail.startswith("not a valid iCalendar file")


def test_minified_json_is_same_data(site, deployed):
    (deployed.folder / "fixture/data.json").write_text(
        '{"sessions":["ouverture","clôture"]}', "utf-8"
    )
    report = check_site(deployed.url, site, options=FAST)
    assert report.passed()
    assert not report.passed(strict=True)
    [finding] = next(f for f in report.files if f.path == "fixture/data.json").findings
    assert finding.kind is Kind.SAME_CONTENT


# --- hosts with the wrong headers --------------------------------------------------------


def test_wrong_type_is_named(site):
    with in_thread(static_host(site, {**RIGHT_TYPES, ".csv": "text/plain"})) as url:
        result = run_check(url, "--site", str(site))
    assert result.returncode == 1
    problems = [line for line in result.stdout.splitlines()[1:-1] if "wrong type" in line]
    assert any("  fixture/data.csv  " in line for line in problems)
    assert all(".csv  " in line for line in problems)
    assert "text/plain, expected text/csv; charset=utf-8" in problems[0]


@pytest.mark.parametrize(
    ("suffix", "served", "wrong"),
    [
        (".csv", "text/csv", True),  # CSV's charset defaults to US-ASCII: accents break
        (".csv", "text/csv; charset=ISO-8859-1", True),
        (".csv", 'TEXT/CSV; Charset="UTF-8"', False),
        (".ics", "text/calendar", False),  # RFC 5545: UTF-8 unless said otherwise
        (".ics", "text/plain; charset=utf-8", True),
        (".jsonld", "application/json", True),
        (".html", "text/html", False),  # the page's own <meta charset="utf-8"> decides
    ],
)
def test_content_type_comparison(site, suffix, served, wrong):
    with in_thread(static_host(site, {**RIGHT_TYPES, suffix: served})) as url:
        report = check_site(url, site, options=FAST)
    type_problems = [f.path for f in report.files for x in f.findings if x.kind is Kind.TYPE]
    assert bool(type_problems) is wrong
    assert all(path.endswith(suffix) for path in type_problems)


def test_host_without_cors_or_validators_gets_warnings(site):
    class Bare(static_host(site, RIGHT_TYPES, cors=False)):
        def send_header(self, keyword: str, value: str) -> None:
            if keyword != "Last-Modified":
                super().send_header(keyword, value)

    with in_thread(Bare) as url:
        report = check_site(url, site, options=FAST)
    assert report.passed()
    feed = next(f for f in report.files if f.path == "fixture/feed.ics")
    assert {x.kind for x in feed.warnings} == {Kind.NO_CORS, Kind.NO_VALIDATOR}
    page = next(f for f in report.files if f.path == "fixture/index.html")
    assert {x.kind for x in page.warnings} == {Kind.NO_VALIDATOR}
    schedule = next(f for f in report.files if f.path == "2025/schedule.xml")
    assert {x.kind for x in schedule.warnings} == {Kind.NO_CORS, Kind.NO_VALIDATOR}


# --- bounded fetching: retries, redirects, size, time -------------------------------------


class Counting:
    """Requests seen per path by an in-test server (thread-safe)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.seen: dict[str, int] = {}

    def count(self, path: str) -> int:
        with self.lock:
            self.seen[path] = self.seen.get(path, 0) + 1
            return self.seen[path]


def test_a_busy_host_is_retried_with_backoff(site):
    counting = Counting()
    waits: list[float] = []

    class Busy(static_host(site, RIGHT_TYPES)):
        def do_GET(self) -> None:  # noqa: N802
            if self.path == "/fixture/data.csv" and counting.count(self.path) <= 2:
                self.send_error(503)
                return
            super().do_GET()

    options = replace(DEFAULT_OPTIONS, timeout=5, retries=2, backoff=0.01, sleep=waits.append)
    with in_thread(Busy) as url:
        report = check_site(url, site, options=options)
    assert report.passed(), report.problems
    assert counting.seen["/fixture/data.csv"] == 3
    assert waits == [0.01, 0.02]


def test_a_host_that_stays_broken_is_given_up_on(site):
    counting = Counting()

    class Broken(static_host(site, RIGHT_TYPES)):
        def do_GET(self) -> None:  # noqa: N802
            if self.path == "/fixture/data.csv":
                counting.count(self.path)
                self.send_error(500)
                return
            super().do_GET()

    with in_thread(Broken) as url:
        report = check_site(url, site, options=FAST)
    [broken] = report.problems
    assert broken.path == "fixture/data.csv"
    assert broken.findings[0].kind is Kind.STATUS
    assert broken.status == 500
    assert counting.seen["/fixture/data.csv"] == FAST.retries + 1


def redirecting(site: Path, locations: dict[str, str]) -> type:
    class Redirecting(static_host(site, RIGHT_TYPES)):
        def do_GET(self) -> None:  # noqa: N802
            target = locations.get(self.path)
            if target is None:
                super().do_GET()
                return
            self.send_response(301)
            self.send_header("Location", target.format(port=self.server.server_address[1]))
            self.send_header("Content-Length", "0")
            self.end_headers()

    return Redirecting


@pytest.mark.parametrize(
    ("location", "problem"),
    [
        ("/fixture/data.csv?moved=1", None),
        ("http://127.0.0.1:{port}/fixture/data.csv?moved=1", None),
        ("http://localhost:{port}/fixture/data.csv", "redirects to another host"),
        ("file:///etc/passwd", "not http(s)"),
        ("/fixture/data.csv", "more than 5 redirects"),
        # urlsplit reads 127.0.0.1 as the host, requests connects to localhost:80
        ("http://localhost\\@127.0.0.1:{port}/fixture/data.csv", "redirects to another host"),
        ("http://user@127.0.0.1:{port}/fixture/data.csv", "redirects to another host"),
        ("http://127.0.0.1:1/fixture/data.csv", "redirects to another host"),  # another port
        ("https://127.0.0.1:{port}/fixture/data.csv", "redirects to another host"),
    ],
)
def test_redirects_are_followed_only_on_the_same_host(site, location, problem):
    handler = redirecting(site, {"/fixture/data.csv": location})
    with in_thread(handler) as url:
        report = check_site(url, site, options=FAST)
    csv = next(f for f in report.files if f.path == "fixture/data.csv")
    if problem is None:
        assert not csv.findings
    else:
        [finding] = csv.findings
        assert finding.kind is Kind.REDIRECT
        assert problem in finding.detail


def test_an_endless_answer_is_cut_at_the_size_cap(site):
    sent: list[int] = []

    class Endless(static_host(site, RIGHT_TYPES)):
        protocol_version = "HTTP/1.0"

        def do_GET(self) -> None:  # noqa: N802
            if self.path != "/fixture/data.csv":
                super().do_GET()
                return
            self.send_response(200)
            self.send_header("Content-Type", RIGHT_TYPES[".csv"])
            self.end_headers()
            total = 0
            try:
                for _ in range(200):  # at most 12.8 MB, far past the cap
                    self.wfile.write(b"x" * 65536)
                    total += 65536
            except OSError:
                pass
            sent.append(total)

    options = replace(DEFAULT_OPTIONS, timeout=5, retries=0, max_bytes=100_000)
    with in_thread(Endless) as url:
        report = check_site(url, site, options=options)
    csv = next(f for f in report.files if f.path == "fixture/data.csv")
    assert [x.kind for x in csv.findings] == [Kind.TOO_LARGE]
    assert sent and sent[0] < 200 * 65536


def test_an_announced_oversize_is_refused_before_reading(site):
    options = replace(DEFAULT_OPTIONS, timeout=5, retries=0, max_bytes=50)
    with in_thread(static_host(site, RIGHT_TYPES)) as url:
        report = check_site(url, site, options=options)
    big = [f for f in report.files if any(x.kind is Kind.TOO_LARGE for x in f.findings)]
    assert big
    assert all("announces" in f.findings[0].detail for f in big)


def test_a_host_that_accepts_but_never_answers_times_out(site):
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        started = time.monotonic()
        options = replace(DEFAULT_OPTIONS, timeout=0.5, retries=1, backoff=0.01)
        with pytest.raises(UnreachableError, match=r"timed out after 0\.5 s \(2 attempts\)"):
            check_site(f"http://127.0.0.1:{port}", site, options=options)
    assert time.monotonic() - started < 10


def test_a_manifest_that_is_not_one_is_refused(tmp_path):
    (tmp_path / "manifest.json").write_text("[1, 2]", "utf-8")
    with pytest.raises(CheckError, match="not a manifest"):
        check_site("http://127.0.0.1:9/", tmp_path, options=FAST)


def holding_host(site: Path, together: int = 4) -> tuple[type, list[int]]:
    """A static host that holds each answer under fixture/ until `together` requests are
    open at once (or 10 s have passed), and the most requests it saw open together: a
    checker's parallelism counted, never timed."""
    lock = threading.Lock()
    open_now = [0]
    peak = [0]
    all_open = threading.Event()

    class Holding(static_host(site, RIGHT_TYPES)):
        def do_GET(self) -> None:  # noqa: N802
            if self.path.startswith("/fixture/"):
                with lock:
                    open_now[0] += 1
                    peak[0] = max(peak[0], open_now[0])
                    if open_now[0] >= together:
                        all_open.set()
                all_open.wait(10)
                with lock:
                    open_now[0] -= 1
            super().do_GET()

    return Holding, peak


def test_jobs_fetch_in_parallel(site):
    """Four workers have four of the six files in flight at once, so a checker fetching
    one file at a time never reaches four and the test fails without timing anything."""
    slow, peak = holding_host(site)
    with in_thread(slow) as url:
        report = check_site(
            url, site, options=replace(DEFAULT_OPTIONS, timeout=30, retries=0), jobs=4
        )
    assert report.passed()
    assert sum(f.path.startswith("fixture/") for f in report.files) == 6
    assert peak[0] == 4


def dripping(site: Path, paths: set[str], sent: list[int]) -> type:
    """A host that answers `paths` one byte a second (headers, then an endless body),
    so that no read of the client ever times out; the others as a static host."""

    class Dripping(static_host(site, RIGHT_TYPES)):
        def do_GET(self) -> None:  # noqa: N802
            if self.path not in paths:
                super().do_GET()
                return
            answer = b"HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\n\r\n" + b"x" * 1000
            try:
                for byte in answer:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    sent.append(byte)
                    time.sleep(1)
            except OSError:
                pass

    return Dripping


def test_a_host_sending_one_byte_a_second_is_cut_at_the_deadline(site):
    """The manifest itself drips: the check ends within --deadline, with one line."""
    sent: list[int] = []
    with in_thread(dripping(site, {"/manifest.json"}, sent)) as url:
        started = time.monotonic()
        result = run_check(url, "--site", str(site), "--timeout", "2", "--deadline", "3")
        seconds = time.monotonic() - started
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"error: cannot check {url}: no complete answer within 3 s (--deadline)"
    ]
    assert len(sent) >= 2  # the host was dripping, each byte within the 2 s timeout
    assert seconds < 3 + 3  # the deadline, and the interpreter's start and exit


def test_the_whole_run_has_a_deadline(site):
    """Every file but the manifest drips: each is cut at what is left of the run."""
    listed = {f"/{f.path}" for f in read_manifest(site)[1:]}
    options = replace(DEFAULT_OPTIONS, timeout=2, retries=2, deadline=60, run_deadline=2)
    with in_thread(dripping(site, listed, [])) as url:
        started = time.monotonic()
        report = check_site(url, site, options=options, jobs=2)
        seconds = time.monotonic() - started
    assert seconds < 2 + 2
    assert {f.path for f in report.problems} == {p.lstrip("/") for p in listed}
    details = {finding.detail for f in report.problems for finding in f.findings}
    assert details == {"no complete answer within 2 s (--deadline)"}


@pytest.mark.parametrize(
    "path", ["//127.0.0.2/x.csv", "../../etc/passwd", "/etc/passwd", "a\\b.csv", "a/./b", "C:x"]
)
def test_a_manifest_entry_outside_the_site_is_refused(tmp_path, path):
    entry = {"path": path, "bytes": 1, "sha256": "0" * 64, "content_type": "text/csv"}
    (tmp_path / "manifest.json").write_text(json.dumps({"files": [entry]}), "utf-8")
    with pytest.raises(CheckError, match="is not a plain relative path inside the site"):
        check_site("http://127.0.0.1:9/", tmp_path, options=FAST)


def test_a_deeply_nested_json_body_is_different_content(site, deployed):
    (deployed.folder / "fixture" / "event.jsonld").write_text("[" * 100_000 + "]" * 100_000)
    report = check_site(deployed.url, site, options=FAST)
    [jsonld] = [f for f in report.files if f.path == "fixture/event.jsonld"]
    assert [x.kind for x in jsonld.findings] == [Kind.CONTENT]
    assert jsonld.findings[0].detail.startswith("not valid JSON")
