"""An HTTP exchange with a platform (data.gouv.fr, OpenAgenda) or a deployed site
(`aictdata check`): the one place that bounds it, retries it and keeps keys out of what
it says.

- Bounded: every read has a timeout (`timeout`), every answer is read as a stream under a
  size cap (`max_bytes`; an announced oversize is refused before reading), every request a
  total deadline, all its attempts and its body included (`deadline`: a host sending one
  byte a second is cut off), and the whole run one too (`run_deadline`).
- Retried (`aictdata.net.retry`): idempotent requests (GET, PUT, and a POST the caller
  marks so) on no answer and on 429/5xx, with exponential backoff or the server's
  `Retry-After`, both capped by `max_wait`. Any other POST is retried only on 429: a 5xx
  or a timeout may hide a resource that was created, and asking again could create a
  second one; the next run finds the first instead (the publishers look it up).
- One line for every failure: 401/403/404 and the other refusals name the request and
  the platform's own message; 5xx and silence end the run after the retries; a broken
  answer (a malformed chunk, gzip over garbage, JSON nested 100,000 deep, a shape the API
  does not document) is one line too, never a traceback.
- Keys: read from their environment variable with surrounding whitespace stripped (a key
  pasted from a file or a CI secret ends with a newline) and refused by the variable's
  name, never shown, when what is left cannot travel in an HTTP header. Every value in
  `Secrets` (the key, a token obtained with it, the password of an `--api-url`) is
  redacted from every message before it is cut, as sent, HTML-, JSON- or URL-escaped, and
  any 8 characters of it in a row; URLs are shown without their user information.
- Redirects are not followed: requests would send our own key headers (`X-API-KEY`,
  `access-token`) to wherever the redirect points, so a 3xx ends the run with one line.
- A dry run records `METHOD URL summary` for each request instead of sending it and
  answers None: requests is not even imported, so no socket can be opened.
"""

from __future__ import annotations

import html
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from aictdata import __version__
from aictdata.errors import PublishError, one_line
from aictdata.i18n import _, ngettext
from aictdata.net.retry import RETRY_STATUSES, backoff_delay, failure_reason, retry_after

if TYPE_CHECKING:
    import requests

DEFAULT_TIMEOUT = 10.0
DEFAULT_RETRIES = 3
DEFAULT_BACKOFF = 0.5
DEFAULT_MAX_WAIT = 30.0
DEFAULT_MAX_BYTES = 32 * 1024 * 1024
"""Per answer: a platform's list of datasets, or a site's largest file, with room to spare."""
DEFAULT_DEADLINE = 60.0
"""Seconds for one request, every attempt and the body included: 32 MiB at 1 MiB/s."""
DEFAULT_RUN_DEADLINE = 600.0
"""Seconds for a whole run: a publication or a check of a few hundred files takes seconds."""
_SHOWN = 160
"""Characters of a platform's error message kept in the one-line error."""
_IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "DELETE"})
_READ = 8 * _SHOWN
"""Characters of it read at most: a part of a secret cut there is still redacted (_PART)."""
_PART = 8
"""Any run of this many characters of a secret is redacted: a part of a key is a leak."""


@dataclass(frozen=True)
class HttpOptions:
    """The bounds of every exchange, for `check` and both publishers alike."""

    timeout: float = DEFAULT_TIMEOUT
    """Seconds per socket read."""
    retries: int = DEFAULT_RETRIES
    backoff: float = DEFAULT_BACKOFF
    max_wait: float = DEFAULT_MAX_WAIT
    """Cap on any single wait: backoff or Retry-After."""
    max_bytes: int = DEFAULT_MAX_BYTES
    deadline: float = DEFAULT_DEADLINE
    run_deadline: float = DEFAULT_RUN_DEADLINE
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)


@dataclass(frozen=True)
class Planned:
    """One request of a dry run, as printed."""

    method: str
    url: str
    summary: str

    def __str__(self) -> str:
        return f"{self.method} {self.url}" + (f"  {self.summary}" if self.summary else "")


class TooLargeError(ValueError):
    """An answer beyond the size cap; the message says how large, never what it held."""


