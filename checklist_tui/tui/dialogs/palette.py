"""Textual's command palette, saying in Chinese what it says in English.

Textual writes "No matches found" from a private method (`_start_no_matches_countdown`, Textual
8.2, pinned in pyproject); this subclass writes the same option with Chinese text. The palette's
own key descriptions are never shown (it has no footer, and the ? help lists the screen behind).
"""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option

NO_MATCHES = "没有找到匹配的命令"


class ChinesePalette(CommandPalette):
    """The command palette (or the theme picker) with a Chinese placeholder and no-match line."""

    def __init__(self, placeholder: str = "搜索命令…（如 提交、说明、汇总）", **kwargs: object) -> None:
        super().__init__(placeholder=placeholder, **kwargs)  # type: ignore[arg-type]

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:  # an empty search lists commands: nothing to say
                self.query_one(CommandList).add_option(
                    Option(Align.center(Text(NO_MATCHES, style="not bold")), disabled=True,
                           id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
