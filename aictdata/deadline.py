"""A total deadline for an HTTP request made with requests, body included.

requests' `timeout` bounds each socket read, not the request: a host that sends one byte
a second never lets a read time out, and http.client keeps reading (a header line, or a
64 KiB chunk of body) until it has all it asked for. So while a request runs, a watchdog
thread holds the connections it takes from its pool; once the deadline passes it shuts
their sockets down, which ends a blocked read at once (EOF), and the caller learns from
`Deadline.expired` why the request failed.

Imported only by the HTTP clients when they fetch (it imports requests and urllib3).
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3 import HTTPConnectionPool, HTTPSConnectionPool, PoolManager

_local = threading.local()
_POLL = 0.05
"""Seconds between two shutdowns once expired: a connection still being opened at the
deadline is shut as soon as it has a socket."""


class Deadline:
    """What one `deadline()` block watches: the connections its thread took."""

    def __init__(self) -> None:
        self.connections: list[Any] = []
        self.expired = threading.Event()
        self.done = threading.Event()

    def shut(self) -> None:
        for connection in list(self.connections):
            sock = getattr(connection, "sock", None)
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[Deadline]:
    """Shut the connections that this thread's requests use once `seconds` have passed
    (sessions made by `session()`); a block that ends in time costs one short thread."""
    watched = Deadline()
    previous = getattr(_local, "watched", None)
    _local.watched = watched

    def watch() -> None:
        if watched.done.wait(max(seconds, 0.0)):
            return
        watched.expired.set()
        while not watched.done.is_set():
            watched.shut()
            watched.done.wait(_POLL)

    watchdog = threading.Thread(target=watch, name="aictdata-deadline", daemon=True)
    watchdog.start()
    try:
        yield watched
    finally:
        watched.done.set()
        _local.watched = previous
        watchdog.join()


def _register(connection: Any) -> Any:
    watched = getattr(_local, "watched", None)
    if watched is not None:
        watched.connections.append(connection)
    return connection


class _Pool(HTTPConnectionPool):
    def _get_conn(self, timeout: float | None = None) -> Any:
        return _register(super()._get_conn(timeout))


class _SecurePool(HTTPSConnectionPool):
    def _get_conn(self, timeout: float | None = None) -> Any:
        return _register(super()._get_conn(timeout))


class _Adapter(HTTPAdapter):
    """requests' adapter, with pools whose connections a `deadline()` can shut."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        manager: PoolManager = self.poolmanager
        manager.pool_classes_by_scheme = {"http": _Pool, "https": _SecurePool}


def session() -> requests.Session:
    """A requests.Session whose requests a `deadline()` block bounds."""
    made = requests.Session()
    adapter = _Adapter()
    made.mount("http://", adapter)
    made.mount("https://", adapter)
    return made


def expired() -> bool:
    """Whether the deadline of this thread's current `deadline()` block has passed."""
    watched = getattr(_local, "watched", None)
    return watched is not None and watched.expired.is_set()
