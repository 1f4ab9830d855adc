"""Compare a deployed site with the local build: `aictdata check BASE_URL`.

The build's manifest.json lists every file with its size, SHA-256 and content type, so
the check needs no crawling: it fetches each listed file (and the manifest itself, which
is fetched first and tells at once whether the host answers) and compares status,
content type and bytes. When the bytes of a feed differ, the feeds are parsed and their
events compared (UIDs, DTSTART, DTEND, SEQUENCE, STATUS), so that a host which
re-serialises or refolds a feed is told apart from one that serves stale or wrong data.

Fetching is bounded everywhere: a timeout per socket read, a total deadline per file
(all its attempts and redirects, body included: a host sending one byte a second is cut
off) and one for the whole run, a size cap per response (read as a stream), a few
retries with exponential backoff for connection errors and 5xx answers, a few
redirects, only to http(s) on the same scheme, host and port as requests connects to
them. Manifest entries must be plain relative paths inside the site, so the manifest
cannot send the check to another host or make it read a local file outside the site.
The result is a typed `CheckReport`; printing it is the CLI's job.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urljoin, urlsplit

from aictdata import __version__
from aictdata.errors import CheckError, UnreachableError
from aictdata.i18n import _, ngettext
from aictdata.net.http import HttpOptions, TooLargeError, read_capped
from aictdata.net.retry import RETRY_STATUSES, backoff_delay, failure_reason, retry_after
from aictdata.output import manifest
from aictdata.output.mediatypes import EQUIVALENT_MEDIA_TYPES, is_cross_origin

if TYPE_CHECKING:
    import requests
    from icalendar import Calendar, Component

DEFAULT_JOBS = 4
MAX_REDIRECTS = 5
DEFAULT_OPTIONS = HttpOptions(retries=2, max_wait=10.0)
"""The check's bounds: those of every exchange (`aictdata.net.http`), with fewer retries
and shorter waits, since one file's trouble should not hold up a report on hundreds."""
#: Formats whose charset defaults to UTF-8 when the header names none (RFC 5545 8.1).
UTF8_BY_DEFAULT = frozenset({"text/calendar", "application/json", "application/ld+json"})
#: The event properties that tell a calendar client *when* and *whether* (RFC 5545).
EVENT_KEYS = ("DTSTART", "DTEND", "SEQUENCE", "STATUS")

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_META_UTF8 = re.compile(rb"<meta[^>]*charset\s*=\s*[\"']?\s*utf-?8", re.IGNORECASE)
_SHOWN_DIFFERENCES = 3


class Kind(StrEnum):
    """What is wrong with one file; the value is what the report's table shows."""

    MISSING = "missing"
    STATUS = "wrong status"
    TYPE = "wrong type"
    CONTENT = "different content"
    TOO_LARGE = "too large"
    NO_ANSWER = "no answer"
    REDIRECT = "bad redirect"
    SAME_CONTENT = "same content, different bytes"
    NO_CORS = "no CORS header"
    NO_VALIDATOR = "no ETag or Last-Modified"


#: Kinds that do not make the check fail: clients still get the right data.
WARNINGS = frozenset({Kind.SAME_CONTENT, Kind.NO_CORS, Kind.NO_VALIDATOR})


@dataclass(frozen=True)
class Finding:
    kind: Kind
    detail: str

    @property
    def is_warning(self) -> bool:
        return self.kind in WARNINGS


Expected = manifest.Entry
"""One file of the local build, as manifest.json lists it."""


@dataclass(frozen=True)
class FileCheck:
    """What the deployed host answered for one file, and what differs from the build."""

    path: str
    url: str
    status: int | None = None
    content_type: str | None = None
    findings: tuple[Finding, ...] = ()

    @property
    def problems(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.is_warning)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.is_warning)


@dataclass(frozen=True)
class CheckReport:
    base_url: str
    files: tuple[FileCheck, ...]
    seconds: float

    @property
    def problems(self) -> tuple[FileCheck, ...]:
        return tuple(f for f in self.files if f.problems)

    @property
    def warnings(self) -> tuple[FileCheck, ...]:
        return tuple(f for f in self.files if f.warnings)

    def passed(self, *, strict: bool = False) -> bool:
        """No problem (and, when `strict`, no warning: every byte as built)."""
        return not self.problems and not (strict and self.warnings)


