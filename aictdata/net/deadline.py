"""Total deadlines for network exchanges that a timeout per read cannot bound.

A socket timeout bounds each read, not the exchange: a peer that sends one byte a second
never lets a read time out, and http.client (`aictdata check`) or http.server (`aictdata
serve`) keep reading a line or a chunk until they have it all. So a `deadline()` block
lists the connections it uses, and one shared daemon thread, the reaper, shuts their
sockets down once the block's time is up: a blocked read then ends at once (EOF), and
`Deadline.expired` tells the caller why.

One thread for the whole process rather than one per block: `serve` opens a block per
request, thousands a second. The reaper wakes every `POLL` seconds while any block is
open, so a deadline is kept within that much.

The requests side (`session()`) imports requests only when called.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import requests

POLL = 0.05
"""Seconds between two rounds of the reaper."""

_local = threading.local()


class Deadline:
    """One `deadline()` block: when it ends, and the connections it uses."""

    def __init__(self, seconds: float) -> None:
        self.ends = time.monotonic() + max(seconds, 0.0)
        self.connections: list[Any] = []
        self.expired = threading.Event()

    def watch(self, connection: Any) -> None:
        """Shut `connection` (a socket, or an object whose `sock` is one) at the deadline."""
        self.connections.append(connection)

    def shut(self) -> None:
        for connection in list(self.connections):
            sock = connection if isinstance(connection, socket.socket) else connection.sock
            if sock is not None:  # an HTTP connection that is not connected yet has none
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


class _Reaper:
    """The thread that shuts the connections of expired blocks; it runs while any is open
    (and goes on shutting an expired block's connections, such as one still connecting
    at the deadline, until the block ends)."""

    def __init__(self) -> None:
        self._open: set[Deadline] = set()
        self._lock = threading.Lock()
        self._running = False

    def add(self, watched: Deadline) -> None:
        with self._lock:
            self._open.add(watched)
            if not self._running:
                self._running = True
                threading.Thread(target=self._run, name="aictdata-reaper", daemon=True).start()

    def discard(self, watched: Deadline) -> None:
        with self._lock:
            self._open.discard(watched)

    def _run(self) -> None:
        while True:
            time.sleep(POLL)
            now = time.monotonic()
            with self._lock:
                if not self._open:
                    self._running = False
                    return
                due = [watched for watched in self._open if watched.ends <= now]
            for watched in due:
                watched.expired.set()
                watched.shut()


_reaper = _Reaper()


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[Deadline]:
    """A block that must end within `seconds`: the connections it watches (and, in this
    thread, those of sessions made by `session()`) are shut down when it does not."""
    watched = Deadline(seconds)
    previous = getattr(_local, "watched", None)
    _local.watched = watched
    _reaper.add(watched)
    try:
        yield watched
    finally:
        _reaper.discard(watched)
        _local.watched = previous


def expired() -> bool:
    """Whether the deadline of this thread's current `deadline()` block has passed."""
    watched = getattr(_local, "watched", None)
    return watched is not None and watched.expired.is_set()


def _watch_in_this_thread(connection: Any) -> Any:
    watched = getattr(_local, "watched", None)
    if watched is not None:
        watched.watch(connection)
    return connection


def session() -> requests.Session:
    """A requests.Session whose connections a `deadline()` block of the calling thread
    watches (each connection taken from a pool, new or kept alive, is registered)."""
    import requests

    made = requests.Session()
    adapter = _adapter_class()()
    made.mount("http://", adapter)
    made.mount("https://", adapter)
    return made


@cache
def _adapter_class() -> type:
    """requests' adapter with pools that register their connections (urllib3's
    documented `pool_classes_by_scheme`); built on first use, to import requests late."""
    from requests.adapters import HTTPAdapter
    from urllib3 import HTTPConnectionPool, HTTPSConnectionPool
    from urllib3.connection import HTTPConnection, HTTPSConnection

    # The socket itself too, once connected: an answer that closes the connection
    # (HTTP/1.0, `Connection: close`) takes the socket away from its connection object
    # (http.client sets `sock` to None and reads through the response), and a block that
    # watched only the connection would find nothing to shut.
    class Connection(HTTPConnection):
        def connect(self) -> None:
            super().connect()
            _watch_in_this_thread(self.sock)

    class SecureConnection(HTTPSConnection):
        def connect(self) -> None:
            super().connect()
            _watch_in_this_thread(self.sock)

    class Pool(HTTPConnectionPool):
        ConnectionCls = Connection

        def _get_conn(self, timeout: float | None = None) -> Any:
            return _watch_in_this_thread(super()._get_conn(timeout))

    class SecurePool(HTTPSConnectionPool):
        ConnectionCls = SecureConnection

        def _get_conn(self, timeout: float | None = None) -> Any:
            return _watch_in_this_thread(super()._get_conn(timeout))

    class Adapter(HTTPAdapter):
        def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = {"http": Pool, "https": SecurePool}

    return Adapter
