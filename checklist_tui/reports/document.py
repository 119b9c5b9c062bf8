"""The printed document: a few neutral blocks rendered by Rich (terminal, TUI, HTML, SVG) and
as Markdown, so every format shows the same figures, formatted once.

User text goes into blocks as plain strings. Rich gets `Text(value)`, never markup, and Markdown
gets it escaped, so a note such as `[/]备注[bold]x` or `a|b` prints exactly as typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table as RichTable
from rich.text import Text

from checklist_tui.domain.text import all_visible, visible
from checklist_tui.reports.cjk_text import CJKText

GRADE_STYLES = {"优秀": "green", "良好": "cyan", "合格": "yellow", "不合格": "red"}
EMPTY = "—"


@dataclass(frozen=True)
class Cell:
    """A piece of text with a Rich style name (Markdown ignores the style)."""

    text: str
    style: str = ""

    def __post_init__(self) -> None:  # stored text never reaches a terminal or an export raw
        object.__setattr__(self, "text", visible(self.text))


@dataclass(frozen=True)
class Bar:
    """A horizontal bar for a 0–100 score; Rich only (Markdown leaves its column out)."""

    value: float | None
    style: str = ""
    width: int = 20


CellLike = str | Cell | Bar


@dataclass(frozen=True)
class Column:
    header: str
    justify: str = "left"
    markdown: bool = True  # False: a Rich-only column (bars)
    no_wrap: bool = False
    rich: bool = True  # False: a Markdown-only column (detail too wide for 100 columns)
    ratio: int | None = None  # share of the spare width in Rich (the table then fills the width)
    width: int | None = None  # with a ratio: the least width in Rich
    drop_below: int | None = None  # Rich leaves the column out when narrower than this (a bar at 80)


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[tuple[CellLike, ...], ...]

    def __post_init__(self) -> None:
        rows = tuple(tuple(row) if all_visible([c for c in row if type(c) is str])
                     else tuple(visible(c) if isinstance(c, str) else c for c in row) for row in self.rows)
        object.__setattr__(self, "rows", rows)


@dataclass(frozen=True)
class Line:
    """One paragraph made of styled spans."""

    spans: tuple[Cell, ...]


@dataclass(frozen=True)
class Fields:
    """Label: value pairs (the round header)."""

    pairs: tuple[tuple[str, CellLike], ...]

    def __post_init__(self) -> None:
        pairs = tuple((label, visible(v) if isinstance(v, str) else v) for label, v in self.pairs)
        object.__setattr__(self, "pairs", pairs)


Block = Table | Line | Fields


@dataclass(frozen=True)
class Part:
    """A titled part of a report: one Rich renderable, one Markdown section."""

    title: str
    blocks: tuple[Block, ...]
    level: int = 3  # Markdown heading level; level ≤ 2 is drawn as a rule in Rich
    panel: bool = False  # drawn in a box in Rich (a round's header)
    style: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "title", visible(self.title))


def line(*spans: str | Cell) -> Line:
    return Line(tuple(s if isinstance(s, Cell) else Cell(s) for s in spans))


def table(columns: Sequence[Column | str], rows: Iterable[Sequence[CellLike]]) -> Table:
    cols = tuple(c if isinstance(c, Column) else Column(c) for c in columns)
    return Table(cols, tuple(tuple(row) for row in rows))


# --- numbers as people read them ----------------------------------------------------------------


def fmt_score(score: float | None) -> str:
    """One decimal (what the grade is taken from), or a dash when there is no score."""
    return EMPTY if score is None else f"{score:.1f}"


def fmt_rate(rate: float | None) -> str:
    return EMPTY if rate is None else f"{100 * rate:.1f}%"


def grade_cell(grade: str | None) -> Cell:
    return Cell(grade or EMPTY, f"bold {GRADE_STYLES[grade]}" if grade in GRADE_STYLES else "dim")


def score_cell(score: float | None, grade: str | None) -> Cell:
    return Cell(fmt_score(score), GRADE_STYLES.get(grade or "", ""))


# --- Rich -----------------------------------------------------------------------------------------


def _cell_text(cell: CellLike) -> Text:
    if isinstance(cell, Bar):
        return bar_text(cell)
    if isinstance(cell, Cell):
        return CJKText(cell.text, style=cell.style)
    return CJKText(cell)


def bar_text(bar: Bar) -> Text:
    """`██████▌░░░` — eighths of a cell, so 82.5 and 85.0 look different at width 20."""
    if bar.value is None:
        return Text("·" * bar.width, style="dim")
    eighths = round(max(0.0, min(100.0, bar.value)) / 100 * bar.width * 8)
    full, rest = divmod(eighths, 8)
    filled = "█" * full + ("" if rest == 0 else "▏▎▍▌▋▊▉"[rest - 1])
    return Text.assemble((filled, bar.style), ("░" * (bar.width - len(filled)), "dim"))


def rich_block(block: Block) -> RenderableType:
    if isinstance(block, Line):
        return CJKText.assemble(*((s.text, s.style) for s in block.spans))
    if isinstance(block, Fields):
        grid = RichTable.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        for label, value in block.pairs:
            grid.add_row(Text(label), _cell_text(value))
        return grid
    return FittingTable(block)


class FittingTable:
    """A table laid out for the width it is given: columns marked `drop_below` leave first, so
    that the rest wrap instead of being cut (the summary screen at 80 columns)."""

    def __init__(self, block: Table) -> None:
        self.block = block

    def table(self, width: int) -> RichTable:
        return rich_table(self.block, width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.table(options.max_width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.table(options.max_width))


def kept_columns(block: Table, width: int) -> list[int]:
    """The columns Rich shows at this width (the Markdown-only ones and those too wide left out)."""
    return [i for i, c in enumerate(block.columns)
            if c.rich and (c.drop_below is None or width >= c.drop_below)]


def rich_table(block: Table, width: int) -> RichTable:
    keep = kept_columns(block, width)
    expand = any(block.columns[i].ratio for i in keep)
    out = RichTable(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold",
                    expand=expand)
    for i in keep:
        col = block.columns[i]
        out.add_column(Text(col.header), justify=col.justify, no_wrap=col.no_wrap,  # type: ignore[arg-type]
                       overflow="ellipsis" if col.no_wrap else "fold", ratio=col.ratio,
                       width=col.width)
    for row in block.rows:
        out.add_row(*(_cell_text(row[i]) for i in keep))
    return out


def rich_part(part: Part) -> RenderableType:
    body = [rich_block(b) for b in part.blocks]
    title = Text(part.title, style=f"bold {part.style}".strip())
    if part.panel:
        return Panel(Group(*body), title=title, title_align="left", border_style=part.style or "blue")
    head = Rule(title, align="left", style=part.style or "blue") if part.level <= 2 else title
    return Group(head, *body)


def rich_document(parts: Iterable[Part]) -> Group:
    """All parts, one renderable each, a blank line apart."""
    items: list[RenderableType] = []
    for part in parts:
        items += [rich_part(part), Text("")]
    return Group(*items[:-1])


# --- Markdown -------------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~&!])")
_NEWLINE = re.compile(r"\r\n|\r|\n")


def md_escape(value: str) -> str:
    """User text as literal Markdown: punctuation that means something is escaped, and a line
    break becomes `<br>` (valid in tables too)."""
    return _NEWLINE.sub("<br>", _MD_SPECIAL.sub(r"\\\1", value))


def _md_cell(cell: CellLike) -> str:
    if isinstance(cell, Bar):
        return ""
    return md_escape(cell.text if isinstance(cell, Cell) else cell)


def md_block(block: Block) -> str:
    if isinstance(block, Line):
        return "".join(md_escape(s.text) for s in block.spans)
    if isinstance(block, Fields):
        return "\n".join(f"- **{md_escape(label)}**：{_md_cell(value)}" for label, value in block.pairs)
    keep = [i for i, c in enumerate(block.columns) if c.markdown]
    align = {"left": "---", "right": "---:", "center": ":---:"}
    lines = [
        "| " + " | ".join(md_escape(block.columns[i].header) for i in keep) + " |",
        "|" + "|".join(align.get(block.columns[i].justify, "---") for i in keep) + "|",
    ]
    lines += ["| " + " | ".join(_md_cell(row[i]) for i in keep) + " |" for row in block.rows]
    return "\n".join(lines)


def md_part(part: Part) -> str:
    blocks = "\n\n".join(md_block(b) for b in part.blocks)
    return f"{'#' * part.level} {md_escape(part.title)}\n\n{blocks}".rstrip() + "\n"


def md_document(parts: Iterable[Part], title: str | None = None) -> str:
    chunks = [f"# {md_escape(title)}\n"] if title else []
    chunks += [md_part(p) for p in parts]
    return "\n".join(chunks)
