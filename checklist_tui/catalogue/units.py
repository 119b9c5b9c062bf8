"""Reading the units register: `units.toml` in the data folder, else the bundled default.

    town = "麻埠镇"
    [[unit]]
    name = "党政办"
    kind = "镇直单位"
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from checklist_tui.catalogue.toml_file import read_toml
from checklist_tui.domain.checklist import ChecklistError, Problem
from checklist_tui.domain.units import Unit, UnitRegister

FILE_NAME = "units.toml"


def bundled_units_path() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / FILE_NAME


def parse_units(data: Any, file: str) -> UnitRegister:
    """Check a parsed units.toml; ChecklistError names every problem (file, unit, field)."""
    problems: list[Problem] = []

    def add(message: str, item: str | None = None, field: str | None = None) -> None:
        problems.append(Problem(file, message, item=item, field=field))

    if not isinstance(data, dict):
        data = {}
    for key in sorted(set(data) - {"town", "unit"}):
        add("未知字段；允许：town、unit", field=key)
    town = data.get("town")
    if not isinstance(town, str) or not town.strip():
        add("缺少镇名 town（文本）", field="town")
        town = ""
    raw_units = data.get("unit", [])
    if not isinstance(raw_units, list) or not raw_units:
        add("至少需要一个 [[unit]]", field="unit")
        raw_units = []
    units: list[Unit] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_units, start=1):
        where = f"#{index}"
        if not isinstance(raw, dict):
            add("应为表", item=where)
            continue
        for key in sorted(set(raw) - {"name", "kind"}):
            add("未知字段；允许：name、kind", item=where, field=key)
        name, kind = raw.get("name"), raw.get("kind")
        for key, value in (("name", name), ("kind", kind)):
            if not isinstance(value, str) or not value.strip():
                add("缺少必填字段或不是文本", item=where, field=key)
        if not isinstance(name, str) or not isinstance(kind, str) or not name.strip() or not kind.strip():
            continue
        if name in seen:
            add(f"单位「{name}」重复", item=where, field="name")
        seen.add(name)
        units.append(Unit(name.strip(), kind.strip()))
    if problems:
        raise ChecklistError(problems)
    return UnitRegister(town.strip(), tuple(units), file)


def read_units(path: Path) -> UnitRegister:
    name = str(path)
    data = read_toml(path)
    return parse_units(data, name)


@cache
def bundled_units() -> UnitRegister:
    return read_units(bundled_units_path())


def load_units(data_dir: Path | None) -> tuple[UnitRegister, list[Problem]]:
    """The data folder's register, else the bundled one. A broken units.toml is reported (the
    problems) and the bundled register is used meanwhile, so the app still opens."""
    if data_dir is not None:
        path = Path(data_dir) / FILE_NAME
        if path.is_file():
            try:
                return read_units(path), []
            except ChecklistError as error:
                return bundled_units(), error.problems
    return bundled_units(), []


def units_toml(register: UnitRegister, comment: str = "") -> str:
    """A units.toml holding the register (what `read_units` reads back)."""
    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = [f"# {line}" for line in comment.splitlines()]
    lines.append(f"town = {quoted(register.town)}")
    for unit in register.units:
        lines += ["", "[[unit]]", f"name = {quoted(unit.name)}", f"kind = {quoted(unit.kind)}"]
    return "\n".join(lines) + "\n"
