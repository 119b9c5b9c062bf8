"""The Textual app: builds the store and library once, global keys, the command palette."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.screen import Screen

from checklist_tui.catalogue.library import library_for
from checklist_tui.storage.store import Store
from checklist_tui.tui.key_order import in_order
from checklist_tui.tui.services import Services

if TYPE_CHECKING:
    from checklist_tui.tui.screens.help import KeyHelp

MAX_PROBLEMS_SHOWN = 5


class ChecklistApp(App[int]):
    """麻埠镇法治政府建设自查: home → stepper, with the board and summary a key away."""

    CSS_PATH = "app.tcss"
    TITLE = "法治政府建设自查"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "帮助", key_display="?"),
        Binding("ctrl+p", "command_palette", "命令面板", show=False, priority=True),
        Binding("ctrl+q", "quit", "退出", show=False, priority=True),
        Binding("ctrl+c", "help_quit", show=False, system=True),
    ]

    def __init__(self, services: Services, open_round: str | None = None) -> None:
        super().__init__()
        self.services = services
        self.open_round = open_round

    def get_default_screen(self) -> Screen:
        """Home is the first screen (not one pushed over Textual's blank one from `on_mount`): its
        first frame is the app's first, not one drawn during start-up and thrown away."""
        from checklist_tui.tui.screens.home import HomeScreen

        return HomeScreen(self.services)

    def on_mount(self) -> None:
        if self.open_round:
            from checklist_tui.tui.screens.stepper import StepperScreen

            self.push_screen(StepperScreen(self.services, round_id=self.open_round))
        problems = self.services.library.problems
        if problems:
            shown = [str(p) for p in problems[:MAX_PROBLEMS_SHOWN]]
            more = len(problems) - len(shown)
            if more > 0:
                shown.append(f"……另有 {more} 处")
            self.notify("\n".join(shown), title="检查表文件有误，未载入（可用 checklist-tui validate 查看）",
                        severity="warning", timeout=20, markup=False)

    async def on_event(self, event: events.Event) -> None:
        """Each key in its turn, also in a burst (tui/key_order.py)."""
        if isinstance(event, events.Key) and not event.is_forwarded and await in_order(self, event):
            return
        await super().on_event(event)

    # --- global actions -------------------------------------------------------------------------

    def action_help(self) -> None:
        from checklist_tui.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
        else:
            self.push_screen(HelpScreen(self.screen))

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]  # App[int]
            from checklist_tui.tui.dialogs.palette import ChinesePalette

            self.push_screen(ChinesePalette(id="--command-palette"))

    def search_themes(self) -> None:
        """Textual's theme picker, asking in Chinese (the theme names are names and stay as they are)."""
        from textual.theme import ThemeProvider

        from checklist_tui.tui.dialogs.palette import ChinesePalette

        self.push_screen(ChinesePalette(providers=[ThemeProvider], placeholder="搜索主题…（如 light、dark）"))

    async def action_quit(self) -> None:
        """ctrl+q (and home's q): a note still being typed in a stepper is kept, not lost."""
        from checklist_tui.tui.screens.stepper import StepperScreen

        for screen in self.screen_stack:
            if isinstance(screen, StepperScreen):
                await screen.keep_and_finish()
        self.exit()

    def action_help_quit(self) -> None:
        self.notify("按 ctrl+q 退出（主页上按 q）", title="要退出吗？")

    # --- the command palette: every key of the current screen, in Chinese -------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """One command per action that applies; the same action on several keys (退出: q on home and
        ctrl+q everywhere) is one command naming all of them."""
        from checklist_tui.tui.screens.help import screen_bindings

        first: dict[str, KeyHelp] = {}
        keys: dict[str, list[str]] = {}
        for entry in screen_bindings(self, screen):
            if entry.enabled():
                first.setdefault(entry.binding.description, entry)
                keys.setdefault(entry.binding.description, []).append(entry.keys)
        for title, entry in first.items():
            yield SystemCommand(title, "按键 " + " / ".join(keys[title]),
                                partial(entry.owner.run_action, entry.binding.action))
        yield SystemCommand("切换主题", "选择界面配色", self.action_change_theme)


def make_app(data_dir: Path, checklist_dirs: list[Path] | None = None, open_round: str | None = None,
             today: dt.date | None = None, user: str | None = None) -> ChecklistApp:
    """Build the app on a data folder (tests pass `tmp_path`); `open_round` goes straight to its stepper;
    `user` (under `serve`, the login name) is the `by` of what is saved and the forms' first name."""
    store = Store(Path(data_dir))
    library = library_for(Path(data_dir), checklist_dirs or [])
    return ChecklistApp(Services.fixed(store, library, today, user), open_round=open_round)

