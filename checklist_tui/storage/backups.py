"""Rotating backups of a data file: `backups/NAME.1` (newest) … `NAME.5`, and putting one back."""

from __future__ import annotations

import os
import shutil
import time
from contextlib import suppress
from pathlib import Path

from checklist_tui.storage.os_errors import write_error

BACKUPS_KEPT = 5
BACKUP_INTERVAL = 600.0  # seconds between automatic backups of one file


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


def copy_for_backup(path: Path, backup_dir: Path, *, force: bool = False) -> Path | None:
    """The first half of a backup taken only for a write that then succeeds: the file's current
    content copied aside (`.NAME.pending.tmp`), or None when no backup is due. `keep_backup` puts the
    copy in place as `NAME.1` once the write succeeded; `drop_backup` throws it away otherwise."""
    newest = backup_dir / f"{path.name}.1"
    if not force and newest.exists() and time.time() - newest.stat().st_mtime < BACKUP_INTERVAL:
        return None
    pending = backup_dir / f".{path.name}.pending.tmp"  # overwritten if a killed writer left one
    try:
        backup_dir.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, pending)
    except OSError as error:
        drop_backup(pending)
        raise write_error(newest, error) from None
    return pending


def keep_backup(pending: Path | None, path: Path, backup_dir: Path) -> None:
    if pending is None:
        return
    newest = backup_dir / f"{path.name}.1"
    try:
        for n in range(BACKUPS_KEPT - 1, 0, -1):
            older = backup_dir / f"{path.name}.{n}"
            if older.exists():
                os.replace(older, backup_dir / f"{path.name}.{n + 1}")
        os.replace(pending, newest)
    except OSError as error:
        drop_backup(pending)
        raise write_error(newest, error) from None


def drop_backup(pending: Path | None) -> None:
    if pending is not None:
        with suppress(OSError):
            pending.unlink()
