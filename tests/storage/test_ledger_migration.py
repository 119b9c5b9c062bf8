"""Schema 4 (issue #12): files of every earlier schema migrate, keeping each value and history entry."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from storefixtures import store_with_round

from checklist_tui.domain.metrics import loop_metrics
from checklist_tui.storage.store import Store

D = dt.date


def raw(store: Store, round_id: str) -> dict:
    return json.loads(store.round_path(round_id).read_text(encoding="utf-8"))


def as_written_by(store: Store, rid: str, schema: int) -> dict:
    """The round file as the older code wrote it: no 问题来源, no status before schema 3."""
    data = raw(store, rid)
    data["meta"]["1"]["schema"] = schema
    if schema < 3:
        for key in ("status", "void"):
            data["meta"]["1"].pop(key, None)
    for doc in data["rectifications"].values():
        del doc["source"]
    store.round_path(rid).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return data


@pytest.mark.parametrize("schema", [2, 3])
def test_an_older_file_migrates_with_its_history_and_metrics_identical(tmp_path: Path, schema: int) -> None:
    store, rid = store_with_round(tmp_path)
    store.save_answer(rid, "S1.01", answer="fail", note="未调整")
    store.save_answer(rid, "S1.02", answer="pass")
    store.submit(rid, date=D(2025, 4, 1), allow_unanswered=True)
    store.raise_item(rid, problem="报告自述的不足", by="张三", date=D(2025, 4, 1))
    a, b = f"{rid}-01", f"{rid}-02"
    store.rectify(a, "notified", by="张三", date=D(2025, 4, 2))
    store.rectify(a, "rectifying", by="李四", date=D(2025, 4, 3), measures="重新发文", due=D(2025, 4, 30),
                  person="王五", kind="限期整改")
    store.rectify(a, "review", by="李四", date=D(2025, 4, 20), comment="已发文", evidence="麻政〔2025〕3号")
    store.rectify(a, "rectifying", by="赵六", date=D(2025, 4, 21), comment="佐证不全")
    store.rectify(a, "rectifying", by="李四", date=D(2025, 4, 22), due=D(2025, 5, 31))
    store.rectify(b, "notified", by="张三", date=D(2025, 4, 2))
    before = store.load_round(rid).rectifications
    days = (D(2025, 4, 15), D(2025, 6, 1))
    metrics = [loop_metrics(before, [], day) for day in days]
    old = as_written_by(store, rid, schema)

    after = store.load_round(rid).rectifications
    assert [r.source for r in after] == ["自查", "其他"]  # a checklist item → 自查, by hand → 其他
    assert [[t.to_dict() for t in r.history] for r in after] == [
        doc["history"] for doc in old["rectifications"].values()]
    assert [(r.owner, r.measures, r.due, r.first_due, r.reopen_count, r.state) for r in after] == [
        (r.owner, r.measures, r.due, r.first_due, r.reopen_count, r.state) for r in before]
    assert [loop_metrics(after, [], day) for day in days] == metrics

    store.rectify(b, "rectifying", by="李四", date=D(2025, 4, 5), owner="司法所", person="孙八",
                  measures="补充台账", kind="立行立改")
    data = raw(store, rid)
    assert data["meta"]["1"]["schema"] == 4
    docs = list(data["rectifications"].values())
    assert [d["source"] for d in docs] == ["自查", "其他"]
    assert docs[0]["history"] == old["rectifications"][next(iter(old["rectifications"]))]["history"]
    assert docs[1]["history"][:2] == list(old["rectifications"].values())[1]["history"]
