"""Forms of the rectification board: one loop transition of an item, or an item raised by hand.

A form never writes anything itself. Save checks what only the form can check (the dates'
shape), then hands the values to the `attempt` callback its screen gave it; the screen runs the
store in a worker and answers with `refuse(message)`, which keeps the form open with the message
shown, or `accept(result)`, which closes it and returns the result through `dismiss`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Select, Static

from checklist_tui.domain.loop import STATE_LABELS, Rectification
from checklist_tui.domain.period import parse_date

Attempt = Callable[["RectForm", dict[str, Any]], None]
DATE_KEYS = ("date", "due")


@dataclass(frozen=True)
class Field:
    """One line of a form; `required` only marks the label and decides where the cursor starts
    (the domain decides what is really required, and its refusal is shown in the form)."""

    key: str
    label: str
    value: str = ""
    required: bool = False
    placeholder: str = ""
    choices: tuple[tuple[str, str], ...] = ()  # (label, value): a picker instead of a text field


class RectForm(ModalScreen[Any]):
    """A modal form: fields in a grid, an error line, 保存 and 取消."""

    DEFAULT_CSS = """
    RectForm { align: center middle; }
    RectForm #form-box {
        width: 84; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    RectForm .form-title { text-style: bold; color: $primary; }
    RectForm .form-subtitle { color: $text-muted; margin-bottom: 1; }
    RectForm Grid { grid-size: 2; grid-columns: 18 1fr; grid-gutter: 1 0; height: auto; }
    RectForm Grid Label { width: 100%; text-align: right; padding-right: 1; }
    RectForm #form-error { color: $error; text-style: bold; margin-top: 1; display: none; }
    RectForm #form-error.shown { display: block; }
    RectForm .form-buttons { height: auto; margin-top: 1; align-horizontal: right; }
    RectForm .form-buttons Button { margin-left: 2; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "取消"),
        Binding("ctrl+s", "save", "保存"),
    ]

    def __init__(self, title: str, subtitle: str, fields: Sequence[Field], attempt: Attempt) -> None:
        super().__init__()
        self.form_title = title
        self.subtitle = subtitle
        self.fields = tuple(fields)
        self.attempt = attempt
        self.busy = False

    def compose(self) -> ComposeResult:
        with Vertical(id="form-box"):
            yield Static(Text(self.form_title), classes="form-title")
            if self.subtitle:
                yield Static(Text(self.subtitle), classes="form-subtitle")
            with Grid():
                for field in self.fields:
                    yield Label(Text(field.label + (" *" if field.required else "")))
                    if field.choices:
                        options = [(Text(label), value) for label, value in field.choices]
                        yield Select(options, value=field.value, allow_blank=False, compact=True,
                                     id=f"field-{field.key}")
                    else:
                        yield Input(field.value, placeholder=field.placeholder, compact=True,
                                    id=f"field-{field.key}")
            yield Static("", id="form-error")
            with Horizontal(classes="form-buttons"):
                yield Button("保存 Ctrl+S", variant="primary", id="save", compact=True)
                yield Button("取消 Esc", id="cancel", compact=True)
        yield Footer(compact=True)  # the form's keys, not the board's behind it

    def on_mount(self) -> None:
        first = next((f for f in self.fields if f.required and not f.value and not f.choices), None)
        first = first or next((f for f in self.fields if not f.choices), self.fields[0])
        self.query_one(f"#field-{first.key}").focus()

    @property
    def error(self) -> str:
        """The refusal shown in the form, '' when none (what a test or a screen reader reads)."""
        widget = self.query_one("#form-error", Static)
        return str(widget.content) if widget.has_class("shown") else ""

    def refuse(self, message: str) -> None:
        """Show why the save was refused; the form stays open with what was typed."""
        self.busy = False
        if not self.is_attached:
            return
        error = self.query_one("#form-error", Static)
        error.update(Text(message))
        error.add_class("shown")

    def accept(self, result: Any) -> None:
        self.busy = False
        if self.is_attached and self.app.screen is self:
            self.dismiss(result)

    def values(self) -> dict[str, Any]:
        """The fields' values; dates parsed (a blank due date is None). ValueError names a bad date."""
        values: dict[str, Any] = {}
        for field in self.fields:
            widget = self.query_one(f"#field-{field.key}")
            text = str(widget.value).strip()  # type: ignore[attr-defined]
            if field.key in DATE_KEYS:
                if not text and field.key == "due":
                    values[field.key] = None
                    continue
                try:
                    values[field.key] = parse_date(text)
                except ValueError as error:
                    raise ValueError(f"{field.label.removesuffix('(可选)')}: {error}") from None
            else:
                values[field.key] = text
        return values

    def action_save(self) -> None:
        if self.busy:
            return
        try:
            values = self.values()
        except ValueError as error:
            self.refuse(str(error))
            return
        self.busy = True
        self.attempt(self, values)

    def action_cancel(self) -> None:
        if not self.busy:  # a save under way answers with accept() or refuse()
            self.dismiss(None)

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        """Enter moves to the next field; on the last one it saves."""
        event.stop()
        inputs = list(self.query(Input))
        if event.input is inputs[-1]:
            self.action_save()
        else:
            self.focus_next()


