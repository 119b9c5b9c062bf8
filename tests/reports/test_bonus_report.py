"""Reports of the county's scoring rules: the bonus on its own line naming the items that earned it,
and a stored 基本符合 on a critical item (from before it was refused) named as failing the veto."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import BONUS_ITEM, MINI_TOML
from storefixtures import run_main, write_small

from checklist_tui.catalogue.library import load_file
from checklist_tui.storage.store import Store


def test_the_bonus_has_its_own_line_with_the_items_that_earned_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lists, data = tmp_path / "lists", tmp_path / "data"
    store = Store(data)
    rid = store.new_round(load_file(write_small(lists, MINI_TOML + BONUS_ITEM)), "党政办", "2025").id
    for item, kwargs in (("S1.01", {"answer": "pass"}), ("S1.02", {"answer": "pass"}),
                         ("S2.01", {"value": 90}), ("S2.02", {"value": 0}), ("S2.05", {"value": 2})):
        store.save_answer(rid, item, **kwargs)
    common = ("--data", str(data), "--checklists", str(lists))
    code, out, err = run_main(capsys, "summary", rid, *common)
    assert code == 0, err
    # base (3 + 5 + 0 + 2) / 15 = 66.67 (S1.03, S2.03 unanswered); bonus min(3, 2 × 1) = 2; score 68.67
    assert "66.7" in out and "68.7" in out
    bonus_line = next(line for line in out.splitlines() if "加分" in line and "S2.05" in line)
    assert "+2" in bonus_line
    code, out, _ = run_main(capsys, "rounds", "--format", "json", *common)
    [row] = json.loads(out)
    assert row["bonus_items"] == [{"item": "S2.05", "points": 2.0}]
    assert (row["base_score"], row["score"]) == (pytest.approx(1000 / 15), pytest.approx(1000 / 15 + 2))


def test_a_legacy_partial_on_a_critical_item_counts_as_failing_and_is_named(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lists, data = tmp_path / "lists", tmp_path / "data"
    store = Store(data)
    rid = store.new_round(load_file(write_small(lists)), "党政办", "2025").id
    store.save_answer(rid, "S1.01", answer="pass")
    store.save_answer(rid, "S1.02", answer="pass")
    path = store.round_path(rid)  # as a round answered before 基本符合 was refused on 一票否决项
    raw = json.loads(path.read_text(encoding="utf-8"))
    doc = next(d for d in raw["answers"].values() if d["item"] == "S1.02")
    doc["answer"] = "partial"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    store.rebuild_index()
    common = ("--data", str(data), "--checklists", str(lists))
    code, out, _ = run_main(capsys, "summary", rid, "--format", "json", *common)
    assert code == 0
    [r] = json.loads(out)["rounds"]
    # (3·1 + 5·0.5) / 15 = 36.7 → 不合格 either way; the veto names S1.02
    assert (r["critical_failed"], r["grade"]) == (["S1.02"], "不合格")
    _, out, _ = run_main(capsys, "summary", rid, *common)
    assert "基本符合，按一票否决处理" in out
