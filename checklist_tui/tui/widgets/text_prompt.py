"""A one-line field under the item card for a note, evidence or a value.

Enter posts `FieldPrompt.Submitted`, Escape posts `FieldPrompt.Cancelled`; the screen decides
what to save. A refused value is shown with `show_error` and the field stays open.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Label, Static

from checklist_tui.tui.widgets.cjk_content import cjk


class FieldPrompt(Vertical):
    """Hidden until `open()`; one field at a time."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "取消", key_display="esc"),
        # as the app reads it (priority): keys typed right after Enter (the next answer) are the
        # screen's, not more text for this field (see tui/key_order.py)
        Binding("enter", "submit", show=False, priority=True),
    ]

    class Submitted(Message):
        def __init__(self, field: str, value: str) -> None:
            self.field = field
            self.value = value
            super().__init__()

    class Cancelled(Message):
        def __init__(self, field: str) -> None:
            self.field = field
            super().__init__()

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.field: str | None = None

    def compose(self) -> ComposeResult:
        yield Label(id="prompt-label")
        yield Input(id="prompt-input", select_on_focus=False, compact=True)
        yield Static(id="prompt-error")

    @property
    def is_open(self) -> bool:
        return self.field is not None

    def open(self, field: str, label: str, value: str = "", placeholder: str = "") -> None:
        """Show the field with a label and a starting value, and give it the focus."""
        self.field = field
        self.query_one("#prompt-label", Label).update(Content(label))
        self.query_one("#prompt-error", Static).update("")
        box = self.query_one("#prompt-input", Input)
        box.placeholder = placeholder
        box.value = value
        box.cursor_position = len(value)
        self.add_class("-open")
        self.app.stylesheet.update(self)  # shown now, not at the next idle, so it takes the focus now:
        self.screen.set_focus(box)  # a note typed right after 3 lands here
        self.screen.refresh_bindings()

    def close(self) -> None:
        self.field = None
        self.remove_class("-open")
        self.query_one("#prompt-input", Input).value = ""
        self.query_one("#prompt-error", Static).update("")
        self.screen.set_focus(None)
        self.screen.refresh_bindings()

    def show_error(self, message: str) -> None:
        self.query_one("#prompt-error", Static).update(cjk(message))
        self.screen.set_focus(self.query_one("#prompt-input", Input))  # refused: typing goes on here

    def action_submit(self) -> None:
        """Enter: the focus leaves the field at once and the screen gets the value next, before
        any key typed after Enter."""
        box = self.query_one("#prompt-input", Input)
        if self.field is None or self.screen.focused is not box:
            raise SkipAction()
        self.screen.set_focus(None)
        self.screen.post_message(self.Submitted(self.field, box.value))

    @on(Input.Submitted, "#prompt-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.field is not None:
            self.post_message(self.Submitted(self.field, event.value))

    def action_cancel(self) -> None:
        if self.field is not None:
            self.post_message(self.Cancelled(self.field))
