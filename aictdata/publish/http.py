"""The HTTP plumbing shared by the publishers: one session per run, bounded retries,
secrets kept out of every message, and a dry run that connects to nothing.

- Every request has a timeout. Idempotent requests (GET, PUT, and a POST the caller marks
  so) are retried on no answer and on 429/5xx, with exponential backoff or the server's
  `Retry-After`, both capped (`aictdata.retry`). Any other POST is retried only on 429:
  a 5xx or a timeout may hide a resource that was created, and asking again could create
  a second one; the next run finds the first instead (the publishers look it up).
- 401/403/404 and the other refusals end the run with one line naming the request and
  the platform's own message; 5xx and silence end it after the retries.
- Secrets (the key, and any token obtained with it) are replaced by `***` in every
  message, whatever the platform echoes back; they travel only in request headers or
  bodies, never in URLs, and nothing here logs.
- Redirects are not followed: requests would send our own key headers (`X-API-KEY`,
  `access-token`) to wherever the redirect points, so a 3xx ends the run with one line.
- A dry run records `METHOD URL summary` for each request instead of sending it and
  answers None: requests is not even imported, so no socket can be opened.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from aictdata import __version__
from aictdata.errors import PublishError, one_line
from aictdata.i18n import _, ngettext
from aictdata.retry import RETRY_STATUSES, backoff_delay, failure_reason, retry_after

if TYPE_CHECKING:
    import requests

DEFAULT_TIMEOUT = 10.0
DEFAULT_RETRIES = 3
DEFAULT_BACKOFF = 0.5
DEFAULT_MAX_WAIT = 30.0
_SHOWN = 160
"""Characters of a platform's error message kept in the one-line error."""
_IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "DELETE"})


@dataclass(frozen=True)
class HttpOptions:
    timeout: float = DEFAULT_TIMEOUT
    retries: int = DEFAULT_RETRIES
    backoff: float = DEFAULT_BACKOFF
    max_wait: float = DEFAULT_MAX_WAIT
    """Cap on any single wait: backoff or Retry-After."""
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)


@dataclass(frozen=True)
class Planned:
    """One request of a dry run, as printed."""

    method: str
    url: str
    summary: str

    def __str__(self) -> str:
        return f"{self.method} {self.url}" + (f"  {self.summary}" if self.summary else "")


class Secrets:
    """The values that must never appear in output: redacted wherever text is made."""

    def __init__(self, *values: str | None) -> None:
        self._values: list[str] = []
        for value in values:
            self.add(value)

    def add(self, value: str | None) -> None:
        if value and value not in self._values:
            self._values.append(value)
            self._values.sort(key=len, reverse=True)  # a secret inside another: longest first

    def redact(self, text: str) -> str:
        for value in self._values:
            text = text.replace(value, "***")
        return text


