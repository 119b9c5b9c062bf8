"""`demo` leaves the backups a real office's rounds have: a submitted round's as answered, before
it was submitted (the backup a submission takes), a round still being answered its as created,
before its answers were imported; so `restore` has something to show and to put back."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from storefixtures import run_main

from checklist_tui.catalogue.library import checklist_dirs, load_library
from checklist_tui.interchange.demo import make_demo
from checklist_tui.storage.store import Store


def test_demo_rounds_have_the_backups_an_office_would_have(capsys, tmp_path: Path) -> None:
    data = tmp_path / "演示"
    store = Store(data)
    make_demo(store, load_library(checklist_dirs(None)), 24, dt.date(2026, 2, 20))
    rounds = {r.id: r for r in store.load_all().rounds}
    submitted = next(r for r in rounds.values() if r.submitted)
    open_one = next(r for r in rounds.values() if not r.submitted)

    code, out, _ = run_main(capsys, "--data", str(data), "restore", submitted.id)
    assert code == 0 and "还没有备份" not in out
    lines = [line for line in out.splitlines() if line[:1].isdigit()]
    assert [line.split()[0] for line in lines] == ["1"]
    assert lines[0].split()[1] == submitted.meta.submitted  # taken the day it was submitted

    before_submit = json.loads(store.backups(submitted.id)[0].read_bytes())
    assert before_submit["meta"]["1"].get("submitted") is None and before_submit["answers"]
    assert [p.name for p in store.backups(open_one.id)] == [f"{open_one.id}.json.1"]
    as_created = json.loads(store.backups(open_one.id)[0].read_bytes())
    assert not as_created["answers"] and open_one.answers

    code, _, err = run_main(capsys, "--data", str(data), "restore", submitted.id, "1")
    assert code == 0, err
    again = store.load_round(submitted.id)
    assert not again.submitted and len(again.answers) == len(submitted.answers)
