"""Bounded retries for the HTTP clients (`aictdata check`, `aictdata publish`).

One place decides which answers are worth asking again, how long to wait before the next
attempt and how to say, in a few words, why a request failed: a deployed site and a
publishing platform are both remote hosts that are sometimes busy, restarting or gone.

- Retried: no answer (refused, reset, timed out) and the statuses in RETRY_STATUSES.
- Waiting: exponential backoff (`backoff * 2**attempt`), or the server's `Retry-After`
  (RFC 9110 10.2.3: delay-seconds or an HTTP-date) when it gives one; both capped, so
  that a server asking for an hour does not hold a command for an hour.

Pure Python (no requests at import time): `aictdata --help` does not load requests.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from aictdata.i18n import _

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
"""Answers worth asking again: the host is busy or restarting, not wrong."""


def backoff_delay(backoff: float, attempt: int, *, cap: float) -> float:
    """Seconds before attempt `attempt + 1`: doubling from `backoff`, at most `cap`."""
    return min(backoff * 2**attempt, cap)


def retry_after(
    header: str | None, default: float, *, cap: float, now: datetime | None = None
) -> float:
    """Seconds to wait as the server asks (`Retry-After`), else `default`; within [0, cap].

    A date in the past means "now" (0); a header that is neither a number nor a date is
    ignored rather than trusted.
    """
    if header is None or not header.strip():
        return min(default, cap)
    value = header.strip()
    if value.isascii() and value.isdigit():
        return min(float(value), cap)
    try:  # OverflowError: an offset of +99999999999999999999 hours
        when = parsedate_to_datetime(value)
        if when.tzinfo is None:  # an HTTP-date is GMT (RFC 9110 5.6.7)
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    except (TypeError, ValueError, IndexError, OverflowError):
        return min(default, cap)
    return min(max(seconds, 0.0), cap)


def failure_reason(error: BaseException, timeout: float) -> str:
    """A short cause for a failed request: 'connection refused', 'unknown host', ..."""
    import requests

    if isinstance(error, requests.Timeout):
        return _("timed out after {seconds} s").format(seconds=f"{timeout:g}")
    for cause in _causes(error):
        if isinstance(cause, socket.gaierror):
            return _("unknown host ({reason})").format(reason=cause.strerror)
        if isinstance(cause, ConnectionRefusedError):
            return _("connection refused")
        if isinstance(cause, TimeoutError):
            return _("timed out after {seconds} s").format(seconds=f"{timeout:g}")
        if isinstance(cause, OSError) and cause.strerror:
            return cause.strerror.lower()
    return type(error).__name__


def _causes(error: BaseException) -> Iterator[BaseException]:
    """The exceptions chained under `error` (requests wraps urllib3 wraps socket errors)."""
    stack, seen = [error], set()
    while stack and len(seen) < 32:
        current = stack.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        linked = [current.__cause__, current.__context__, getattr(current, "reason", None)]
        linked += list(current.args)
        stack += [e for e in linked if isinstance(e, BaseException)]
