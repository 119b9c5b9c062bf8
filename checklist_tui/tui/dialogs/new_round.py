"""The new-round form: checklist × unit × period (a 检查批次), checked before it is created."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from textual import on, work
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, OptionList

from checklist_tui.domain.checklist import Checklist
from checklist_tui.domain.collation import sort_units
from checklist_tui.domain.people import name_check
from checklist_tui.domain.period import parse_period
from checklist_tui.errors import AppError
from checklist_tui.tui.dialogs.form import Field, FormDialog
from checklist_tui.tui.services import Services


def default_period(checklist: Checklist, today: dt.date) -> str:
    """This quarter for a quarterly checklist, else this year."""
    if checklist.cadence == "quarterly":
        return f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    return str(today.year)


def period_error(text: str) -> str | None:
    """Why a typed period is not one (said under the fields while typing); None for blank or valid."""
    if not text.strip():
        return None
    try:
        parse_period(text)
    except ValueError as error:
        return str(error)
    return None


class NewRoundForm(FormDialog[str]):
    """Dismisses with the new round's id, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "取消"),
        Binding("ctrl+s", "save", "创建"),
    ]

    class Created(Message):
        """The worker's answer: the new round's id, or why it was refused."""

        def __init__(self, round_id: str | None, error: str | None) -> None:
            self.round_id, self.error = round_id, error
            super().__init__()

    def __init__(self, services: Services, *, rows: list[dict[str, Any]]) -> None:
        self.services = services
        self.checklists = sorted(services.library.checklists.values(), key=lambda c: c.title)
        owners = {item.owner for c in self.checklists for item in c.items if item.owner}
        used = [str(row.get("unit", "")) for row in rows if row.get("unit")]
        register = services.library.units  # the units register comes first: its names are the ones scoped
        units = tuple(sort_units({*register.names, *used, *owners}, register.names))
        self.register = register
        last_used = str(rows[0].get("checklist", "")) if rows else ""  # rows come newest first
        fields = [
            Field("checklist", "检查表", last_used, required=True, options=tuple(
                (Content.assemble(Content(c.title), (f"  {c.short} · " if c.short else "  ", "dim"),
                                  (f"{len(c.items)} 项", "dim")), c.id)
                for c in self.checklists)),
            Field("unit", "单位", required=True, suggestions=units,
                  placeholder="单位名录中的办所或村，如 " + "、".join(register.names[:3])),
            Field("period", "期间", required=True, check=period_error,
                  placeholder="YYYY、YYYY-Qn 或 YYYY-MM，如 2025、2025-Q1、2025-03"),
            Field("inspector", "检查人", services.user or "", placeholder="姓名（可不填）",
                  check=name_check("检查人")),
        ]
        super().__init__("新建检查批次", "检查表用 ↑↓ 选择，Enter 到下一栏", fields, save_label="创建",
                         focus="checklist")
        self._default = ""

    def chosen(self) -> Checklist | None:
        by_id = {c.id: c for c in self.checklists}
        return by_id.get(self.text_of("checklist"))

    @on(OptionList.OptionHighlighted, "#field-checklist")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """A blank period, or the one filled in for the checklist before, follows the checklist."""
        checklist = self.chosen()
        period = self.query_one("#field-period", Input)
        if checklist is not None and period.value in ("", self._default):
            self._default = default_period(checklist, self.services.today())
            period.value = self._default

    def submit(self, values: dict[str, Any]) -> None:
        checklist = self.chosen()
        if checklist is None:
            self.refuse("请选择检查表", "checklist")
        elif not values["unit"]:
            self.refuse("请填写单位", "unit")
        elif not values["period"]:
            self.refuse("请填写期间", "period")
        else:
            self.say("正在创建…")
            self._create(checklist, values["unit"], values["period"], values["inspector"])

    @work(thread=True, exclusive=True)
    def _create(self, checklist: Checklist, unit: str, period: str, inspector: str) -> None:
        try:
            meta = self.services.store.new_round(checklist, unit, period, inspector,
                                                 created=self.services.today())
        except AppError as error:
            self.post_message(self.Created(None, str(error)))
            return
        self.post_message(self.Created(meta.id, None))

    @on(Created)
    def _created(self, message: Created) -> None:
        if message.error is not None:
            self.refuse(message.error)
        elif message.round_id is not None:
            unit = self.text_of("unit").strip()
            if self.register.kind_of(unit) is None:  # as `new` warns: only the items for every unit
                near = "、".join(self.register.closest(unit))
                self.app.notify(f"单位 {unit} 不在单位名录中，批次只含不限适用范围的检查项。"
                                + (f"相近的单位：{near}" if near else ""), title="单位不在名录中",
                                severity="warning", markup=False, timeout=10)
            self.accept(message.round_id)
