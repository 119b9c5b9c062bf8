"""One bad row of an answer sheet, located by line (CSV) or entry (JSON) and item."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

MAX_LISTED_PROBLEMS = 50


@dataclass(frozen=True, order=True)
class SheetProblem:
    """`line` is the CSV line (header = 1) or the JSON entry (first = 1); 0 for the sheet as a whole."""

    line: int
    item: str | None
    reason: str
    entry: bool = False  # True: a JSON entry (第 N 条), else a CSV line (第 N 行)

    @property
    def where(self) -> str:
        return f"第 {self.line} {'条' if self.entry else '行'}"

    def __str__(self) -> str:
        at = self.where if self.line else "整个文件"
        return f"{at}（检查项 {self.item}）：{self.reason}" if self.item else f"{at}：{self.reason}"


def problems_text(problems: Iterable[SheetProblem], limit: int = MAX_LISTED_PROBLEMS) -> str:
    """The problems in the sheet's order, one a line: the first `limit`, then how many more."""
    ordered = sorted(problems, key=lambda p: p.line)
    lines = [str(p) for p in ordered[:limit]]
    if len(ordered) > limit:
        lines.append(f"……另有 {len(ordered) - limit} 处错误未列出（共 {len(ordered)} 处）")
    return "\n".join(lines)
