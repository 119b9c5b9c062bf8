"""The rectification board (整改台账, key `r`): every item in a table, filters, the selected item's
history, and a key per loop transition that opens a form (DESIGN §4, §7).

Items are loaded once in a worker; a saved transition replaces its item in place, so the table
never waits on disk. The loop's rules live in `loop.transition`: the board only offers the
transition keys the selected item can take and shows the domain's refusal inside the open form.
"""

from __future__ import annotations

from typing import Any, ClassVar
from weakref import WeakKeyDictionary

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from checklist_tui.domain.checklist import Checklist
from checklist_tui.domain.collation import sort_people, sort_units
from checklist_tui.domain.ids import round_number
from checklist_tui.domain.loop import KINDS, SOURCES, STATE_LABELS, Rectification
from checklist_tui.domain.people import is_person_name
from checklist_tui.errors import AppError
from checklist_tui.storage.round_file import RoundMeta
from checklist_tui.storage.store import LoadResult
from checklist_tui.tui.dialogs.rect_forms import ManualItemForm, RectForm, TransitionForm
from checklist_tui.tui.screens.board_filters import ALL_KEYS, MORE_FILTERS, BoardFilters, following
from checklist_tui.tui.screens.board_notice import notice_for
from checklist_tui.tui.screens.board_table import (
    board_order,
    columns_for,
    row_cells,
    text_widths,
)
from checklist_tui.tui.services import Services
from checklist_tui.tui.widgets.rect_detail import RectDetail

# action parameter → (states it applies to, target state, key, name)
STEPS: dict[str, tuple[tuple[str, ...], str, str, str]] = {
    "notify": (("found",), "notified", "t", "通报"),
    "work": (("notified", "rectifying"), "rectifying", "w", "整改"),  # the form: 开始整改 or 调整/延期
    "review": (("rectifying",), "review", "c", "提交复核"),
    "close": (("review",), "closed", "x", "销号"),
    "send_back": (("review",), "rectifying", "b", "退回"),
    "progress": (("rectifying",), "progress", "e", "进展"),
}
# The last 经办人 typed, per running app: pre-filled in the next form of the same session.
_last_by: WeakKeyDictionary[App[Any], str] = WeakKeyDictionary()


