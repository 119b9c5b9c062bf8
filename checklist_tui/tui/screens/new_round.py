"""The new-round form: checklist × unit × period (a 检查批次), checked before it is created."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from checklist_tui.catalogue.library import Library
from checklist_tui.domain.checklist import Checklist
from checklist_tui.domain.period import parse_period
from checklist_tui.errors import AppError
from checklist_tui.storage.store import Store


def default_period(checklist: Checklist, today: dt.date) -> str:
    """This quarter for a quarterly checklist, else this year."""
    if checklist.cadence == "quarterly":
        return f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    return str(today.year)


FIELDS = (
    ("unit", "单位", "被检查的办所或村,如 党政办、司法所"),
    ("period", "期间", "YYYY、YYYY-Qn 或 YYYY-MM,如 2025、2025-Q1、2025-03"),
    ("inspector", "检查人", "姓名(可不填)"),
)


class NewRoundScreen(ModalScreen[str | None]):
    """Dismisses with the new round's id, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "取消"),
        Binding("ctrl+s", "create", "创建"),
    ]

    class Done(Message):
        def __init__(self, round_id: str | None, error: str | None) -> None:
            self.round_id, self.error = round_id, error
            super().__init__()

    def __init__(self, *, store: Store, library: Library, rows: list[dict[str, Any]]) -> None:
        super().__init__()
        self.store, self.library = store, library
        self.checklists = sorted(library.checklists.values(), key=lambda c: c.title)
        owners = {item.owner for c in self.checklists for item in c.items if item.owner}
        used = [str(row.get("unit", "")) for row in rows if row.get("unit")]
        self.units = list(dict.fromkeys([*used, *sorted(owners)]))
        self._default = ""
        self.last_used = str(rows[0].get("checklist", "")) if rows else ""  # rows come newest first

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form-dialog"):
            yield Label("新建检查批次", classes="dialog-title")
            yield Label("检查表(↑↓ 选择,Enter 下一栏)", classes="form-label")
            yield OptionList(*[
                Option(Content.assemble(Content(c.title), (f"  {c.id} · {len(c.items)} 项", "dim")), id=c.id)
                for c in self.checklists], id="checklist", compact=True)
            for field, label, hint in FIELDS:
                with Horizontal(classes="form-row"):
                    yield Label(label, classes="form-label")
                    yield Input((getattr(self.app, "user", None) or "") if field == "inspector" else "",
                                id=field, placeholder=hint, compact=True,
                                suggester=SuggestFromList(self.units, case_sensitive=False)
                                if field == "unit" else None)
            yield Static(id="period-error", classes="form-error")
            yield Static(id="form-error", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("创建 (ctrl+s)", variant="primary", id="create", compact=True)
                yield Button("取消 (esc)", id="cancel", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        options = self.query_one("#checklist", OptionList)
        if self.checklists:
            ids = [c.id for c in self.checklists]
            options.highlighted = ids.index(self.last_used) if self.last_used in ids else 0
        options.focus()

    def chosen(self) -> Checklist | None:
        index = self.query_one("#checklist", OptionList).highlighted
        return self.checklists[index] if index is not None and index < len(self.checklists) else None

    @on(OptionList.OptionHighlighted, "#checklist")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        checklist = self.chosen()
        period = self.query_one("#period", Input)
        if checklist is not None and period.value in ("", self._default):
            self._default = default_period(checklist, self.app.today())  # type: ignore[attr-defined]
            period.value = self._default

    @on(OptionList.OptionSelected, "#checklist")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#unit", Input).focus()

    @on(Input.Changed, "#period")
    def _period_changed(self, event: Input.Changed) -> None:
        self.query_one("#period-error", Static).update(Content(self.period_error(event.value) or ""))

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self.query_one("#form-error", Static).update("")  # a refusal of the earlier values is stale now

    @staticmethod
    def period_error(text: str) -> str | None:
        if not text.strip():
            return None
        try:
            parse_period(text)
        except ValueError as error:
            return str(error)
        return None

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        following = {"unit": "#period", "period": "#inspector"}
        if event.input.id in following:
            self.query_one(following[event.input.id], Input).focus()
        else:
            self.action_create()

    @on(Button.Pressed, "#create")
    def _create_pressed(self) -> None:
        self.action_create()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_create(self) -> None:
        error = self.query_one("#form-error", Static)
        checklist = self.chosen()
        unit = self.query_one("#unit", Input).value.strip()
        period = self.query_one("#period", Input).value.strip()
        inspector = self.query_one("#inspector", Input).value.strip()
        if checklist is None:
            error.update("请选择检查表")
            return
        if not unit:
            error.update("请填写单位")
            self.query_one("#unit", Input).focus()
            return
        problem = self.period_error(period)
        if problem or not period:  # an invalid period is already said under its field
            error.update("" if problem else "请填写期间")
            self.query_one("#period", Input).focus()
            return
        error.update("正在创建…")
        self._create(checklist, unit, period, inspector)

    @work(thread=True, exclusive=True)
    def _create(self, checklist: Checklist, unit: str, period: str, inspector: str) -> None:
        try:
            meta = self.store.new_round(checklist, unit, period, inspector,
                                        created=self.app.today())  # type: ignore[attr-defined]
        except AppError as error:
            self.post_message(self.Done(None, str(error)))
            return
        self.post_message(self.Done(meta.id, None))

    @on(Done)
    def _done(self, message: Done) -> None:
        if message.error is not None:
            self.query_one("#form-error", Static).update(Content(message.error))
            return
        self.dismiss(message.round_id)
