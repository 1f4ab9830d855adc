"""`aictdata check`'s safety rules and its feed comparison, against servers on 127.0.0.1.

- https -> http: a real TLS server (a throw-away CA and certificate made by trustme for
  this run only, trusted through REQUESTS_CA_BUNDLE) redirects to a plain-http server on
  the same host; the checker must refuse it, not follow it.
- Retry-After: a host asking for an hour is not waited on for an hour.
- Feeds compared on the real built feeds, VTIMEZONEs included, not a hand-written one.
"""

from __future__ import annotations

import re
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
import trustme
from icalendar import Calendar

from aictdata.check import DEFAULT_OPTIONS, Kind, check_site
from tests.served import STOP_TIMEOUT, build_test_site, in_thread
from tests.test_check import RIGHT_TYPES, holding_host, refolded, static_host

FAST = replace(DEFAULT_OPTIONS, timeout=5, retries=2, backoff=0.01)
CHECK_WAITS_AT_MOST = 10.0
"""The README's promise: a host's Retry-After never holds the checker longer than this."""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_test_site(tmp_path_factory.mktemp("safety") / "site")


@pytest.fixture(scope="module")
def authority(tmp_path_factory: pytest.TempPathFactory) -> trustme.CA:
    return trustme.CA()


@contextmanager
def tls_host(handler: type, authority: trustme.CA) -> Iterator[str]:
    """A real HTTPS server on 127.0.0.1 with a certificate of the test's CA."""
    import threading

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(STOP_TIMEOUT)


@pytest.fixture
def trusted(authority: trustme.CA, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(bundle))


def moving(site: Path, path: str, location: str) -> type:
    """A host that answers `path` with a 301 to `location`, everything else as built."""

    class Moving(static_host(site, RIGHT_TYPES)):
        def do_GET(self) -> None:  # noqa: N802
            if self.path != path:
                super().do_GET()
                return
            self.send_response(301)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

    return Moving


def finding_for(report, path: str):
    return next(f for f in report.files if f.path == path)


def test_an_https_host_is_checked_over_tls(site, authority, trusted):
    """The control: the TLS server itself works, and a same-host https redirect is fine."""
    handler = moving(site, "/fixture/data.csv", "/fixture/data.csv?moved=1")
    with tls_host(handler, authority) as url:
        report = check_site(url, site, options=FAST)
    assert report.passed(), report.problems


def test_https_to_http_redirect_is_refused(site, authority, trusted):
    with in_thread(static_host(site, RIGHT_TYPES)) as plain:  # same host, serves the file right
        handler = moving(site, "/fixture/data.csv", plain + "fixture/data.csv")
        with tls_host(handler, authority) as url:
            report = check_site(url, site, options=FAST)
    csv = finding_for(report, "fixture/data.csv")
    [finding] = csv.findings
    assert finding.kind is Kind.REDIRECT
    assert "https" in finding.detail and plain in finding.detail
    assert not report.passed()


@pytest.mark.parametrize(
    ("asked", "waited"),
    [
        ("3600", CHECK_WAITS_AT_MOST),
        ("2", 2.0),
        ("1 Jan 2020 00:00:00 +99999999999999999999", 0.01),  # cannot be read: the backoff
    ],
)
def test_retry_after_is_honoured_but_capped(site, asked, waited):
    asked_once: list[str] = []
    waits: list[float] = []

    class Busy(static_host(site, RIGHT_TYPES)):
        def do_GET(self) -> None:  # noqa: N802
            if self.path == "/fixture/data.csv" and not asked_once:
                asked_once.append(self.path)
                self.send_response(503)
                self.send_header("Retry-After", asked)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            super().do_GET()

    options = replace(DEFAULT_OPTIONS, timeout=5, retries=2, backoff=0.01, sleep=waits.append)
    with in_thread(Busy) as url:
        report = check_site(url, site, options=options)
    assert report.passed(), report.problems
    assert waits == [waited]


# --- feeds: the real built ones, with their VTIMEZONEs ----------------------------------


def served_copy(site: Path, tmp_path: Path, path: str, change) -> Path:
    """A copy of the build whose `path` went through `change` (text -> text)."""
    import shutil

    copy = tmp_path / "served"
    shutil.copytree(site, copy, symlinks=True)
    feed = copy / path
    feed.write_bytes(change(feed.read_bytes().decode("utf-8")).encode("utf-8"))
    return copy


def check_copy(site: Path, copy: Path, path: str):
    with in_thread(static_host(copy, RIGHT_TYPES)) as url:
        report = check_site(url, site, options=FAST)
    return finding_for(report, path)


def a_confirmed_event(text: str) -> str:
    calendar = Calendar.from_ical(text)
    assert calendar.walk("VTIMEZONE"), "a real feed names its zone"
    return next(str(e["UID"]) for e in calendar.walk("VEVENT") if e["STATUS"] == "CONFIRMED")


def test_a_real_feed_reserialised_with_its_vtimezone_is_the_same_events(site, tmp_path):
    path = "2025/calendar.ics"
    copy = served_copy(site, tmp_path, path, refolded)  # unfolded, reordered, refolded, LF
    assert (copy / path).read_bytes() != (site / path).read_bytes()
    checked = check_copy(site, copy, path)
    assert [f.kind for f in checked.findings] == [Kind.SAME_CONTENT]


def test_a_changed_status_is_reported_as_the_status_of_that_event(site, tmp_path):
    path = "2025/calendar.ics"
    uid = a_confirmed_event((site / path).read_text("utf-8"))

    def cancel(text: str) -> str:
        start = text.index(f"UID:{uid}")
        begin = text.rindex("BEGIN:VEVENT", 0, start)
        end = text.index("END:VEVENT", start)
        event = text[begin:end].replace("STATUS:CONFIRMED", "STATUS:CANCELLED")
        return text[:begin] + event + text[end:]

    checked = check_copy(site, served_copy(site, tmp_path, path, cancel), path)
    [finding] = checked.findings
    assert finding.kind is Kind.CONTENT
    assert finding.detail.startswith("different events:")
    assert f"{uid} STATUS CANCELLED (built: CONFIRMED)" in finding.detail


def test_a_real_feed_served_without_its_vtimezone_is_different_content(site, tmp_path):
    path = "calendar.ics"

    def drop_zones(text: str) -> str:
        stripped, count = re.subn(r"BEGIN:VTIMEZONE\r\n.*?END:VTIMEZONE\r\n", "", text, flags=re.S)
        assert count >= 1
        return stripped

    checked = check_copy(site, served_copy(site, tmp_path, path, drop_zones), path)
    [finding] = checked.findings
    assert finding.kind is Kind.CONTENT
    assert "VTIMEZONE" in finding.detail


def test_a_real_feed_with_a_wrong_offset_in_its_vtimezone_is_different_content(site, tmp_path):
    path = "2025/calendar.ics"

    def shift(text: str) -> str:
        assert "TZOFFSETTO:+0200" in text
        return text.replace("TZOFFSETTO:+0200", "TZOFFSETTO:+0300", 1)

    checked = check_copy(site, served_copy(site, tmp_path, path, shift), path)
    [finding] = checked.findings
    assert finding.kind is Kind.CONTENT
    assert "VTIMEZONE" in finding.detail


def test_by_default_four_files_are_fetched_at_once(site):
    """The README's default `--jobs` (4): four requests open together, never a fifth."""
    holding, peak = holding_host(site)
    with in_thread(holding) as url:
        report = check_site(url, site, options=replace(DEFAULT_OPTIONS, timeout=30, retries=0))
    assert report.passed()
    assert peak[0] == 4
