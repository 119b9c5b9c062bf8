"""The checklist model: typed and immutable (DESIGN §2). Reading and checking files is `catalogue`'s."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

ItemKind = Literal["status", "number", "deduction", "bonus"]  # as stored in checklist and round files
KINDS: tuple[ItemKind, ...] = get_args(ItemKind)
Cadence = Literal["annual", "quarterly", "once"]
CADENCES: tuple[Cadence, ...] = get_args(Cadence)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a checklist file, located as precisely as we can."""

    file: str
    message: str
    section: str | None = None
    item: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = []
        if self.section:
            where.append(_place(self.section, "部分"))
        if self.item:
            where.append(_place(self.item, "项") if self.item.startswith("#") else f"检查项 {self.item}")
        if self.field:
            where.append(f"字段 {self.field}")
        place = "，".join(where)
        return f"{self.file}：{place}：{self.message}" if place else f"{self.file}：{self.message}"


def _place(name: str, what: str) -> str:
    """`S1` → `部分 S1`; a table without an id, known by its position `#2` → `第 2 部分`."""
    return f"第 {name[1:]} {what}" if name.startswith("#") else f"{what} {name}"


@dataclass(frozen=True)
class Target:
    """A number item's goal, such as `>= 95`."""

    op: str
    value: float

    def met_by(self, number: float) -> bool:
        return {
            ">=": number >= self.value,
            "<=": number <= self.value,
            ">": number > self.value,
            "<": number < self.value,
            "==": number == self.value,
        }[self.op]

    def __str__(self) -> str:
        return f"{self.op} {format_number(self.value)}"

    @property
    def label(self) -> str:
        """As people read it on screen and paper: `≥ 95`."""
        sign = {">=": "≥", "<=": "≤", "==": "="}.get(self.op, self.op)
        return f"{sign} {format_number(self.value)}"


def format_number(value: float) -> str:
    """12.0 → "12", 0.5 → "0.5"."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    section: str
    source: tuple[str, ...] = ()
    quote: str = ""
    weight: float = 1.0
    kind: ItemKind = "status"
    critical: bool = False
    owner: str = ""
    evidence: tuple[str, ...] = ()
    guidance: str = ""
    unit: str = ""
    min: float | None = None
    max: float | None = None
    target: Target | None = None
    each: float | None = None
    cap: float | None = None
    finding: str = ""  # the shortfall as a 台账 states it; see domain.finding
    applies_to: tuple[str, ...] = ()

    @property
    def scored(self) -> bool:
        return self.weight > 0

    @property
    def needs_value(self) -> bool:
        return self.kind in ("number", "deduction", "bonus")

    @property
    def counted(self) -> bool:
        """A deduction or bonus item: its answer is a whole count of times."""
        return self.kind in ("deduction", "bonus")

    def range_text(self) -> str:
        """The allowed values in words, for messages and the item card."""
        if self.counted:
            return "不小于 0 的整数" if self.max is None else f"0 到 {format_number(self.max)} 的整数"
        low = "-∞" if self.min is None else format_number(self.min)
        high = "+∞" if self.max is None else format_number(self.max)
        return f"[{low}, {high}]{self.unit}"


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Checklist:
    id: str
    title: str
    version: str
    cadence: str
    sections: tuple[Section, ...]
    path: str = ""
    short: str = ""  # a short title for narrow screens, e.g. 年度自查
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for section in self.sections for item in section.items)

    @property
    def short_title(self) -> str:
        """What a narrow column shows: the short title, else the title."""
        return self.short or self.title

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def section_of(self, item_id: str) -> Section:
        for section in self.sections:
            if any(item.id == item_id for item in section.items):
                return section
        raise KeyError(item_id)


class ChecklistError(ValueError):
    """A checklist could not be loaded; carries every problem found."""

    def __init__(self, problems: list[Problem], checklist_id: str | None = None):
        self.problems = problems
        self.checklist_id = checklist_id  # the id the file gives, when it could be read
        super().__init__("\n".join(str(p) for p in problems))

