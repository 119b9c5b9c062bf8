"""Files that never lose an acknowledged save: atomic JSON writes, per-file locks, transactions.

Every change is one transaction: take the file's lock, re-read the file, change it in memory
through TinyDB, write it to a temp file in the same folder, fsync, `os.replace`, fsync the folder.
A process killed at any instant leaves the file as before or as after its last acknowledged save.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tinydb import TinyDB
from tinydb.storages import Storage

from checklist_tui.errors import DamagedFile, DataError
from checklist_tui.storage.backups import copy_for_backup, drop_backup, keep_backup
from checklist_tui.storage.os_errors import os_reason, write_error

__all__ = ["LockBusy", "TransactionStorage", "atomic_write", "fsync_folder", "lock_for", "locked",
           "os_reason", "read_json", "replace_file", "set_aside", "transaction", "write_error"]

if TYPE_CHECKING:
    from filelock import FileLock

LOCK_TIMEOUT = 15.0


class LockBusy(DataError):
    """Another program holds a file's lock for longer than LOCK_TIMEOUT."""

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
        raise DamagedFile(path, "文件末尾不完整（可能写入时被截断）" if cut else "不是 UTF-8 文本") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise DamagedFile(path, f"JSON 格式错误，第 {error.lineno} 行第 {error.colno} 列") from None
    except RecursionError:
        raise DamagedFile(path, "JSON 嵌套过深") from None
    except ValueError:  # an integer of thousands of digits
        raise DamagedFile(path, "JSON 中有位数过多的数") from None
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


STALE_TEMP_SECONDS = 60
_swept: set[Path] = set()


def sweep_stale_temps(folder: Path) -> None:
    """Remove `.NAME.*.tmp` files older than a minute, left by writers killed mid-save; done the
    first time a process writes into the folder (a live writer's temp file is seconds old)."""
    if folder in _swept:
        return
    _swept.add(folder)
    cutoff = time.time() - STALE_TEMP_SECONDS
    with suppress(OSError):
        for entry in os.scandir(folder):
            if entry.name.startswith(".") and entry.name.endswith(".tmp"):
                with suppress(OSError):
                    if entry.stat(follow_symlinks=False).st_mtime < cutoff:
                        os.unlink(entry.path)


def atomic_write(path: Path, data: dict[str, Any], *, sync: bool = True) -> None:
    """Write JSON (UTF-8, not ASCII-escaped) so the file is either the old one or the new one
    (`sync=False`: readers still see it whole, but a crash may lose it; for bulk writers)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    try:
        payload = text.encode("utf-8")
    except UnicodeEncodeError as error:  # a lone surrogate: named by place, the content never shown
        raise DataError(f"无法保存 {path}：内容中第 {error.start} 个字符不是有效的文字（无法以 UTF-8 保存），"
                        "未写入任何内容") from None
    sweep_stale_temps(path.parent)
    write_bytes(path, payload, sync=sync)


def write_bytes(path: Path, payload: bytes, *, sync: bool = True) -> None:
    """Put `payload` at `path` whole or not at all: temp file beside it, fsync, rename, fsync the folder
    (without `sync`, no fsync: whole for readers, but not yet durable)."""
    try:
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise write_error(path, error) from None
    try:
        _give_mode(fd, path)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            if sync:
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
    if sync:
        fsync_folder(path.parent)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _umask()


def _give_mode(fd: int, path: Path) -> None:
    """The temp file takes the mode the file it replaces had, else the one `open` would give a
    new file (mkstemp makes it owner-only, which would lock colleagues out of a shared folder)."""
    if not hasattr(os, "fchmod"):
        return
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mode = 0o666 & ~_UMASK
    os.fchmod(fd, mode)


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
        raise LockBusy(f"文件 {path} 正被其他程序占用，请稍后重试") from None
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
        if storage.dirty:  # a backup is kept only once the write succeeded: a failed save rotates none
            pending = None if backup_dir is None else copy_for_backup(path, backup_dir, force=force_backup)
            try:
                atomic_write(path, storage.data)
            except BaseException:
                drop_backup(pending)
                raise
            if backup_dir is not None:
                keep_backup(pending, path, backup_dir)


def set_aside(path: Path) -> Path:
    """Move a damaged file out of the way as `NAME.damaged-TIME`: kept for a person, never lost."""
    stamp = dt.datetime.now().strftime("%Y%m%d%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    os.replace(path, target)
    return target
