"""A real headless Chromium, driven over the DevTools protocol through a pipe.

Debian's `chromium` with `--remote-debugging-pipe` reads protocol messages on file
descriptor 3 and answers on 4, each message a JSON text ended by NUL: the standard
library is enough, with no websocket client and no downloaded browser. The flags keep
each run offline and self-contained (fresh profile, no background networking).
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest

OFFLINE_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
)
"""Headless, as root, and quiet on a closed network (also Lighthouse's chromium): even
with the others, Chromium looks up Google's hosts at every start unless no name resolves
but 127.0.0.1's."""
FLAGS = (*OFFLINE_FLAGS, "--hide-scrollbars", "--remote-debugging-pipe")

PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True}
DESKTOP = {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False}


A4 = {"paperWidth": 8.27, "paperHeight": 11.69}
"""Page.printToPDF's paper, in inches."""


def missing_tool(message: str) -> NoReturn:
    """A test tool is missing: skip locally, fail under CI (where setup must have put it)."""
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def command_or_skip(command: str, package: str) -> str:
    """A program the tests need from Debian's `package` (scripts/setup-test-tools.sh
    installs it); its absence skips locally and fails under CI."""
    executable = shutil.which(command)
    if executable:
        return executable
    missing_tool(f"{command} is not installed (Debian's {package}: scripts/setup-test-tools.sh)")


def chromium_or_skip() -> str:
    """Debian's chromium; its absence skips locally and fails under CI."""
    return command_or_skip("chromium", "chromium")


class BrowserError(RuntimeError):
    pass


class Browser:
    """One Chromium process; `page()` opens a tab attached in flat session mode."""

    def __init__(self, executable: str, *, timeout: float = 30.0) -> None:
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="aictdata-chromium-")
        to_browser_read, to_browser_write = os.pipe()
        from_browser_read, from_browser_write = os.pipe()
        # Copies above 10, so that placing them on 3 and 4 cannot clobber each other.
        child_in = fcntl.fcntl(to_browser_read, fcntl.F_DUPFD, 10)
        child_out = fcntl.fcntl(from_browser_write, fcntl.F_DUPFD, 10)

        def place_pipes() -> None:
            os.dup2(child_in, 3)
            os.dup2(child_out, 4)

        self.process = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
            preexec_fn=place_pipes,
            pass_fds=(3, 4),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for fd in (to_browser_read, from_browser_write, child_in, child_out):
            os.close(fd)
        self._write = to_browser_write
        self._read = from_browser_read
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []

    def call(self, method: str, params: dict[str, Any] | None = None, **extra: Any) -> Any:
        """Send a command and wait for its answer; events that arrive meanwhile are kept."""
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}, **extra}
        os.write(self._write, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._receive()
            if answer.get("id") == self._next_id:
                if "error" in answer:
                    raise BrowserError(f"{method}: {answer['error']}")
                return answer.get("result", {})

    def wait_for(self, method: str, session: str) -> dict[str, Any]:
        """The first event `method` of `session`, kept or yet to come."""
        while True:
            for event in self.events:
                if event.get("method") == method and event.get("sessionId") == session:
                    self.events.remove(event)
                    return event
            self._receive()

    def _receive(self) -> dict[str, Any]:
        deadline = time.monotonic() + self.timeout
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._read], [], [], left)[0]:
                raise BrowserError("chromium did not answer in time")
            chunk = os.read(self._read, 1 << 20)
            if not chunk:
                raise BrowserError("chromium closed the pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message = json.loads(raw)
        if "id" not in message:
            self.events.append(message)
            if message.get("method") == "Page.javascriptDialogOpening":
                # A dialog would block the page: record it (the test looks) and close it.
                os.write(
                    self._write,
                    json.dumps(
                        {
                            "id": 0,
                            "method": "Page.handleJavaScriptDialog",
                            "params": {"accept": True},
                            "sessionId": message["sessionId"],
                        }
                    ).encode()
                    + b"\0",
                )
        return message

    def page(self) -> Page:
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        return Page(self, session, target)

    def close(self) -> None:
        with contextlib.suppress(BrowserError):
            self.call("Browser.close")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._write)
        os.close(self._read)
        shutil.rmtree(self.profile, ignore_errors=True)


class Page:
    """One tab: open a URL, read the rendered DOM, emulate a screen, take pictures."""

    def __init__(self, browser: Browser, session: str, target: str) -> None:
        self.browser = browser
        self.session = session
        self.target = target
        for domain in ("Page", "Runtime", "Network"):
            self.call(f"{domain}.enable")

    def call(self, method: str, params: dict[str, Any] | None = None) -> Any:
        return self.browser.call(method, params, sessionId=self.session)

    def close(self) -> None:
        self.browser.call("Target.closeTarget", {"targetId": self.target})

    def events(self, method: str) -> list[dict[str, Any]]:
        return [
            e
            for e in self.browser.events
            if e.get("method") == method and e.get("sessionId") == self.session
        ]

    def open(self, url: str) -> None:
        """Navigate and wait for the load event; forget the previous page's events."""
        self.browser.events = [e for e in self.browser.events if e.get("sessionId") != self.session]
        answer = self.call("Page.navigate", {"url": url})
        if answer.get("errorText"):
            raise BrowserError(f"{url}: {answer['errorText']}")
        self.browser.wait_for("Page.loadEventFired", self.session)

    def evaluate(self, expression: str) -> Any:
        answer = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in answer:
            raise BrowserError(f"{expression}: {answer['exceptionDetails']}")
        return answer["result"].get("value")

    def emulate(self, screen: dict[str, Any], *, media: str = "") -> None:
        self.call("Emulation.setDeviceMetricsOverride", screen)
        self.call("Emulation.setEmulatedMedia", {"media": media})

    def screenshot(self, path: Path, selector: str | None = None) -> tuple[int, int]:
        """The whole page at the emulated width, or the element `selector` names, as
        PNG; returns its CSS size."""
        if selector is None:
            width = self.evaluate("document.documentElement.scrollWidth")
            height = self.evaluate("document.documentElement.scrollHeight")
            x = y = 0
        else:
            box = f"document.querySelector({json.dumps(selector)}).getBoundingClientRect()"
            x, y, width, height = self.evaluate(
                f"(r => [r.x + scrollX, r.y + scrollY, r.width, r.height])({box})"
            )
        shot = self.call(
            "Page.captureScreenshot",
            {
                "format": "png",
                "captureBeyondViewport": True,
                "clip": {"x": x, "y": y, "width": width, "height": height, "scale": 1},
            },
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(shot["data"]))
        return width, height

    def pdf(self, path: Path, **paper: float) -> None:
        """Print to PDF, on `paper` (e.g. `A4`) or Chromium's default (US Letter)."""
        answer = self.call("Page.printToPDF", {"printBackground": False, **paper})
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(answer["data"]))


@pytest.fixture(scope="module", name="browser")
def browser_fixture() -> Iterator[Browser]:
    """One Chromium for a test module: the fixture `browser` of a module that imports this
    (with `page_fixture`)."""
    running = Browser(chromium_or_skip())
    try:
        yield running
    finally:
        running.close()


@pytest.fixture(name="page")
def page_fixture(browser: Browser) -> Iterator[Page]:
    """A fresh tab, closed after the test: the fixture `page`."""
    tab = browser.page()
    yield tab
    tab.close()
