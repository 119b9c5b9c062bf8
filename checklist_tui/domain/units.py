"""The units register (单位名录): the town's offices and villages, and which items apply to whom.

An item without `applies_to` applies to every unit; an item with it applies to a unit named in it
or whose kind (镇直单位, 村, …) is named in it. A unit not in the register is answered only on
the items without `applies_to`.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from checklist_tui.domain.checklist import Checklist, Item, Section


@dataclass(frozen=True)
class Unit:
    name: str
    kind: str


@dataclass(frozen=True)
class UnitRegister:
    town: str
    units: tuple[Unit, ...]
    path: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(unit.name for unit in self.units)

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(unit.kind for unit in self.units))

    def known(self, name: str) -> bool:
        """A unit name or a unit kind of this register."""
        return name in self.names or name in self.kinds

    def choices(self) -> tuple[str, ...]:
        return (*self.kinds, *self.names)

    def kind_of(self, name: str) -> str | None:
        return next((unit.kind for unit in self.units if unit.name == name), None)

    def closest(self, name: str, count: int = 3) -> list[str]:
        """The register's unit names nearest to a name typed (for "did you mean")."""
        near = difflib.get_close_matches(name, self.names, n=count, cutoff=0.3)
        return near or [n for n in self.names if name and (name in n or n in name)][:count]


def applies(item: Item, unit: str, register: UnitRegister) -> bool:
    """Does the item apply to this unit? (no `applies_to` → every unit)"""
    if not item.applies_to:
        return True
    kind = register.kind_of(unit)
    return unit in item.applies_to or (kind is not None and kind in item.applies_to)


def items_for(checklist: Checklist, unit: str, register: UnitRegister) -> list[Item]:
    return [item for item in checklist.items if applies(item, unit, register)]


def scoped_sections(checklist: Checklist, unit: str, register: UnitRegister) -> tuple[Section, ...]:
    """The checklist's sections holding only the unit's items; a section left empty is dropped."""
    sections = []
    for section in checklist.sections:
        kept = tuple(item for item in section.items if applies(item, unit, register))
        if kept:
            sections.append(Section(section.id, section.title, kept))
    return tuple(sections)


def scoped(checklist: Checklist, unit: str, register: UnitRegister) -> Checklist:
    """The checklist as a round of this unit holds it: only its items, empty sections left out,
    and the raw copy (what the round file freezes) narrowed the same way."""
    sections = scoped_sections(checklist, unit, register)
    kept = {item.id for section in sections for item in section.items}
    if len(kept) == len(checklist.items):
        return checklist
    return replace(checklist, sections=sections, raw=narrowed_raw(checklist.raw, kept))


def narrowed_raw(raw: Mapping[str, Any], kept: set[str]) -> dict[str, Any]:
    out = dict(raw)
    sections = []
    for section in raw.get("section", []):
        items = [item for item in section.get("item", []) if item.get("id") in kept]
        if items:
            sections.append({**section, "item": items})
    out["section"] = sections
    return out
