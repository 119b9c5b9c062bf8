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
