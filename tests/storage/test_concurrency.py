"""Several real processes writing one data folder at once: no acknowledged update is lost, and
rounds created at the same moment get distinct ids."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from storefixtures import ROOT, small_checklist, store_with_round

from checklist_tui.storage.store import Store

SAVES = 40
IMPORTS = 10

# Waits for the start signal, then saves its own item and the shared item S1.02 in turn.
ANSWERER = """
import sys, time
from pathlib import Path
from checklist_tui.storage.store import Store

data, rid, tag, item, count, go = sys.argv[1:]
store = Store(Path(data))
print("ready", flush=True)
while not Path(go).exists():
    time.sleep(0.001)
for n in range(int(count)):
    store.save_answer(rid, item, answer="pass", note=f"{tag}-{n}")
    print(f"{tag}-{n}", flush=True)
    store.save_answer(rid, "S1.02", answer="fail", note=f"{tag}-shared-{n}")
    print(f"{tag}-shared-{n}", flush=True)
    time.sleep(0.01)  # a person between keys; lets the others take the lock in between
"""

# Imports a sheet again and again, as `checklist-tui import` does.
IMPORTER = """
import sys, time
from pathlib import Path
from checklist_tui.interchange.sheets import read_sheet
from checklist_tui.storage.store import Store

data, rid, count, go = sys.argv[1:]
store = Store(Path(data))
sheet_path = Path(data).parent / "sheet.csv"
print("ready", flush=True)
while not Path(go).exists():
    time.sleep(0.001)
for n in range(int(count)):
    sheet_path.write_bytes(("item,answer,value,note,evidence\\r\\n"
                            f"S2.01,,96,sheet-{n},台账\\r\\nS2.02,,1,sheet-{n}-d,\\r\\n").encode("gb18030"))
    sheet = read_sheet(sheet_path)
    store.import_answers(rid, sheet.rows, by="麻埠村", problems=sheet.problems)
    print(f"sheet-{n}", flush=True)
    print(f"sheet-{n}-d", flush=True)
"""

# Creates rounds for its own units.
CREATOR = """
import sys, time
from pathlib import Path
from checklist_tui.catalogue.library import load_file
from checklist_tui.storage.store import Store

data, checklist, tag, count, go = sys.argv[1:]
store = Store(Path(data))
checklist = load_file(Path(checklist))
print("ready", flush=True)
while not Path(go).exists():
    time.sleep(0.001)
for n in range(int(count)):
    print(store.new_round(checklist, f"{tag}{n}", "2025-Q3").id, tag, n, flush=True)
"""


def spawn(script: str, *args: str | Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    return subprocess.Popen([sys.executable, "-c", script, *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8", env=env, cwd=ROOT)


def finish(procs: list[subprocess.Popen], go: Path) -> list[list[str]]:
    """Start every process at once (each has said "ready"), then collect what each acknowledged."""
    for proc in procs:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    go.touch()
    outputs = []
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        outputs.append(out.splitlines())
    return outputs


def test_two_answerers_and_an_import_lose_no_update(tmp_path: Path) -> None:
    store, rid = store_with_round(tmp_path)
    go = tmp_path / "go"
    procs = [
        spawn(ANSWERER, store.data_dir, rid, "A", "S1.01", SAVES, go),
        spawn(ANSWERER, store.data_dir, rid, "B", "S1.03", SAVES, go),
        spawn(IMPORTER, store.data_dir, rid, IMPORTS, go),
    ]
    a, b, sheet = finish(procs, go)
    assert (len(a), len(b), len(sheet)) == (2 * SAVES, 2 * SAVES, 2 * IMPORTS)

    data = json.loads(store.round_path(rid).read_text(encoding="utf-8"))
    history = [h["note"] for h in data["history"].values()]
    # every acknowledged save is in the history, exactly once
    assert sorted(history) == sorted(a + b + sheet)
    answers = store.load_round(rid).answers
    last = SAVES - 1
    assert answers["S1.01"].note == f"A-{last}"
    assert answers["S1.03"].note == f"B-{last}"
    assert answers["S1.02"].note in (f"A-shared-{last}", f"B-shared-{last}")
    assert (answers["S2.01"].note, answers["S2.01"].value) == (f"sheet-{IMPORTS - 1}", 96.0)
    assert answers["S2.02"].answer == "partial"  # 1 shortfall: (2 − 0.5) / 2 = 0.75


def test_rounds_created_at_once_get_distinct_ids(tmp_path: Path) -> None:
    checklist = small_checklist(tmp_path)
    data, go = tmp_path / "data", tmp_path / "go"
    count = 10
    procs = [spawn(CREATOR, data, checklist.path, tag, count, go) for tag in ("甲村", "乙村")]
    lines = [line.split() for out in finish(procs, go) for line in out]
    ids = [line[0] for line in lines]
    assert len(set(ids)) == 2 * count
    store = Store(data)
    assert store.round_ids() == [f"R{n:04d}" for n in range(1, 2 * count + 1)]
    for round_id, tag, n in lines:
        assert store.load_round(round_id).meta.unit == f"{tag}{n}"
    assert len(store.listing()) == 2 * count
