"""Home: every round, newest first; start, open, board, summary (DESIGN §7).

The first paint comes from the data folder's index (each row fresh against its round file; a
damaged file is a row saying so); a worker then counts and announces overdue rectification items.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from checklist_tui.domain import loop
from checklist_tui.domain.ids import round_number
from checklist_tui.domain.round import IN_PROGRESS, VOID, status_of
from checklist_tui.domain.round_figures import RoundFigures
from checklist_tui.errors import AppError
from checklist_tui.storage.index import IndexResult
from checklist_tui.storage.round_shape import round_id_of
from checklist_tui.tui.dialogs.new_round import NewRoundForm
from checklist_tui.tui.dialogs.void import VoidForm
from checklist_tui.tui.screens.navigation import open_board, open_summary
from checklist_tui.tui.screens.stepper import StepperScreen
from checklist_tui.tui.services import Services
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


class HomeScreen(Screen[None]):
    """The list of rounds (检查批次)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_round", "新建批次"),
        Binding("o", "open_round", "打开"),
        Binding("r", "board", "整改台账"),
        Binding("S", "summary", "汇总"),
        Binding("x", "void_round", "作废批次"),
        Binding("q", "quit", "退出"),
    ]

    class Counted(Message):
        def __init__(self, overdue: int, problems: list[str]) -> None:
            self.overdue, self.problems = overdue, problems
            super().__init__()

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.store, self.library = services.store, services.library
        self.rows: dict[str, dict[str, Any]] = {}
        self.damaged: set[str] = set()
        self._announced_overdue = 0
        self._filled_width: int | None = None  # the width the table's columns were cut for

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="empty")
        yield DataTable(id="rounds", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "检查批次"
        self.query_one("#empty", Static).update(self._empty_text())
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._fill())

    def on_resize(self) -> None:
        if self.rows and self.size.width != self._filled_width:  # only the width changes the cells
            self._fill()

    def on_screen_resume(self) -> None:
        """Paint on first show and again on coming back (the stepper may have changed rounds)."""
        self._first_paint()

    def _first_paint(self) -> None:
        try:
            result = self.store.figures()
        except AppError as error:
            result = IndexResult([], [])
            self.notify(str(error), title="无法读取批次目录", severity="error", markup=False)
        damaged = {round_id: str(error) for error in result.damaged
                   if (round_id := round_id_of(error.path)) is not None}
        rows = {f.id: f.listing_row() for f in result.rounds if f.status != VOID}  # void: only `rounds --all`
        rows.update({round_id: {"id": round_id} for round_id in damaged})
        self.rows = dict(sorted(rows.items(), key=lambda pair: round_number(pair[0]), reverse=True))
        self.damaged = set(damaged)
        self._fill()
        for problem in damaged.values():
            self.notify(problem, title="无法读取批次", severity="error", markup=False, timeout=15)
        self._count_overdue([f for f in result.rounds if f.status != VOID and f.row.get("open")])

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        selected = self.selected_round()
        colours = self.app.theme_variables
        self._filled_width = self.size.width
        columns = columns_for(self.size.width)
        wide = len(columns) == len(COLUMNS)
        rows = list(self.rows.values())
        damaged = bool(self.damaged & set(self.rows))
        titles = {round_id: self.checklist_name(row) for round_id, row in self.rows.items()}
        widths = text_widths(self.size.width, rows, damaged, list(titles.values()))
        cells = {round_id: row_cells(row, colours, widths, round_id in self.damaged,
                                     title=titles[round_id], wide=wide)
                 for round_id, row in self.rows.items()}
        table.clear(columns=True)  # columns too: each is as wide as its widest cell now
        for index, (key, label) in enumerate(columns):
            width = max([Text(label).cell_len, *(row[index].cell_len for row in cells.values())])
            table.add_column(label, key=key, width=width)
        for round_id, row in cells.items():
            table.add_row(*row, key=round_id)
        empty = not self.rows
        table.display = not empty
        self.query_one("#empty", Static).display = empty
        if selected in self.rows:
            table.move_cursor(row=table.get_row_index(selected), animate=False)
        if not empty:
            table.focus()

    def checklist_name(self, row: dict[str, Any]) -> str:
        """The checklist's short title (年度自查) from the library, else the round's own title:
        the list never shows the file's id, and two checklists never look the same cut short."""
        checklist = self.library.checklists.get(str(row.get("checklist", "")))
        if checklist is not None and checklist.short:
            return checklist.short
        return str(row.get("title") or row.get("checklist") or "")

    def _empty_text(self) -> Content:
        lines = [Content("还没有检查批次。").stylize("bold"),
                 Content("按 n 新建检查批次：选择检查表，填写单位和期间，然后逐项自查。"), Content("")]
        if self.library.checklists:
            lines.append(Content("可用的检查表：").stylize("bold"))
            for checklist in self.library.checklists.values():
                short = f"{checklist.short}，" if checklist.short else ""
                lines.append(Content.assemble(
                    ("  • ", "$accent"), Content(checklist.title),
                    (f"（{short}{len(checklist.items)} 项）", "dim")))
        else:
            lines.append(Content("没有可用的检查表：请把检查表文件放入数据文件夹的 checklists/ 中。"))
        lines += [Content(""), Content("按 ? 查看全部按键，按 ctrl+p 打开命令面板。").stylize("dim")]
        return Content("\n").join(lines)

    @work(thread=True, exclusive=True, group="home-refresh")
    def _count_overdue(self, rounds: list[RoundFigures]) -> None:
        """The overdue items of the rounds with open ones (their items are read from the index here,
        off the screen's thread)."""
        today = self.services.today()
        try:
            overdue = sum(1 for f in rounds for rect in f.rectifications if loop.is_overdue(rect, today))
        except AppError as error:
            self.post_message(self.Counted(0, [str(error)]))
            return
        self.post_message(self.Counted(overdue, []))

    @on(Counted)
    def _counted(self, message: Counted) -> None:
        for problem in message.problems:
            self.notify(problem, title="无法读取批次", severity="error", markup=False, timeout=15)
        if message.overdue and message.overdue != self._announced_overdue:
            self.notify(f"有 {message.overdue} 项整改已逾期，按 r 查看", title="整改逾期", severity="warning")
        self._announced_overdue = message.overdue

    # --- the keys -------------------------------------------------------------------------------

    def selected_round(self) -> str | None:
        table = self.query_one(DataTable)
        if not self.rows or table.row_count == 0:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        except Exception:  # no cursor yet
            return None
        return key.value

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("open_round", "void_round") and not self.rows:
            return None
        if action == "new_round" and not self.library.checklists:
            return None
        return True

    def action_new_round(self) -> None:
        form = NewRoundForm(self.services, rows=list(self.rows.values()))
        self.app.push_screen(form, self._created)

    def _created(self, round_id: str | None) -> None:
        if round_id:
            self.open_stepper(round_id)

    def open_stepper(self, round_id: str) -> None:
        self.app.push_screen(StepperScreen(self.services, round_id=round_id))

    def action_open_round(self) -> None:
        round_id = self.selected_round()
        if round_id:
            self.open_stepper(round_id)

    @on(DataTable.RowSelected, "#rounds")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.open_stepper(event.row_key.value)

    def action_void_round(self) -> None:
        round_id = self.selected_round()
        if not round_id:
            return
        row = self.rows[round_id]
        label = f"{row.get('title') or row.get('checklist')} · {row.get('unit')} · {row.get('period')}"
        self.app.push_screen(VoidForm(self.services, round_id, label), self._voided)

    def _voided(self, round_id: str | None) -> None:
        if round_id:
            self.notify(f"批次 {round_id} 已作废，不再计入汇总和报告", title="已作废")
            self._first_paint()

    def action_board(self) -> None:
        open_board(self, self.services, None)

    def action_summary(self) -> None:
        open_summary(self, self.services, None)

    def action_quit(self) -> None:
        self.app.exit()
