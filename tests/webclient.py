"""A real `checklist-tui serve` in a subprocess on 127.0.0.1, and a browser stand-in that speaks
textual-serve's websocket protocol (["stdin", keys], ["resize", {...}], binary terminal output).

Every wait is bounded: it gives up after `timeout` seconds with the output seen so far.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import aiohttp

ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]"  # CSI: cursor, colour, modes
                  rb"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC: title, hyperlinks
                  rb"|\x1b[()][0-9A-Za-z]|\x1b[=>78]")
WAIT_S = 30.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Served:
    """The serve process: its base URL and what it logged."""

    def __init__(self, process: subprocess.Popen[str], port: int, log_path: Path) -> None:
        self.process = process
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.log_path = log_path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8")

    def wait_for_log(self, text: str, timeout: float = WAIT_S) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if text in (log := self.log()):
                return log
            time.sleep(0.05)
        raise AssertionError(f"{text!r} not logged:\n{self.log()}")


@contextmanager
def serving(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> Iterator[Served]:
    """`checklist-tui serve --port FREE ARGS…`, stopped (SIGTERM, then killed) at the end."""
    port = free_port()
    log_path = tmp_path / f"serve-{port}.log"
    environment = {**os.environ, "PYTHONUTF8": "1", **(env or {})}
    with log_path.open("w", encoding="utf-8") as log:
        argv = [sys.executable, "-m", "checklist_tui", "serve", "--port", str(port), *args]
        process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, text=True, env=environment)
    served = Served(process, port, log_path)
    try:
        end = time.monotonic() + WAIT_S
        while "已启动" not in served.log():
            if process.poll() is not None or time.monotonic() > end:
                raise AssertionError(f"serve did not start (exit {process.poll()}):\n{served.log()}")
            time.sleep(0.05)
        yield served
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def client() -> aiohttp.ClientSession:
    """A session whose cookie jar keeps cookies from 127.0.0.1 (aiohttp's default drops them)."""
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


async def login(session: aiohttp.ClientSession, base: str, name: str,
                password: str | None) -> aiohttp.ClientResponse:
    form = {"name": name} if password is None else {"name": name, "password": password}
    async with session.post(f"{base}/login", data=form, allow_redirects=False) as response:
        await response.read()
        return response


class Terminal:
    """One browser tab's websocket: keys in, the app's terminal output (escapes stripped) out."""

    def __init__(self, websocket: aiohttp.ClientWebSocketResponse) -> None:
        self.websocket = websocket
        self.raw = b""
        self.texts: list[Any] = []
        self.closed = False

    def screen(self) -> str:
        return ANSI.sub(b"", self.raw).decode("utf-8", "replace")

    async def wait_for(self, wanted: str | Callable[[str], bool], timeout: float = WAIT_S) -> str:
        """Read output until `wanted` appears in what arrived since the last `mark()`."""
        test = wanted if callable(wanted) else (lambda seen: wanted in seen)
        end = time.monotonic() + timeout
        while not test(self.screen()):
            left = end - time.monotonic()
            if left <= 0 or self.closed:
                raise AssertionError(f"not shown: {wanted!r}\n--- output ---\n{self.screen()[-3000:]}")
            try:
                message = await self.websocket.receive(timeout=left)
            except TimeoutError:
                continue
            if message.type == aiohttp.WSMsgType.BINARY:
                self.raw += message.data
            elif message.type == aiohttp.WSMsgType.TEXT:
                self.texts.append(json.loads(message.data))
            else:
                self.closed = True
        return self.screen()

    async def wait_closed(self, timeout: float = WAIT_S) -> None:
        end = time.monotonic() + timeout
        while not self.closed:
            left = end - time.monotonic()
            if left <= 0:
                raise AssertionError("the websocket stayed open")
            try:
                message = await self.websocket.receive(timeout=left)
            except TimeoutError:
                continue
            if message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSING, aiohttp.WSMsgType.CLOSED,
                                aiohttp.WSMsgType.ERROR):
                self.closed = True

    def mark(self) -> None:
        """Forget the output so far: the next `wait_for` looks only at what comes after."""
        self.raw = b""

    async def keys(self, *keys: str) -> None:
        for key in keys:
            await self.websocket.send_json(["stdin", key])


async def poll(check: Callable[[], Any], what: str, timeout: float = WAIT_S) -> Any:
    """Call `check` until it returns something truthy (bounded); its last value otherwise fails."""
    end = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"never true: {what} (last: {value!r})")
        await asyncio.sleep(0.05)
