"""Atomic JSON files, damage detection, write errors and rotating backups (storage.py)."""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path

import filelock
import pytest

from checklist_tui.errors import DamagedFile, DataError
from checklist_tui.storage import backups as storage_backups
from checklist_tui.storage.backups import backup, backup_paths
from checklist_tui.storage.files import atomic_write, read_json, transaction

CONTENT = {"meta": {"1": {"unit": "麻埠镇桃岭村", "note": "“引号”、[/]备注[bold]x\n第二行"}}}


def test_files_are_utf8_with_chinese_visible(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    atomic_write(path, CONTENT)
    raw = path.read_bytes()
    assert "麻埠镇桃岭村".encode() in raw  # not \\u escapes
    assert b"\\u" not in raw
    assert read_json(path) == CONTENT


def test_a_write_leaves_no_temp_file(tmp_path: Path) -> None:
    atomic_write(tmp_path / "r.json", CONTENT)
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]


@pytest.mark.parametrize(
    ("content", "words"),
    [(b'{"meta": {"1": {"unit": "\xe9\xba\xbb', "JSON"),   # cut off in the middle of a character
     (b'\xff\xfe{"a": 1}', "UTF-8"),
     (b"[1, 2]", "格式"),
     (b"", "JSON"),
     ('{"meta": {"1": {"unit": "麻'.encode()[:-1], "截断")],  # cut inside the last character
    ids=["truncated", "not-utf8", "not-an-object", "empty", "cut-in-a-character"],
)
def test_a_damaged_file_is_named(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "R0001.json"
    path.write_bytes(content)
    with pytest.raises(DamagedFile) as caught:
        read_json(path)
    assert str(path) in str(caught.value)
    assert words in str(caught.value)
    assert caught.value.path == path
    assert path.read_bytes() == content


def test_a_transaction_on_a_damaged_file_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "R0001.json"
    path.write_bytes(b'{"answers": {"1": {"item"')
    with pytest.raises(DamagedFile), transaction(path, backup_dir=tmp_path / "b") as db:
        db.table("answers").insert({"item": "S1.01"})
    assert path.read_bytes() == b'{"answers": {"1": {"item"'
    assert not (tmp_path / "b").exists()


def test_a_transaction_writes_once_on_success_and_not_on_error(tmp_path: Path) -> None:
    path = tmp_path / "R0001.json"
    atomic_write(path, {"answers": {}})
    with transaction(path) as db:
        db.table("answers").insert({"item": "S1.01", "note": "已整改"})
    assert read_json(path)["answers"] == {"1": {"item": "S1.01", "note": "已整改"}}
    before = path.read_bytes()
    with pytest.raises(RuntimeError), transaction(path) as db:
        db.table("answers").insert({"item": "S1.02"})
        raise RuntimeError("stopped half way")
    assert path.read_bytes() == before


def failing_replace(target: Path, error: OSError):
    real = os.replace

    def replace(src, dst, *args, **kwargs):
        if Path(dst) == target:
            raise error
        return real(src, dst, *args, **kwargs)
    return replace


@pytest.mark.parametrize(
    ("error", "words"),
    [(OSError(errno.ENOSPC, "No space left on device"), "No space left"),
     (PermissionError(errno.EACCES, "Permission denied"), "Permission denied")],
    ids=["disk-full", "read-only"],
)
def test_a_failed_write_is_a_clear_error_and_the_file_is_unchanged(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, words: str) -> None:
    path = tmp_path / "R0001.json"
    atomic_write(path, CONTENT)
    before = path.read_bytes()
    monkeypatch.setattr(os, "replace", failing_replace(path, error))
    with pytest.raises(DataError) as caught:
        atomic_write(path, {"meta": {}})
    message = str(caught.value)
    assert str(path) in message and words in message and "数据未写入" in message
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["R0001.json"]  # the temp file is gone


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="root and Windows ignore folder modes")
def test_a_read_only_folder_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "R0001.json"
    atomic_write(path, CONTENT)
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(DataError, match="数据未写入"):
            atomic_write(path, {"meta": {}})
    finally:
        tmp_path.chmod(0o755)
    assert read_json(path) == CONTENT


