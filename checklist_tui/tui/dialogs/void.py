"""作废批次: the form that withdraws a round created by mistake, asking why and who.

It cannot be undone, so the form says so and needs both fields; the store refuses a round whose
rectification items have moved past 待通报, and the refusal is shown in the form.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on, work
from textual.binding import Binding, BindingType
from textual.message import Message

from checklist_tui.domain.people import is_person_name, name_check
from checklist_tui.errors import AppError
from checklist_tui.tui.dialogs.form import Field, FormDialog
from checklist_tui.tui.services import Services


class VoidForm(FormDialog[str]):
    """Dismisses with the round id once it is void, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "取消"),
        Binding("ctrl+s", "save", "确认作废"),
    ]

    class Voided(Message):
        def __init__(self, error: str | None) -> None:
            self.error = error
            super().__init__()

    def __init__(self, services: Services, round_id: str, label: str, inspector: str = "") -> None:
        self.services = services
        self.round_id = round_id
        # as the board's forms: the logged-in user (`serve`), else the round's 检查人, pre-filled and offered
        names = (services.user or "", inspector)
        people = tuple(dict.fromkeys(n.strip() for n in names if is_person_name(n)))
        fields = [
            Field("reason", "作废原因", required=True, placeholder="如 单位选错、重复建立"),
            Field("by", "经办人", people[0] if people else "", required=True, placeholder="姓名",
                  suggestions=people, check=name_check("经办人")),
        ]
        super().__init__(f"作废批次 {round_id}",
                         f"{label}。作废后保留文件，不再计入任何汇总和报告，不能撤销。",
                         fields, save_label="确认作废", focus="reason")

    def submit(self, values: dict[str, Any]) -> None:
        if not values["reason"]:
            self.refuse("请填写作废原因", "reason")
        elif not values["by"]:
            self.refuse("请填写经办人", "by")
        else:
            self.say("正在作废…")
            self._void(values["reason"], values["by"])

    @work(thread=True, exclusive=True)
    def _void(self, reason: str, by: str) -> None:
        try:
            self.services.store.void_round(self.round_id, reason=reason, by=by)
        except AppError as error:
            self.post_message(self.Voided(str(error)))
            return
        self.post_message(self.Voided(None))

    @on(Voided)
    def _voided(self, message: Voided) -> None:
        if message.error is not None:
            self.refuse(message.error)
        else:
            self.accept(self.round_id)
