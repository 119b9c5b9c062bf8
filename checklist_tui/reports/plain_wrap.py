"""A table cell's lines as Rich's `Text.wrap` (and `CJKText.wrap`) make them, on plain strings.

Rich measures and folds text grapheme by grapheme (`split_graphemes`, `chop_cells`), which is
most of a long ledger's time. For text whose every character is one grapheme of width 1 or 2
(what office text is: Chinese, Latin, digits, punctuation) the same steps are done here with
each character's width looked up once: `divide_line`'s word wrap and fold, `CJKText`'s 禁则
moves, `rstrip_end`, the justification of `Lines.justify` and `Text.truncate`. Text with a
zero-width character, a joiner or a variation selector returns None: Rich's own wrap is used.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from itertools import pairwise

from rich.cells import cell_len, get_character_cell_size, set_cell_size

from checklist_tui.reports.cjk_text import NO_LINE_END, NO_LINE_START

_WORD = re.compile(r"\s*\S+\s*")  # rich._wrap.re_word
_TRAILING_SPACE = re.compile(r"\s+$")  # rich.text's _re_whitespace
_WIDTHS: dict[str, int] = {}
_JOINERS = frozenset("\u200d\ufe0f")


def _widths(text: str) -> list[int] | None:
    """Each character's cells, or None when one is not a grapheme of its own of width 1 or 2."""
    try:
        found = [_WIDTHS[c] for c in text]
    except KeyError:
        for c in set(text) - _WIDTHS.keys():
            _WIDTHS[c] = 0 if c in _JOINERS else get_character_cell_size(c)
        found = [_WIDTHS[c] for c in text]
    return None if 0 in found else found


def cells(text: str) -> int:
    """`rich.cells.cell_len(text)`, looked up a character at a time for office text."""
    if text.isascii() and text.isprintable():
        return len(text)
    widths = _widths(text)
    return sum(widths) if widths is not None else cell_len(text)


def _prefix(widths: list[int]) -> list[int]:
    sums = [0]
    total = 0
    for w in widths:
        total += w
        sums.append(total)
    return sums


def _chop(sums: list[int], start: int, end: int, width: int) -> Iterator[tuple[int, bool]]:
    """`chop_cells(text[start:end], width)` as (length, last) of its pieces, for width ≥ 2 (every
    character fits, so each piece is the longest run that does)."""
    offset = start
    while True:
        cut = bisect_right(sums, sums[offset] + width, offset, end + 1) - 1
        yield cut - offset, cut >= end
        if cut >= end:
            return
        offset = cut


def _breaks(text: str, sums: list[int], begin: int, width: int, fold: bool, first: bool) -> list[int]:
    """`divide_line(text[begin:], width, fold)` as positions in `text` (only the first if `first`)."""
    found: list[int] = []
    offset = 0
    for match in _WORD.finditer(text, begin):
        start, end = match.span()
        stripped = start + len(match.group().rstrip())
        word_length = sums[stripped] - sums[start]
        if width - offset >= word_length:
            offset += sums[end] - sums[start]
            continue
        if word_length > width:
            if fold:
                for length, last in _chop(sums, start, end, width):
                    if start != begin:
                        found.append(start)
                        if first:
                            return found
                    if last:
                        offset = sums[start + length] - sums[start]
                    else:
                        start += length
            else:
                if start != begin:
                    found.append(start)
                offset = sums[end] - sums[start]
        elif offset and start != begin:
            found.append(start)
            offset = sums[end] - sums[start]
        if first and found:
            return found[:1]
    return found


def _starts(text: str, sums: list[int], width: int, fold: bool, cjk: bool) -> list[int]:
    """Where each line after the first begins: Rich's word wrap, or CJKText's `line_starts`."""
    if not cjk:
        return _breaks(text, sums, 0, width, fold, False)
    starts: list[int] = []
    begin = 0
    while True:
        rest = _breaks(text, sums, begin, width, fold, True)
        if not rest:
            return starts
        start = rest[0]
        while (start - 1 > begin and not text[start - 1].isspace()
               and (text[start] in NO_LINE_START or text[start - 1] in NO_LINE_END)):
            start -= 1
        starts.append(start)
        begin = start


def _rstrip_end(line: str, size: int) -> str:
    excess = len(line) - size
    if excess > 0:
        match = _TRAILING_SPACE.search(line)
        if match is not None:
            return line[:len(line) - min(len(match.group()), excess)]
    return line


def _truncate(line: str, width: int, ellipsis: bool, pad: bool = False) -> str:
    length = cell_len(line)
    if length > width:
        line = set_cell_size(line, width - 1) + "…" if ellipsis else set_cell_size(line, width)
    if pad and length < width:
        line += " " * (width - length)
    return line


def _justify(line: str, width: int, justify: str, ellipsis: bool) -> str:
    if justify == "left":
        return _truncate(line, width, ellipsis, pad=True)
    if justify in ("right", "center"):
        line = _truncate(line.rstrip(), width, ellipsis)
        spare = width - cell_len(line)
        if justify == "right":
            return " " * spare + line if spare > 0 else line
        left = " " * (spare // 2) if spare // 2 > 0 else ""
        line = left + line
        spare = width - cell_len(line)
        return line + " " * spare if spare > 0 else line
    return line


def wrap(text: str, width: int, *, cjk: bool, justify: str, no_wrap: bool) -> list[str] | None:
    """The lines `(CJKText if cjk else Text)(text).wrap(console, width, justify=justify,
    overflow="ellipsis" if no_wrap else "fold", no_wrap=no_wrap)` gives, each padded or cut to
    exactly `width` cells as Rich renders them; None for text this cannot do (see the module)."""
    if width < 2:  # a Chinese character wider than the column: Rich's own fold
        return None
    ellipsis = no_wrap
    kinsoku = cjk and any(c in NO_LINE_START or c in NO_LINE_END for c in text)
    out: list[str] = []

    def finish(piece: str) -> str:
        piece = _truncate(_justify(piece, width, justify, ellipsis), width, ellipsis)
        return piece if cell_len(piece) == width else set_cell_size(piece, width)

    for line in text.split("\n"):
        if no_wrap:
            out.append(finish(line))
            continue
        widths = _widths(line)
        if widths is None:
            return None
        sums = _prefix(widths)
        bounds = [0, *_starts(line, sums, width, True, kinsoku), len(line)]
        for a, b in pairwise(bounds):
            piece = _rstrip_end(line[a:b], width)
            if justify == "right":
                piece = piece.rstrip()
            size = sums[a + len(piece)] - sums[a]
            if size <= width and justify in ("left", "right"):  # the common case, directly
                pad = " " * (width - size)
                out.append(piece + pad if justify == "left" else pad + piece)
            else:
                out.append(finish(piece))
    return out