def read_manifest(site_dir: Path) -> tuple[Expected, ...]:
    """The files of the local build: manifest.json itself first, then what it lists."""
    try:
        read = manifest.read(site_dir)
    except manifest.ManifestError as error:
        raise CheckError(str(error)) from error
    return (read.itself, *read.files)


def normalise_base_url(base_url: str) -> str:
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise CheckError(_("{url} is not an http:// or https:// URL").format(url=repr(base_url)))
    if parts.query or parts.fragment:
        raise CheckError(
            _("{url}: give the site's folder URL, without ? or #").format(url=repr(base_url))
        )
    return base_url if base_url.endswith("/") else base_url + "/"


def check_site(
    base_url: str,
    site_dir: Path,
    *,
    options: HttpOptions | None = None,
    jobs: int = DEFAULT_JOBS,
) -> CheckReport:
    """Fetch every file of the local build from `base_url` and compare it with the build.

    Raises `UnreachableError` when the host does not answer the first request (after the
    retries), so that a wrong URL costs one line and seconds, not one row per file.
    """

    started = time.monotonic()
    base = normalise_base_url(base_url)
    expected = read_manifest(site_dir)
    options = options or DEFAULT_OPTIONS
    ends = started + options.run_deadline
    sessions = _Sessions()

    def check(entry: Expected) -> FileCheck:
        return _check_one(sessions.get(), base, site_dir, entry, options, ends)

    try:
        first = check(expected[0])
        late = [f for f in first.findings if f.detail == _late(options)]
        if first.status is None and late:
            raise UnreachableError(
                _("cannot check {url}: {reason}").format(url=base, reason=late[0].detail)
            )
        if first.status is None and any(f.kind is Kind.NO_ANSWER for f in first.findings):
            attempts = options.retries + 1
            raise UnreachableError(
                ngettext(
                    "cannot reach {url}: {reason} ({count} attempt)",
                    "cannot reach {url}: {reason} ({count} attempts)",
                    attempts,
                ).format(url=base, reason=first.findings[0].detail, count=attempts)
            )
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            rest = list(pool.map(check, expected[1:]))
    finally:
        sessions.close()
    return CheckReport(base, (first, *rest), time.monotonic() - started)


class _Sessions:
    """One requests.Session per worker thread (a Session is not documented thread-safe)."""

    def __init__(self) -> None:
        self._local = threading.local()
        self._all: list[requests.Session] = []
        self._lock = threading.Lock()

    def get(self) -> requests.Session:
        from aictdata.net import deadline

        session = getattr(self._local, "session", None)
        if session is None:
            session = deadline.session()
            session.headers["User-Agent"] = f"aictdata-check/{__version__}"
            self._local.session = session
            with self._lock:
                self._all.append(session)
        return session

    def close(self) -> None:
        with self._lock:
            for session in self._all:
                session.close()


@dataclass(frozen=True)
class _Answer:
    status: int
    headers: dict[str, str]
    body: bytes | None


class _FetchFailedError(Exception):
    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.detail)
        self.finding = finding


def _late(options: HttpOptions) -> str:
    """The finding's detail for a file cut off by a deadline (the file's or the run's)."""
    seconds = min(options.deadline, options.run_deadline)
    return _("no complete answer within {seconds} s (--deadline)").format(seconds=f"{seconds:g}")


def _check_one(
    session: requests.Session,
    base: str,
    site_dir: Path,
    expected: Expected,
    options: HttpOptions,
    ends: float,
) -> FileCheck:
    """One file, within the file's deadline and what is left of the run's (`ends`)."""
    from aictdata.net.deadline import deadline

    url = urljoin(base, quote(expected.path))
    late = (Finding(Kind.NO_ANSWER, _late(options)),)
    remaining = min(options.deadline, ends - time.monotonic())
    if remaining <= 0:
        return FileCheck(expected.path, url, findings=late)
    with deadline(remaining) as watched:
        try:
            answer = _fetch(session, url, options)
        except _FetchFailedError as failed:
            findings = late if watched.expired.is_set() else (failed.finding,)
            return FileCheck(expected.path, url, findings=findings)
    if watched.expired.is_set():  # cut short: what was read is not the whole answer
        return FileCheck(expected.path, url, findings=late)
    content_type = answer.headers.get("content-type")
    findings: list[Finding] = []
    if answer.status in (404, 410):
        findings.append(Finding(Kind.MISSING, f"HTTP {answer.status}"))
    elif answer.status != 200:
        findings.append(
            Finding(Kind.STATUS, _("HTTP {status}, expected 200").format(status=answer.status))
        )
    else:
        assert answer.body is not None
        findings += _compare_type(expected, content_type, answer.body)
        findings += _compare_bytes(expected, answer.body, site_dir)
        findings += _compare_headers(expected, answer.headers)
    return FileCheck(expected.path, url, answer.status, content_type, tuple(findings))


