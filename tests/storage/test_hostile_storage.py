"""The data folder under stress (issue 14): an index row of the wrong shape, a dangling link or an
unreadable rounds folder, a failed save, text that cannot be encoded, temp files of killed writers."""

from __future__ import annotations

import errno
import json
import os
import time
from pathlib import Path

import pytest
from storefixtures import (
    file_bytes,
    index_head,
    run_main,
    small_checklist,
    store_with_round,
    write_index_head,
)

from checklist_tui.errors import DataError
from checklist_tui.storage import backups as storage_backups
from checklist_tui.storage import files
from checklist_tui.storage.store import Store


def test_a_listing_row_of_the_wrong_shape_is_rebuilt(tmp_path: Path) -> None:
    store, rid = store_with_round(tmp_path)
    store.listing()
    head = index_head(store)
    head["rounds"][rid]["row"]["answered"] = "many"
    write_index_head(store, head)
    rows = store.listing()
    assert [(row["id"], row["answered"]) for row in rows] == [(rid, 0)]
    assert index_head(store)["rounds"][rid]["row"]["answered"] == 0  # rebuilt from the round file


def test_a_dangling_link_in_rounds_is_named_and_skipped(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store, rid = store_with_round(tmp_path)
    link = store.rounds_dir / "R0002.json"
    link.symlink_to(tmp_path / "nowhere.json")
    code, out, err = run_main(capsys, "rounds", "--format", "json", "--data", str(store.data_dir))
    assert code == 1 and str(link) in err and "内部错误" not in err
    assert [row["id"] for row in json.loads(out)] == [rid]


def test_an_unreadable_rounds_folder_is_an_error_not_an_empty_list(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    store, _ = store_with_round(tmp_path)
    real = os.listdir

    def listdir(path: object = ".") -> list[str]:
        if Path(str(path)) == store.rounds_dir:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(path)
    monkeypatch.setattr(os, "listdir", listdir)
    code, out, err = run_main(capsys, "rounds", "--data", str(store.data_dir))
    assert code == 1 and str(store.rounds_dir) in err
    assert "还没有检查批次" not in out


def test_a_failed_save_rotates_no_backup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(storage_backups, "BACKUP_INTERVAL", 0.0)
    store, rid = store_with_round(tmp_path)
    for n in range(1, 4):
        store.save_answer(rid, "S1.01", answer="pass", note=f"第{n}次")
    before = file_bytes(store.data_dir)

    def full_disk(path: Path, data: dict) -> None:
        raise DataError(f"无法写入 {path}: 磁盘已满")
    monkeypatch.setattr(files, "atomic_write", full_disk)
    sheet = tmp_path / "s.csv"
    sheet.write_text("item,answer,value,note,evidence\r\nS1.03,pass,,,\r\n", encoding="utf-8")
    for _ in range(6):  # an import forces a backup: none may be kept for a write that failed
        code, _, err = run_main(capsys, "import", rid, str(sheet), "--data", str(store.data_dir))
        assert code == 1, err
    assert file_bytes(store.data_dir) == before


def test_text_that_cannot_be_encoded_never_escapes_a_save(tmp_path: Path) -> None:
    store, rid = store_with_round(tmp_path)
    path = store.round_path(rid)
    before = path.read_bytes()
    with pytest.raises(DataError) as caught:
        files.atomic_write(path, {"meta": {"1": {"note": "bad\ud800" + "x" * 5000}}})
    assert "UTF-8" in str(caught.value) and "xxxx" not in str(caught.value)
    assert path.read_bytes() == before


def test_temp_files_of_killed_writers_are_cleaned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "_swept", set())
    store = Store(tmp_path / "data")
    rid = store.new_round(small_checklist(tmp_path), "麻埠村", "2025-Q1").id
    old = store.rounds_dir / f".{rid}.json.k1ll3d.tmp"
    fresh = store.rounds_dir / f".{rid}.json.wr1t1ng.tmp"
    for temp in (old, fresh):
        temp.write_text("{", encoding="utf-8")
    os.utime(old, (time.time() - 120, time.time() - 120))
    monkeypatch.setattr(files, "_swept", set())
    store.save_answer(rid, "S1.01", answer="pass")
    assert not old.exists() and fresh.exists()


def test_a_schema_just_one_above_the_current_is_refused(tmp_path: Path) -> None:
    from checklist_tui.storage.round_file import SCHEMA

    store, rid = store_with_round(tmp_path)
    path = store.round_path(rid)
    data = json.loads(path.read_text("utf-8"))
    data["meta"]["1"]["schema"] = SCHEMA + 1  # 99 would pass a check of "far too new" as well
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(DataError, match="升级"):
        store.load_round(rid)
    with pytest.raises(DataError, match="升级"):
        store.save_answer(rid, "S1.01", answer="pass")
    assert path.read_bytes() == before


def test_an_import_always_takes_a_backup_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store, rid = store_with_round(tmp_path)  # BACKUP_INTERVAL as shipped: only a forced backup is due
    store.save_answer(rid, "S1.01", answer="pass")
    store.save_answer(rid, "S1.03", answer="pass")  # within the interval: no second automatic backup
    before_import = store.round_path(rid).read_bytes()
    sheet = tmp_path / "s.csv"
    sheet.write_text("item,answer,value,note,evidence\r\nS1.01,fail,,改了,\r\n", encoding="utf-8")
    code, _, err = run_main(capsys, "import", rid, str(sheet), "--data", str(store.data_dir))
    assert code == 0, err
    assert store.backups(rid)[0].read_bytes() == before_import