class BoardScreen(Screen[None]):
    """整改台账: the rectification items of all rounds, or of one round when `round_id` is given."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "返回"),
        Binding("j,down", "move(1)", "下一项", show=False),  # as in the stepper; ↓ is the table's own
        Binding("k,up", "move(-1)", "上一项", show=False),
        # the filter keys are named in the filter line itself, which keeps the footer to one row
        Binding("f", "cycle_state", "状态筛选", show=False),
        Binding("g", "cycle_unit", "单位筛选", show=False),
        Binding("o", "toggle_overdue", "逾期/临期", show=False),
        Binding("h", "cycle_person", "责任人筛选", show=False),
        *(Binding(key, f"cycle_more('{field}')", f"{name}筛选", show=False)
          for key, (field, name) in MORE_FILTERS.items()),
        Binding("p", "toggle_scope", "全部/本批次"),
        *(Binding(key, f"step('{name}')", label) for name, (_, _, key, label) in STEPS.items()),
        # a transition the selected item cannot take is left out of the footer (so it fits 80 columns);
        # its key falls through to these, which say why (bindings run in key order, so after a j)
        *(Binding(key, f"explain('{name}')", show=False) for name, (_, _, key, _) in STEPS.items()),
        Binding("a", "raise_item", "新增事项"),
        Binding("d", "notice", "督办通知（选中项的责任单位）", show=False),
    ]

    def __init__(self, services: Services, *, round_id: str | None = None) -> None:
        super().__init__()
        self.services = services
        self.store = services.store
        self.round_id = round_id
        self.today = services.today()  # overdue days and the forms' default date, for this visit
        self.rects: dict[str, Rectification] = {}
        self.rounds: dict[str, RoundMeta] = {}
        self.checklists: dict[str, Checklist] = {}
        self.only_round = round_id is not None
        self.filters = BoardFilters()
        self.selected: str | None = None
        self._filled_width: int | None = None  # the width the text columns were cut for

    def compose(self) -> ComposeResult:
        title = f"整改台账 · 批次 {self.round_id}" if self.round_id else "整改台账"
        yield Static(title, id="board-title", markup=False)
        yield Static("", id="board-filters")
        table: DataTable[Any] = DataTable(id="board-table", cursor_type="row", zebra_stripes=True)
        table.add_columns(*columns_for(self.app.size.width))
        yield table
        with VerticalScroll(id="board-detail-box"):
            yield RectDetail(id="board-detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.title = "整改台账"  # named so in the ? help
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._repaint())
        self.query_one(DataTable).loading = True
        self._show_filters()
        self.load()

    # --- loading ---------------------------------------------------------------------------

    class Loaded(Message):
        def __init__(self, result: LoadResult) -> None:
            self.result = result
            super().__init__()

    class Saved(Message):
        """A form's save went through (`rect`) or was refused (`error`)."""

        def __init__(self, form: RectForm, rect: Rectification | None, error: str | None, by: str) -> None:
            self.form, self.rect, self.error, self.by = form, rect, error, by
            super().__init__()

    @work(thread=True, exclusive=True, group="board-load")
    def load(self) -> None:
        result = self.store.load_all()
        result.rounds = [r for r in result.rounds if not r.is_void]  # a void round's items left with it
        self.post_message(self.Loaded(result))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        result = message.result
        self.rects = {r.id: r for record in result.rounds for r in record.rectifications}
        self.rounds = {record.id: record.meta for record in result.rounds}
        self.checklists = {record.id: record.checklist for record in result.rounds}
        if result.damaged:
            names = "、".join(str(error.path.name) for error in result.damaged)
            self.notify(f"以下批次文件已损坏，已跳过：{names}（可用 checklist-tui restore 恢复）",
                        severity="warning", markup=False, timeout=10)
        table = self.query_one(DataTable)
        table.loading = False
        self._fill()
        table.focus()

    # --- the table and the filters ---------------------------------------------------------

    def units(self) -> list[str]:
        """The 被检查单位 of the items in scope, in the register's order (others by pinyin)."""
        return sort_units({r.unit for r in self._scoped()}, self.store.units().names)

    def _scoped(self) -> list[Rectification]:
        rects: list[Rectification] = list(self.rects.values())
        if self.only_round and self.round_id:
            rects = [r for r in rects if r.round == self.round_id]
        return sorted(rects, key=board_order)

    def shown_items(self) -> list[Rectification]:
        """The items the filters let through, open first by due date, then closed (what the table shows)."""
        return [r for r in self._scoped() if self.filters.lets_through(r, self.today)]

    def _repaint(self) -> None:
        if not self.query_one(DataTable).loading:
            self._fill()

    def on_resize(self) -> None:
        if self.size.width != self._filled_width and not self.query_one(DataTable).loading:
            self._fill()

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        rows = self.shown_items()
        self._filled_width = self.size.width
        widths = text_widths(self.size.width, self._scoped())
        columns = columns_for(self.size.width)
        table.clear(columns=True)  # columns too: they are cut to the width of the screen now
        for label in columns:
            table.add_column(label, key=label, width=widths["问题"] if label == "问题" else None)
        for rect in rows:
            table.add_row(*row_cells(rect, columns, widths, self.today, self.app.theme_variables),
                          key=rect.id)
        ids = [r.id for r in rows]
        if self.selected not in ids:
            self.selected = ids[0] if ids else None
        if self.selected is not None:
            table.move_cursor(row=ids.index(self.selected), animate=False)
        self._show_filters()
        self._show_detail()

    def _show_filters(self) -> None:
        scope = f"本批次 {self.round_id}" if self.only_round and self.round_id else "全部批次"
        line = self.filters.line(scope)
        if self.rects or not self.query_one(DataTable).loading:
            line.append(f"  共 {len(self.shown_items())}/{len(self._scoped())} 项")  # one row at 80 columns
        self.query_one("#board-filters", Static).update(line)

    def _show_detail(self) -> None:
        rect = self.rects.get(self.selected) if self.selected else None
        item_text = None
        if rect is not None and rect.item and rect.round in self.checklists:
            try:
                item_text = self.checklists[rect.round].item(rect.item).text
            except KeyError:
                item_text = None
        self.query_one(RectDetail).show(rect, self.today, item_text, empty=self._empty_hint())
        self.refresh_bindings()

    def _empty_hint(self) -> str:
        """What the detail pane says when no item is selected: why, and what to do."""
        if not self.rounds:
            return "还没有整改事项。在主页按 n 新建检查批次，自查后提交，不符合和基本符合的项会成为整改事项。"
        if not self._scoped():
            return "还没有整改事项。提交检查批次后，不符合和基本符合的项会列在这里；也可按 a 手工新增。"
        if not self.shown_items():
            return f"没有符合筛选条件的整改事项：按 {ALL_KEYS} 调整筛选。"
        return "没有选中的整改事项。"

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value if event.row_key is not None else None
        if key != self.selected:
            self.selected = key
            self._show_detail()

    def action_cycle_state(self) -> None:
        self.filters.next_state()
        self._fill()

    def action_cycle_unit(self) -> None:
        self.filters.unit = following(self.filters.unit, self.units())
        self._fill()

    def action_toggle_overdue(self) -> None:
        self.filters.next_due()
        self._fill()

    def action_cycle_more(self, name_of: str) -> None:
        values = {v for r in self._scoped() if (v := getattr(r, name_of))}
        # 责任单位 in the register's order; 来源 and 类型 in the loop's own order of their words
        ordered = sort_units(values, self.store.units().names) if name_of == "owner" else \
            [v for v in (*SOURCES, *KINDS) if v in values] + sort_people(values - {*SOURCES, *KINDS})
        self.filters.more[name_of] = following(self.filters.more.get(name_of), ordered)
        self._fill()

    def action_cycle_person(self) -> None:
        people = sort_people(r.person for r in self._scoped() if r.person)
        self.filters.person = following(self.filters.person, people)
        self._fill()

    def action_toggle_scope(self) -> None:
        self.only_round = not self.only_round
        self.filters.clear_values()
        self._fill()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_move(self, step: int) -> None:
        """Select the next or previous row now, not when the table's highlight message arrives, so a
        key typed right after j (t, w …) acts on the item j moved to."""
        table = self.query_one(DataTable)
        if table.row_count:
            row = max(0, min(table.cursor_row + step, table.row_count - 1))
            table.move_cursor(row=row)
            self.selected = table.ordered_rows[row].key.value
            self._show_detail()

    # --- transitions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_scope":
            return self.round_id is not None  # hidden when the board shows all rounds anyway
        if action == "step":  # only the transitions the selected item can take are offered
            rect = self.rects.get(self.selected) if self.selected else None
            states = STEPS[str(parameters[0])][0]
            return True if rect is not None and rect.state in states else False
        return True

    def action_explain(self, step: str) -> None:
        """Why a transition key that is not offered does nothing, and which keys would."""
        name = STEPS[step][3]
        rect = self.rects.get(self.selected) if self.selected else None
        if rect is None:
            self.notify(f"{name}：请先在表格中选中一项整改事项", severity="warning", markup=False)
            return
        label = STATE_LABELS[rect.state]
        nexts = [f"{key} {label_}" for states, _, key, label_ in STEPS.values() if rect.state in states]
        hint = "可进行：" + "、".join(nexts) if nexts else "已销号为最终状态，不能再流转"
        self.notify(f"{rect.id} 当前为{label}，不能{name}；{hint}", severity="warning", markup=False)

    def action_step(self, step: str) -> None:
        rect = self.rects.get(self.selected) if self.selected else None
        if rect is None or not self.check_action("step", (step,)):
            self.action_explain(step)
            return
        to = STEPS[step][1]
        people = self._people(rect.round)
        form = TransitionForm(rect, to, self._attempt_step, by=people[0] if people else "", today=self.today,
                              people=people)
        self.app.push_screen(form, self._form_closed)

    def _attempt_step(self, form: RectForm, values: dict[str, Any]) -> None:
        assert isinstance(form, TransitionForm)
        self.save_step(form, form.rect.id, form.to, values)

    @work(thread=True, group="board-save")
    def save_step(self, form: RectForm, rect_id: str, to: str, values: dict[str, Any]) -> None:
        try:
            rect = self.store.rectify(rect_id, to, **values)
        except AppError as error:
            self.post_message(self.Saved(form, None, str(error), values["by"]))
            return
        self.post_message(self.Saved(form, rect, None, values["by"]))

    def action_raise_item(self) -> None:
        if not self.rounds:
            self.notify("还没有检查批次，无法新增整改事项", severity="warning", markup=False)
            return
        current = self.rects.get(self.selected) if self.selected else None
        ids = sorted(self.rounds, key=round_number, reverse=True)
        if current is not None:  # the selected item's round first: the likely choice
            ids.remove(current.round)
            ids.insert(0, current.round)
        rounds = [(i, self._round_label(i)) for i in ids]
        people = self._people(self.round_id or ids[0])
        form = ManualItemForm(rounds, self._attempt_raise, round_id=self.round_id,
                              by=people[0] if people else "", today=self.today, people=people)
        self.app.push_screen(form, self._form_closed)

    def _people(self, round_id: str) -> tuple[str, ...]:
        """Who a form offers as 经办人, the first pre-filled: the name given last in this session, the
        logged-in user (`serve`), the round's 检查人; only names (a note typed there never comes back)."""
        inspector = self.rounds[round_id].inspector if round_id in self.rounds else ""
        names = (_last_by.get(self.app, ""), self.services.user or "", inspector or "")
        return tuple(dict.fromkeys(n.strip() for n in names if is_person_name(n)))

    def _round_label(self, round_id: str) -> str:
        meta = self.rounds[round_id]
        return f"{round_id} {meta.unit} {meta.period} {meta.title}"

    def _attempt_raise(self, form: RectForm, values: dict[str, Any]) -> None:
        self.save_raise(form, values)

    @work(thread=True, group="board-save")
    def save_raise(self, form: RectForm, values: dict[str, Any]) -> None:
        try:
            rect = self.store.raise_item(values["round"], problem=values["problem"], by=values["by"],
                                         item=values["item"], date=values["date"])
        except AppError as error:
            self.post_message(self.Saved(form, None, str(error), values["by"]))
            return
        self.post_message(self.Saved(form, rect, None, values["by"]))

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        rect = message.rect
        if rect is None:
            message.form.refuse(message.error or "")
            return
        self.rects[rect.id] = rect
        if is_person_name(message.by):
            _last_by[self.app] = message.by.strip()
        self.selected = rect.id
        message.form.accept(rect)

    # --- 督办通知 -------------------------------------------------------------------------------

    def action_notice(self) -> None:
        """督办通知 for the selected item's 责任单位: its overdue items, else those 临期."""
        rect = self.rects.get(self.selected) if self.selected else None
        if rect is None:
            self.notify("督办通知：请先选中一项整改事项（按其责任单位生成）", severity="warning",
                        markup=False)
            return
        self.write_notice(rect.owner)

    @work(thread=True, group="board-notice")
    def write_notice(self, owner: str | None) -> None:
        mine = sorted((r for r in self.rects.values() if r.owner == owner), key=board_order)
        message, severity = notice_for(self.app, self.store, owner, mine, self.today)
        self.app.call_from_thread(self.notify, message, severity=severity, markup=False)

    def _form_closed(self, result: Rectification | None) -> None:
        if result is None:
            return
        self._fill()
        self.query_one(DataTable).focus()
        done = "已新增" if len(result.history) == 1 else "已更新为"
        self.notify(f"{result.id} {done}「{STATE_LABELS[result.state]}」", markup=False)
