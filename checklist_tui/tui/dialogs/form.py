"""The one form of the app: labelled fields in a grid, a refusal line, 保存 and 取消.

Every form is a `FormDialog` (a rectification step, an item raised by hand, a new round). A form
never writes anything itself. Save reads the fields (parsing what each field parses, e.g. dates)
and calls `submit(values)`; the subclass hands the values to a worker, which answers with
`refuse(message)` (the form stays open with what was typed and the message shown) or
`accept(result)` (the form closes and returns the result through `dismiss`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from rich.text import Text
from textual import events, on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from checklist_tui.tui.widgets.cjk_content import cjk

ResultType = TypeVar("ResultType")


@dataclass(frozen=True)
class Field:
    """One line of a form. `required` only marks the label (the domain decides what is really
    required, and its refusal is shown in the form). Typing starts in the top field, as on paper."""

    key: str
    label: str
    value: str = ""
    required: bool = False
    placeholder: str = ""
    choices: tuple[tuple[str, str], ...] = ()  # (label, value): a drop-down instead of a text field
    options: tuple[tuple[Content, str], ...] = ()  # (label, value): a list picked with ↑↓
    suggestions: tuple[str, ...] = ()  # offered while typing (→ accepts)
    parse: Callable[[str], Any] | None = None  # the stripped text → the value; ValueError refuses
    check: Callable[[str], str | None] | None = None  # a problem said as soon as it is typed

    @property
    def takes_text(self) -> bool:
        return not (self.choices or self.options)


class FormDialog(ModalScreen[ResultType | None]):
    """A modal form; subclasses give the fields and implement `submit`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "取消"),
        Binding("ctrl+s", "save", "保存"),
        # The app hands each key to the field focused when it reads the key, into that field's own
        # queue; had the field moved the focus on tab or enter, keys typed right after (a burst, a
        # paste of keys) were already on their way to it. Moving the focus as the app reads the key
        # (priority) sends them where they were typed.
        Binding("tab", "next_field", show=False, priority=True),
        Binding("shift+tab", "previous_field", show=False, priority=True),
        Binding("enter", "enter", show=False, priority=True),
    ]

    def __init__(self, title: str, subtitle: str, fields: Sequence[Field], *, save_label: str = "保存",
                 focus: str | None = None) -> None:
        super().__init__()
        self.form_title = title
        self.subtitle = subtitle
        self.fields = tuple(fields)
        self.save_label = save_label
        self.busy = False
        self._focus = focus

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static(Text(self.form_title), classes="form-title")
            if self.subtitle:
                yield Static(cjk(self.subtitle), classes="form-subtitle")
            with VerticalScroll(classes="form-scroll"), Grid(classes="form-fields"):
                for field in self.fields:
                    yield Label(Text(field.label + (" *" if field.required else "")), id=f"label-{field.key}")
                    yield self._widget(field)
            yield Static("", id="form-check", classes="form-error")
            yield Static("", id="form-error", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.save_label}（ctrl+s）", variant="primary", id="save", compact=True)
                yield Button("取消（esc）", id="cancel", compact=True)
        yield Footer(compact=True)  # the form's keys, not those of the screen behind it

    @staticmethod
    def _widget(field: Field) -> Widget:
        widget_id = f"field-{field.key}"
        if field.options:
            options = OptionList(*[Option(label, id=value) for label, value in field.options],
                                 id=widget_id, compact=True)
            values = [value for _, value in field.options]
            options.highlighted = values.index(field.value) if field.value in values else 0
            return options
        if field.choices:
            choices = [(Text(label), value) for label, value in field.choices]
            return Select(choices, value=field.value, allow_blank=False, compact=True, id=widget_id)
        suggester = SuggestFromList(field.suggestions, case_sensitive=False) if field.suggestions else None
        # not compact: every field is drawn as a field (an underline, brighter when focused; app.tcss)
        return Input(field.value, placeholder=field.placeholder, suggester=suggester, id=widget_id)

    def on_mount(self) -> None:
        first = next((f for f in self.fields if f.key == self._focus), self.fields[0])
        self.set_focus(self.query_one(f"#field-{first.key}"))  # now: keys typed right after go there

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The focused field's label is marked too, so the line being typed in is unmistakable."""
        node: Widget | None = event.widget
        while node is not None and not (node.id or "").startswith("field-"):
            node = node.parent if isinstance(node.parent, Widget) else None
        key = (node.id or "").removeprefix("field-") if node is not None else None
        for field in self.fields:
            self.query_one(f"#label-{field.key}", Label).set_class(field.key == key, "-active")

    # --- what the form shows -------------------------------------------------------------------

    @property
    def error(self) -> str:
        """The refusal shown in the form, '' when none (what a test or a screen reader reads)."""
        widget = self.query_one("#form-error", Static)
        return str(widget.content) if widget.has_class("shown") else ""

    def say(self, message: str) -> None:
        """Show `message` on the refusal line ('' hides it)."""
        if self.is_attached:
            line = self.query_one("#form-error", Static)
            line.update(cjk(message))
            line.set_class(bool(message), "shown")

    def refuse(self, message: str, field: str | None = None) -> None:
        """Show why the save was refused (and put the cursor on `field`); the form stays open."""
        self.busy = False
        self.say(message)
        if field is not None and self.is_attached:
            self.query_one(f"#field-{field}").focus()

    def accept(self, result: ResultType) -> None:
        """The save went through: close, returning `result`."""
        self.busy = False
        if self.is_attached and self.app.screen is self:
            self.dismiss(result)

    # --- reading the fields ----------------------------------------------------------------------

    def text_of(self, key: str) -> str:
        """What field `key` holds now, stripped (a list's or drop-down's chosen value)."""
        widget = self.query_one(f"#field-{key}")
        if isinstance(widget, OptionList):
            index = widget.highlighted
            return str(widget.get_option_at_index(index).id or "") if index is not None else ""
        if isinstance(widget, Select):
            return "" if widget.value is Select.BLANK else str(widget.value).strip()
        assert isinstance(widget, Input)
        return widget.value.strip()

    def values(self) -> dict[str, Any]:
        """Every field's value, parsed; ValueError names the field whose text does not parse."""
        values: dict[str, Any] = {}
        for field in self.fields:
            text = self.text_of(field.key)
            if field.parse is None:
                values[field.key] = text
                continue
            try:
                values[field.key] = field.parse(text)
            except ValueError as error:
                raise ValueError(f"{field.label.removesuffix('（可选）')}：{error}") from None
        return values

    def submit(self, values: dict[str, Any]) -> None:
        """Hand the values on (a worker, a callback); answer later with `refuse` or `accept`."""
        raise NotImplementedError

    # --- keys and buttons ------------------------------------------------------------------------

    def action_save(self) -> None:
        if self.busy:
            return
        for field in self.fields:
            if field.check is not None and field.check(self.text_of(field.key)):
                self.refuse("", field.key)  # already said on the check line
                return
        try:
            values = self.values()
        except ValueError as error:
            self.refuse(str(error))
            return
        self.busy = True
        self.submit(values)

    def action_cancel(self) -> None:
        if not self.busy:  # a save under way answers with accept() or refuse()
            self.dismiss(None)

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        """A refusal of the earlier values is stale now; a field's own check is said at once."""
        if not self.busy:
            self.say("")
        self._show_checks()

    def _show_checks(self) -> None:
        problems = [problem for f in self.fields if f.check and (problem := f.check(self.text_of(f.key)))]
        line = self.query_one("#form-check", Static)
        line.update(cjk(problems[0] if problems else ""))
        line.set_class(bool(problems), "shown")

    @on(OptionList.OptionSelected)
    def _option_chosen(self) -> None:
        self.focus_next()

    def action_next_field(self) -> None:
        self.focus_next()

    def action_previous_field(self) -> None:
        self.focus_previous()

    def action_enter(self) -> None:
        """Enter in a text field or a list moves to the next field; in the last text field it saves.
        Elsewhere (a button, a drop-down) Enter does what it does there."""
        if isinstance(self.focused, OptionList) and (self.focused.id or "").startswith("field-"):
            self.focus_next()  # a list picked with ↑↓: the highlighted option is the value
            return
        inputs = list(self.query(Input))
        if self.focused not in inputs:
            raise SkipAction()
        if self.focused is inputs[-1]:
            self.action_save()
        else:
            self.focus_next()
