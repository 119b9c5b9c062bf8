"""A real terminal for the benchmarks: a pseudo-terminal (pty) running the real process, its output
read into a screen emulator (pyte), so "on screen" means what a person at a 120×40 terminal sees.

    python benchmarks/terminal.py -- COMMAND...     run COMMAND in the pty, print its screen after 3 s

`Terminal.wait_for(text)` returns the moment the bytes that put `text` on the emulated screen
were read from the pty: everything the process had written by then is read in one go before the
emulator parses it, so the emulator's own parsing time is not counted. Needs the `bench` extra
(`pip install -e '.[bench]'`, which brings pyte).
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable, Mapping, Sequence

try:
    import pyte
except ImportError:  # the default run says how to get it; the rest of run.py needs no pyte
    pyte = None

SIZE = (120, 40)  # columns, lines: the same for every app measured


def available() -> bool:
    return pyte is not None


class Terminal:
    """`command` in a fresh pty of `size`, as the controlling terminal of a session of its own."""

    def __init__(self, command: Sequence[str], env: Mapping[str, str] | None = None,
                 size: tuple[int, int] = SIZE) -> None:
        if pyte is None:
            raise RuntimeError("the real-terminal figures need pyte: pip install -e '.[bench]'")
        columns, lines = size
        self.screen = pyte.Screen(columns, lines)
        self.stream = pyte.ByteStream(self.screen)
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        environment = {**(env or os.environ), "TERM": "xterm-256color", "COLORTERM": "truecolor",
                       "COLUMNS": str(columns), "LINES": str(lines)}

        def controlling_terminal() -> None:  # in the child, after setsid: the pty becomes its terminal
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.started = time.perf_counter()
        self.process = subprocess.Popen(list(command), stdin=slave, stdout=slave, stderr=slave,
                                        env=environment, start_new_session=True,
                                        preexec_fn=controlling_terminal, close_fds=True)
        os.close(slave)
        self.master = master
        self.peak_mib: float | None = None
        self.closed = False

    # --- reading ------------------------------------------------------------------------------

    def _read_available(self, timeout: float) -> float | None:
        """Read all the process has written (waiting up to `timeout` for the first byte), feed it to
        the emulator; the time the last byte was read, or None if nothing came."""
        ready, _, _ = select.select([self.master], [], [], max(0.0, timeout))
        if not ready:
            return None
        chunks: list[bytes] = []
        while True:
            try:
                data = os.read(self.master, 1 << 16)
            except OSError:  # EIO: the process closed the terminal
                data = b""
            if not data:
                if not chunks:
                    raise EOFError("the process closed its terminal")
                break
            chunks.append(data)
            if not select.select([self.master], [], [], 0)[0]:
                break
        arrived = time.perf_counter()
        self.stream.feed(b"".join(chunks))
        return arrived

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_until(self, ready: Callable[[str], bool], what: str, timeout: float = 60.0) -> float:
        """perf_counter() when the screen first satisfied `ready` (checked now, then after each read)."""
        if ready(self.text()):
            return time.perf_counter()
        deadline = time.perf_counter() + timeout
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(f"not on screen within {timeout:g} s: {what}\n--- screen:\n{self.text()}")
            try:
                arrived = self._read_available(remaining)
            except EOFError:
                self._reap(0)
                raise RuntimeError(f"the process ended before {what} was on screen "
                                   f"(rc {self.process.returncode}):\n{self.text()}") from None
            if arrived is not None and ready(self.text()):
                return arrived

    def wait_for(self, text: str, timeout: float = 60.0) -> float:
        return self.wait_until(lambda screen: text in screen, repr(text), timeout)

    def settle(self, quiet: float = 0.15, limit: float = 5.0) -> None:
        """Read until the process has written nothing for `quiet` seconds (or `limit` has passed)."""
        deadline = time.perf_counter() + limit
        while time.perf_counter() < deadline:
            if self._read_available(quiet) is None:
                return

    def send(self, keys: str) -> float:
        """Type `keys`; returns perf_counter() just before they went in."""
        sent = time.perf_counter()
        os.write(self.master, keys.encode())
        return sent

    # --- ending -------------------------------------------------------------------------------

    def close(self, quit_keys: str = "\x11", grace: float = 5.0) -> None:
        """Quit with `quit_keys` (ctrl+q), reading the screen meanwhile; kill it if it does not.
        Sets `peak_mib`, the process's peak resident memory."""
        if self.closed:
            return
        self.closed = True
        try:
            os.write(self.master, quit_keys.encode())
        except OSError:
            pass
        deadline = time.perf_counter() + grace
        while not self._reap(os.WNOHANG) and time.perf_counter() < deadline:
            try:
                self._read_available(0.05)
            except EOFError:
                time.sleep(0.01)
        if not self._reap(os.WNOHANG):
            self.kill()
            self._reap(0)
        os.close(self.master)

    def kill(self) -> None:
        """SIGKILL the whole session at once (as a crash would)."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def _reap(self, options: int) -> bool:
        """Collect the ended process (wait4, which also gives its own peak RSS); True once it has ended."""
        if self.process.returncode is not None:
            return True
        pid, status, usage = os.wait4(self.process.pid, options)
        if pid == 0:
            return False
        self.process.returncode = os.waitstatus_to_exitcode(status)
        kib = usage.ru_maxrss / 1024 if sys.platform == "darwin" else usage.ru_maxrss
        self.peak_mib = kib / 1024
        return True


POSITION = re.compile(r"(\S+) · 第 (\d+)/(\d+) 项")


def main(argv: list[str]) -> int:
    if argv[:1] != ["--"] or len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    terminal = Terminal(argv[1:])
    deadline = time.perf_counter() + 3
    while time.perf_counter() < deadline:
        try:
            terminal._read_available(deadline - time.perf_counter())
        except EOFError:
            break
    print(terminal.text())
    terminal.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
