"""A preview server for the built site, with the headers a production host should send.

The site is static and any web server can publish it; this one exists so that what a
calendar client, an aggregator or a browser will see can be tried before deploying:
the right `Content-Type` per file, validators (`ETag`, `Last-Modified`) and `304 Not
Modified` for the clients that poll the feeds, CORS on feeds and data for browser apps.

It must not fall over when abused either (a preview is still reachable by whoever can
reach the port): the listen backlog takes a burst of new connections, each request has a
total deadline (a client sending a byte every few seconds is cut off, not waited for),
at most `MAX_CONNECTIONS` threads serve at once (more wait in the backlog), running out
of file descriptors pauses accepting instead of spinning, and a client that goes away
mid-answer is one access-log line, never a traceback.

Only the standard library is used (a threaded `http.server`). Every request path is
decoded once, refused if any segment could climb out of the site (`..`, `.`, dot-files,
backslashes, NUL, empty segments), then resolved on disk and refused again unless the
real path (after symlinks) is still inside the site folder, in no dot-folder and no
dot-file there, and is a regular file.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import logging
import os
import signal
import socket
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from types import FrameType
from typing import Any, BinaryIO
from urllib.parse import quote, unquote_to_bytes, urlsplit

from aictdata.errors import ServeError
from aictdata.i18n import _
from aictdata.net.deadline import deadline
from aictdata.output import layout
from aictdata.output.mediatypes import is_cross_origin, media_type

log = logging.getLogger("aictdata.serve")

#: Clients and shared caches may store every file but must revalidate it before reuse:
#: a rebuild is seen at once, and a poll of an unchanged feed costs one `304` and no body.
CACHE_CONTROL = "public, no-cache"

#: Sent with every response, errors included.
SECURITY_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
)

#: Feeds and data are never documents: if a browser opens one, nothing in it may run.
DATA_CSP = "default-src 'none'; sandbox"

#: Pages are framed only by the site itself (no clickjacking), except the embeddable
#: programme (`layout.EMBED_PAGE`), which partners' sites frame; no X-Frame-Options, whose
#: only values would forbid that (CSP frame-ancestors supersedes it in every browser).
PAGE_CSP = "frame-ancestors 'self'"
EMBED_CSP = "frame-ancestors *"

ALLOWED_METHODS = "GET, HEAD, OPTIONS"

_CHUNK = 64 * 1024
_ETAG_CACHE_SIZE = 4096

LISTEN_BACKLOG = 128
"""Connections the kernel holds before they are accepted (http.server's 5 dropped the
SYNs of a burst of 50 new clients: each retried after 1 s, some after 3 or 7 s)."""
REQUEST_DEADLINE = 30.0
"""Seconds for one request in all, from the wait for it to the answer's last byte: the
timeout per read alone restarts with each byte a slow client sends."""
MAX_CONNECTIONS = 256
"""Connections served at once, one thread each; more wait in the backlog."""
_ACCEPT_PAUSE = 0.1
"""Seconds without accepting after the process ran out of file descriptors: the
listening socket stays readable, so retrying at once would spin at 100 % CPU."""
_OUT_OF_DESCRIPTORS = frozenset({errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM})


@dataclass(frozen=True)
class Target:
    """What a request path names: a file to send, or a folder to redirect to with a slash."""

    file: Path | None = None
    redirect: str | None = None


def resolve(root: Path, raw_path: str) -> Target | None:
    """The file under `root` (an absolute path without symlinks: `SiteServer.root`) that
    a request path names, or None (then the answer is 404).

    `raw_path` is the request target as sent (percent-encoded, maybe with a query). It is
    decoded exactly once: `%252e%252e` stays the literal name `%2e%2e`, which does not
    exist. A folder is served by its index.html, and only when asked with a trailing slash,
    so that relative links in the page resolve against the folder.
    """
    split = urlsplit(raw_path)
    if not raw_path.startswith("/") or split.scheme or split.netloc:
        return None
    try:
        decoded = unquote_to_bytes(split.path).decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "\\" in decoded or "\x00" in decoded:
        return None
    segments = decoded.split("/")[1:]
    trailing_slash = segments[-1] == ""
    if trailing_slash:
        segments.pop()
    if any(s == "" or s.startswith(".") for s in segments):
        return None
    try:
        real = root.joinpath(*segments).resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not _inside(real, root):
        return None
    if real.is_dir():
        if not trailing_slash:
            path = "/" + "/".join(segments) + "/"
            query = f"?{split.query}" if split.query else ""
            return Target(redirect=quote(path) + query)
        real = (real / layout.INDEX).resolve()
        if not _inside(real, root):
            return None
    elif trailing_slash:
        return None
    return Target(file=real) if real.is_file() else None


def _inside(real: Path, root: Path) -> bool:
    """Whether `real` (symlinks resolved) is in `root` and is no dot-file or in no
    dot-folder there: a symlink inside the site must not serve what the path could not
    name (`.git/config`, `.env`)."""
    return real.is_relative_to(root) and not any(
        part.startswith(".") for part in real.relative_to(root).parts
    )


class _EtagCache:
    """Content hashes of files, keyed by what changes when a file is rewritten.

    A strong ETag must change whenever the bytes do, so it is computed from the bytes that
    are served, not read from manifest.json (a hand-edited or half-deployed folder would
    make the manifest lie, and a lying ETag makes a calendar keep a stale feed forever).
    The key (device, inode, size, mtime, ctime) changes on every rewrite and on the
    rename that swaps a new build into place, so a file is hashed once per build.
    """

    def __init__(self, size: int = _ETAG_CACHE_SIZE) -> None:
        self._size = size
        self._hashes: OrderedDict[tuple[int, ...], str] = OrderedDict()
        self._lock = threading.Lock()

    def etag(self, stream: BinaryIO, stat: os.stat_result) -> str:
        key = (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
        with self._lock:
            known = self._hashes.get(key)
            if known is not None:
                self._hashes.move_to_end(key)
                return known
        digest = hashlib.sha256()
        for chunk in iter(lambda: stream.read(_CHUNK), b""):
            digest.update(chunk)
        stream.seek(0)
        tag = f'"{digest.hexdigest()}"'
        with self._lock:
            self._hashes[key] = tag
            while len(self._hashes) > self._size:
                self._hashes.popitem(last=False)
        return tag


def _etag_matches(header: str, etag: str) -> bool:
    """If-None-Match uses the weak comparison (RFC 9110 13.1.2): W/"x" matches "x"."""
    if header.strip() == "*":
        return True
    opaque = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == opaque for tag in header.split(","))


def _not_modified_since(header: str, mtime: float) -> bool:
    try:  # OverflowError: a date with an offset of +99999999999999999999 hours
        since = parsedate_to_datetime(header)
        return since.tzinfo is not None and int(mtime) <= since.timestamp()
    except (TypeError, ValueError, OverflowError):
        return False


class SiteHandler(BaseHTTPRequestHandler):
    """Answers GET, HEAD and OPTIONS from the site folder; 405 for other known methods."""

    server: SiteServer
    protocol_version = "HTTP/1.1"
    #: Headers and body leave in separate writes: with Nagle's algorithm on, a keep-alive
    #: client's delayed ACK holds the body back for ~40 ms, capping a client at ~25 req/s.
    disable_nagle_algorithm = True
    #: Seconds a read may wait (an idle keep-alive connection holds a thread); the whole
    #: request is bounded by the server's `request_deadline`.
    timeout = 10

    def handle_one_request(self) -> None:
        """One request within the server's deadline: past it, the socket is shut down,
        the blocked read or write fails, and the connection is closed."""
        with deadline(self.server.request_deadline) as watched:
            watched.watch(self.connection)
            super().handle_one_request()
        if watched.expired.is_set():
            self.close_connection = True

    def do_GET(self) -> None:
        self._send_file(body=True)

    def do_HEAD(self) -> None:
        self._send_file(body=False)

    def do_OPTIONS(self) -> None:
        """CORS preflight (a browser app sending If-None-Match asks first), and `OPTIONS *`."""
        if self.path == "*":
            self.send_response(HTTPStatus.NO_CONTENT)
            self.send_header("Allow", ALLOWED_METHODS)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        target = resolve(self.server.root, self.path)
        if target is None:
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        self.send_response(HTTPStatus.NO_CONTENT)
        self.send_header("Allow", ALLOWED_METHODS)
        if target.file is not None and is_cross_origin(target.file.name):
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Allow-Methods", ALLOWED_METHODS)
            self.send_header("Access-Control-Allow-Headers", "If-None-Match, If-Modified-Since")
            self.send_header("Access-Control-Max-Age", "86400")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _method_not_allowed(self) -> None:
        self.send_response(HTTPStatus.METHOD_NOT_ALLOWED)
        self.send_header("Allow", ALLOWED_METHODS)
        self.send_header("Content-Length", "0")
        self.send_header("Connection", "close")
        self.close_connection = True
        self.end_headers()

    do_POST = do_PUT = do_DELETE = do_PATCH = _method_not_allowed  # noqa: N815

    def version_string(self) -> str:
        """No Python version in the Server header: it only helps attackers."""
        return "aictdata"

    def end_headers(self) -> None:
        for name, value in SECURITY_HEADERS:
            self.send_header(name, value)
        if self.request_version == "HTTP/1.0" and not self.close_connection:
            # An HTTP/1.0 client that asked for keep-alive waits for the server to close
            # unless the answer says it stays open (ApacheBench's -k, old proxies).
            self.send_header("Connection", "keep-alive")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Access log through `logging`: the CLI decides where it goes."""
        log.info("%s %s", self.address_string(), format % args)

    def _send_file(self, *, body: bool) -> None:
        target = resolve(self.server.root, self.path)
        if target is None:
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        if target.redirect is not None:
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", target.redirect)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        assert target.file is not None
        try:
            stream = target.file.open("rb")
        except OSError:
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        with stream:
            stat = os.fstat(stream.fileno())
            etag = self.server.etags.etag(stream, stat)
            self._send_found(target.file, stream, stat, etag, body=body)

    def _send_found(
        self, file: Path, stream: BinaryIO, stat: os.stat_result, etag: str, *, body: bool
    ) -> None:
        if_none_match = self.headers.get("If-None-Match")
        if_modified_since = self.headers.get("If-Modified-Since")
        if if_none_match is not None:
            fresh = _etag_matches(if_none_match, etag)
        elif if_modified_since is not None:
            fresh = _not_modified_since(if_modified_since, stat.st_mtime)
        else:
            fresh = False
        self.send_response(HTTPStatus.NOT_MODIFIED if fresh else HTTPStatus.OK)
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", formatdate(stat.st_mtime, usegmt=True))
        self.send_header("Cache-Control", CACHE_CONTROL)
        if is_cross_origin(file.name):
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Expose-Headers", "ETag")
        if fresh:
            self.end_headers()
            return
        content_type = media_type(file.name)
        self.send_header("Content-Type", content_type)
        if not content_type.startswith("text/html"):
            self.send_header("Content-Security-Policy", DATA_CSP)
        elif file.name == layout.EMBED_PAGE:
            self.send_header("Content-Security-Policy", EMBED_CSP)
        else:
            self.send_header("Content-Security-Policy", PAGE_CSP)
        self.send_header("Content-Length", str(stat.st_size))
        self.end_headers()
        if body:
            self._copy(stream, stat.st_size)

    def _copy(self, stream: BinaryIO, size: int) -> None:
        """Send at most the `size` announced in Content-Length, even if the file grew."""
        left = size
        while left > 0:
            chunk = stream.read(min(_CHUNK, left))
            if not chunk:
                break
            self.wfile.write(chunk)
            left -= len(chunk)


