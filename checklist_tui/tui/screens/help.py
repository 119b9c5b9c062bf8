"""`?`: every key of the screen underneath, built from its bindings so it cannot go stale."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.actions import parse
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Label, Static


@dataclass(frozen=True)
class KeyHelp:
    """One action: the keys that run it, what it does, and where it runs."""

    keys: str
    binding: Binding
    owner: Screen | App

    def enabled(self) -> bool:
        _, name, params = parse(self.binding.action)
        return self.owner.check_action(name, params) is True


def _bindings_of(node: DOMNode) -> list[Binding]:
    found = []
    for entry in type(node).BINDINGS:
        if isinstance(entry, Binding):
            found.append(entry)
        elif isinstance(entry, tuple):
            found.append(Binding(*entry))
    return found


def screen_bindings(app: App, screen: Screen) -> list[KeyHelp]:
    """The screen's described bindings, then the app's; keys of one action shown together."""
    result: list[KeyHelp] = []
    for owner in (screen, app):
        for binding in _bindings_of(owner):
            if not binding.description or binding.system:
                continue
            names = binding.key.split(",")
            shown = binding.key_display if len(names) == 1 else None  # else it is the footer's label
            keys = " / ".join(app.get_key_display(Binding(name.strip(), binding.action, key_display=shown))
                              for name in names)
            result.append(KeyHelp(keys, binding, owner))
    return result


class HelpScreen(ModalScreen[None]):
    """The keys of one screen with their Chinese descriptions. Escape, ? or q closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "关闭", key_display="esc"),
    ]

    def __init__(self, underneath: Screen) -> None:
        super().__init__()
        self.underneath = underneath

    def compose(self) -> ComposeResult:
        title = self.underneath.title or self.app.title
        with Vertical(classes="dialog help-dialog"):
            yield Label(Content.assemble("按键帮助 · ", Content(str(title))), classes="dialog-title")
            yield Static(Content("灰色=当前不可用（如已提交、只读）；Esc、？、q 关闭"),
                         classes="dialog-hint")
            yield DataTable(id="help-keys", cursor_type="none", zebra_stripes=True, show_cursor=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Two (key, what) pairs per row, so every key fits on an 80×24 terminal."""
        pairs = []
        for entry in screen_bindings(self.app, self.underneath):
            style = "" if entry.enabled() else "dim strike"
            pairs.append((Text(entry.keys, style=style or "bold"),
                          Text(entry.binding.description, style=style)))
        half = (len(pairs) + 1) // 2
        rows = [(*pairs[i], *(pairs[i + half] if i + half < len(pairs) else (Text(""), Text(""))))
                for i in range(half)]
        table = self.query_one(DataTable)
        for index, label in enumerate(("按键", "作用", "按键", "作用")):
            width = max(Text(label).cell_len, *(row[index].cell_len for row in rows))
            table.add_column(label, width=width + (2 if index == 1 else 0))
        table.add_rows(rows)
        table.focus()

    def action_close(self) -> None:
        self.dismiss()
