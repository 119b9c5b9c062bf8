"""The stepper's round as read from its file: the record, whether this session may write it, or
why it cannot be opened; and the headline that says which round it is and in what state."""

from __future__ import annotations

from textual.message import Message

from checklist_tui.errors import AppError, DamagedFile
from checklist_tui.storage.round_file import Round
from checklist_tui.storage.store import Store


class Loaded(Message):
    """A read of the round; `reason` is "open", "changed" (another writer), "own" (another screen
    of this app, e.g. the board) or "submitted"."""

    def __init__(self, record: Round | None, stamp: tuple[int, int], writable: bool,
                 error: tuple[str, str] | None, reason: str) -> None:
        self.record, self.stamp, self.writable = record, stamp, writable
        self.error, self.reason = error, reason
        super().__init__()


def read_round(store: Store, round_id: str, reason: str) -> Loaded:
    """Read the round (in a worker thread): a damaged or unreadable file gives the error to show."""
    record, error, stamp = None, None, store.stamp(round_id)
    try:
        record = store.load_round(round_id)
    except DamagedFile as damaged:
        error = ("文件损坏", str(damaged))
    except AppError as failure:
        error = ("无法打开", str(failure))
    writable = store.can_write(round_id)
    return Loaded(record, record.stamp if record else stamp, writable, error, reason)


def headline(round_id: str, record: Round | None, state: str | None, locked: bool) -> tuple[str, str]:
    """Title: round, unit, period. Sub-title: the state first (it must not be cut off on a
    narrow terminal), then the checklist's title."""
    meta = record.meta if record else None
    title = " · ".join([round_id, meta.unit, meta.period] if meta else [round_id])
    parts = []
    if meta and meta.submitted:
        parts.append("已提交")
    if state:
        parts.append(state)
    elif locked:
        parts.append("只读")
    if meta:
        parts.append(meta.title)
    return title, " · ".join(parts)