def _fetch(session: requests.Session, url: str, options: HttpOptions) -> _Answer:
    """GET with retries, following at most MAX_REDIRECTS same-host http(s) redirects."""
    origin = urlsplit(url)
    current = url
    for _attempt in range(MAX_REDIRECTS + 1):
        answer, location = _fetch_once(session, current, options)
        if location is None:
            return answer
        target = urljoin(current, location)
        parts = urlsplit(target)
        if parts.scheme not in ("http", "https"):
            raise _FetchFailedError(
                Finding(Kind.REDIRECT, _("redirects to {url}: not http(s)").format(url=target))
            )
        if origin.scheme == "https" and parts.scheme == "http":
            raise _FetchFailedError(
                Finding(Kind.REDIRECT, _("redirects from https to {url}").format(url=target))
            )
        if _endpoint(target) is None or _endpoint(target) != _endpoint(url):
            raise _FetchFailedError(
                Finding(
                    Kind.REDIRECT,
                    _("redirects to another host: {url} (check that URL)").format(url=target),
                )
            )
        current = target
    raise _FetchFailedError(
        Finding(Kind.REDIRECT, _("more than {count} redirects").format(count=MAX_REDIRECTS))
    )


def _endpoint(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) as requests will connect to them (urllib3's parser, which
    reads `http://other\\@127.0.0.1/` as host `other` where urlsplit says 127.0.0.1),
    or None for a URL whose parsers may disagree: user info, a backslash, no host."""
    from urllib3.exceptions import LocationParseError
    from urllib3.util import parse_url

    try:
        parsed = parse_url(url)
    except LocationParseError:
        return None
    if "\\" in url or "@" in urlsplit(url).netloc or parsed.auth or not parsed.host:
        return None
    scheme = (parsed.scheme or "").lower()
    port = parsed.port or {"http": 80, "https": 443}.get(scheme, 0)
    return scheme, parsed.host.lower().rstrip("."), port


def _fetch_once(
    session: requests.Session, url: str, options: HttpOptions
) -> tuple[_Answer, str | None]:
    """One URL, retried on connection errors, timeouts and RETRY_STATUSES.

    Returns the answer and, for a redirect, its Location (the body is then not read).
    """
    import requests

    from aictdata.net.deadline import expired

    for attempt in range(options.retries + 1):
        last = attempt == options.retries or expired()
        delay = backoff_delay(options.backoff, attempt, cap=options.max_wait)
        try:
            with session.get(
                url, stream=True, timeout=options.timeout, allow_redirects=False
            ) as response:
                headers = {k.lower(): v for k, v in response.headers.items()}
                status = response.status_code
                if status in RETRY_STATUSES and not last:
                    options.sleep(
                        retry_after(headers.get("retry-after"), delay, cap=options.max_wait)
                    )
                    continue
                if status in _REDIRECTS and "location" in headers:
                    return _Answer(status, headers, None), headers["location"]
                body = _read_body(response, options.max_bytes) if status == 200 else b""
                return _Answer(status, headers, body), None
        except (requests.ConnectionError, requests.Timeout) as error:
            if last:
                raise _FetchFailedError(
                    Finding(Kind.NO_ANSWER, failure_reason(error, options.timeout))
                ) from error
        except requests.RequestException as error:
            if last:
                raise _FetchFailedError(
                    Finding(
                        Kind.NO_ANSWER,
                        _("broken answer: {reason}").format(
                            reason=failure_reason(error, options.timeout)
                        ),
                    )
                ) from error
        if not expired():
            options.sleep(delay)
    raise AssertionError("unreachable: the last attempt returns or raises")


def _read_body(response: requests.Response, limit: int) -> bytes:
    """The body, decoded (gzip is the host's business), refused past `limit` bytes."""
    try:
        return read_capped(response, limit)
    except TooLargeError as error:
        raise _FetchFailedError(Finding(Kind.TOO_LARGE, str(error))) from None


def _parse_content_type(value: str) -> tuple[str, str | None]:
    """('text/csv', 'utf-8') from 'Text/CSV; Charset="UTF8"'; charset None when absent."""
    media, _semicolon, rest = value.partition(";")
    charset = None
    for parameter in rest.split(";"):
        name, _equals, raw = parameter.partition("=")
        if name.strip().lower() == "charset":
            raw = raw.strip().strip('"').strip()
            try:
                charset = codecs.lookup(raw).name
            except LookupError:
                charset = raw.lower()
    return media.strip().lower(), charset


def _compare_type(expected: Expected, served: str | None, body: bytes) -> list[Finding]:
    """Same media type; and the charset where a client would otherwise guess wrong."""
    want = _("expected {type}").format(type=expected.content_type)
    if not served:
        return [Finding(Kind.TYPE, _("no Content-Type, {expected}").format(expected=want))]
    media, charset = _parse_content_type(served)
    wanted_media, wanted_charset = _parse_content_type(expected.content_type)
    if EQUIVALENT_MEDIA_TYPES.get(media, media) != wanted_media:
        return [Finding(Kind.TYPE, f"{served}, {want}")]
    if charset is not None and charset != (wanted_charset or "utf-8"):
        return [Finding(Kind.TYPE, f"{served}, {want}")]
    if charset is None and wanted_charset is not None:
        defaults_to_utf8 = media in UTF8_BY_DEFAULT
        declared_in_page = media == "text/html" and _META_UTF8.search(body[:1024]) is not None
        if not (defaults_to_utf8 or declared_in_page):
            message = _("{served} without charset, {expected}")
            return [Finding(Kind.TYPE, message.format(served=served, expected=want))]
    return []


def _compare_bytes(expected: Expected, body: bytes, site_dir: Path) -> list[Finding]:
    if hashlib.sha256(body).hexdigest() == expected.sha256:
        return []
    sizes = _("{served} bytes served, {built} built").format(served=len(body), built=expected.bytes)
    compare = _SEMANTIC.get(PurePosixPath(expected.path).suffix.lower())
    local = _local_bytes(site_dir, expected)
    if compare is None or local is None:
        return [Finding(Kind.CONTENT, _("bytes differ ({sizes})").format(sizes=sizes))]
    return [compare(local, body, sizes)]


def _local_bytes(site_dir: Path, expected: Expected) -> bytes | None:
    """The built file, if it is still what the manifest says (else no semantic compare)."""
    try:
        data = (site_dir / expected.path).read_bytes()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == expected.sha256 else None


def _compare_headers(expected: Expected, headers: dict[str, str]) -> list[Finding]:
    """What a webmaster should add: CORS for feeds and data, validators for pollers."""
    findings = []
    if is_cross_origin(expected.path) and headers.get("access-control-allow-origin") != "*":
        findings.append(
            Finding(Kind.NO_CORS, _("browser apps on other sites cannot read it (add ACAO: *)"))
        )
    if "etag" not in headers and "last-modified" not in headers:
        findings.append(
            Finding(Kind.NO_VALIDATOR, _("clients polling it download it in full every time"))
        )
    return findings


def _compare_json(local: bytes, served: bytes, sizes: str) -> Finding:
    try:
        same = json.loads(served) == json.loads(local)
    except (ValueError, RecursionError):  # RecursionError: a body nested 100,000 deep
        return Finding(Kind.CONTENT, _("not valid JSON ({sizes})").format(sizes=sizes))
    if same:
        message = _("same JSON data, different bytes ({sizes})")
        return Finding(Kind.SAME_CONTENT, message.format(sizes=sizes))
    return Finding(Kind.CONTENT, _("different JSON data ({sizes})").format(sizes=sizes))


def _compare_ics(local: bytes, served: bytes, sizes: str) -> Finding:
    """Tell a re-serialised feed (same events, other bytes) from stale or wrong events."""
    from icalendar import Calendar

    try:
        theirs = Calendar.from_ical(served)
        ours = Calendar.from_ical(local)
    except ValueError:
        return Finding(Kind.CONTENT, _("not a valid iCalendar file ({sizes})").format(sizes=sizes))
    our_events, their_events = _events(ours), _events(theirs)
    differences = [
        _("{uid} missing").format(uid=uid)
        for uid in sorted(our_events.keys() - their_events.keys())
    ]
    differences += [
        _("{uid} not in the build").format(uid=uid)
        for uid in sorted(their_events.keys() - our_events.keys())
    ]
    for uid in sorted(our_events.keys() & their_events.keys()):
        for name in EVENT_KEYS:
            built, served_value = (
                _event_value(our_events[uid], name),
                _event_value(their_events[uid], name),
            )
            if built[0] != served_value[0]:
                differences.append(
                    _("{uid} {name} {served} (built: {built})").format(
                        uid=uid, name=name, served=served_value[1], built=built[1]
                    )
                )
    if differences:
        message = _("different events: {differences}")
        return Finding(Kind.CONTENT, message.format(differences=_shorten(differences)))
    if _canonical(ours) == _canonical(theirs):
        message = _("same events, different bytes ({sizes})")
        return Finding(Kind.SAME_CONTENT, message.format(sizes=sizes))
    changed = _shorten(_changed_properties(ours, theirs, our_events, their_events))
    message = _("same events and times, other properties differ: {changed}")
    return Finding(Kind.CONTENT, message.format(changed=changed))


_SEMANTIC: dict[str, Callable[[bytes, bytes, str], Finding]] = {
    ".ics": _compare_ics,
    ".json": _compare_json,
    ".jsonld": _compare_json,
}


def _shorten(items: list[str]) -> str:
    shown = "; ".join(items[:_SHOWN_DIFFERENCES])
    more = len(items) - _SHOWN_DIFFERENCES
    return shown + (_("; and {count} more").format(count=more) if more > 0 else "")


def _events(calendar: Calendar) -> dict[str, Component]:
    """VEVENTs by UID (with the RECURRENCE-ID, if any, for a modified occurrence)."""
    events = {}
    for event in calendar.walk("VEVENT"):
        key = str(event.get("UID", "?"))
        if "RECURRENCE-ID" in event:
            key += " " + event["RECURRENCE-ID"].to_ical().decode()
        events[key] = event
    return events


def _event_value(event: Component, name: str) -> tuple[str, str]:
    """(what to compare, what to show): times compare as instants, so 09:00+02:00 in the
    build equals 07:00Z on a host that rewrote the feed in UTC."""
    if name not in event:
        return ("absent", "absent")
    try:
        value = event.decoded(name)
    except (ValueError, KeyError):
        text = event[name].to_ical().decode(errors="replace")
        return (text, text)
    if isinstance(value, datetime) and value.tzinfo is not None:
        return (value.astimezone(UTC).isoformat(), value.isoformat())
    if isinstance(value, date):
        return (value.isoformat(), value.isoformat())
    text = value.decode(errors="replace") if isinstance(value, bytes) else str(value)
    return (text, text)


def _properties(component: Component) -> dict[str, tuple[tuple[Any, ...], ...]]:
    """Each property name -> its values, as parsed then re-written by icalendar (so
    folding, line endings, escaping style and parameter case no longer matter)."""
    properties: dict[str, list[tuple[Any, ...]]] = {}
    for name, value in component.items():
        for one in value if isinstance(value, list) else [value]:
            params = tuple(
                sorted((k.upper(), str(v)) for k, v in getattr(one, "params", {}).items())
            )
            written = one.to_ical() if hasattr(one, "to_ical") else str(one).encode()
            properties.setdefault(name.upper(), []).append((params, written))
    return {name: tuple(sorted(values)) for name, values in properties.items()}


def _canonical(component: Component) -> tuple[Any, ...]:
    """The component as an order-free tree: equal iff the same properties and children."""
    return (
        component.name,
        tuple(sorted(_properties(component).items())),
        tuple(sorted(_canonical(child) for child in component.subcomponents)),
    )


def _changed_properties(
    ours: Calendar,
    theirs: Calendar,
    our_events: dict[str, Component],
    their_events: dict[str, Component],
) -> list[str]:
    labels = [f"VCALENDAR {name}" for name in _differing(ours, theirs)]
    our_zones = sorted(_canonical(z) for z in ours.walk("VTIMEZONE"))
    if our_zones != sorted(_canonical(z) for z in theirs.walk("VTIMEZONE")):
        labels.append("VTIMEZONE")
    for uid in sorted(our_events):
        labels += [f"{uid} {name}" for name in _differing(our_events[uid], their_events[uid])]
        if sorted(map(_canonical, our_events[uid].subcomponents)) != sorted(
            map(_canonical, their_events[uid].subcomponents)
        ):
            labels.append(_("{uid} alarms").format(uid=uid))
    return labels or [_("component order or nesting")]


def _differing(ours: Component, theirs: Component) -> list[str]:
    mine, other = _properties(ours), _properties(theirs)
    return sorted(name for name in mine.keys() | other.keys() if mine.get(name) != other.get(name))
