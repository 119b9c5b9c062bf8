"""The printed document as plain text, byte for byte as Rich prints it without colour (a pipe, a
file), with its tables laid out here instead of by Rich's segment machinery, which takes tens of
seconds for a ledger of 15,000 items.

A table is laid out as `document.rich_table` asks Rich to (box SIMPLE_HEAD without edges, one
cell of padding between columns, headers at the bottom of their row, `ratio` columns sharing the
spare width): the column widths by Rich's own rules (`_column_widths` follows
`rich.table.Table._calculate_column_widths` step by step, with the same measurements: a cell's
longest word and longest line), each cell wrapped by the same `Text.wrap` (`CJKText` for what
`_cell_text` gives as CJKText, so the 禁则 hold), and a cell that fits on one line padded
directly. Everything else (rules, the round's panel, label/value fields, paragraphs) is printed by
Rich itself. tests/reports/test_plain_text.py compares both for tables of every kind, so the two
cannot drift apart silently.

Only for a console that writes no colour, in UTF-8, and is not a legacy Windows console: there
Rich's own output is what is printed (`plain_document` gives None).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator, Sequence

from rich._ratio import ratio_distribute, ratio_reduce
from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.text import Text

from checklist_tui.reports import export, plain_wrap
from checklist_tui.reports.cjk_text import CJKText
from checklist_tui.reports.document import (
    Bar,
    Cell,
    CellLike,
    Column,
    Part,
    Table,
    bar_text,
    kept_columns,
    rich_block,
    rich_document,
    rich_part,
)
from checklist_tui.reports.export import PRINT_WIDTH
from checklist_tui.reports.plain_wrap import cells

DIVIDER = " "  # SIMPLE_HEAD's vertical between columns (no edges)
HEAD_RULE = "─"  # SIMPLE_HEAD's line under the header, across the dividers too


def usable(console: Console) -> bool:
    """Whether `console` prints plain text that this module can reproduce."""
    return (console.color_system is None and not console.legacy_windows and not console.is_terminal
            and console.encoding.lower().startswith("utf"))


def plain_document(console: Console, parts: Iterable[Part]) -> Iterator[str] | None:
    """The text `console.print(rich_document(parts))` writes, in pieces; None where only Rich can say."""
    if not usable(console):
        return None
    return _pieces(console, parts)


def _rich(console: Console, renderable: object) -> str:
    with console.capture() as capture:
        console.print(renderable)
    return capture.get()


def _pieces(console: Console, parts: Iterable[Part]) -> Iterator[str]:
    width = console.width
    for n, part in enumerate(parts):
        if n:
            yield "\n"  # the blank Text("") between parts
        tables = [b for b in part.blocks if isinstance(b, Table)]
        if part.panel or not tables or not all(_plain(t, width) for t in tables):
            yield _rich(console, rich_part(part))
            continue
        head = rich_part(Part(part.title, (), part.level, part.panel, part.style))
        yield _rich(console, head)
        for block in part.blocks:
            if isinstance(block, Table):
                batch: list[str] = []
                for lines in table_rows(console, block, width):
                    batch.extend(lines)
                    if len(batch) >= 2000:
                        yield "".join(line + "\n" for line in batch)
                        batch.clear()
                yield "".join(line + "\n" for line in batch)
            else:
                yield _rich(console, rich_block(block))


def _plain(block: Table, width: int) -> bool:
    """Tabs are expanded by Rich's wrap but not measured alike: such a table is left to Rich."""
    keep = kept_columns(block, width)
    return not any("\t" in block.columns[i].header for i in keep) and not any(
        "\t" in (cell if isinstance(cell, str) else cell.text) for cells in _distinct(block, keep)
        for cell in cells if not isinstance(cell, Bar))


def _distinct(block: Table, keep: Sequence[int]) -> list[dict[str | Bar, None]]:
    """Each kept column's distinct cells (`_key`), in the order they first come."""
    return [dict.fromkeys(map(_key, [row[k] for row in block.rows])) for k in keep]


