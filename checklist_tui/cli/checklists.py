"""`validate`: check checklist files, naming every problem (exit 2 on any)."""

from __future__ import annotations

from rich.text import Text

from checklist_tui.catalogue.library import Library, load_file, load_folder
from checklist_tui.catalogue.parse import notes
from checklist_tui.catalogue.units import load_units
from checklist_tui.cli.context import (
    Context,
    err,
    out,
)
from checklist_tui.domain.checklist import ChecklistError
from checklist_tui.errors import BadInput


def cmd_validate(ctx: Context) -> int:
    if ctx.args.paths:
        units, unit_problems = load_units(ctx.data_dir)
        library = Library(units=units, problems=list(unit_problems))
        for path in ctx.args.paths:
            if path.is_dir():
                load_folder(path, library)
            elif path.exists():
                try:
                    checklist = load_file(path, units)
                except ChecklistError as error:
                    library.problems.extend(error.problems)
                    continue
                library.checklists[checklist.id] = checklist
            else:
                raise BadInput(f"{path}：文件或文件夹不存在")
    else:
        library = ctx.library
    console = out()
    for override in library.overrides:
        console.print(Text(f"覆盖：检查表 {override.checklist} 使用 {override.winner}"
                           f"（覆盖 {override.loser}）"))
    for checklist in sorted(library.checklists.values(), key=lambda c: c.id):
        items = len(checklist.items)
        console.print(Text(f"✓ {checklist.id} {checklist.version}：{len(checklist.sections)} 部分，"
                           f"{items} 项 — {checklist.path}"))
        for note in notes(checklist):
            console.print(Text(f"注意：{note}"))
    for problem in library.problems:
        err().print(Text(f"✗ {problem}"))
    if library.problems:
        err().print(Text(f"共 {len(library.problems)} 个问题"))
        return 2
    return 0
