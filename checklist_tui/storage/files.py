"""Files that never lose an acknowledged save: atomic JSON writes, per-file locks, backups.

Every change is one transaction: take the file's lock, re-read the file, change it in memory
through TinyDB, write it to a temp file in the same folder, fsync, `os.replace`, fsync the folder.
A process killed at any instant leaves the file as before or as after its last acknowledged save.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tinydb import TinyDB
from tinydb.storages import Storage

from checklist_tui.errors import DamagedFile, DataError

if TYPE_CHECKING:
    from filelock import FileLock

LOCK_TIMEOUT = 15.0
BACKUPS_KEPT = 5
BACKUP_INTERVAL = 600.0  # seconds between automatic backups of one file
REPLACE_TRIES = 20


class TransactionStorage(Storage):
    """TinyDB storage over a dict held in memory for the length of one transaction."""

    def __init__(self, data: dict[str, Any]):
        self.data = data
        self.dirty = False

    def read(self) -> dict[str, Any]:
        return self.data

    def write(self, data: dict[str, Any]) -> None:
        self.data = data
        self.dirty = True


REASONS = {
    errno.EROFS: "文件系统只读", errno.ENOSPC: "磁盘已满", errno.EACCES: "没有权限",
    errno.EPERM: "没有权限", errno.ENOENT: "文件或文件夹不存在", errno.EISDIR: "这是一个文件夹",
    errno.ENOTDIR: "路径中有一段不是文件夹",
}


def os_reason(error: OSError) -> str:
    """Why an OS call failed, in Chinese where we know the cause, with the system's own words."""
    system = error.strerror or str(error)
    known = REASONS.get(error.errno) if error.errno is not None else None
    return f"{known} ({system})" if known else system


def read_json(path: Path) -> dict[str, Any]:
    """Read a data file; a damaged one raises DamagedFile naming it, a missing one FileNotFoundError."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise
    except OSError as error:
        raise DamagedFile(path, os_reason(error)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        cut = error.end >= len(raw) and error.reason == "unexpected end of data"
        raise DamagedFile(path, "文件末尾不完整(可能写入时被截断)" if cut else "不是 UTF-8 文本") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise DamagedFile(path, f"JSON 格式错误,第 {error.lineno} 行第 {error.colno} 列") from None
    if not isinstance(data, dict):
        raise DamagedFile(path, "内容不是预期的格式")
    return data


def fsync_folder(folder: Path) -> None:
    """Make a rename durable where the OS lets us open a folder (not on Windows)."""
    if os.name == "nt":
        return
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_error(path: Path, error: OSError) -> DataError:
    reason = os_reason(error)
    return DataError(f"无法保存 {path}: {reason}(文件夹只读或磁盘已满?数据未写入,请处理后重试)")


def atomic_write(path: Path, data: dict[str, Any]) -> None:
    """Write JSON (UTF-8, not ASCII-escaped) so the file is either the old one or the new one."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    try:
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise write_error(path, error) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        replace_file(temp, path)
    except OSError as error:
        with suppress(OSError):
            os.unlink(temp)
        raise write_error(path, error) from None
    except BaseException:
        with suppress(OSError):
            os.unlink(temp)
        raise
    fsync_folder(path.parent)


def replace_file(source: str | Path, target: Path) -> None:
    """`os.replace`, retried briefly: on Windows a reader holding the target open blocks it."""
    for attempt in range(REPLACE_TRIES):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if os.name != "nt" or attempt == REPLACE_TRIES - 1:
                raise
            time.sleep(0.05)


def lock_for(path: Path) -> FileLock:
    # imported here: reading needs no lock, and the app's first screen only reads
    from filelock import FileLock

    return FileLock(str(path.with_name(path.name + ".lock")), timeout=LOCK_TIMEOUT)


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the file's lock; a lock that cannot be made (read-only folder, full disk) is a clear
    DataError, not an OSError escaping to the user."""
    from filelock import Timeout

    lock = lock_for(path)
    try:
        lock.acquire()
    except Timeout:
        raise DataError(f"文件 {path} 正被其他程序占用,请稍后重试") from None
    except OSError as error:
        raise write_error(path, error) from None
    try:
        yield
    finally:
        lock.release()


@contextmanager
def transaction(path: Path, *, backup_dir: Path | None = None,
                force_backup: bool = False) -> Iterator[TinyDB]:
    """One read-modify-write of an existing TinyDB file under its lock; written once, atomically,
    and only if something changed."""
    with locked(path):
        data = read_json(path)
        db = TinyDB(data, storage=TransactionStorage)
        yield db
        storage: TransactionStorage = db.storage  # type: ignore[assignment]
        if storage.dirty:
            if backup_dir is not None:
                backup(path, backup_dir, force=force_backup)
            atomic_write(path, storage.data)


# --- backups ---------------------------------------------------------------------------------


def backup_paths(path: Path, backup_dir: Path) -> list[Path]:
    """Existing backups of a file, newest first (`NAME.1` is the newest)."""
    found = [backup_dir / f"{path.name}.{n}" for n in range(1, BACKUPS_KEPT + 1)]
    return [p for p in found if p.exists()]


def backup(path: Path, backup_dir: Path, *, force: bool = False) -> None:
    """Copy the file's current content to `NAME.1`, shifting older copies down; at most one per
    BACKUP_INTERVAL unless forced (before an import, a submission, a restore)."""
    newest = backup_dir / f"{path.name}.1"
    try:
        if not force and newest.exists() and time.time() - newest.stat().st_mtime < BACKUP_INTERVAL:
            return
        backup_dir.mkdir(parents=True, exist_ok=True)
        for n in range(BACKUPS_KEPT - 1, 0, -1):
            older = backup_dir / f"{path.name}.{n}"
            if older.exists():
                os.replace(older, backup_dir / f"{path.name}.{n + 1}")
        temp = backup_dir / f".{path.name}.tmp"
        shutil.copy2(path, temp)
        os.replace(temp, newest)
    except OSError as error:
        with suppress(OSError):  # a half-copied backup would only take space on a full disk
            (backup_dir / f".{path.name}.tmp").unlink()
        raise write_error(newest, error) from None
