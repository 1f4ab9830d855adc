"""The base of the contract servers: a small threaded HTTP server on 127.0.0.1 that holds
a platform's state between requests, with switches for the failures a publisher must live
through. The platforms themselves (datagouv_server, openagenda_server) only say what each
documented route does; the switches act before them:

- `faults`: answers given, in order, before any route is reached (401, 429 with a
  Retry-After, 500...), each to one request;
- `hang`: accept the connection and never answer (until the server stops);
- `writes_before_crash`: after that many successful writes, every request is dropped
  without an answer, as a platform that went away in the middle of a run;
- an answer's `raw` bytes or writer: what no platform should send (a malformed chunk,
  gzip over garbage, an endless or dripping body).

Every request is logged (method, path, time) so that tests can count writes and waits.
Bounded everywhere: a hanging handler waits at most HANG_LIMIT seconds.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from tests.served import in_thread

HANG_LIMIT = 10.0


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: Any
    """The decoded JSON body, or None."""


@dataclass
class Answer:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    when: str | None = None
    """As a fault: only for requests of this method (None: the next request)."""
    raw: bytes | Callable[[BinaryIO, threading.Event], None] | None = None
    """Sent as the body instead of `body` as JSON, after `headers` alone (no Content-Type
    or Content-Length of ours): bytes, or a writer given the socket's stream and the event
    set when the server stops (an endless or dripping answer)."""


@dataclass(frozen=True)
class Logged:
    method: str
    path: str
    at: float
    status: int | None
    """None: dropped or never answered."""


class ContractServer:
    """Subclasses implement `route(request) -> Answer` as the documentation describes."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.log: list[Logged] = []
        self.faults: list[Answer] = []
        self.hang = False
        self.writes_before_crash: int | None = None
        self._crashed = False
        self._release = threading.Event()

    def route(self, request: Request) -> Answer:
        raise NotImplementedError

    @property
    def writes(self) -> list[Logged]:
        """Requests that changed the platform's state (answered 2xx, not GET)."""
        return [
            entry
            for entry in self.log
            if entry.status is not None
            and self._is_write(entry.method, entry.path, Answer(entry.status))
        ]

    def is_session_request(self, path: str) -> bool:
        """A POST that changes no data (OpenAgenda's token request)."""
        return False

    def dispatch(self, handler: BaseHTTPRequestHandler) -> None:
        method = handler.command
        path = urlsplit(handler.path).path
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        if self.hang:
            self._note(method, path, None)
            self._release.wait(HANG_LIMIT)
            handler.close_connection = True
            return
        with self.lock:
            if self._crashed:
                answer = None
            elif (fault := self._fault_for(method)) is not None:
                answer = fault
            else:
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    answer = Answer(
                        400,
                        {
                            "message": "The browser (or proxy) sent a request that"
                            " this server could not understand."
                        },
                    )
                else:
                    request = Request(
                        method, path, {k.lower(): v for k, v in handler.headers.items()}, body
                    )
                    if self._would_crash(request):
                        self._crashed = True
                        answer = None
                    else:
                        answer = self.route(request)
                        if self.writes_before_crash is not None and self._is_write(
                            method, path, answer
                        ):
                            self.writes_before_crash -= 1
            self.log.append(
                Logged(method, path, time.monotonic(), answer.status if answer else None)
            )
        if answer is None:
            handler.close_connection = True
            return
        if answer.raw is not None:
            self._send_raw(handler, answer)
            return
        payload = b"" if answer.body is None else json.dumps(answer.body).encode()
        handler.send_response(answer.status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(payload)))
        for name, value in answer.headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(payload)

    def _send_raw(self, handler: BaseHTTPRequestHandler, answer: Answer) -> None:
        handler.close_connection = True
        handler.send_response(answer.status)
        for name, value in answer.headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        with suppress(OSError):  # the client hung up: what a capped or late answer is for
            if callable(answer.raw):
                answer.raw(handler.wfile, self._release)
            else:
                handler.wfile.write(answer.raw)

    def _is_write(self, method: str, path: str, answer: Answer) -> bool:
        return method != "GET" and answer.status < 300 and not self.is_session_request(path)

    def _fault_for(self, method: str) -> Answer | None:
        for index, fault in enumerate(self.faults):
            if fault.when in (None, method):
                return self.faults.pop(index)
        return None

    def recover(self) -> None:
        """The platform is back, its state as the crash left it."""
        with self.lock:
            self._crashed = False
            self.writes_before_crash = None

    def _would_crash(self, request: Request) -> bool:
        return (
            self.writes_before_crash is not None
            and self.writes_before_crash <= 0
            and request.method != "GET"
            and not self.is_session_request(request.path)
        )

    def _note(self, method: str, path: str, status: int | None) -> None:
        with self.lock:
            self.log.append(Logged(method, path, time.monotonic(), status))

    @contextmanager
    def running(self) -> Iterator[str]:
        """Serve on 127.0.0.1 (a free port); yields the base URL."""
        contract = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:  # quiet tests
                pass

            def do_GET(self) -> None:
                contract.dispatch(self)

            def do_POST(self) -> None:
                contract.dispatch(self)

            def do_PUT(self) -> None:
                contract.dispatch(self)

        with in_thread(Handler) as url:
            try:
                yield url
            finally:
                self._release.set()  # a hanging handler ends now, not at HANG_LIMIT
