"""The data folder as a user meets it: what is stored, what is refused, what survives damage."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
from pathlib import Path

import filelock
import pytest
from conftest import MINI_ID, MINI_TOML
from storefixtures import (
    file_bytes,
    index_head,
    run_main,
    small_checklist,
    store_with_round,
    write_index_head,
    write_small,
)

from checklist_tui.errors import BadInput, DamagedFile, DataError
from checklist_tui.storage import backups as storage_backups
from checklist_tui.storage.store import Store, SubmittedRound

NOTE = "已开展,但“会议纪要”未归档;[/]备注[bold]x\n第二行"


def raw(store: Store, round_id: str) -> dict:
    return json.loads(store.round_path(round_id).read_text(encoding="utf-8"))


def test_chinese_text_round_trips_exactly(tmp_path: Path) -> None:
    store, rid = store_with_round(tmp_path, unit="麻埠镇桃岭村", inspector="王晓丽")
    store.save_answer(rid, "S1.01", answer="partial", note=NOTE, evidence="麻政〔2025〕12号.pdf", by="陈明")
    record = Store(store.data_dir).load_round(rid)
    assert (record.meta.unit, record.meta.inspector) == ("麻埠镇桃岭村", "王晓丽")
    answer = record.answers["S1.01"]
    assert (answer.answer, answer.note, answer.evidence, answer.by) == (
        "partial", NOTE, "麻政〔2025〕12号.pdf", "陈明")
    text = store.round_path(rid).read_bytes().decode("utf-8")
    assert "麻埠镇桃岭村" in text and "麻政〔2025〕12号" in text  # readable, not \\u-escaped


def test_saving_one_field_keeps_the_others(tmp_path: Path) -> None:
    store, rid = store_with_round(tmp_path)
    store.save_answer(rid, "S1.01", answer="fail", note="未见文件")
    store.save_answer(rid, "S1.01", evidence="会议纪要")
    store.save_answer(rid, "S2.01", value=96)
    store.save_answer(rid, "S2.01", note="按台账计算")
    record = store.load_round(rid)
    first = record.answers["S1.01"]
    assert (first.answer, first.value, first.note, first.evidence) == ("fail", None, "未见文件", "会议纪要")
    assert (record.answers["S2.01"].answer, record.answers["S2.01"].value) == ("pass", 96.0)
    # every save is in the append-only history
    assert len(raw(store, rid)["history"]) == 4


def test_importing_the_same_sheet_again_changes_nothing(tmp_path: Path) -> None:
    """Each re-import of an unchanged sheet appended every row to the answer history again (and
    rewrote the file), so the history filled with changes that never happened."""
    store, rid = store_with_round(tmp_path)
    rows = [{"line": 2, "item": "S1.01", "answer": "fail", "value": None, "note": "未见文件",
             "evidence": ""},
            {"line": 3, "item": "S2.01", "answer": None, "value": 96.0, "note": "", "evidence": ""}]
    store.import_answers(rid, rows, by="陈明")
    before = store.round_path(rid).read_bytes()
    store.import_answers(rid, rows, by="王晓丽")
    store.save_answer(rid, "S1.01", answer="fail")
    assert store.round_path(rid).read_bytes() == before
    assert len(raw(store, rid)["history"]) == 2
    store.save_answer(rid, "S1.01", answer="partial")  # a real change is still recorded
    assert len(raw(store, rid)["history"]) == 3


def test_a_refused_answer_is_not_saved(tmp_path: Path) -> None:
    store, rid = store_with_round(tmp_path)
    before = store.round_path(rid).read_bytes()
    with pytest.raises(BadInput, match=r"S2\.01.*120"):
        store.save_answer(rid, "S2.01", value=120)
    with pytest.raises(BadInput, match=r"S9\.99"):
        store.save_answer(rid, "S9.99", answer="pass")
    assert store.round_path(rid).read_bytes() == before


def truncate(store: Store, round_id: str) -> bytes:
    path = store.round_path(round_id)
    path.write_bytes(path.read_bytes()[:150])
    return path.read_bytes()


def test_a_truncated_round_is_named_and_never_touched(tmp_path: Path) -> None:
    store, rid = store_with_round(tmp_path)
    other = store.new_round(small_checklist(tmp_path), "桃岭村", "2025-Q1").id
    damaged = truncate(store, rid)
    with pytest.raises(DamagedFile) as caught:
        store.load_round(rid)
    assert str(store.round_path(rid)) in str(caught.value)
    result = store.load_all()
    assert [r.id for r in result.rounds] == [other]
    assert [d.path for d in result.damaged] == [store.round_path(rid)]
    with pytest.raises(DataError):
        store.save_answer(rid, "S1.01", answer="pass")
    with pytest.raises(DataError):
        store.submit(rid, allow_unanswered=True)
    assert store.round_path(rid).read_bytes() == damaged
    assert not store.backups(rid)  # a damaged file is not rotated into the backups either


def test_reading_commands_show_the_rest_and_warn(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store, rid = store_with_round(tmp_path)
    store.new_round(small_checklist(tmp_path), "桃岭村", "2025-Q1")
    damaged = truncate(store, rid)
    code, out, err = run_main(capsys, "rounds", "--format", "json", "--data", str(store.data_dir))
    assert code == 1
    assert [row["unit"] for row in json.loads(out)] == ["桃岭村"]
    assert str(store.round_path(rid)) in err
    assert store.round_path(rid).read_bytes() == damaged


@pytest.mark.parametrize("argv", [("summary", "{rid}"), ("summary", "{rid}", "--format", "json"),
                                  ("ledger", "--round", "{rid}"),
                                  ("ledger", "--round", "{rid}", "--format", "csv")])
def test_a_summary_or_ledger_of_a_damaged_round_prints_no_empty_report(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]) -> None:
    """'summary R0001' of a damaged round printed '没有检查批次' and 'ledger --round R0001' a
    ledger of 0 items: a page that looks like a real, empty report, to be printed and filed."""
    store, rid = store_with_round(tmp_path)
    store.new_round(small_checklist(tmp_path), "桃岭村", "2025-Q1")
    damaged = truncate(store, rid)
    code, out, err = run_main(capsys, *(a.format(rid=rid) for a in argv), "--data", str(store.data_dir))
    assert code == 1 and out == ""
    assert str(store.round_path(rid)) in err and "损坏" in err and "Traceback" not in err
    assert store.round_path(rid).read_bytes() == damaged


def with_schema(store: Store, round_id: str, schema: int) -> None:
    data = raw(store, round_id)
    data["meta"]["1"]["schema"] = schema
    if schema < 3:  # statuses were not stored
        for key in ("status", "void"):
            data["meta"]["1"].pop(key, None)
    if schema == 1:
        del data["history"]
    store.round_path(round_id).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    store, rid = store_with_round(tmp_path)
    with_schema(store, rid, 99)
    before = store.round_path(rid).read_bytes()
    with pytest.raises(DataError, match="99"):
        store.load_round(rid)
    with pytest.raises(DataError, match="升级"):
        store.save_answer(rid, "S1.01", answer="pass")
    assert store.round_path(rid).read_bytes() == before


def test_a_newer_schema_does_not_hide_the_other_rounds(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store, rid = store_with_round(tmp_path)
    store.new_round(small_checklist(tmp_path), "桃岭村", "2025-Q1")
    with_schema(store, rid, 99)
    assert [r.meta.unit for r in store.load_all().rounds] == ["桃岭村"]
    code, out, err = run_main(capsys, "rounds", "--format", "json", "--data", str(store.data_dir))
    assert code == 1
    assert [row["unit"] for row in json.loads(out)] == ["桃岭村"]
    assert "升级" in err


def test_an_older_schema_is_migrated_on_load_and_on_write(tmp_path: Path) -> None:
    store, rid = store_with_round(tmp_path)
    store.save_answer(rid, "S1.01", answer="pass", note="旧版本的答案")
    with_schema(store, rid, 1)
    old = store.round_path(rid).read_bytes()
    assert store.load_round(rid).answers["S1.01"].note == "旧版本的答案"
    assert store.round_path(rid).read_bytes() == old  # reading does not write
    store.save_answer(rid, "S1.02", answer="fail")
    data = raw(store, rid)
    assert data["meta"]["1"]["schema"] == 4
    assert data["meta"]["1"]["status"] == "in_progress"
    # the history starts from the answers schema 1 kept, then the new save
    history = [(h["item"], h["answer"]) for h in data["history"].values()]
    assert history == [("S1.01", "pass"), ("S1.02", "fail")]
    assert store.backups(rid)[0].read_bytes() == old  # the old file is kept as a backup


@pytest.mark.parametrize(
    "error",
    [OSError(errno.ENOSPC, "No space left on device"), PermissionError(errno.EACCES, "Permission denied")],
    ids=["disk-full", "read-only"])
def test_a_save_that_cannot_be_written_is_a_clear_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError) -> None:
    store, rid = store_with_round(tmp_path)
    store.save_answer(rid, "S1.01", answer="pass")
    before = file_bytes(store.data_dir)
    real = os.replace

    def replace(src, dst, *args, **kwargs):
        if Path(dst).parent == store.rounds_dir:
            raise error
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(DataError) as caught:
        store.save_answer(rid, "S1.01", answer="fail", note="未写入的说明")
    assert str(store.round_path(rid)) in str(caught.value)
    assert store.round_path(rid).read_bytes() == before[f"rounds/{rid}.json"]
    assert store.load_round(rid).answers["S1.01"].answer == "pass"


def test_a_disk_error_stops_the_command_with_exit_1(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    store, rid = store_with_round(tmp_path)
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("item,answer,value,note,evidence\nS1.01,符合,,,\n", encoding="utf-8")
    real = os.replace

    def replace(src, dst, *args, **kwargs):
        if Path(dst).parent == store.rounds_dir:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    code, _, err = run_main(capsys, "import", rid, str(sheet), "--data", str(store.data_dir))
    assert code == 1
    assert "No space left" in err and "Traceback" not in err
    assert store.load_round(rid).answers == {}


def test_a_read_only_data_folder_stops_every_writing_command_with_a_message(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A read-only folder (mounted read-only, or no write permission) refuses the lock file."""
    store, rid = store_with_round(tmp_path)
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("item,answer,value,note,evidence\nS1.01,符合,,,\n", encoding="utf-8")
    before = file_bytes(store.data_dir)

    def refuse(self, *args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", self.lock_file)

    monkeypatch.setattr(filelock.FileLock, "acquire", refuse)
    data = ("--data", str(store.data_dir))
    for argv in (("import", rid, str(sheet)), ("submit", rid, "--allow-unanswered"),
                 ("raise", rid, "--problem", "台账缺页", "--by", "王晓丽"),
                 ("new", "--checklist", "enforcement-quarterly", "--unit", "司法所", "--period", "2025")):
        code, _, err = run_main(capsys, *argv, *data)
        assert code == 1, argv
        assert "只读" in err and "数据未写入" in err, argv
        assert "内部错误" not in err and "Traceback" not in err, argv
    assert file_bytes(store.data_dir) == before


def test_backups_rotate_and_one_can_be_restored(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(storage_backups, "BACKUP_INTERVAL", 0.0)  # a backup before every save
    store, rid = store_with_round(tmp_path)
    for n in range(1, 9):
        store.save_answer(rid, "S1.01", answer="pass", note=f"第{n}次")
    backups = store.backups(rid)
    assert len(backups) == 5
    # backup 1 holds the file before the 8th save, backup 3 the one before the 6th
    assert store.load_round(rid).answers["S1.01"].note == "第8次"
    code, out, _ = run_main(capsys, "restore", rid, "--data", str(store.data_dir))
    assert code == 0
    listed = [line.split()[0] for line in out.splitlines() if line[:1].isdigit()]
    assert listed == ["1", "2", "3", "4", "5"]
    current = store.round_path(rid).read_bytes()

    code, out, err = run_main(capsys, "restore", rid, "3", "--data", str(store.data_dir))
    assert code == 0, err
    assert store.load_round(rid).answers["S1.01"].note == "第5次"
    assert store.backups(rid)[0].read_bytes() == current  # what was current is now backup 1
    assert len(store.backups(rid)) == 5


def test_restoring_a_missing_backup_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store, rid = store_with_round(tmp_path)
    code, _, err = run_main(capsys, "restore", rid, "4", "--data", str(store.data_dir))
    assert code == 2
    assert "4" in err and rid in err


@pytest.mark.parametrize("round_text", ["R0009", "第一批", "r1"])
def test_restore_of_an_unknown_round_is_bad_input(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], round_text: str) -> None:
    """Listing the backups of a round that does not exist said 'no backups yet' with exit 0."""
    store, _ = store_with_round(tmp_path)
    code, out, err = run_main(capsys, "restore", round_text, "--data", str(store.data_dir))
    assert code == 2 and out == ""
    assert round_text in err or round_text.upper() in err


def test_a_deleted_round_file_comes_back_from_its_backup(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store, rid = store_with_round(tmp_path)
    store.save_answer(rid, "S1.02", answer="pass")
    store.submit(rid, allow_unanswered=True, date=dt.date.today())  # forces a backup
    store.round_path(rid).unlink()
    data = ("--data", str(store.data_dir))
    code, out, err = run_main(capsys, "restore", rid, *data)
    assert code == 0 and out.startswith("1 "), err
    code, _, err = run_main(capsys, "restore", rid, "1", *data)
    assert code == 0, err
    assert store.load_round(rid).answers["S1.02"].answer == "pass"


def test_a_damaged_round_can_be_restored_and_is_set_aside(tmp_path: Path) -> None:
    store, rid = store_with_round(tmp_path)
    store.save_answer(rid, "S1.02", answer="pass")
    store.submit(rid, allow_unanswered=True, date=dt.date.today())  # forces a backup
    damaged = truncate(store, rid)
    store.restore(rid, 1)
    record = store.load_round(rid)
    assert record.answers["S1.02"].answer == "pass" and not record.submitted
    aside = list(store.rounds_dir.glob(f"{rid}.json.damaged-*"))
    assert [p.read_bytes() for p in aside] == [damaged]


def test_a_damaged_index_is_set_aside_and_rebuilt(tmp_path: Path) -> None:
    store, _ = store_with_round(tmp_path)
    store.new_round(small_checklist(tmp_path), "桃岭村", "2025-Q1")
    store.index_path.write_bytes(b'{"rounds": {"R0001": {"id": "R00')
    rows = Store(store.data_dir).listing()
    assert [(row["id"], row["unit"]) for row in rows] == [("R0002", "桃岭村"), ("R0001", "麻埠村")]
    aside = list(store.data_dir.glob("index.jsonl.damaged-*"))
    assert [p.read_bytes() for p in aside] == [b'{"rounds": {"R0001": {"id": "R00']


@pytest.mark.parametrize("content", [
    '{"rounds": [1]}', '{"rounds": {"R0001": 5}}', '{"rounds": {"R0001": {"id": "R0001"}}}',
    '{"rounds": {"X": {"id": "X", "checklist": "c", "unit": "u", "period": "2025"}}}'],
    ids=["rounds-a-list", "row-a-number", "row-without-fields", "bad-round-id"])
def test_an_index_of_the_wrong_shape_is_set_aside_and_rebuilt(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str) -> None:
    """Valid JSON whose rows are not rows crashed `new` and the home screen (KeyError, TypeError)."""
    store, rid = store_with_round(tmp_path)
    store.index_path.write_text(content, encoding="utf-8")
    assert [row["id"] for row in Store(store.data_dir).listing()] == [rid]
    store.index_path.write_text(content, encoding="utf-8")
    write_small(tmp_path / "lists")
    folders = ("--data", str(store.data_dir), "--checklists", str(tmp_path / "lists"))
    code, out, err = run_main(capsys, "new", "--checklist", MINI_ID, "--unit", "桃岭村", "--period",
                              "2025-Q1", *folders)
    assert (code, out.strip()) == (0, "R0002"), err
    assert [row["id"] for row in Store(store.data_dir).listing()] == ["R0002", rid]
    aside = list(store.data_dir.glob("index.jsonl.damaged-*"))
    assert aside and all(p.read_text(encoding="utf-8") == content for p in aside)


def test_a_round_file_the_index_does_not_know_is_listed_and_counted(tmp_path: Path) -> None:
    """A round file copied in, or written by a program that never read the index, is listed too."""
    store, rid = store_with_round(tmp_path)
    other = store.new_round(small_checklist(tmp_path), "桃岭村", "2025-Q1").id
    store.listing()
    head = index_head(store)
    del head["rounds"][other]
    write_index_head(store, head)
    assert [row["id"] for row in Store(store.data_dir).listing()] == [other, rid]
    with pytest.raises(BadInput, match=other):  # the same checklist, unit and period again
        store.new_round(small_checklist(tmp_path), "桃岭村", "2025-Q1")


def test_a_missing_index_is_rebuilt(tmp_path: Path) -> None:
    store, _ = store_with_round(tmp_path)
    store.listing()
    store.index_path.unlink()
    assert [row["unit"] for row in store.listing()] == ["麻埠村"]


def test_the_round_keeps_its_checklist_as_it_was(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lists, data = tmp_path / "lists", tmp_path / "data"
    write_small(lists)
    common = ("--data", str(data), "--checklists", str(lists))
    code, out, _ = run_main(capsys, "new", "--checklist", MINI_ID, "--unit", "麻埠村", "--period", "2025",
                            *common)
    assert code == 0
    rid = out.strip()
    Store(data).save_answer(rid, "S1.01", answer="pass")
    _, before, _ = run_main(capsys, "rounds", "--format", "json", *common)
    # 3·1 / 15 = 20.0
    assert json.loads(before)[0]["score"] == pytest.approx(20.0)
    write_small(lists, MINI_TOML.replace("weight = 3", "weight = 30"))  # the office edits the file
    _, after, _ = run_main(capsys, "rounds", "--format", "json", *common)
    assert json.loads(after)[0]["score"] == pytest.approx(20.0)


def test_the_same_checklist_unit_and_period_twice_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = str(tmp_path / "data")
    args = ("new", "--checklist", "plan-2025", "--unit", "司法所", "--period", "2025-q2", "--data", data)
    assert run_main(capsys, *args)[0] == 0
    code, out, err = run_main(capsys, *args[:-3], "2025-Q2", "--data", data)  # same period, other spelling
    assert code == 2
    assert "R0001" in err and out == ""
    assert Store(Path(data)).round_ids() == ["R0001"]


def test_a_submitted_round_takes_no_more_answers(tmp_path: Path) -> None:
    store, rid = store_with_round(tmp_path)
    store.save_answer(rid, "S1.02", answer="pass")
    store.submit(rid, allow_unanswered=True)
    before = store.round_path(rid).read_bytes()
    with pytest.raises(SubmittedRound):
        store.save_answer(rid, "S1.01", answer="pass")
    with pytest.raises(BadInput):
        store.import_answers(rid, [{"line": 2, "item": "S1.01", "answer": "pass", "value": None}])
    assert store.round_path(rid).read_bytes() == before


def test_submit_opens_one_rectification_per_fail_or_partial(tmp_path: Path) -> None:
    store, rid = store_with_round(tmp_path)
    for item, answer in (("S1.01", "partial"), ("S1.02", "pass"), ("S1.03", "fail")):
        store.save_answer(rid, item, answer=answer, note=f"{item} 的说明")
    store.save_answer(rid, "S2.01", value=80)  # below the target: fail
    store.save_answer(rid, "S2.02", value=1)   # one shortfall: partial
    store.save_answer(rid, "S2.03", answer="na")
    store.save_answer(rid, "S2.04", value=3)
    opened = store.submit(rid, date=dt.date.today(), by="王晓丽")
    assert [(r.id, r.item, r.state) for r in opened] == [
        (f"{rid}-01", "S1.01", "found"), (f"{rid}-02", "S1.03", "found"),
        (f"{rid}-03", "S2.01", "found"), (f"{rid}-04", "S2.02", "found")]
    assert opened[0].owner == "党政办"  # the item's suggested owner, pre-filled
    assert "基本符合" in opened[0].problem and "S1.01 的说明" in opened[0].problem
    record = store.load_round(rid)
    assert record.meta.submitted == dt.date.today().isoformat()
    assert len(record.rectifications) == 4


def test_a_past_inspection_entered_today_is_submitted_on_its_own_date(tmp_path: Path) -> None:
    store, rid = store_with_round(tmp_path)  # the round is created today
    store.save_answer(rid, "S1.02", answer="pass")  # the critical item
    store.save_answer(rid, "S1.03", answer="fail")
    opened = store.submit(rid, date=dt.date(2024, 12, 30), allow_unanswered=True)
    assert store.load_round(rid).meta.submitted == "2024-12-30"
    assert [r.found for r in opened] == [dt.date(2024, 12, 30)]


def test_the_listing_follows_answers_for_the_home_screen(tmp_path: Path) -> None:
    store, rid = store_with_round(tmp_path)
    assert store.listing()[0]["answered"] == 0
    store.save_answer(rid, "S1.01", answer="pass")  # a save writes its round file only
    assert store.listing()[0]["answered"] == 1  # the index notices the file's new stamp


def test_the_stores_clock_decides_which_dates_lie_in_the_future(tmp_path: Path) -> None:
    store, rid = store_with_round(tmp_path)
    fixed = Store(store.data_dir, today=lambda: dt.date(2025, 3, 20))
    with pytest.raises(BadInput, match="晚于今天 2025-03-20"):
        fixed.raise_item(rid, problem="问题", by="李四", date=dt.date(2025, 3, 21))
    assert fixed.raise_item(rid, problem="问题", by="李四").found == dt.date(2025, 3, 20)


def test_who_submitted_is_kept_even_when_nothing_was_opened(tmp_path: Path) -> None:
    store, rid = store_with_round(tmp_path)
    store.save_answer(rid, "S1.02", answer="pass")  # the critical item, which must be answered
    assert store.submit(rid, by="王晓丽", allow_unanswered=True) == []
    assert store.load_round(rid).meta.submitted_by == "王晓丽"
