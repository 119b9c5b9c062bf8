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
        if part.panel or not tables or not all(_plain(t) for t in tables):
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


def _plain(block: Table) -> bool:
    """Tabs are expanded by Rich's wrap but not measured alike: such a table is left to Rich."""
    return not any("\t" in c.header for c in block.columns) and not any(
        "\t" in (cell if isinstance(cell, str) else cell.text) for row in block.rows for cell in row
        if not isinstance(cell, Bar))


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
            width = cell_len(self.text)  # no whitespace, no line break: one word on one line
            self._measure = width, width
        if self._measure is None:
            lines = self.text.splitlines()
            widest_line = max(map(cell_len, lines)) if lines else 0
            words = self.text.split()
            self._measure = (max(map(cell_len, words)) if words else widest_line), widest_line
        return self._measure


def _cell(cell: CellLike) -> _Cell:
    if type(cell) is str:
        return _Cell(cell, True)
    if isinstance(cell, Bar):
        return _Cell(bar_text(cell).plain, False)
    return _Cell(cell.text if isinstance(cell, Cell) else cell, True)


def _measure(cells: Sequence[_Cell], pad: int, width: int) -> tuple[int, int]:
    """Rich's Measurement.get of each Padding(cell) at `width`, then the column's (min, max)."""
    if width < 1:
        return 0, 0
    if width - pad < 1:
        return width, width
    lo = hi = None
    for c in cells:
        widest_word, widest_line = c.measure()
        inner_max = min(widest_line, width)
        inner_min = min(max(0, min(widest_word, width)), inner_max)
        if inner_max < 1:
            inner_min = inner_max = 0
        cmax = min(inner_max + pad, width)
        cmin = min(inner_min + pad, cmax)
        lo = cmin if lo is None else max(lo, cmin)
        hi = cmax if hi is None else max(hi, cmax)
    return (lo if lo is not None else 1), min(hi if hi is not None else width, width)


def _column_widths(columns: Sequence[Column], cells: Callable[[int], Sequence[_Cell]], pads: Sequence[int],
                   max_width: int, expand: bool) -> list[int]:
    """Rich's Table._calculate_column_widths for these columns (padding included, borders not)."""

    def measure(i: int, width: int) -> tuple[int, int]:
        col = columns[i]
        if width < 1:
            return 0, 0
        if col.width is not None:
            fixed = min(col.width + pads[i], width)
            return fixed, fixed
        lo, hi = _measure(cells(i), pads[i], width)
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


def _fitted(lines: list[str], width: int, justify: str) -> list[str] | None:
    """Lines that each fit the width, justified directly (None: one has to wrap)."""
    out = []
    for text in lines:
        size = cell_len(text)
        if size > width:
            return None
        if justify == "left":
            out.append(text + " " * (width - size))
            continue
        stripped = text.rstrip()
        spare = width - cell_len(stripped)
        if justify == "right":
            out.append(" " * spare + stripped)
        else:
            out.append(" " * (spare // 2) + stripped + " " * (spare - spare // 2))
    return out


def _lines(console: Console, cell: _Cell, width: int, col: Column,
           wrapped: dict[tuple[str, bool], list[str]] | None = None) -> list[str]:
    """The cell's lines, each exactly `width` cells, as Text.wrap and Rich's cropping make them.
    Text.wrap wraps each line of the text on its own: a line wrapped before in this column is
    taken from `wrapped` (the unit under a ledger's unique item id, say)."""
    text = cell.text
    lines = text.split("\n")
    if 0 < width and col.justify in ("left", "right", "center"):
        fitted = _fitted(lines, width, col.justify)
        if fitted is not None:
            return fitted
    out: list[str] = []
    for line in lines:
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
    distinct = [dict.fromkeys(row[k] for row in block.rows) for k in keep]

    def column(i: int) -> list[_Cell]:
        return [headers[i], *map(_cell, distinct[i])]

    widths = _column_widths(columns, column, pads, width - (count - 1), any(c.ratio for c in columns))
    cut = sum(widths) + count - 1 > width  # Console.print cuts every line at the console's width
    memos: list[dict[CellLike, list[str]] | None] = [
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

    for n, row in enumerate([(), *block.rows]):
        rendered = []
        for i in range(count):
            if n == 0:
                rendered.append(laid_out(i, headers[i]))
                continue
            raw = row[keep[i]]
            memo = memos[i]
            found = memo.get(raw) if memo is not None else None
            if found is None:
                found = laid_out(i, _cell(raw))
                if memo is not None:
                    memo[raw] = found
            rendered.append(found)
        height = max(map(len, rendered))
        for i, lines in enumerate(rendered):
            if len(lines) < height:
                blank = [blanks[i]] * (height - len(lines))
                rendered[i] = blank + lines if n == 0 else lines + blank  # headers sit at the bottom
        out = list(map(DIVIDER.join, zip(*rendered, strict=True)))
        if n == 0:
            out.append(HEAD_RULE * (sum(widths) + count - 1))
        yield [set_cell_size(line, width) if cell_len(line) > width else line for line in out] if cut else out


def to_text(parts: Sequence[Part], width: int = PRINT_WIDTH) -> str:
    """`export.to_text(rich_document(parts))`: plain text, no trailing blanks (`-o FILE`)."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, highlight=False,
                      legacy_windows=False, force_terminal=False, force_jupyter=False)
    pieces = plain_document(console, parts)
    if pieces is None:
        return export.to_text(rich_document(parts), width)
    return "\n".join(line.rstrip() for line in "".join(pieces).split("\n"))
