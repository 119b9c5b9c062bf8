"""The board's table: which columns a terminal of a given width shows, and their cells (issue #12).

At 110 columns and more the board shows the ledger's columns in the office's order as far as they
fit (编号, 状态, 来源, 单位, 问题, 类型, 责任单位, 责任人, 整改时限, 逾期/临期); narrower, 来源, 类型 and
责任单位 drop, and under 100 columns 整改时限 too (逾期/临期 says how near it is, the detail pane the
date), so that 问题 keeps room to be read at 80 columns: columns drop before they are cut to nothing.
The 问题 cell leaves out a leading 本季度/本年度 (the round's period says it) so rows differ from
their first characters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from rich.text import Text

from checklist_tui.domain.ids import rect_order
from checklist_tui.domain.loop import STATE_LABELS, Rectification, days_overdue
from checklist_tui.reports.ledger import LedgerEntry
from checklist_tui.tui.widgets.cells import OVERDUE_STYLE, themed

WIDE = ("编号", "状态", "来源", "单位", "问题", "类型", "责任单位", "责任人", "整改时限", "逾期/临期")
NARROW = ("编号", "状态", "单位", "问题", "责任人", "整改时限", "逾期/临期")
NARROWEST = ("编号", "状态", "单位", "问题", "责任人", "逾期/临期")
WIDE_FROM = 110  # terminal columns
NARROW_FROM = 100
_PERIOD_WORDS = ("本季度", "本年度", "本年", "本月", "本期", "年度内", "季度内")
_PERIOD_TAILS = "末初底中内"  # 本季度末在岗… names a time in the period: kept (末在岗… reads as a typo)
SOON_DAYS = 7  # 临期: open and due within this many days
# cells of the columns that are not cut: 编号, 状态, 整改时限, 逾期/临期 (+ 来源, 类型 when wide)
_FIXED = {"编号": 8, "状态": 6, "来源": 6, "类型": 8, "整改时限": 10, "逾期/临期": 9}


def board_order(rect: Rectification) -> tuple[int, int, tuple[int, int]]:
    """Open items first, the earliest due on top (so the most overdue lead); closed ones after,
    the most recently closed first; ties in id order."""
    if rect.closed is None:
        return (0, (rect.due or dt.date.max).toordinal(), rect_order(rect.id))
    return (1, -rect.closed.toordinal(), rect_order(rect.id))


def columns_for(width: int) -> tuple[str, ...]:
    return WIDE if width >= WIDE_FROM else NARROW if width >= NARROW_FROM else NARROWEST


def problem_text(problem: str) -> str:
    """What the 问题 cell shows: the problem without a leading period word (本季度未组织… → 未组织…)."""
    text = " ".join(problem.split())
    for word in _PERIOD_WORDS:
        rest = text[len(word):]
        if text.startswith(word) and rest and rest[0] not in _PERIOD_TAILS:
            return rest.lstrip("，, ")
    return text


def cell(text: str, width: int | None = None) -> Text:
    """Literal text on one line, control characters as pictures, cut to `width` terminal cells with
    "…" (a Chinese character is two)."""
    return themed(text, "", {}, width)


def text_widths(screen_width: int, rects: list[Rectification]) -> dict[str, int]:
    """Cells for the text columns (单位, 责任单位, 责任人 and 问题): what the fixed columns leave,
    names as long as they are when there is room, the problem the rest."""
    columns = columns_for(screen_width)
    fixed = sum(_FIXED.get(c, 0) for c in columns) + 2 * len(columns) + 2
    left = max(24, screen_width - fixed)
    names = sum(1 for c in ("单位", "责任单位", "责任人") if c in columns)
    share = max(6, (left - left // 3) // names)
    widths: dict[str, int] = {}
    for label, least, values in (("单位", 4, [r.unit for r in rects]),
                                 ("责任单位", 8, [r.owner or "" for r in rects]),
                                 ("责任人", 6, [r.person or "" for r in rects])):
        if label in columns:
            widths[label] = min(max([least, *(Text(v).cell_len for v in values)]), share)
    widths["问题"] = max(8, left - sum(widths.values()))
    return widths


def due_soon(rect: Rectification, today: dt.date) -> int | None:
    """Days left when the item is 临期 (open, due today or within SOON_DAYS days), else None."""
    if rect.state == "closed" or rect.due is None:
        return None
    left = (rect.due - today).days
    return left if 0 <= left <= SOON_DAYS else None


def late_cell(rect: Rectification, today: dt.date, colours: Mapping[str, str]) -> Text:
    """逾期N天 in the theme's error colour, 临期N天 in its warning colour, else —."""
    late = days_overdue(rect, today)
    if late > 0:
        return themed(f"逾期{late}天", OVERDUE_STYLE, colours)
    left = due_soon(rect, today)
    if left is not None:
        return themed("今日到期" if left == 0 else f"临期{left}天", "bold $warning", colours)
    return Text("—", style="dim")


def row_cells(rect: Rectification, columns: tuple[str, ...], widths: dict[str, int],
              today: dt.date, colours: Mapping[str, str]) -> tuple[Any, ...]:
    values: dict[str, Any] = {
        "编号": cell(rect.id),  # Text cells: DataTable parses a str as markup (an id like S1.01[/])
        "状态": cell(STATE_LABELS.get(rect.state, rect.state)),
        "来源": cell(rect.source),
        "单位": cell(rect.unit, widths.get("单位")),
        "问题": cell(problem_text(rect.problem), widths.get("问题")),
        "类型": cell(rect.kind or "—"),
        "责任单位": cell(rect.owner or "—", widths.get("责任单位")),
        "责任人": cell(rect.person or "—", widths.get("责任人")),
        "整改时限": cell(rect.due.isoformat() if rect.due else "—"),
        "逾期/临期": late_cell(rect, today, colours),
    }
    return tuple(values[c] for c in columns)


def notice_entries(rects: list[Rectification], today: dt.date) -> tuple[list[LedgerEntry], int | None]:
    """What a 督办通知 from the board lists: the overdue items, else those 临期 (with SOON_DAYS)."""
    late = [LedgerEntry(r, days_overdue(r, today)) for r in rects if days_overdue(r, today)]
    if late:
        return late, None
    return [LedgerEntry(r, 0) for r in rects if due_soon(r, today) is not None], SOON_DAYS
