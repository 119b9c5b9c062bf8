"""A table printed to a pipe or a file exactly as Rich prints it there (`rounds` with thousands of
rows): Rich lays out and renders every cell through its segment machinery, which takes seconds at
5,000 rows; when nothing needs it (no colour, UTF-8, every cell one line of printable text, the
table within 1,000 cells) the same bytes are joined here directly. Anything else returns None and
the caller prints with Rich."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.console import Console

MAX_WIDTH = 1000  # what `rounds` lets a piped table grow to before Rich wraps its cells


def _plain(text: str) -> bool:
    return text.isprintable()


def plain_table(console: Console, title: str, headers: Sequence[str],
                rows: Sequence[Sequence[str]]) -> str | None:
    """The text Rich prints for Table(title=title) with these left-justified columns (box
    HEAVY_HEAD, padding one cell each side), or None when only Rich can say."""
    if console.is_terminal or console.color_system is not None or console.legacy_windows \
            or not console.encoding.lower().startswith("utf"):
        return None
    cells = [list(headers), *(list(row) for row in rows)]
    if not all(_plain(text) for row in cells for text in row) or not _plain(title):
        return None
    widths = [max(cell_len(row[i]) for row in cells) for i in range(len(headers))]
    if sum(widths) + 3 * len(widths) + 1 > MAX_WIDTH:
        return None

    def line(row: Sequence[str], edge: str) -> str:
        padded = (text + " " * (width - cell_len(text)) for text, width in zip(row, widths, strict=True))
        inner = f" {edge} ".join(padded)
        return f"{edge} {inner} {edge}"

    def rule(left: str, fill: str, cross: str, right: str) -> str:
        return left + cross.join(fill * (width + 2) for width in widths) + right

    out = [title, rule("┏", "━", "┳", "┓"), line(cells[0], "┃"), rule("┡", "━", "╇", "┩"),
           *(line(row, "│") for row in cells[1:]), rule("└", "─", "┴", "┘")]
    return "\n".join(out) + "\n"
