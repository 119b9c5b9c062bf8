"""Withdrawing a round created by mistake (作废): when it is allowed and what is recorded.

A void round keeps its file, takes no more answers or transitions and counts nowhere (only
`rounds --all` lists it). It cannot be undone. A round whose rectification items have moved past
待通报 has started real work and is not withdrawn.
"""

from __future__ import annotations

from checklist_tui.domain import loop
from checklist_tui.domain.round import Round
from checklist_tui.domain.text import visible
from checklist_tui.errors import BadInput


def void_refusal(record: Round) -> str | None:
    """Why this round cannot be withdrawn, or None."""
    if record.is_void:
        return f"批次 {record.id} 已作废"
    moved = [r for r in record.rectifications if r.state != "found"]
    if moved:
        names = "、".join(f"{r.id}({loop.STATE_LABELS[r.state]})" for r in moved)
        return f"批次 {record.id} 的整改事项已通报或在整改中，不能作废：{names}"
    return None


def void_meta(by: str, at: str, reason: str) -> dict[str, str]:
    """The meta `void: {by, at, reason}`; who and why are required."""
    by, reason = by.strip(), reason.strip()
    if not reason:
        raise BadInput("作废原因（--reason）不能为空")
    if not by:
        raise BadInput("经办人（--by）不能为空")
    for name, text in (("作废原因", reason), ("经办人", by)):
        if any(ord(c) < 32 or ord(c) == 127 for c in text):
            raise BadInput(f"{name}「{visible(text)}」含有换行、制表符等控制字符；应为一行文字")
    return {"by": by, "at": at, "reason": reason}
