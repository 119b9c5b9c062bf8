"""A round built in memory (RoundDraft) is the round the Store writes by the same steps."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from checklist_tui.domain.round import RoundMeta
from checklist_tui.storage.round_draft import RoundDraft, write_draft
from checklist_tui.storage.store import Store

DAY = dt.date(2025, 3, 20)
ROWS = [
    {"line": 2, "item": "S1.01", "answer": "fail", "value": None, "note": "未调整", "evidence": ""},
    {"line": 3, "item": "S1.02", "answer": "pass", "value": None, "note": "", "evidence": "审查意见书"},
    {"line": 4, "item": "S2.01", "answer": None, "value": 90.0, "note": "两起未成", "evidence": ""},
]


def without_times(path: Path) -> dict:
    data = json.loads(path.read_text("utf-8"))
    for table in ("answers", "history"):
        for doc in data[table].values():
            doc.pop("at")
    return data


def test_a_draft_writes_what_the_store_would(tmp_path: Path, mini) -> None:
    store = Store(tmp_path / "store", today=lambda: DAY)
    meta = store.new_round(mini, "麻埠村", "2025-Q1", "王晓丽", created=dt.date(2025, 1, 6))
    store.import_answers(meta.id, ROWS, by="王晓丽")
    opened = store.submit(meta.id, date=dt.date(2025, 3, 1), by="王晓丽", allow_unanswered=True)
    store.raise_item(meta.id, problem="台账不全", by="刘建国", date=dt.date(2025, 3, 2), source="督察")
    store.rectify(opened[0].id, "notified", by="陈明", date=dt.date(2025, 3, 3), comment="已通报")

    draft = RoundDraft(RoundMeta(meta.id, mini.id, mini.title, mini.version, "麻埠村", "2025-Q1", "王晓丽",
                                 "2025-01-06"), mini, store.units().names)
    draft.import_answers(ROWS, by="王晓丽", at="2025-03-01T09:00:00")
    drafted = draft.submit(dt.date(2025, 3, 1), by="王晓丽")
    draft.raise_item(problem="台账不全", by="刘建国", date=dt.date(2025, 3, 2), source="督察")
    draft.rectify(drafted[0].id, "notified", by="陈明", date=dt.date(2025, 3, 3), comment="已通报")
    write_draft(tmp_path / "R0001.json", draft)

    assert without_times(tmp_path / "R0001.json") == without_times(store.round_path(meta.id))
