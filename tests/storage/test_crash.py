"""A process killed at any instant (SIGKILL, no cleanup) leaves every file readable and keeps every
save it acknowledged. Real subprocesses, real signals."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from storefixtures import ROOT, store_with_round

from checklist_tui.storage.files import read_json
from checklist_tui.storage.store import Store

pytestmark = pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")

KILLS = 30

# Saves answers in a loop and prints one line per acknowledged save, flushed at once. Every fifth
# save is a one-row import, the index is not written by saves; backups happen on every save.
WRITER = """
import sys
from pathlib import Path
from checklist_tui.storage import backups
from checklist_tui.storage.store import Store

backups.BACKUP_INTERVAL = 0.0
store = Store(Path(sys.argv[1]))
rid, run = sys.argv[2], sys.argv[3]
print("ready", flush=True)
n = 0
while True:
    n += 1
    note = f"{run}-{n}"
    if n % 5:
        store.save_answer(rid, "S1.01", answer="pass" if n % 2 else "partial", note=note)
    else:
        store.import_answers(rid, [{"line": 2, "item": "S1.01", "answer": "fail", "value": None,
                                    "note": note, "evidence": ""}])
    print(note, flush=True)
"""


def start_writer(data: Path, rid: str, run: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", WRITER, str(data), rid, str(run)], stdout=subprocess.PIPE,
                            text=True, env=env, cwd=ROOT)


def check_every_file(data: Path) -> None:
    """Every round loads; every JSON file (backups) parses."""
    result = Store(data).load_all()
    assert result.damaged == []
    for path in data.rglob("*"):
        if path.is_file() and (path.suffix == ".json" or ".json." in path.name) \
                and not path.name.endswith((".lock", ".tmp")):
            read_json(path)


def test_kill_at_random_moments_loses_nothing_acknowledged(tmp_path: Path) -> None:
    store, rid = store_with_round(tmp_path)
    rng = random.Random(7)
    for run in range(KILLS):
        proc = start_writer(store.data_dir, rid, run)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        acknowledged = [proc.stdout.readline().strip() for _ in range(rng.randint(1, 6))]
        time.sleep(rng.random() * 0.01)  # land anywhere inside the next save
        os.kill(proc.pid, signal.SIGKILL)
        rest, _ = proc.communicate(timeout=10)
        acknowledged += rest.split()
        assert proc.returncode == -signal.SIGKILL

        check_every_file(store.data_dir)
        last = int(acknowledged[-1].split("-")[1])
        note = store.load_round(rid).answers["S1.01"].note
        # the last acknowledged save, or the one after it if it completed but was not yet printed
        assert note in (f"{run}-{last}", f"{run}-{last + 1}")
        history = [h["note"] for h in json.loads(store.round_path(rid).read_text(encoding="utf-8"))
                   ["history"].values()]
        assert set(acknowledged) <= set(history)
    assert Store(store.data_dir).listing()[0]["id"] == rid
