"""`aictdata serve` read on a raw socket: the bytes a client gets, not what requests shows.

requests never reads a body for a 304 or a HEAD, so `content == b""` cannot fail there.
Here several requests go down one keep-alive connection and the answers are split by
hand (RFC 9112 6.3: a 304 and an answer to HEAD end with their headers): a body sent
after them would be read as the start of the next answer.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests.served import build_test_site, raw_get, serving, status_of

TIMEOUT = 10
FEED_PATH = "fixture/feed.ics"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_test_site(tmp_path_factory.mktemp("wire") / "site")


@pytest.fixture(scope="module")
def server(site: Path, tmp_path_factory: pytest.TempPathFactory):
    with serving(site, tmp_path_factory.mktemp("log") / "serve.log") as running:
        yield running


class Wire:
    """One TCP connection; answers are read off it exactly as framed by their headers."""

    def __init__(self, port: int) -> None:
        self.connection = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
        self.buffer = b""

    def send(self, method: str, target: str, headers: dict[str, str] | None = None) -> None:
        lines = [f"{method} /{target} HTTP/1.1", "Host: 127.0.0.1"]
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        self.connection.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))

    def _fill(self) -> bool:
        chunk = self.connection.recv(65536)
        self.buffer += chunk
        return bool(chunk)

    def head_block(self) -> tuple[int, dict[str, str]]:
        """The status and headers of the next answer; the buffer keeps what follows."""
        while b"\r\n\r\n" not in self.buffer:
            assert self._fill(), f"connection closed mid-headers: {self.buffer!r}"
        block, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        status_line, *header_lines = block.decode("latin-1").split("\r\n")
        assert status_line.startswith("HTTP/1.1 "), status_line
        headers = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        return int(status_line.split(" ")[1]), headers

    def body(self, length: int) -> bytes:
        while len(self.buffer) < length:
            assert self._fill(), "connection closed mid-body"
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return body

    def rest_until_close(self) -> bytes:
        while self._fill():
            pass
        return self.buffer

    def close(self) -> None:
        self.connection.close()


@pytest.fixture
def wire(server):
    connection = Wire(server.port)
    yield connection
    connection.close()


def test_a_304_and_a_head_on_one_keep_alive_connection_send_no_body(wire, site):
    built = (site / FEED_PATH).read_bytes()
    wire.send("GET", FEED_PATH)
    status, headers = wire.head_block()
    assert status == 200
    assert int(headers["content-length"]) == len(built)
    assert wire.body(len(built)) == built
    etag = headers["etag"]

    wire.send("GET", FEED_PATH, {"If-None-Match": etag})
    wire.send("HEAD", FEED_PATH)
    wire.send("GET", FEED_PATH, {"If-Modified-Since": headers["last-modified"]})
    wire.send("GET", "fixture/data.csv", {"Connection": "close"})

    status, not_modified = wire.head_block()
    assert status == 304
    assert not_modified.get("content-length", "0") == "0"  # never the file's length
    assert not_modified["etag"] == etag
    assert wire.buffer == b"" or wire.buffer.startswith(b"HTTP/1.1 "), wire.buffer[:80]

    status, head = wire.head_block()
    assert status == 200
    assert head["content-length"] == str(len(built))  # what a GET would send...
    assert wire.buffer == b"" or wire.buffer.startswith(b"HTTP/1.1 "), wire.buffer[:80]

    status, since = wire.head_block()
    assert status == 304
    assert since.get("content-length", "0") == "0"
    assert wire.buffer == b"" or wire.buffer.startswith(b"HTTP/1.1 "), wire.buffer[:80]

    status, last = wire.head_block()  # ...but only this GET's body follows
    assert status == 200
    csv = (site / "fixture/data.csv").read_bytes()
    assert int(last["content-length"]) == len(csv)
    assert wire.rest_until_close() == csv


@pytest.mark.parametrize(
    "asked", ["if-modified-since", "if-none-match", "if-none-match, if-modified-since"]
)
def test_cors_preflight_allows_both_conditional_headers(wire, asked):
    wire.send(
        "OPTIONS",
        FEED_PATH,
        {
            "Origin": "https://aggregator.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": asked,
        },
    )
    status, headers = wire.head_block()
    assert status == 204
    assert headers["access-control-allow-origin"] == "*"
    allowed = {name.strip().lower() for name in headers["access-control-allow-headers"].split(",")}
    assert set(map(str.strip, asked.split(","))) <= allowed
    assert headers.get("content-length", "0") == "0"


def test_an_overflowing_if_modified_since_is_ignored_and_the_connection_kept(wire, site):
    overflowing = "Mon, 01 Jan 2020 00:00:00 +99999999999999999999"
    wire.send("GET", FEED_PATH, {"If-Modified-Since": overflowing})
    status, headers = wire.head_block()
    assert status == 200  # a date that cannot be compared is ignored (RFC 9110 13.1.3)
    assert wire.body(int(headers["content-length"])) == (site / FEED_PATH).read_bytes()
    wire.send("HEAD", FEED_PATH)  # the same connection still answers
    assert wire.head_block()[0] == 200


@pytest.mark.parametrize(
    ("hidden", "link"),
    [(".notes.txt", "fixture/notes.txt"), (".git/config", "fixture/config.txt")],
)
def test_a_symlink_to_a_dot_file_inside_the_site_is_not_served(hidden, link, server, site):
    (site / hidden).parent.mkdir(exist_ok=True)
    (site / hidden).write_text("not for the public\n", encoding="utf-8")
    (site / link).symlink_to(site / hidden)
    try:
        answer = raw_get(server.port, f"/{link}")
    finally:
        (site / link).unlink()
    assert status_of(answer) == 404
    assert b"not for the public" not in answer
