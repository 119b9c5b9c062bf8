"""Each answer is saved the moment it is given: the real app in a terminal, killed with -9.

The app runs as `python -m checklist_tui … open R0001` under a pseudo-terminal; the test presses
`1`, waits (bounded) until the round file holds the answer, kills the process outright and reads
the file back.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from checklist_tui.storage.store import Store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


def read_until(fd: int, needle: bytes, seconds: float) -> bytes:
    """Read the terminal output until `needle` shows up (or time runs out); keeps the pty drained."""
    seen = b""
    deadline = time.monotonic() + seconds
    while needle not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
    return seen


def drain(fd: int) -> None:
    while select.select([fd], [], [], 0)[0]:
        try:
            if not os.read(fd, 65536):
                return
        except OSError:
            return


def start_in_terminal(data_dir: Path, checklist_dir: Path,
                      round_id: str) -> tuple[subprocess.Popen[bytes], int]:
    """`python -m checklist_tui … open ROUND` under a fresh 100×32 pseudo-terminal, shown (the item card
    and its answer are on screen); returns the process and the terminal's master end."""
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 32, 100, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "PYTHONUNBUFFERED": "1"}
    env.pop("TEXTUAL", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "checklist_tui", "--data", str(data_dir), "--checklists", str(checklist_dir),
         "open", round_id],
        stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True, close_fds=True)
    os.close(slave)
    shown = read_until(master, "自查结果".encode(), 30)
    if "自查结果".encode() not in shown:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        os.close(master)
        raise AssertionError(shown[-2000:])
    return process, master


def test_answer_is_on_disk_before_a_kill(data_dir: Path, checklist_dir: Path, store: Store, round_id: str):
    process, master = start_in_terminal(data_dir, checklist_dir, round_id)
    try:
        os.write(master, b"1")
        deadline = time.monotonic() + 15
        answer = None
        while time.monotonic() < deadline:
            drain(master)
            answers = store.load_round(round_id).answers
            if "S1.01" in answers:
                answer = answers["S1.01"].answer
                break
            time.sleep(0.05)
        assert answer == "pass", "the answer never reached the round file"
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        os.close(master)
    assert process.returncode == -signal.SIGKILL
    assert store.load_round(round_id).answers["S1.01"].answer == "pass"


def test_keys_typed_at_once_reach_the_file_in_key_order_without_quitting(
        data_dir: Path, checklist_dir: Path, store: Store, round_id: str):
    """Three answer keys in one burst, then a kill -9 as soon as the file holds them: nothing waits
    for the screen to paint, for a quiet moment or for quitting, and the history is in key order."""
    process, master = start_in_terminal(data_dir, checklist_dir, round_id)
    try:
        os.write(master, b"111")  # 符合 for S1.01, S1.02 and S1.03, as fast as keys come
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and len(store.load_round(round_id).answers) < 3:
            drain(master)
            time.sleep(0.02)
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        os.close(master)
    assert process.returncode == -signal.SIGKILL
    record = store.load_round(round_id)
    assert {item: a.answer for item, a in record.answers.items()} == {
        "S1.01": "pass", "S1.02": "pass", "S1.03": "pass"}
    history = json.loads(store.round_path(round_id).read_text("utf-8"))["history"]
    assert [doc["item"] for doc in history.values()] == ["S1.01", "S1.02", "S1.03"]