class Secrets:
    """The values that must never appear in output: redacted wherever text is made, in
    every form a platform may echo them in, whole or in part."""

    def __init__(self, *values: str | None) -> None:
        self._values: list[str] = []
        for value in values:
            self.add(value)

    def add(self, value: str | None) -> None:
        if not value:
            return
        forms = {value, value.strip(), html.escape(value), json.dumps(value)[1:-1]}
        forms |= {quote(value, safe=""), quote(value, safe="/"), quote(value).replace("%20", "+")}
        for form in forms:
            if form and form not in self._values:
                self._values.append(form)
        self._values.sort(key=len, reverse=True)  # a secret inside another: longest first

    def redact(self, text: str) -> str:
        for value in self._values:
            text = text.replace(value, "***")
        return self._redact_parts(text)

    def _redact_parts(self, text: str) -> str:
        """Every run of `_PART` characters or more that a secret also holds becomes ***."""
        parts = {v[i : i + _PART] for v in self._values for i in range(len(v) - _PART + 1)}
        if not parts:
            return text
        hidden = [False] * len(text)
        for start in range(len(text) - _PART + 1):
            if text[start : start + _PART] in parts:
                hidden[start : start + _PART] = [True] * _PART
        out, index = [], 0
        while index < len(text):
            if hidden[index]:
                while index < len(text) and hidden[index]:
                    index += 1
                out.append("***")
            else:
                out.append(text[index])
                index += 1
        return "".join(out)


def clean_key(variable: str, value: str | None) -> str | None:
    """The key in environment variable `variable`, without the whitespace around it (a
    key read from a file or a CI secret often ends with a newline); None when unset or
    blank. Refused by the variable's name, never its value, when what is left holds
    anything but visible ASCII (a line break or a space inside: it cannot travel in an
    HTTP header, and no platform issues such a key)."""
    if value is None or not value.strip():
        return None
    key = value.strip()
    if not fits_a_header(key):
        raise PublishError(
            _(
                "{variable}: the key holds a space, a line break or a character that is not"
                " ASCII: copy it again from the platform (its value is not shown)"
            ).format(variable=variable)
        )
    return key


def fits_a_header(value: str) -> bool:
    """Whether `value` is visible ASCII only, as a key or token in a header must be."""
    return bool(value) and all("!" <= c <= "~" for c in value)


def shown_url(url: str) -> str:
    """`url` as printed: without the user and password it may carry."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def url_secrets(url: str) -> tuple[str, ...]:
    """The user information of `url` (`user:password@`), to redact wherever it appears."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return ()
    userinfo = parts.netloc.rpartition("@")[0]
    return (userinfo, *(p for p in userinfo.split(":") if len(p) >= _PART))


@dataclass(frozen=True)
class Exchange:
    """What a host answered: status, headers (lower-case names) and the capped body."""

    status: int
    headers: dict[str, str]
    body: bytes


