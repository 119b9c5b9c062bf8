"""Round status stored in the file (schema 3, migrated from 2), 作废 (void), and rounds that hold
only the items that apply to their unit (issue #10)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from storefixtures import run_main, small_checklist, store_with_round, write_small

from checklist_tui.catalogue.library import load_file
from checklist_tui.errors import BadInput
from checklist_tui.storage.store import Store

SCOPED_TOML = """\
[checklist]
id = "scoped"
title = "分单位自查表"
version = "1"

[[section]]
id = "S1"
title = "(一)全镇共性"

[[section.item]]
id = "S1.01"
text = "是否开展集体学法?"
weight = 2

[[section.item]]
id = "S1.02"
text = "村法律顾问是否每月到村服务?"
weight = 3
applies_to = ["村"]

[[section]]
id = "S2"
title = "(二)行政执法"

[[section.item]]
id = "S2.01"
text = "执法案卷是否双人执法?"
weight = 4
applies_to = ["综合行政执法大队", "司法所"]
"""


def raw(store: Store, round_id: str) -> dict:
    return json.loads(store.round_path(round_id).read_text(encoding="utf-8"))


# --- status --------------------------------------------------------------------------------------


def test_the_status_is_stored_and_follows_the_submission(tmp_path: Path) -> None:
    store, rid = store_with_round(tmp_path)
    assert raw(store, rid)["meta"]["1"]["status"] == "in_progress"
    for item, kwargs in (("S1.01", {"answer": "pass"}), ("S1.02", {"answer": "pass"})):
        store.save_answer(rid, item, **kwargs)
    store.submit(rid, allow_unanswered=True)
    assert raw(store, rid)["meta"]["1"]["status"] == "submitted"
    assert store.load_round(rid).status == "submitted"


@pytest.mark.parametrize("submit", [False, True], ids=["in-progress", "submitted"])
def test_a_schema_2_folder_opens_unchanged_with_identical_scores(tmp_path: Path, submit: bool) -> None:
    store, rid = store_with_round(tmp_path)
    store.save_answer(rid, "S1.01", answer="pass")
    store.save_answer(rid, "S1.02", answer="pass")
    store.save_answer(rid, "S2.02", value=1)
    if submit:
        store.submit(rid, date=dt.date(2025, 4, 2), allow_unanswered=True)
    score = store.load_round(rid).score.score
    data = raw(store, rid)
    data["meta"]["1"]["schema"] = 2  # as written before statuses were stored
    for key in ("status", "void"):
        del data["meta"]["1"][key]
    store.round_path(rid).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = store.round_path(rid).read_bytes()
    store.rebuild_index()
    record = store.load_round(rid)
    assert record.status == ("submitted" if submit else "in_progress")
    # (3 + 5 + 2·0.75) / 15 = 9.5 / 15 = 63.3, as before the migration
    assert record.score.score == pytest.approx(score) == pytest.approx(950 / 15)
    assert store.round_path(rid).read_bytes() == before  # reading writes nothing
    assert [row["status"] for row in store.listing()] == [record.status]


# --- void ----------------------------------------------------------------------------------------


def test_void_keeps_the_file_records_who_when_why_and_takes_no_answers(tmp_path: Path) -> None:
    store, rid = store_with_round(tmp_path)
    store.save_answer(rid, "S1.01", answer="fail")
    store.void_round(rid, reason="单位选错,应为桃岭村", by="王晓丽")
    meta = raw(store, rid)["meta"]["1"]
    assert meta["status"] == "void"
    assert (meta["void"]["by"], meta["void"]["reason"]) == ("王晓丽", "单位选错,应为桃岭村")
    assert meta["void"]["at"][:4].isdigit()
    with pytest.raises(BadInput, match="已作废"):
        store.save_answer(rid, "S1.02", answer="pass")
    with pytest.raises(BadInput, match="已作废"):  # it cannot be undone or repeated
        store.void_round(rid, reason="再次", by="王晓丽")
    # the same checklist, unit and period can be started again
    again = store.new_round(small_checklist(tmp_path), "麻埠村", "2025-Q1")
    assert again.id == "R0002"


def test_void_needs_a_reason_and_who(tmp_path: Path) -> None:
    store, rid = store_with_round(tmp_path)
    with pytest.raises(BadInput, match="原因"):
        store.void_round(rid, reason=" ", by="王晓丽")
    with pytest.raises(BadInput, match="经办人"):
        store.void_round(rid, reason="建错了", by="")
    assert store.load_round(rid).status == "in_progress"


def test_void_is_refused_once_a_rectification_moved_past_found(tmp_path: Path) -> None:
    store, rid = store_with_round(tmp_path)
    store.save_answer(rid, "S1.02", answer="fail")
    [rect] = store.submit(rid, date=dt.date(2025, 4, 1), allow_unanswered=True)
    store.rectify(rect.id, "notified", by="王晓丽", date=dt.date(2025, 4, 2))
    with pytest.raises(BadInput) as caught:
        store.void_round(rid, reason="建错了", by="王晓丽")
    assert rect.id in str(caught.value) and "已通报" in str(caught.value)
    assert store.load_round(rid).status == "submitted"


def test_a_submitted_round_with_only_found_items_can_be_voided(tmp_path: Path) -> None:
    store, rid = store_with_round(tmp_path)
    store.save_answer(rid, "S1.02", answer="fail")
    store.submit(rid, date=dt.date(2025, 4, 1), allow_unanswered=True)
    assert store.void_round(rid, reason="重复建立", by="王晓丽").status == "void"


# --- scope by unit -------------------------------------------------------------------------------


@pytest.fixture
def scoped_list(tmp_path: Path) -> Path:
    return write_small(tmp_path / "lists", SCOPED_TOML, "scoped.toml")


def test_a_village_round_holds_only_its_items(tmp_path: Path, scoped_list: Path) -> None:
    store = Store(tmp_path / "data")
    rid = store.new_round(load_file(scoped_list), "桃岭村", "2025").id
    record = store.load_round(rid)
    # S1.01 (every unit) and S1.02 (村); S2 has no village item and is left out
    assert [i.id for i in record.checklist.items] == ["S1.01", "S1.02"]
    assert [s.id for s in record.checklist.sections] == ["S1"]
    store.save_answer(rid, "S1.01", answer="pass")
    # total 2, not 3; score 2·1 / (2 + 3) = 40.0
    assert (record := store.load_round(rid)).score.tally.total == 2
    assert record.score.score == pytest.approx(40.0)
    with pytest.raises(BadInput, match=r"S2\.01"):
        store.save_answer(rid, "S2.01", answer="pass")


def test_an_office_round_holds_its_items_by_name(tmp_path: Path, scoped_list: Path) -> None:
    store = Store(tmp_path / "data")
    record = store.load_round(store.new_round(load_file(scoped_list), "司法所", "2025").id)
    assert [i.id for i in record.checklist.items] == ["S1.01", "S2.01"]


def test_new_for_a_unit_not_in_the_register_warns_and_makes_the_round(
        tmp_path: Path, scoped_list: Path, capsys: pytest.CaptureFixture[str]) -> None:
    common = ("--data", str(tmp_path / "data"), "--checklists", str(scoped_list.parent))
    code, out, err = run_main(capsys, "new", "--checklist", "scoped", "--unit", "桃林村", "--period", "2025",
                              *common)
    assert code == 0 and out.strip() == "R0001"
    assert "桃林村" in err and "不在单位名录" in err and "桃岭村" in err  # the closest name
    record = Store(tmp_path / "data").load_round("R0001")
    assert [i.id for i in record.checklist.items] == ["S1.01"]  # only the items without applies_to


def test_new_for_a_unit_with_no_applicable_item_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = SCOPED_TOML.replace('id = "S1.01"\ntext = "是否开展集体学法?"\nweight = 2\n',
                               'id = "S1.01"\ntext = "是否开展集体学法?"\nweight = 2\napplies_to = ["村"]\n')
    lists = tmp_path / "lists"
    write_small(lists, text, "scoped.toml")
    common = ("--data", str(tmp_path / "data"), "--checklists", str(lists))
    code, out, err = run_main(capsys, "new", "--checklist", "scoped", "--unit", "党政办", "--period", "2025",
                              *common)
    assert code == 2 and out == "" and "没有适用于 党政办 的检查项" in err
    assert Store(tmp_path / "data").round_ids() == []


def test_template_for_a_unit_writes_only_its_items(
        tmp_path: Path, scoped_list: Path, capsys: pytest.CaptureFixture[str]) -> None:
    common = ("--data", str(tmp_path / "data"), "--checklists", str(scoped_list.parent))
    code, out, _ = run_main(capsys, "template", "scoped", "--unit", "桃岭村", *common)
    assert code == 0
    items = [line.split(",")[0] for line in out.lstrip("\ufeff").splitlines()[1:] if line.strip()]
    assert [i for i in items if i.startswith("S")] == ["S1.01", "S1.02"]
    code, out, _ = run_main(capsys, "template", "scoped", *common)
    assert "S2.01" in out  # without --unit: every item