class Client:
    """JSON requests to one platform's API, or, in a dry run, the list of them.

    `auth` gives the headers that authenticate a request (called at each request, so a
    token obtained during the run is used); `shown_auth` is how a dry run shows them.
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
    ) -> None:
        self.platform = platform
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self._auth = auth
        self._shown_auth = shown_auth
        self.secrets = secrets
        self.options = options
        self.dry_run = dry_run
        self.planned: list[Planned] = []
        self._session: requests.Session | None = None

    def url(self, path: str) -> str:
        return urljoin(self.base_url, path)

    def call(
        self,
        method: str,
        path: str,
        *,
        body: Any = None,
        absent_ok: bool = False,
        authenticated: bool = True,
        idempotent: bool | None = None,
    ) -> Any:
        """The decoded JSON answer; None for a 404 when `absent_ok`, and always in a dry run.

        Raises PublishError (one redacted line) on any other failure.
        """
        url = self.url(path)
        if self.dry_run:
            auth = f"[{self._shown_auth}]" if authenticated else ""
            shown = " ".join(filter(None, [auth, self.secrets.redact(summary(body))]))
            self.planned.append(Planned(method, url, shown))
            return None
        retry_any = method in _IDEMPOTENT if idempotent is None else idempotent
        headers = {"Accept": "application/json", **(self._auth() if authenticated else {})}
        answer = self._send(method, url, headers, body, retry_any)
        if answer.status_code == 404 and absent_ok:
            return None
        if 300 <= answer.status_code < 400:
            raise PublishError(
                self._line(
                    _(
                        "{platform}: HTTP {status} on {method} {path} redirects to {location}:"
                        " not followed, since the key would go with it (give the API's own"
                        " address)"
                    ).format(
                        platform=self.platform,
                        status=answer.status_code,
                        method=method,
                        path=_path(url),
                        location=answer.headers.get("Location", "?"),
                    )
                )
            )
        if answer.status_code >= 400:
            raise PublishError(self._refusal(method, url, answer))
        if not answer.content:
            return {}
        try:
            return answer.json()
        except ValueError:
            raise PublishError(
                self._line(
                    _("{platform}: {method} {path}: the answer is not JSON").format(
                        platform=self.platform, method=method, path=_path(url)
                    )
                )
            ) from None

    def close(self) -> None:
        if self._session is not None:
            self._session.close()

    def _send(
        self, method: str, url: str, headers: dict[str, str], body: Any, retry_any: bool
    ) -> requests.Response:
        import requests

        if self._session is None:
            self._session = requests.Session()
            self._session.headers["User-Agent"] = f"aictdata-publish/{__version__}"
        options = self.options
        for attempt in range(options.retries + 1):
            last = attempt == options.retries
            delay = backoff_delay(options.backoff, attempt, cap=options.max_wait)
            try:
                answer = self._session.request(
                    method,
                    url,
                    json=body,
                    headers=headers,
                    timeout=options.timeout,
                    allow_redirects=False,
                )
            except (requests.ConnectionError, requests.Timeout) as error:
                if last or not retry_any:
                    attempts = attempt + 1
                    raise PublishError(
                        self._line(
                            ngettext(
                                "cannot reach {platform} at {origin}: {reason} ({method} {path},"
                                " {count} attempt)",
                                "cannot reach {platform} at {origin}: {reason} ({method} {path},"
                                " {count} attempts)",
                                attempts,
                            ).format(
                                platform=self.platform,
                                origin=_origin(url),
                                reason=failure_reason(error, options.timeout),
                                method=method,
                                path=_path(url),
                                count=attempts,
                            )
                        )
                    ) from None
                options.sleep(delay)
                continue
            retriable = answer.status_code == 429 or (
                retry_any and answer.status_code in RETRY_STATUSES
            )
            if not retriable or last:
                return answer
            options.sleep(
                retry_after(answer.headers.get("Retry-After"), delay, cap=options.max_wait)
            )
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _refusal(self, method: str, url: str, answer: requests.Response) -> str:
        status = answer.status_code
        what = {
            401: _("the key was refused"),
            403: _("the key may not do this"),
            404: _("not found"),
            429: _("too many requests, still after the retries"),
        }.get(status, _("refused") if status < 500 else _("server error, still after the retries"))
        detail = _message(answer)
        hint = _(" (check the key in its environment variable)") if status in (401, 403) else ""
        refused = _("{platform}: {what}{hint}: HTTP {status} on {method} {path}").format(
            platform=self.platform,
            what=what,
            hint=hint,
            status=status,
            method=method,
            path=_path(url),
        )
        return self._line(refused + (f": {detail}" if detail else ""))

    def _line(self, text: str) -> str:
        return one_line(self.secrets.redact(text))


def _message(answer: requests.Response) -> str:
    """The platform's own words: `message`/`error` and field errors of a JSON body, else
    the start of the text; whitespace folded, cut."""
    try:
        data = answer.json()
    except ValueError:
        data = None
    if isinstance(data, dict):
        parts = [str(data[k]) for k in ("message", "error", "error_description") if data.get(k)]
        errors = data.get("errors")
        if errors:
            parts.append(json.dumps(errors, ensure_ascii=False, sort_keys=True))
        text = "; ".join(parts)
    else:
        text = answer.text
    text = " ".join(text.split())
    return text[:_SHOWN] + ("…" if len(text) > _SHOWN else "")


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _origin(url: str) -> str:
    parts = urlsplit(url)
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
