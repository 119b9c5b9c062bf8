"""The app's one error model: what stops a command, and the exit code it gives.

`BadInput` (exit 2): the request itself is wrong — an unknown id, a refused answer or row, a
forbidden transition. `DataError` (exit 1): something on disk stopped the command — a damaged file,
a full disk, a lock held too long. Both carry a message in Chinese that names what and where.
`AppError` is their common base, for the places that show either one the same way.
"""

from __future__ import annotations

from pathlib import Path


class AppError(Exception):
    """Anything the app refuses or cannot do; the message says what, and where."""

    exit_code = 1


class BadInput(AppError):
    """The request itself is wrong: exit 2, nothing changed."""

    exit_code = 2


class DataError(AppError):
    """Something stopped a read or a save; the message says what, and where."""

    exit_code = 1


class DamagedFile(DataError):
    """A file that cannot be read as what it should be; it is named and never overwritten."""

    def __init__(self, path: Path, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(
            f"文件已损坏或无法读取：{path}（{reason}）。该文件不会被覆盖；"
            f"可用 `checklist-tui restore` 从备份恢复。")
