"""Where checklists come from: the bundled folder, the data folder's, `--checklists` (DESIGN §2)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from checklist_tui.catalogue.parse import parse_checklist
from checklist_tui.catalogue.toml_file import read_toml
from checklist_tui.catalogue.units import bundled_units, load_units
from checklist_tui.domain.checklist import Checklist, ChecklistError, Problem
from checklist_tui.domain.units import UnitRegister


def bundled_dir() -> Path:
    """The bundled `checklists/` folder: inside the installed package, else the repo's top level."""
    here = Path(__file__).resolve().parent.parent
    inside = here / "checklists"
    return inside if inside.is_dir() else here.parent / "checklists"


# --- parsing -------------------------------------------------------------------------------

def load_file(path: Path, units: UnitRegister | None = None) -> Checklist:
    """Read and check one checklist file; ChecklistError names every problem in it.
    `applies_to` is checked against `units` (default: the bundled register)."""
    name = str(path)
    data = read_toml(path)
    return parse_checklist(data, name, units=units or bundled_units())


# --- where checklists come from ----------------------------------------------------------------


@dataclass(frozen=True)
class Override:
    checklist: str
    winner: str
    loser: str


@dataclass
class Library:
    """Every checklist the app would use, with the problems and overrides met on the way."""

    checklists: dict[str, Checklist] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    overrides: list[Override] = field(default_factory=list)
    units: UnitRegister = field(default_factory=bundled_units)
    broken: dict[str, list[str]] = field(default_factory=dict)  # id → files with errors that claim it

    def require(self, checklist_id: str) -> Checklist:
        """The checklist to start a round or a sheet with; KeyError also when a file meant to
        provide or override this id has errors: using another version silently would start the
        round on the wrong items."""
        files = self.broken.get(checklist_id)
        if files:
            loaded = self.checklists.get(checklist_id)
            instead = f"，否则将改用 {loaded.path}" if loaded is not None else ""
            raise KeyError(f"检查表 {checklist_id} 的文件 {'、'.join(files)} 有错误，未载入{instead}；"
                           "请先修正（运行 checklist-tui validate 查看）")
        return self.get(checklist_id)

    def get(self, checklist_id: str) -> Checklist:
        try:
            return self.checklists[checklist_id]
        except KeyError:
            known = "、".join(sorted(self.checklists)) or "（无）"
            broken = sorted({problem.file for problem in self.problems})
            hint = (f"。以下检查表文件有错误，未载入：{'、'.join(broken)}（运行 checklist-tui validate 查看）"
                    if broken else "")
            raise KeyError(f"未知的检查表「{checklist_id}」；已有：{known}{hint}") from None


def checklist_dirs(data_dir: Path | None, extra: Iterable[Path] = ()) -> list[Path]:
    """The folders checklists come from, later overriding earlier (DESIGN §2)."""
    folders = [bundled_dir()]
    if data_dir is not None:
        folders.append(data_dir / "checklists")
    folders.extend(extra)
    return folders


def load_folder(folder: Path, library: Library) -> None:
    """Load every *.toml in one folder into the library (a later folder overrides an earlier one)."""
    if not folder.is_dir():
        return
    here: dict[str, Checklist] = {}
    broken: dict[str, list[str]] = {}
    for path in sorted(folder.glob("*.toml")):
        try:
            checklist = load_file(path, library.units)
        except ChecklistError as error:
            library.problems.extend(error.problems)
            claimed = error.checklist_id or path.stem  # a file that is not TOML: its name is the hint
            broken.setdefault(claimed, []).append(str(path))
            continue
        if checklist.id in here:
            library.problems.append(Problem(
                str(path), f"检查表 id「{checklist.id}」与 {here[checklist.id].path} 重复"
                "（同一文件夹中不能有两个相同 id 的检查表）", field="id"))
            continue
        here[checklist.id] = checklist
    for checklist_id, checklist in here.items():
        previous = library.checklists.get(checklist_id)
        if previous is not None:
            library.overrides.append(Override(checklist_id, checklist.path, previous.path))
        library.checklists[checklist_id] = checklist
        library.broken.pop(checklist_id, None)  # a good file overrides an earlier broken one
    for checklist_id, files in broken.items():
        library.broken.setdefault(checklist_id, []).extend(files)


def load_library(folders: Iterable[Path], units: UnitRegister | None = None) -> Library:
    library = Library(units=units or bundled_units())
    for folder in folders:
        load_folder(Path(folder), library)
    return library


def library_for(data_dir: Path | None, extra: Iterable[Path] = ()) -> Library:
    """What the app uses for a data folder: its checklists, checked against its units register
    (a broken units.toml is one more problem; the bundled register stands in for it)."""
    units, problems = load_units(data_dir)
    library = load_library(checklist_dirs(data_dir, extra), units)
    library.problems[:0] = problems
    return library
