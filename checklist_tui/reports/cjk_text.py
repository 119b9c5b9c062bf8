"""Rich text that wraps Chinese as Chinese typesetting does (禁则): no line starts with a closing
mark (，。、；：？！）》」” …) and none ends with an opening one (（《「“ …).

Rich wraps a run of Chinese, which has no spaces, by chopping it at the column's width, so a
question ending in `？` could leave the `？` alone on the next line. `CJKText` moves the break one
character earlier instead, carrying the character before the mark down with it. Spans and styles
are kept: only where the lines are divided changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich._wrap import divide_line
from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console, JustifyMethod, OverflowMethod
    from rich.containers import Lines

NO_LINE_START = frozenset("，。、；：？！）》」』】〕〉”’,.;:?!)]}%…·")
NO_LINE_END = frozenset("（《「『【〔〈“‘([{")


def line_starts(text: str, width: int, fold: bool = True) -> list[int]:
    """Where each line after the first begins: Rich's word wrap, each break moved back while it
    would start a line with a closing mark or end one with an opening mark."""
    starts: list[int] = []
    begin = 0
    while True:
        rest = divide_line(text[begin:], width, fold=fold)
        if not rest:
            return starts
        start = begin + rest[0]
        while (start - 1 > begin and not text[start - 1].isspace()
               and (text[start] in NO_LINE_START or text[start - 1] in NO_LINE_END)):
            start -= 1
        starts.append(start)
        begin = start


class CJKText(Text):
    """`Text` whose word wrap keeps Chinese punctuation where it belongs (see the module)."""

    def wrap(self, console: Console, width: int, *, justify: JustifyMethod | None = None,
             overflow: OverflowMethod | None = None, tab_size: int = 8,
             no_wrap: bool | None = None) -> Lines:
        wrap_overflow = overflow or self.overflow or "fold"
        if no_wrap or self.no_wrap or overflow == "ignore" or not any(
                c in NO_LINE_START or c in NO_LINE_END for c in self.plain):
            return super().wrap(console, width, justify=justify, overflow=overflow, tab_size=tab_size,
                                no_wrap=no_wrap)
        from rich.containers import Lines

        lines = Lines()
        for line in self.split(allow_blank=True):
            if "\t" in line:
                line.expand_tabs(tab_size)
            divided = line.divide(line_starts(line.plain, width, fold=wrap_overflow == "fold"))
            for part in divided:
                part.rstrip_end(width)
            wrap_justify = justify or self.justify or "default"
            if wrap_justify:
                divided.justify(console, width, justify=wrap_justify, overflow=wrap_overflow)
            for part in divided:
                part.truncate(width, overflow=wrap_overflow)
            lines.extend(divided)
        return lines
