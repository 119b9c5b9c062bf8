"""Shared helpers for the storage, sheet and command-line tests: the suite's small checklist in a
folder, a data folder, and ways to run the command line in-process or as a real subprocess.

Plain functions (not fixtures) so test files import exactly what they use.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINI_TOML

from checklist_tui.catalogue.library import load_file
from checklist_tui.cli.main import main
from checklist_tui.domain.checklist import Checklist
from checklist_tui.storage.store import Store

PYTHON = sys.executable
ROOT = Path(__file__).resolve().parent.parent


def write_small(folder: Path, text: str = MINI_TOML, name: str = "mini.toml") -> Path:
    """The suite's small checklist (conftest.MINI_TOML), or a variant of it, as a file in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def small_checklist(tmp_path: Path) -> Checklist:
    return load_file(write_small(tmp_path / "lists"))


def store_with_round(tmp_path: Path, unit: str = "麻埠村", period: str = "2025-Q1",
                     inspector: str = "王晓丽") -> tuple[Store, str]:
    """A data folder under tmp_path holding one round of the small checklist."""
    store = Store(tmp_path / "data")
    meta = store.new_round(small_checklist(tmp_path), unit, period, inspector)
    return store, meta.id


def run_main(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the command line in-process: (exit code, stdout, stderr)."""
    capsys.readouterr()
    try:
        code = main(list(argv))
    except SystemExit as stop:  # argparse refusing the arguments
        code = stop.code if isinstance(stop.code, int) else 1
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run_process(*argv: str, data: Path | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run `python -m checklist_tui ARGV` as a real process, with UTF-8 pipes."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}
    env.pop("CHECKLIST_TUI_DEBUG", None)
    if data is not None:
        env["CHECKLIST_TUI_DATA"] = str(data)
    return subprocess.run([PYTHON, "-m", "checklist_tui", *argv], capture_output=True, text=True,
                          encoding="utf-8", env=env, cwd=ROOT, timeout=timeout)


def file_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, relative path → content (to prove nothing was touched)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.endswith(".lock")}


def index_head(store: Store) -> dict:
    """The first line of the folder's index: every entry's stamp and listing row."""
    return json.loads(store.index_path.read_bytes().split(b"\n", 1)[0])


def write_index_head(store: Store, head: dict) -> None:
    """Put another first line in the index (as a bug or another program might), the rest kept."""
    rest = store.index_path.read_bytes().split(b"\n", 1)[1]
    store.index_path.write_bytes(json.dumps(head, ensure_ascii=False).encode() + b"\n" + rest)


def rewrite_in_place(path: Path, old: str, new: str) -> None:
    """Change a round file as a careless program would: same inode, same size, same mtime."""
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text and len(old.encode()) == len(new.encode())
    with path.open("r+b") as handle:
        handle.write(text.replace(old, new).encode("utf-8"))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (st.st_size, st.st_mtime_ns)
