"""A yes/no dialog, or (with no confirm button) a notice that only closes."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Label, Static

from checklist_tui.tui.widgets.cjk_content import cjk


class ConfirmDialog(ModalScreen[bool]):
    """Dismisses with True (确定 / y) or False (取消 / n / Escape). The body is taken literally."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "确定"),
        Binding("n,escape", "answer(False)", "取消", key_display="esc"),
    ]

    def __init__(self, title: str, body: str | Content, confirm: str | None = "确定",
                 cancel: str = "取消") -> None:
        super().__init__()
        self.heading = title
        self.body = body if isinstance(body, Content) else Content(body)
        self.confirm_label = confirm
        self.cancel_label = cancel

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Content(self.heading), classes="dialog-title")
            with VerticalScroll(classes="dialog-body"):
                yield Static(cjk(self.body))
            with Horizontal(classes="dialog-buttons"):
                if self.confirm_label:
                    yield Button(f"{self.confirm_label}（y）", variant="primary", id="confirm", compact=True)
                yield Button(f"{self.cancel_label}（esc）", id="cancel", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#confirm" if self.confirm_label else "#cancel", Button).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "answer" and parameters == (True,) and not self.confirm_label:
            return False
        return True

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm")
