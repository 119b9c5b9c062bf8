"""Styled text for tables and Rich renderables, coloured from the app's theme.

A DataTable cell or a Rich `Text` cannot use `$success` itself, so styles here name theme
variables and `themed()` looks them up in the current theme (screens repaint on a theme change).
The grade and answer styles are written once, here, for every screen.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text

from checklist_tui.domain.text import visible

GRADE_STYLES = {"优秀": "bold $success", "良好": "$success", "合格": "$warning", "不合格": "bold $error"}
ANSWER_STYLES = {"pass": "bold $success", "partial": "bold $warning", "fail": "bold $error", "na": "bold"}
OVERDUE_STYLE = "bold $error"


def themed(text: str, style: str, colours: Mapping[str, str], width: int | None = None) -> Text:
    """Literal text on one line (runs of white space as one space, control characters as their
    pictures), cut to `width` terminal cells with "…" (a Chinese character is two); `$name` in the
    style is looked up in the theme."""
    words = [colours.get(word[1:], "") if word.startswith("$") else word for word in style.split()]
    cell = Text(" ".join(visible(text).split()), style=" ".join(w for w in words if w), no_wrap=True)
    if width is not None and cell.cell_len > width:
        cell.truncate(width, overflow="ellipsis")
    return cell


def cells_left(screen_width: int, fixed: int, floor: int) -> int:
    """Terminal cells the text columns share: what the fixed columns leave, at least `floor`."""
    return max(floor, screen_width - fixed)


def longest(texts: list[str], floor: int) -> int:
    """The widest of `texts` in terminal cells, at least `floor`."""
    return max([floor, *(Text(text).cell_len for text in texts)])