# --- one table ----------------------------------------------------------------------------------


class _Cell:
    """A cell's plain text, whether it wraps as Chinese (CJKText), and its measure when asked."""

    __slots__ = ("_measure", "cjk", "text")

    def __init__(self, text: str, cjk: bool):
        self.text, self.cjk = text, cjk
        self._measure: tuple[int, int] | None = None

    def measure(self) -> tuple[int, int]:
        """(longest word, longest line) in cells, as Text.__rich_measure__ measures."""
        if self._measure is None and self.text.isprintable() and " " not in self.text:
            width = cells(self.text)  # no whitespace, no line break: one word on one line
            self._measure = width, width
        if self._measure is None:
            lines = self.text.splitlines()
            widest_line = max(map(cell_len, lines)) if lines else 0
            words = self.text.split()
            self._measure = (max(map(cell_len, words)) if words else widest_line), widest_line
        return self._measure


_CHUNK = 1000  # rows laid out a column at a time, then joined


def _key(cell: CellLike) -> str | Bar:
    """What a cell's lines depend on: its text (a Cell's style is not printed), or the bar."""
    return cell if type(cell) is str else cell.text if isinstance(cell, Cell) else cell


def _cell(cell: CellLike) -> _Cell:
    if type(cell) is str:
        return _Cell(cell, True)
    if isinstance(cell, Bar):
        return _Cell(bar_text(cell).plain, False)
    return _Cell(cell.text if isinstance(cell, Cell) else cell, True)


def _extent(cells: Iterable[_Cell]) -> tuple[int, int]:
    """A column's longest word and longest line, over its cells (the header among them)."""
    words = lines = 0
    for c in cells:
        widest_word, widest_line = c.measure()
        words, lines = max(words, widest_word), max(lines, widest_line)
    return words, lines


def _measure(extent: tuple[int, int], pad: int, width: int) -> tuple[int, int]:
    """Rich's Measurement.get of each Padding(cell) at `width`, then the column's (min, max): per
    cell min(min(word, width) + pad, width) and the same of its line, both rising with word and
    line (a cell's longest word is never longer than its longest line), so the column's are those
    of its longest word and longest line (`_extent`)."""
    if width < 1:
        return 0, 0
    if width - pad < 1:
        return width, width
    widest_word, widest_line = extent
    return min(min(widest_word, width) + pad, width), min(min(widest_line, width) + pad, width)


def _column_widths(columns: Sequence[Column], extents: Callable[[int], tuple[int, int]], pads: Sequence[int],
                   max_width: int, expand: bool) -> list[int]:
    """Rich's Table._calculate_column_widths for these columns (padding included, borders not)."""

    def measure(i: int, width: int) -> tuple[int, int]:
        col = columns[i]
        if width < 1:
            return 0, 0
        if col.width is not None:
            fixed = min(col.width + pads[i], width)
            return fixed, fixed
        lo, hi = _measure(extents(i), pads[i], width)
        return min(lo, hi), hi

    flexible = [c.ratio is not None for c in columns]
    ratios = [c.ratio or 0 for c, flex in zip(columns, flexible, strict=True) if flex]
    # a ratio column's measure is not used when the ratios share the width (it is measured anew
    # below if the table has to shrink): measuring a ledger's problem column is most of the work
    shared = expand and any(ratios)
    ranges = [(0, 0) if shared and flexible[i] else measure(i, max_width) for i in range(len(columns))]
    widths = [hi or 1 for _, hi in ranges]
    if expand:
        if any(ratios):
            fixed_widths = [0 if flex else hi for (_, hi), flex in zip(ranges, flexible, strict=True)]
            flex_minimum = [(c.width or 1) + pads[i] for i, c in enumerate(columns) if flexible[i]]
            flex_widths = iter(ratio_distribute(max_width - sum(fixed_widths), ratios, flex_minimum))
            for i in range(len(columns)):
                if flexible[i]:
                    widths[i] = fixed_widths[i] + next(flex_widths)
    table_width = sum(widths)
    if table_width > max_width:
        widths = _collapse(widths, [c.width is None and not c.no_wrap for c in columns], max_width)
        table_width = sum(widths)
        if table_width > max_width:
            widths = ratio_reduce(table_width - max_width, [1] * len(widths), widths, widths)
            table_width = sum(widths)
        widths = [measure(i, w)[1] or 0 for i, w in enumerate(widths)]
    if table_width < max_width and expand:
        pad_widths = ratio_distribute(max_width - table_width, widths)
        widths = [w + p for w, p in zip(widths, pad_widths, strict=True)]
    return widths


