"""The home screen's table (screens/home.py): its columns at a screen width, and each round's
row as cells. Plain functions of the listing rows and the theme's colours, so the cells of
thousands of rounds can be made off the screen's thread while the first rows are already shown."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from rich.text import Text

from checklist_tui.domain.round import IN_PROGRESS, status_of
from checklist_tui.tui.widgets.cells import GRADE_STYLES, cells_left, longest, themed

COLUMNS = (("id", "编号"), ("title", "检查表"), ("unit", "单位"), ("period", "期间"), ("progress", "进度"),
           ("score", "得分"), ("grade", "等次"), ("open", "未销号"), ("state", "状态"))
# Narrower than this, the state column drops (等次 already says 进行中, or 文件损坏 for a damaged
# file) and the progress bar leaves only its figures, so that the checklist's short title and the
# unit stay whole at 80 columns.
WIDE_FROM = 100
BAR_WIDTH = 5
# id, period, score (+ 暂计), grade, open items, the scrollbar (progress and state: see fixed_cells)
_FIXED = 5 + 7 + 9 + 6 + 6 + 2


def columns_for(screen_width: int) -> tuple[tuple[str, str], ...]:
    return COLUMNS if screen_width >= WIDE_FROM else tuple(c for c in COLUMNS if c[0] != "state")


def fixed_cells(screen_width: int, damaged: bool = False) -> int:
    """Cells of the columns that are never cut, with 2 cells of padding per column."""
    columns = columns_for(screen_width)
    wide = len(columns) == len(COLUMNS)
    progress = 11 if wide else 5  # `▇▇░░░ 12/28` or `12/28`
    state = (8 if damaged else 6) if wide else (2 if damaged else 0)  # 文件损坏 widens 等次 when narrow
    return _FIXED + progress + state + 2 * len(columns)


def text_widths(screen_width: int, rows: list[dict[str, Any]], damaged: bool = False,
                titles: list[str] | None = None) -> tuple[int, int]:
    """Cells for the title and unit columns: what is left after the fixed columns, so that the
    grade and state are never cut off at 80 columns; the unit whole when the titles leave room."""
    left = cells_left(screen_width, fixed_cells(screen_width, damaged), 12)
    title = longest(titles or [], 4)
    unit = min(longest([str(r.get("unit", "")) for r in rows], 4), max(6, left - title, left // 3))
    return left - unit, unit


def progress_bar(answered: int, total: int, colours: dict[str, str], bar: bool = True) -> Text:
    """`▇▇▇▇░░░░ 12/55`, or `12/55` without the bar."""
    if not bar:
        return Text(f"{answered}/{total}", no_wrap=True)
    filled = round(BAR_WIDTH * answered / total) if total else 0
    return Text.assemble(themed("▇" * filled, "$success", colours),
                         themed("░" * (BAR_WIDTH - filled), "dim", colours), f" {answered}/{total}",
                         no_wrap=True)


def row_cells(row: dict[str, Any], colours: dict[str, str], widths: tuple[int, int],
              damaged: bool = False, *, title: str | None = None, wide: bool = True) -> list[Text]:
    """A listing row as table cells (`title`: the checklist's name as shown, else the row's own);
    everything from the files is taken literally (never markup). Narrow (`wide=False`): no state
    column, and a damaged file says so in the grade column."""
    score = row.get("score")
    grade = row.get("grade") or "—"
    drafting = status_of(row) == IN_PROGRESS  # no grade until it is submitted; its score is provisional
    shown = "—" if score is None else f"{score:.1f}" + (" 暂计" if drafting else "")
    if damaged:
        state = themed("文件损坏", "bold $error", colours)
    elif row.get("submitted"):
        state = themed("已提交", "$success", colours)
    else:
        state = themed("未提交", "dim", colours)
    if damaged and not wide:
        graded = state
    elif drafting:
        graded = themed("进行中", "italic", colours)
    else:
        graded = themed(grade, GRADE_STYLES.get(grade, "dim"), colours)
    opened = int(row.get("open") or 0)
    cells = [
        themed(str(row.get("id", "")), "bold", colours),
        themed(title or str(row.get("title") or row.get("checklist") or ""), "", colours, widths[0]),
        themed(str(row.get("unit", "")), "", colours, widths[1]),
        themed(str(row.get("period", "")), "", colours),
        progress_bar(int(row.get("answered") or 0), int(row.get("total") or 0), colours, bar=wide),
        themed(shown, "dim" if drafting else "", colours),
        graded,
        themed(str(opened) if opened else "—", "bold $warning" if opened else "dim", colours),
    ]
    return [*cells, state] if wide else cells


@dataclass
class TableCells:
    """The table for a screen width and theme: its columns (key, label, cells wide) and each
    round's cells, with the rows and damaged files they were made from."""

    screen_width: int
    colours: dict[str, str]
    rows: Mapping[str, dict[str, Any]]
    damaged: set[str]
    columns: list[tuple[str, str, int]]
    cells: dict[str, list[Text]]


def table_cells(screen_width: int, rows: Mapping[str, dict[str, Any]], damaged: set[str],
                colours: dict[str, str], title_of: Callable[[dict[str, Any]], str]) -> TableCells:
    """The columns and cells of `rows` (by round id, in the table's order) at `screen_width`; each
    column as wide as its widest cell. `title_of(row)`: the checklist's name as the list shows it."""
    columns = columns_for(screen_width)
    wide = len(columns) == len(COLUMNS)
    titles = {round_id: title_of(row) for round_id, row in rows.items()}
    widths = text_widths(screen_width, list(rows.values()), bool(damaged & set(rows)), list(titles.values()))
    cells = {round_id: row_cells(row, colours, widths, round_id in damaged, title=titles[round_id], wide=wide)
             for round_id, row in rows.items()}
    sized = [(key, label, max([Text(label).cell_len, *(row[index].cell_len for row in cells.values())]))
             for index, (key, label) in enumerate(columns)]
    return TableCells(screen_width, colours, rows, damaged, sized, cells)