class SiteServer(HTTPServer):
    """Connections are served by a pool of at most `max_connections` threads, started as
    needed and reused: a thread started per connection made the accept loop wait, for
    each new connection, until that thread got the interpreter lock. Closing the server
    shuts down the connections still open (an idle keep-alive client included), so that
    stopping never waits for them."""

    request_queue_size = LISTEN_BACKLOG

    def __init__(
        self,
        root: Path,
        host: str,
        port: int,
        *,
        max_connections: int = MAX_CONNECTIONS,
        request_deadline: float = REQUEST_DEADLINE,
    ) -> None:
        self.root = root.resolve()
        self.etags = _EtagCache()
        self.request_deadline = request_deadline
        self._slots = threading.BoundedSemaphore(max_connections)
        self._pool = ThreadPoolExecutor(max_connections, thread_name_prefix="aictdata-serve")
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        self._stopping = threading.Event()
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        super().__init__((host, port), SiteHandler)

    def get_request(self) -> tuple[socket.socket, Any]:
        try:
            return super().get_request()
        except OSError as error:
            if error.errno in _OUT_OF_DESCRIPTORS:
                log.info("accept: %s, pausing %s s", error.strerror, _ACCEPT_PAUSE)
                time.sleep(_ACCEPT_PAUSE)
            raise  # socketserver drops this accept and goes on

    def process_request(self, request: Any, client_address: Any) -> None:
        """Hand the connection to the pool once a thread is free; until then the accept
        loop waits, and new connections wait in the backlog."""
        while not self._slots.acquire(timeout=0.2):
            if self._stopping.is_set():
                self.shutdown_request(request)
                return
        try:
            self._pool.submit(self._serve_connection, request, client_address)
        except BaseException:
            self._slots.release()
            self.shutdown_request(request)
            raise

    def _serve_connection(self, request: socket.socket, client_address: Any) -> None:
        with self._open_lock:
            self._open.add(request)
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            with self._open_lock:
                self._open.discard(request)
            self.shutdown_request(request)
            self._slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """One log line, never a traceback: a client that hung up mid-answer (reset,
        broken pipe, or shut at its deadline) is ordinary for a server."""
        error = sys.exc_info()[1]
        host = client_address[0] if isinstance(client_address, tuple) else client_address
        if isinstance(error, (ConnectionError, TimeoutError)):
            log.info("%s: connection closed by the client (%s)", host, type(error).__name__)
        else:
            log.warning("%s: %s: %s", host, type(error).__name__, error)

    def shutdown(self) -> None:
        self._stopping.set()
        super().shutdown()

    def server_close(self) -> None:
        super().server_close()
        with self._open_lock:
            still_open = list(self._open)
        for connection in still_open:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        self._pool.shutdown(wait=False, cancel_futures=True)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        shown = f"[{host}]" if ":" in str(host) else str(host)
        return f"http://{shown}:{port}/"