# --- the forms the board opens ---------------------------------------------------------------

# (from, to) → (title, the comment's label, whether the comment is required, plan fields, evidence)
STEP_FORMS: dict[tuple[str, str], tuple[str, str, bool, bool, bool]] = {
    ("found", "notified"): ("通报", "通报说明(可选)", False, False, False),
    ("notified", "rectifying"): ("开始整改", "说明(可选)", False, True, False),
    ("rectifying", "rectifying"): ("调整/延期", "调整理由(可选)", False, True, False),
    ("rectifying", "review"): ("提交复核", "整改情况说明", True, False, True),
    ("review", "closed"): ("销号", "销号意见", True, False, True),
    ("review", "rectifying"): ("退回", "退回理由", True, True, False),
}


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _who_when(by: str, today: dt.date) -> list[Field]:
    return [
        Field("by", "经办人", by, required=True),
        Field("date", "日期", today.isoformat(), required=True, placeholder="YYYY-MM-DD"),
    ]


class TransitionForm(RectForm):
    """The form of one transition of `rect` to `to`; values match `Store.rectify`'s keywords."""

    def __init__(self, rect: Rectification, to: str, attempt: Attempt, *, by: str = "",
                 today: dt.date | None = None) -> None:
        name, note, note_required, plan, evidence = STEP_FORMS[(rect.state, to)]
        fields: list[Field] = []
        if note_required:
            fields.append(Field("comment", note, required=True))
        if plan:
            fields += [
                Field("owner", "责任单位", rect.owner or "", required=True),
                Field("measures", "整改措施", rect.measures or "", required=True),
                Field("due", "整改期限", rect.due.isoformat() if rect.due else "", required=True,
                      placeholder="YYYY-MM-DD"),
            ]
        if not note_required:
            fields.append(Field("comment", note))
        if evidence:
            fields.append(Field("evidence", "佐证材料(可选)", placeholder="文号或文件名"))
        fields += _who_when(by, today or dt.date.today())
        title = f"{name} · {rect.id}({STATE_LABELS[rect.state]} → {STATE_LABELS[to]})"
        super().__init__(title, _shorten(rect.problem, 76), fields, attempt)
        self.rect = rect
        self.to = to


class ManualItemForm(RectForm):
    """新增整改事项: a round (picked, unless fixed), the problem, an optional checklist item id."""

    def __init__(self, rounds: Sequence[tuple[str, str]], attempt: Attempt, *, round_id: str | None = None,
                 by: str = "", today: dt.date | None = None) -> None:
        fields: list[Field] = []
        subtitle = ""
        if round_id is None:
            choices = tuple((label, rid) for rid, label in rounds)
            fields.append(Field("round", "批次", choices[0][1] if choices else "", required=True,
                                choices=choices))
        else:
            subtitle = next((label for rid, label in rounds if rid == round_id), round_id)
        fields += [
            Field("problem", "问题描述", required=True),
            Field("item", "检查项编号(可选)", placeholder="如 S1.01;可不填"),
            *_who_when(by, today or dt.date.today()),
        ]
        super().__init__("新增整改事项", subtitle, fields, attempt)
        self.round_id = round_id

    def values(self) -> dict[str, Any]:
        values = super().values()
        if self.round_id is not None:
            values["round"] = self.round_id
        values["item"] = values.get("item") or None
        return values
