"""The detail pane of the rectification board: one item's facts and its full history.

Everything a person typed (problem, owner, measures, names, comments, evidence) goes in as
plain `Text` (`CJKText`, which wraps Chinese with 禁则), so `[bold]` or `[/]` in a comment is shown
as typed, and with any control character an old version let through shown as its picture
(`visible`), never sent to the terminal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from rich.console import Group, RenderableType
from textual.widgets import Static

from checklist_tui.domain.loop import (
    FIELD_LABELS,
    STATE_LABELS,
    Rectification,
    Transition,
    days_overdue,
    step_name,
)
from checklist_tui.domain.text import visible
from checklist_tui.reports.cjk_text import CJKText as Text  # wrapped with 禁则: no line starts with ，
from checklist_tui.tui.widgets.cells import OVERDUE_STYLE, themed
from checklist_tui.tui.widgets.cjk_content import cjk

LABEL = "bold"
MUTED = "dim"


def _line(label: str, value: str | None, style: str = "") -> Text:
    text = Text(f"{label}：", style=LABEL)
    text.append(visible(value) if value else "（未填）", style=style if value else MUTED)
    return text


def change_text(key: str, change: dict[str, str | None]) -> Text:
    """`整改时限 2025-03-31 → 2025-04-30 (延期)`; the first due date set is not an extension."""
    old, new = change.get("from"), change.get("to")
    text = Text(f"{FIELD_LABELS.get(key, key)} ")
    text.append(visible(old) if old else "（无）")
    text.append(" → ")
    text.append(visible(new) if new else "（无）")
    if key == "due" and old:
        text.append("（延期）", style="bold")
    return text


def transition_text(step: Transition) -> Text:
    """One history entry: date, what happened as people say it (退回, 延期, 调整, 进展, or from→to),
    by, then comment, evidence and changes on their own lines."""
    start = STATE_LABELS.get(step.from_, "") if step.from_ else "新建"
    named = step_name(step)
    text = Text(f"{step.date.isoformat()}  ", style=LABEL)
    text.append(named if named != STATE_LABELS.get(step.to) else f"{start}→{named}", style="bold")
    text.append("  经办人：")
    text.append(visible(step.by))
    if step.comment:
        text.append("\n    说明：")
        text.append(visible(step.comment))
    if step.evidence:
        text.append("\n    佐证：")
        text.append(visible(step.evidence))
    for key, change in step.changes.items():
        text.append("\n    ")
        text.append_text(change_text(key, change))
    return text


def detail_renderable(rect: Rectification, today: dt.date, item_text: str | None = None,
                      colours: Mapping[str, str] | None = None) -> RenderableType:
    """Everything the board knows about one item, as of `today` for the overdue days; `colours`
    are the theme's variables."""
    head = Text(f"{rect.id}  ", style="bold")
    head.append(STATE_LABELS.get(rect.state, rect.state), style="bold reverse")
    late = days_overdue(rect, today)
    if late > 0:
        head.append("  ")
        head.append_text(themed(f"逾期 {late} 天", OVERDUE_STYLE, colours or {}))
    where = Text(f"批次 {rect.round} · 单位 ", style=MUTED)
    where.append(visible(rect.unit), style=MUTED)
    where.append(f" · 期间 {rect.period}", style=MUTED)
    item = Text("检查项：", style=LABEL)
    if rect.item:
        item.append(rect.item)
        if item_text:
            item.append(" ")
            item.append(visible(item_text))
    else:
        item.append("（手工新增，未关联检查项）", style=MUTED)
    due = rect.due.isoformat() if rect.due else None
    first = rect.first_due
    due_line = _line("第一阶段时限" if rect.kind == "长期坚持" else "整改时限", due)
    if first and rect.due and first != rect.due:
        due_line.append(f"（首次期限 {first.isoformat()}）", style=MUTED)
    history = [transition_text(step) for step in rect.history]
    return Group(
        head,
        where,
        _line("问题", rect.problem),
        item,
        Text.assemble(("问题来源：", LABEL), rect.source, "    ", ("整改类型：", LABEL),
                      (rect.kind or "（未填）", "" if rect.kind else MUTED)),
        _line("责任单位", rect.owner),
        _line("责任人", rect.person),
        *([_line("责任领导", rect.leader)] if rect.leader else []),
        *([_line("整改目标", rect.goal)] if rect.goal else []),
        _line("整改措施", rect.measures),
        due_line,
        *([_line("最新进展", rect.progress[-1].line())] if rect.progress else []),
        *([_line("复核人", rect.reviewer)] if rect.reviewer else []),
        *([_line("备注", rect.remark)] if rect.remark else []),
        Text.assemble(("发现日期：", LABEL), rect.found.isoformat(), "    ",
                      ("退回次数：", LABEL), str(rect.reopen_count)),
        Text(f"流转记录（{len(history)}）：", style=LABEL),
        *history,
    )


class RectDetail(Static):
    """Shows the selected item, or a hint when nothing is selected."""

    def show(self, rect: Rectification | None, today: dt.date, item_text: str | None = None,
             empty: str = "没有选中的整改事项。") -> None:
        """The item, or with none selected the `empty` hint (the board says why the table is empty)."""
        if rect is None:
            self.update(cjk(Text(empty, style=MUTED)))
        else:
            self.update(detail_renderable(rect, today, item_text, self.app.theme_variables))
