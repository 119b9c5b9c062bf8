"""Putting a backup back in place of its file, losing nothing on the way."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from checklist_tui.errors import DamagedFile
from checklist_tui.storage.files import atomic_write, locked, read_json, set_aside


def restore_backup(path: Path, backup_dir: Path, number: int,
                   check: Callable[[Path, dict[str, Any]], object]) -> Path:
    """Put backup N (`check`ed first) back in place of `path`. The current file becomes backup 1
    (or, when damaged, is set aside as `NAME.damaged-TIME`); backups 1…N−1 move down one place
    into the gap N leaves, so what was listed as N is what comes back and the oldest is kept.
    Returns the backup used; FileNotFoundError when there is no backup N."""
    source = backup_dir / f"{path.name}.{number}"
    if not source.exists():
        raise FileNotFoundError(source)
    data = read_json(source)
    check(source, data)
    with locked(path):
        keep = None
        if path.exists():
            try:
                read_json(path)
                keep = backup_dir / f".{path.name}.restoring"
                shutil.copy2(path, keep)
            except DamagedFile:
                set_aside(path)
        atomic_write(path, data)
        if keep is not None:
            for n in range(number - 1, 0, -1):
                os.replace(backup_dir / f"{path.name}.{n}", backup_dir / f"{path.name}.{n + 1}")
            os.replace(keep, backup_dir / f"{path.name}.1")
    return source