def _collapse(widths: list[int], wrapable: list[bool], max_width: int) -> list[int]:
    """Rich's Table._collapse_widths."""
    total_width = sum(widths)
    excess_width = total_width - max_width
    if any(wrapable):
        while total_width and excess_width > 0:
            max_column = max(w for w, ok in zip(widths, wrapable, strict=True) if ok)
            second_max_column = max(w if ok and w != max_column else 0
                                    for w, ok in zip(widths, wrapable, strict=True))
            column_difference = max_column - second_max_column
            ratios = [1 if (w == max_column and ok) else 0 for w, ok in zip(widths, wrapable, strict=True)]
            if not any(ratios) or not column_difference:
                break
            max_reduce = [min(excess_width, column_difference)] * len(widths)
            widths = ratio_reduce(excess_width, ratios, max_reduce, widths)
            total_width = sum(widths)
            excess_width = total_width - max_width
    return widths


def _fitted(text: str, width: int, justify: str) -> str | None:
    """A line that fits the width, justified directly (None: it has to wrap)."""
    size = cells(text)
    if size > width:
        return None
    if justify == "left":
        return text + " " * (width - size)
    stripped = text.rstrip()
    spare = width - cells(stripped)
    if justify == "right":
        return " " * spare + stripped
    return " " * (spare // 2) + stripped + " " * (spare - spare // 2)


def _lines(console: Console, cell: _Cell, width: int, col: Column,
           wrapped: dict[tuple[str, bool], list[str]] | None = None) -> list[str]:
    """The cell's lines, each exactly `width` cells, as Text.wrap and Rich's cropping make them.
    Text.wrap wraps each line of the text on its own: a line that fits is justified directly, and
    one wrapped before in this column is taken from `wrapped` (the unit under a ledger's item id)."""
    direct = 0 < width and col.justify in ("left", "right", "center")
    out: list[str] = []
    for line in cell.text.split("\n"):
        fitted = _fitted(line, width, col.justify) if direct else None
        if fitted is not None:
            out.append(fitted)
            continue
        found = wrapped.get((line, cell.cjk)) if wrapped is not None else None
        if found is None:
            found = plain_wrap.wrap(line, width, cjk=cell.cjk, justify=col.justify, no_wrap=col.no_wrap)
            if found is None:
                return _rich_lines(console, cell, width, col)
            if wrapped is not None:
                wrapped[(line, cell.cjk)] = found
        out.extend(found)
    return out


def _rich_lines(console: Console, cell: _Cell, width: int, col: Column) -> list[str]:
    text = cell.text
    kind = CJKText if cell.cjk else Text
    wrapped = kind(text).wrap(console, width, justify=col.justify,  # type: ignore[arg-type]
                              overflow="ellipsis" if col.no_wrap else "fold", no_wrap=col.no_wrap)
    out = []
    for line in wrapped:
        plain = line.plain
        out.append(plain if cell_len(plain) == width else set_cell_size(plain, width))
    return out


def table_lines(console: Console, block: Table, width: int) -> list[str]:
    """The lines Rich prints for `rich_table(block, width)` on a colourless console."""
    return [line for lines in table_rows(console, block, width) for line in lines]


def table_rows(console: Console, block: Table, width: int) -> Iterator[list[str]]:
    """Those lines a table row at a time (the header with its rule first), so that a ledger of
    thousands of rows is never all in memory."""
    keep = kept_columns(block, width)
    columns = [block.columns[i] for i in keep]
    count = len(columns)
    if not count:
        yield [""]
        return
    pads = [(0 if i == 0 else 1) + (0 if i == count - 1 else 1) for i in range(count)]
    headers = [_Cell(c.header, False) for c in columns]
    # each column's distinct cells: measured once each, and in a column whose cells repeat (a
    # ledger's units, people, states, the problems one item found in many rounds) laid out once each
    distinct = _distinct(block, keep)
    extents: dict[int, tuple[int, int]] = {}

    def extent(i: int) -> tuple[int, int]:  # a column's, measured the first time it is asked for
        if i not in extents:
            extents[i] = _extent([headers[i], *map(_cell, distinct[i])])
        return extents[i]

    widths = _column_widths(columns, extent, pads, width - (count - 1), any(c.ratio for c in columns))
    cut = sum(widths) + count - 1 > width
    memos: list[dict[str | Bar, list[str]] | None] = [
        {} if len(cells) * 2 <= len(block.rows) else None for cells in distinct]

    wrapped: list[dict[tuple[str, bool], list[str]]] = [{} for _ in range(count)]

    def laid_out(i: int, cell: _Cell) -> list[str]:
        left, right = (0 if i == 0 else 1), (0 if i == count - 1 else 1)
        inner = widths[i] - left - right
        if inner <= 0:
            return [" " * widths[i]]
        lines = _lines(console, cell, inner, columns[i], wrapped[i])
        return [" " * left + line + " " * right for line in lines]

    blanks = [" " * w for w in widths]

    def column_lines(i: int, rows: Sequence[Sequence[CellLike]]) -> list[list[str]]:
        k, memo = keep[i], memos[i]
        if memo is None:
            return [laid_out(i, _cell(row[k])) for row in rows]
        out = []
        for row in rows:
            key = _key(row[k])
            found = memo.get(key)
            if found is None:
                found = memo[key] = laid_out(i, _cell(key))
            out.append(found)
        return out

    def joined(rendered: Sequence[list[str]], header: bool) -> list[str]:
        height = max(map(len, rendered))
        if any(len(lines) < height for lines in rendered):
            padded = []
            for i, lines in enumerate(rendered):
                blank = [blanks[i]] * (height - len(lines))
                padded.append(blank + lines if header else lines + blank)  # headers sit at the bottom
            rendered = padded
        out = list(map(DIVIDER.join, zip(*rendered, strict=True)))
        if header:
            out.append(HEAD_RULE * (sum(widths) + count - 1))
        if cut:  # Console.print cuts every line at the console's width
            return [set_cell_size(line, width) if cell_len(line) > width else line for line in out]
        return out

    yield joined([laid_out(i, headers[i]) for i in range(count)], True)
    for start in range(0, len(block.rows), _CHUNK):  # a column at a time, a chunk of rows at a time
        chunk = block.rows[start:start + _CHUNK]
        for rendered in zip(*(column_lines(i, chunk) for i in range(count)), strict=True):
            yield joined(rendered, False)


def to_text(parts: Sequence[Part], width: int = PRINT_WIDTH) -> str:
    """`export.to_text(rich_document(parts))`: plain text, no trailing blanks (`-o FILE`)."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, highlight=False,
                      legacy_windows=False, force_terminal=False, force_jupyter=False)
    pieces = plain_document(console, parts)
    if pieces is None:
        return export.to_text(rich_document(parts), width)
    return "\n".join(line.rstrip() for line in "".join(pieces).split("\n"))