def test_a_lock_that_cannot_be_made_is_a_clear_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a read-only folder the lock file cannot be created: that must read as a save error
    naming the file, not escape as a bare OSError (an "internal error" on the command line)."""
    path = tmp_path / "R0001.json"
    atomic_write(path, CONTENT)

    def refuse(self, *args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", self.lock_file)

    monkeypatch.setattr(filelock.FileLock, "acquire", refuse)
    with pytest.raises(DataError) as caught:
        with transaction(path) as db:
            db.table("meta").insert({"x": 1})
    message = str(caught.value)
    assert str(path) in message and "只读" in message and "数据未写入" in message
    assert read_json(path) == CONTENT


def test_a_backup_that_fails_half_way_leaves_no_partial_copy(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, folder = tmp_path / "R0001.json", tmp_path / "backups"
    atomic_write(path, CONTENT)

    def full_disk(src, dst, **kwargs):
        Path(dst).write_bytes(b"{")  # the first bytes made it, then the disk was full
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage_backups.shutil, "copy2", full_disk)
    with pytest.raises(DataError, match="磁盘已满"):
        backup(path, folder, force=True)
    assert list(folder.iterdir()) == []


def test_backups_rotate_and_keep_at_most_five(tmp_path: Path) -> None:
    path, folder = tmp_path / "R0001.json", tmp_path / "backups"
    for n in range(1, 9):
        atomic_write(path, {"n": n})
        backup(path, folder, force=True)
    kept = backup_paths(path, folder)
    assert [p.name for p in kept] == [f"R0001.json.{n}" for n in range(1, 6)]
    # newest first: .1 holds the 8th version, .5 the 4th
    assert [read_json(p)["n"] for p in kept] == [8, 7, 6, 5, 4]
    assert sorted(p.name for p in folder.iterdir()) == [f"R0001.json.{n}" for n in range(1, 6)]


def test_automatic_backups_are_spaced_out(tmp_path: Path) -> None:
    path, folder = tmp_path / "R0001.json", tmp_path / "backups"
    for n in range(3):
        atomic_write(path, {"n": n})
        backup(path, folder)  # not forced: one per BACKUP_INTERVAL
    assert storage_backups.BACKUP_INTERVAL > 0
    assert [read_json(p)["n"] for p in backup_paths(path, folder)] == [0]


def test_the_transaction_backs_up_the_previous_content(tmp_path: Path) -> None:
    path, folder = tmp_path / "R0001.json", tmp_path / "backups"
    atomic_write(path, {"answers": {}})
    with transaction(path, backup_dir=folder, force_backup=True) as db:
        db.table("answers").insert({"item": "S1.01"})
    assert json.loads((folder / "R0001.json.1").read_text(encoding="utf-8")) == {"answers": {}}


@pytest.mark.skipif(not hasattr(os, "fchmod"), reason="POSIX file modes")
def test_a_written_file_is_readable_as_any_new_file_and_keeps_a_mode_it_had(tmp_path):
    """Files the app writes (round files, exports, bundles) get the mode `open` gives a new file,
    not the temp file's owner-only 0600, and a file replaced keeps the mode it had."""
    from checklist_tui.storage.files import write_bytes

    mask = os.umask(0o022)
    os.umask(mask)
    new = tmp_path / "导出.html"
    write_bytes(new, b"<html></html>")
    assert stat.S_IMODE(new.stat().st_mode) == 0o666 & ~mask
    kept = tmp_path / "R0001.json"
    kept.write_bytes(b"{}")
    kept.chmod(0o640)
    write_bytes(kept, b'{"a": 1}')
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    assert kept.read_bytes() == b'{"a": 1}'