def read_capped(response: requests.Response, limit: int) -> bytes:
    """The body, decoded as the host encoded it, refused past `limit` bytes (an announced
    oversize before anything is read); TooLargeError says how large."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLargeError(
            _("announces {size} bytes, limit {limit}").format(size=declared, limit=limit)
        )
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_content(64 * 1024):
        size += len(chunk)
        if size > limit:
            raise TooLargeError(_("more than {limit} bytes").format(limit=limit))
        chunks.append(chunk)
    return b"".join(chunks)


class Client:
    """JSON requests to one platform's API, or, in a dry run, the list of them.

    `auth` gives the headers that authenticate a request (called at each request, so a
    token obtained during the run is used); `shown_auth` is how a dry run shows them.
    With `reads_online` (a plan: `publish --plan`), a dry run still sends the requests
    that change nothing (reads, and the exchange of a key for a token), so that what it
    lists is what a publication would change on the platform as it is now.
    """

    def __init__(
        self,
        *,
        platform: str,
        base_url: str,
        auth: Callable[[], Mapping[str, str]],
        shown_auth: str,
        secrets: Secrets,
        options: HttpOptions,
        dry_run: bool,
        reads_online: bool = False,
    ) -> None:
        self.platform = platform
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self._auth = auth
        self._shown_auth = shown_auth
        self.secrets = secrets
        for value in url_secrets(base_url):
            secrets.add(value)
        self.options = options
        self.dry_run = dry_run
        self.reads_online = reads_online
        self.planned: list[Planned] = []
        self._session: requests.Session | None = None
        self._ends = time.monotonic() + options.run_deadline

    def url(self, path: str) -> str:
        return urljoin(self.base_url, path)

    def shown(self, path: str) -> str:
        """The URL of `path` as printed (no user information)."""
        return shown_url(self.url(path))

    def call(
        self,
        method: str,
        path: str,
        *,
        body: Any = None,
        absent_ok: bool = False,
        authenticated: bool = True,
        idempotent: bool | None = None,
        expect: type = dict,
        changes: bool | None = None,
    ) -> Any:
        """The decoded JSON answer, of type `expect` (an empty body reads as an empty one);
        None for a 404 when `absent_ok`, and always for a request a dry run does not send.
        `changes`: whether the request changes anything on the platform (by default, all
        but GET); a plan sends those that do not.

        Raises PublishError (one redacted line) on any other failure.
        """
        url = self.url(path)
        changing = method != "GET" if changes is None else changes
        if self.dry_run and (changing or not self.reads_online):
            auth = f"[{self._shown_auth}]" if authenticated else ""
            shown = " ".join(filter(None, [auth, self.secrets.redact(summary(body))]))
            self.planned.append(Planned(method, shown_url(url), shown))
            return None
        retry_any = method in _IDEMPOTENT if idempotent is None else idempotent
        headers = {"Accept": "application/json", **(self._auth() if authenticated else {})}
        answer = self._bounded(method, url, headers, body, retry_any)
        if answer.status == 404 and absent_ok:
            return None
        if 300 <= answer.status < 400:
            raise PublishError(
                self.line(
                    _(
                        "{platform}: HTTP {status} on {method} {path} redirects to {location}:"
                        " not followed, since the key would go with it (give the API's own"
                        " address)"
                    ).format(
                        platform=self.platform,
                        status=answer.status,
                        method=method,
                        path=_path(url),
                        location=shown_url(answer.headers.get("location", "?")),
                    )
                )
            )
        if answer.status >= 400:
            raise PublishError(self._refusal(method, url, answer))
        return self._decoded(method, url, answer.body, expect)

    def required(self, answer: Any, name: str, *, method: str, path: str) -> str | int:
        """`answer[name]`, the identifier a success must carry (the new dataset's `id`, the
        place's `uid`), as the platform gives it (text or number); a success without it
        ends the run with one line, before any request that would need it."""
        value = answer.get(name) if isinstance(answer, dict) else None
        if isinstance(value, bool) or not isinstance(value, str | int) or str(value) == "":
            raise PublishError(
                self.line(
                    _(
                        "{platform}: {method} {path} answered a success without `{name}`:"
                        " stopped before any request that needs it (see what the platform"
                        " holds, then run again)"
                    ).format(
                        platform=self.platform, method=method, path=_path(self.url(path)), name=name
                    )
                )
            )
        return value

    def close(self) -> None:
        if self._session is not None:
            self._session.close()

    def _decoded(self, method: str, url: str, body: bytes, expect: type) -> Any:
        if not body.strip():
            return expect()
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):  # RecursionError: JSON nested 100,000 deep
            data = None
        if isinstance(data, expect):
            return data
        what = _("a JSON object") if expect is dict else _("a JSON list")
        raise PublishError(
            self.line(
                _(
                    "{platform}: {method} {path}: the answer is not {what}, as the API documents"
                ).format(platform=self.platform, method=method, path=_path(url), what=what)
            )
        )

    def _bounded(
        self, method: str, url: str, headers: dict[str, str], body: Any, retry_any: bool
    ) -> Exchange:
        """One request, all its attempts within the request's deadline and the run's."""
        from aictdata.net.deadline import deadline

        remaining = min(self.options.deadline, self._ends - time.monotonic())
        flag = "--deadline" if self.options.deadline <= remaining else "--run-deadline"
        seconds = self.options.deadline if flag == "--deadline" else self.options.run_deadline
        late = self.line(
            _("{platform}: no complete answer within {seconds} s ({method} {path}; {flag})").format(
                platform=self.platform,
                seconds=f"{seconds:g}",
                method=method,
                path=_path(url),
                flag=flag,
            )
        )
        if remaining <= 0:
            raise PublishError(late)
        with deadline(remaining) as watched:
            try:
                answer = self._send(method, url, headers, body, retry_any)
            except PublishError:
                if watched.expired.is_set():
                    raise PublishError(late) from None
                raise
        if watched.expired.is_set():  # cut short: what was read is not the whole answer
            raise PublishError(late)
        return answer

    def _send(
        self, method: str, url: str, headers: dict[str, str], body: Any, retry_any: bool
    ) -> Exchange:
        import requests

        from aictdata.net import deadline

        if self._session is None:
            self._session = deadline.session()
            self._session.headers["User-Agent"] = f"aictdata-publish/{__version__}"
        options = self.options
        for attempt in range(options.retries + 1):
            last = attempt == options.retries or deadline.expired()
            delay = backoff_delay(options.backoff, attempt, cap=options.max_wait)
            try:
                with self._session.request(
                    method,
                    url,
                    json=body,
                    headers=headers,
                    timeout=options.timeout,
                    allow_redirects=False,
                    stream=True,
                ) as response:
                    status = response.status_code
                    retriable = status == 429 or (retry_any and status in RETRY_STATUSES)
                    if not retriable or last:
                        return self._read(method, url, response)
                    wait = response.headers.get("Retry-After")
            except (requests.ConnectionError, requests.Timeout) as error:
                if last or not retry_any:
                    raise PublishError(self._unreachable(method, url, error, attempt + 1)) from None
                options.sleep(delay)
                continue
            except requests.RequestException as error:  # a header we cannot send, a bad URL
                raise PublishError(self._broken(method, url, error)) from None
            options.sleep(retry_after(wait, delay, cap=options.max_wait))
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _read(self, method: str, url: str, response: requests.Response) -> Exchange:
        """The whole answer, or one line: too large, or broken on the way."""
        import requests

        headers = {k.lower(): v for k, v in response.headers.items()}
        try:
            body = read_capped(response, self.options.max_bytes)
        except TooLargeError as error:
            raise PublishError(
                self.line(
                    _("{platform}: {method} {path}: answer too large ({reason})").format(
                        platform=self.platform, method=method, path=_path(url), reason=error
                    )
                )
            ) from None
        except requests.RequestException as error:  # a malformed chunk, gzip over garbage
            raise PublishError(self._broken(method, url, error)) from None
        return Exchange(response.status_code, headers, body)

    def _unreachable(self, method: str, url: str, error: BaseException, attempts: int) -> str:
        return self.line(
            ngettext(
                "cannot reach {platform} at {origin}: {reason} ({method} {path}, {count} attempt)",
                "cannot reach {platform} at {origin}: {reason} ({method} {path}, {count} attempts)",
                attempts,
            ).format(
                platform=self.platform,
                origin=_origin(url),
                reason=failure_reason(error, self.options.timeout),
                method=method,
                path=_path(url),
                count=attempts,
            )
        )

    def _broken(self, method: str, url: str, error: BaseException) -> str:
        return self.line(
            _("{platform}: {method} {path}: broken exchange ({reason})").format(
                platform=self.platform,
                method=method,
                path=_path(url),
                reason=type(error).__name__,
            )
        )

    def _refusal(self, method: str, url: str, answer: Exchange) -> str:
        status = answer.status
        what = {
            401: _("the key was refused"),
            403: _("the key may not do this"),
            404: _("not found"),
            429: _("too many requests, still after the retries"),
        }.get(status, _("refused") if status < 500 else _("server error, still after the retries"))
        hint = _(" (check the key in its environment variable)") if status in (401, 403) else ""
        refused = _("{platform}: {what}{hint}: HTTP {status} on {method} {path}").format(
            platform=self.platform,
            what=what,
            hint=hint,
            status=status,
            method=method,
            path=_path(url),
        )
        return self.line(refused, _message(answer.body))

    def line(self, text: str, detail: str = "") -> str:
        """One line, redacted, the platform's `detail` cut after it was redacted (so that
        no part of a secret straddles the cut)."""
        detail = " ".join(self.secrets.redact(" ".join(detail[:_READ].split())).split())
        if len(detail) > _SHOWN:
            detail = detail[:_SHOWN] + "…"
        return one_line(self.secrets.redact(text) + (f": {detail}" if detail else ""))


def _message(body: bytes) -> str:
    """The platform's own words, uncut: `message`/`error` and field errors of a JSON
    body, else its text."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        data = None
    if not isinstance(data, dict):
        return body[:_READ].decode("utf-8", errors="replace")
    parts = [str(data[k]) for k in ("message", "error", "error_description") if data.get(k)]
    errors = data.get("errors")
    if errors:
        try:
            parts.append(json.dumps(errors, ensure_ascii=False, sort_keys=True))
        except (TypeError, ValueError, RecursionError):
            parts.append(str(type(errors).__name__))
    return "; ".join(parts)


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _origin(url: str) -> str:
    parts = urlsplit(shown_url(url))
    return f"{parts.scheme}://{parts.netloc}/"


def summary(body: Any) -> str:
    """A request body in a few words, for a dry run: scalars shown (short), lists counted,
    objects by their keys."""
    if body is None:
        return ""
    if not isinstance(body, dict):
        return type(body).__name__
    words = []
    for key, value in body.items():
        if isinstance(value, dict):
            words.append(f"{key}{{{','.join(map(str, value))}}}")
        elif isinstance(value, list):
            words.append(f"{key}[{len(value)}]")
        else:
            text = json.dumps(value, ensure_ascii=False)
            words.append(f"{key}={text[:40]}{'…' if len(text) > 40 else ''}")
    return " ".join(words)
