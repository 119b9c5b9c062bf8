"""Home: every round, newest first; start, open, board, summary (DESIGN §7).

The rows come from the data folder's index, each fresh against its round file; a damaged file is
a row saying so. With many rounds the first paint shows only the newest screenful (their entries
read from the index's head line, their files stat'ed), then a worker reads the whole index and
the rest of the rows join the table a chunk at a time after each paint, the screen saying it is
still loading meanwhile; every key works throughout. Then a worker counts and announces the
overdue rectification items.
"""

from __future__ import annotations

from collections import deque
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from checklist_tui.domain import loop
from checklist_tui.domain.ids import round_number
from checklist_tui.domain.round import VOID
from checklist_tui.domain.round_figures import RoundFigures
from checklist_tui.errors import AppError
from checklist_tui.storage.index import IndexResult
from checklist_tui.storage.round_shape import round_id_of
from checklist_tui.tui.screens.home_rows import TableCells, table_cells
from checklist_tui.tui.screens.navigation import open_board, open_summary
from checklist_tui.tui.services import Services

FIRST_ROWS = 60  # more rounds than this: the newest are painted first, the rest follow
CHUNK = 250  # rows joining the table between two paints


def _listed(result: IndexResult) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """The rows home lists (by round id, newest first; void rounds only in `rounds --all`) and the
    damaged files (round id → what is wrong), a damaged file being a row of its own."""
    damaged = {round_id: str(error) for error in result.damaged
               if (round_id := round_id_of(error.path)) is not None}
    rows = {f.id: f.listing_row() for f in result.rounds if f.status != VOID}
    rows.update({round_id: {"id": round_id} for round_id in damaged})
    return dict(sorted(rows.items(), key=lambda pair: round_number(pair[0]), reverse=True)), damaged


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

    class Read(Message):
        """The worker's read of the whole index: the rows, the damaged files and the table's cells
        (made for a width and theme), or why the folder could not be read."""

        def __init__(self, read: int, result: IndexResult, table: TableCells | None,
                     error: str | None) -> None:
            self.read, self.result, self.table, self.error = read, result, table, error
            super().__init__()

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.store, self.library = services.store, services.library
        self.rows: dict[str, dict[str, Any]] = {}  # newest first; with many rounds, the first ones at first
        self.damaged: set[str] = set()
        self._announced_overdue = 0
        self._table: TableCells | None = None  # the cells the table was built from
        self._pending: deque[str] = deque()  # rows still to join the table, in order
        self._wanted: str | None = None  # the round the cursor goes back to once its row is in
        self._reads = 0  # whole reads of the index started: only the latest one's rows are shown
        self._reading = False
        self._chain = 0  # the rows being added: a newer fill stops an older one
        self._loading_words = ""

    @property
    def still_loading(self) -> bool:
        """True while rows are still to come (the index being read, or rows joining the table)."""
        return self._reading or bool(self._pending)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="empty")
        yield DataTable(id="rounds", cursor_type="row", zebra_stripes=True)
        yield Static(id="loading")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "检查批次"
        self.query_one("#empty", Static).update(self._empty_text())
        self.query_one("#loading", Static).display = False
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._fill())

    def on_resize(self) -> None:
        if self.rows and (self._table is None or self.size.width != self._table.screen_width):
            self._fill()  # only the width changes the cells

    def on_screen_resume(self) -> None:
        """Paint on first show and again on coming back (the stepper may have changed rounds)."""
        self._first_paint()

    def _first_paint(self) -> None:
        """A few rounds: all of them now. Many: the newest screenful now and the rest from a worker
        after this paint; coming back, the rows shown stay until the worker's fresh ones are in."""
        try:
            ids = self.store.round_ids()
            if len(ids) > FIRST_ROWS:
                if not self.rows:
                    first = self.store.newest_figures(FIRST_ROWS, lambda f: f.status != VOID, ids=ids)
                    self.rows, damaged = _listed(first)
                    self.damaged = set(damaged)
                    self._reading = True
                    self._fill()
                    self.call_after_refresh(self._read_all)
                else:
                    self._read_all()
                return
            result = self.store.figures()
        except AppError as error:
            result = IndexResult([], [])
            self.notify(str(error), title="无法读取批次目录", severity="error", markup=False)
        self.rows, damaged = _listed(result)
        self.damaged = set(damaged)
        self._fill()
        self._after_read(result, damaged)

    def _after_read(self, result: IndexResult, damaged: dict[str, str]) -> None:
        for problem in damaged.values():
            self.notify(problem, title="无法读取批次", severity="error", markup=False, timeout=15)
        self._count_overdue([f for f in result.rounds if f.status != VOID and f.row.get("open")])

    def _read_all(self) -> None:
        self._reads += 1
        self._reading = True
        self._say_loading()
        self._read_index(self._reads, self.size.width, dict(self.app.theme_variables))

    @work(thread=True, exclusive=True, group="home-read")
    def _read_index(self, read: int, width: int, colours: dict[str, str]) -> None:
        """Every round's row, fresh against its file (the index written back when it changed), and
        the table's cells for them, off the screen's thread."""
        try:
            result = self.store.figures()
        except AppError as error:
            self.post_message(self.Read(read, IndexResult([], []), None, str(error)))
            return
        rows, damaged = _listed(result)
        table = table_cells(width, rows, set(damaged), colours, self.checklist_name)
        self.post_message(self.Read(read, result, table, None))

    @on(Read)
    def _read(self, message: Read) -> None:
        if message.read != self._reads:
            return  # a newer read is under way
        self._reading = False
        if message.error is not None:
            self._say_loading()
            self.notify(message.error, title="无法读取批次目录", severity="error", markup=False)
            return
        self.rows, damaged = _listed(message.result)
        self.damaged = set(damaged)
        table = message.table
        if table is not None and (table.screen_width != self.size.width
                                  or table.colours != self.app.theme_variables):
            table = None  # resized or re-themed meanwhile: made anew for the screen as it is
        self._fill(table)
        self._after_read(message.result, damaged)

    def _fill(self, cells: TableCells | None = None) -> None:
        """The table for this width: its columns, the first rows now and the rest after the next
        paints. A table already showing the same columns and the first of these rows keeps them
        (a changed one is updated in place) and only the rows after them are added."""
        table = self.query_one(DataTable)
        selected = self.selected_round()
        if cells is None:
            cells = table_cells(self.size.width, self.rows, self.damaged, dict(self.app.theme_variables),
                                self.checklist_name)
        shown, self._table = self._table, cells
        keys = list(cells.cells)
        present = [str(row.key.value) for row in table.ordered_rows] if shown is not None else []
        if (shown is not None and shown.columns == cells.columns and shown.colours == cells.colours
                and present == keys[:len(present)]):
            for key in present:
                if shown.rows[key] != cells.rows[key] or (key in shown.damaged) != (key in cells.damaged):
                    for (column, _, _), value in zip(cells.columns, cells.cells[key], strict=True):
                        table.update_cell(key, column, value)
            pending = keys[len(present):]
        else:
            table.clear(columns=True)  # columns too: each is as wide as its widest cell now
            for key, label, width in cells.columns:
                table.add_column(label, key=key, width=width)
            pending = keys
            self._wanted = selected if selected in cells.cells else None
        self._pending = deque(pending)
        self._chain += 1
        self._more(self._chain, max(FIRST_ROWS, CHUNK))  # a screenful at once
        empty = not self.rows
        table.display = not empty
        self.query_one("#empty", Static).display = empty
        if not empty:
            table.focus()

    def _more(self, chain: int, count: int) -> None:
        """The next `count` rows join the table; the ones after them once it has been painted."""
        if chain != self._chain or self._table is None:
            return
        table = self.query_one(DataTable)
        cells = self._table.cells
        for _ in range(min(count, len(self._pending))):
            key = self._pending.popleft()
            table.add_row(*cells[key], key=key)
        if self._wanted is not None and self._wanted not in self._pending:
            table.move_cursor(row=table.get_row_index(self._wanted), animate=False)
            self._wanted = None
        if self._pending:
            self.call_after_refresh(self._more, chain, CHUNK)
        self._say_loading()

    def _say_loading(self) -> None:
        """The line under the table while rows are still to come. Its words change only when the
        read is done (a line laid out anew with every chunk of rows cost more than the rows)."""
        line = self.query_one("#loading", Static)
        shown = self.still_loading and bool(self.rows)
        if shown:
            words = ("正在载入批次……（已列出最新的批次）" if self._reading
                     else f"正在载入批次……（共 {len(self.rows)} 个）")
            if words != self._loading_words:
                line.update(words)
                self._loading_words = words
        if line.display != shown:
            line.display = shown

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
        from checklist_tui.tui.dialogs.new_round import NewRoundForm

        form = NewRoundForm(self.services, rows=list(self.rows.values()))
        self.app.push_screen(form, self._created)

    def _created(self, round_id: str | None) -> None:
        if round_id:
            self.open_stepper(round_id)

    def open_stepper(self, round_id: str) -> None:
        from checklist_tui.tui.screens.stepper import StepperScreen

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
        from checklist_tui.tui.dialogs.void import VoidForm

        inspector = str(row.get("inspector") or "")
        self.app.push_screen(VoidForm(self.services, round_id, label, inspector), self._voided)

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
