"""Data folders for the benchmarks, made once and kept between runs.

Generated folders are cached under `<temp dir>/checklist-tui-bench/<key>/`, where the key is a
hash of what shapes them (the domain, catalogue, storage and interchange code, the bundled
checklists) and today's date (the demo writes history up to today). A change there, or
`run.py --fresh`, makes them anew; a stale key's folders are removed when a new key is made.
Figures that write (keypress, save_flatness) work on copies in the run's own scratch folder, so
a cached folder is never changed.

The package is byte-compiled before anything is timed (`compile_package`), as an installed app
is: with PYTHONDONTWRITEBYTECODE set, or after a change, every child process would otherwise
compile the modules it imports again, about 80 ms of each start, which no user's start pays.
"""

from __future__ import annotations

import compileall
import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
CACHE = Path(tempfile.gettempdir()) / "checklist-tui-bench"
SHAPING = ("checklist_tui/domain", "checklist_tui/catalogue", "checklist_tui/storage",
           "checklist_tui/interchange", "checklists")
TARGET_CHECKLIST = "annual-self-check"  # the largest bundled checklist


def child_env() -> dict[str, str]:
    """Children import this checkout, as run.py does."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return env


def app_command() -> list[str]:
    """The real `checklist-tui` process: the installed script beside this Python, else `python -m`."""
    script = Path(sys.executable).with_name("checklist-tui")
    return [str(script)] if script.exists() else [sys.executable, "-m", "checklist_tui"]


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*app_command(), *args], capture_output=True, text=True, env=child_env(),
                          check=False)


def has_command(name: str) -> bool:
    """True if this checkout's `checklist-tui` has the command `name` (e.g. `bundle`, `county`)."""
    return cli(name, "--help").returncode == 0


def cache_key() -> str:
    digest = hashlib.sha256(dt.date.today().isoformat().encode())
    for top in SHAPING:
        for path in sorted((ROOT / top).rglob("*")):
            if path.is_file() and path.suffix in (".py", ".toml"):
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def compile_package() -> None:
    """Bytecode for every module of the package, as `pip install` writes it (none is rewritten
    while it is fresh)."""
    compileall.compile_dir(ROOT / "checklist_tui", quiet=1)


class Workspace:
    """The run's folders: cached generated ones, and a scratch folder removed after the run."""

    def __init__(self, scratch: Path, samples: int, runs: int, fresh: bool = False) -> None:
        self.scratch = scratch
        self.samples = samples
        self.runs = runs  # whole-process samples per side, and keypress blocks
        self.cache = CACHE / cache_key()
        self.notes: list[str] = []  # what a figure could not measure as asked, printed at the end
        if fresh and self.cache.exists():
            shutil.rmtree(self.cache)
        if CACHE.exists():
            for old in CACHE.iterdir():
                if old != self.cache and old.is_dir():
                    shutil.rmtree(old, ignore_errors=True)
        self.cache.mkdir(parents=True, exist_ok=True)
        compile_package()

    def cached(self, name: str, build: Any) -> Path:
        """The cached folder (or file) `name`, made by `build(path)` the first time."""
        folder = self.cache / name
        if not folder.exists():
            building = Path(tempfile.mkdtemp(prefix=f"{name}.", dir=self.cache))
            shutil.rmtree(building)
            build(building)
            building.rename(folder)
        return folder

    def demo_folder(self, rounds: int) -> Path:
        """`checklist-tui demo --rounds N` (as of today). Says in `notes` if it made fewer."""
        def build(folder: Path) -> None:
            done = cli("--data", str(folder), "demo", "--rounds", str(rounds))
            if done.returncode != 0:
                raise RuntimeError(f"demo --rounds {rounds} exited {done.returncode}:\n{done.stderr[-2000:]}")
            (folder / ".bench.json").write_text(json.dumps({"rounds": count_rounds(folder)}))
        folder = self.cached(f"demo-{rounds}", build)
        made = json.loads((folder / ".bench.json").read_text())["rounds"]
        if made != rounds:
            note = f"demo --rounds {rounds} made {made} rounds: the figures at {rounds} are at {made}"
            if note not in self.notes:
                self.notes.append(note)
        return folder

    def plain_folder(self, rounds: int) -> Path:
        """A scratch copy of `rounds` rounds of the bundled checklists (no answers); R0001 is an
        annual self-check."""
        def build(folder: Path) -> None:
            done = subprocess.run([sys.executable, str(HERE / "workspace.py"), "plain", str(folder),
                                   str(rounds)], env=child_env(), capture_output=True, text=True, check=False)
            if done.returncode != 0:
                raise RuntimeError(f"plain folder of {rounds}:\n{done.stderr[-2000:]}")
        return self.copy(self.cached(f"plain-{rounds}", build), f"plain-{rounds}")

    def copy(self, folder: Path, name: str) -> Path:
        """A scratch copy of a cached folder, for a figure that writes."""
        target = self.scratch / name
        if not target.exists():
            shutil.copytree(folder, target)
        return target


def count_rounds(folder: Path) -> int:
    from checklist_tui.storage.store import Store

    return len(Store(folder).round_ids())


def make_plain(folder: Path, rounds: int) -> None:
    from checklist_tui.catalogue.library import checklist_dirs, load_library
    from checklist_tui.storage.store import Store

    library = load_library(checklist_dirs(None))
    store = Store(folder)
    checklists = sorted(library.checklists.values(), key=lambda c: c.id != TARGET_CHECKLIST)
    with store.batch():
        for n in range(rounds):
            checklist = checklists[n % len(checklists)]
            # a unit some item applies to (village items go to 村), each round its own year
            unit = "麻埠村" if checklist.id.startswith("village") else "司法所"
            store.new_round(checklist, unit, str(1000 + n), "王晓丽")


if __name__ == "__main__" and sys.argv[1:2] == ["plain"]:
    sys.path.insert(0, str(ROOT))
    make_plain(Path(sys.argv[2]), int(sys.argv[3]))