def make_server(site_dir: Path, host: str = "127.0.0.1", port: int = 8000) -> SiteServer:
    """Bind a server for `site_dir` (port 0 picks a free port; see `SiteServer.url`)."""
    root = site_dir.resolve()
    if not root.is_dir():
        raise ServeError(
            _("{folder}: no such folder (run `aictdata build` first)").format(folder=site_dir)
        )
    try:
        return SiteServer(root, host, port)
    except OSError as error:
        message = _("cannot listen on {host}:{port}: {reason}")
        reason = error.strerror or error
        raise ServeError(message.format(host=host, port=port, reason=reason)) from error


@contextmanager
def _signals_stop(server: SiteServer) -> Iterator[list[str]]:
    """SIGTERM and SIGINT stop the server, whatever the process inherited: a shell starts
    background jobs (`aictdata serve &`, CI steps) with SIGINT ignored, and Python then
    leaves it ignored, so `kill -INT` would do nothing. Yields where the reason goes.

    The handler asks the server to shut down (from another thread: `shutdown` waits for
    the loop) rather than raising in the main thread: an exception raised by a signal
    can land between a lock's acquisition and the block that releases it (in the thread
    pool's `submit`), and the server's close then waited for that lock forever."""
    stopped: list[str] = []
    if threading.current_thread() is not threading.main_thread():
        yield stopped
        return

    def stop(signum: int, frame: FrameType | None) -> None:
        if not stopped:
            stopped.append("interrupted" if signum == signal.SIGINT else "terminated")
            threading.Thread(target=server.shutdown, name="aictdata-stop", daemon=True).start()

    previous_term = signal.signal(signal.SIGTERM, stop)
    previous_int = signal.signal(signal.SIGINT, stop)
    try:
        yield stopped
    finally:
        signal.signal(signal.SIGTERM, previous_term)
        signal.signal(signal.SIGINT, previous_int)


def serve_until_stopped(server: SiteServer) -> str:
    """Serve until Ctrl-C or SIGTERM (or `server.shutdown()`); close the socket; return
    which one stopped it."""
    try:
        with _signals_stop(server) as stopped:
            server.serve_forever()
    finally:
        server.server_close()
    return stopped[0] if stopped else "shut down"
