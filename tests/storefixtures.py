"""Shared helpers for the storage, sheet and command-line tests: a small checklist, a data folder,
and ways to run the command line in-process or as a real subprocess.

Plain functions (not fixtures) so test files import exactly what they use.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from checklist_tui.catalogue.library import load_file
from checklist_tui.cli.main import main
from checklist_tui.domain.checklist import Checklist
from checklist_tui.storage.store import Store

# Six items covering every kind; the weights are chosen so that hand computations stay short:
# scored weights S1.01 = 2, S1.02 = 3 (critical), S2.01 = 2, S2.02 = 2 → Σw = 9.
SMALL_TOML = """\
[checklist]
id = "small-check"
title = "小型自查表"
version = "1"
cadence = "quarterly"

[[section]]
id = "S1"
title = "(一)组织领导"

[[section.item]]
id = "S1.01"
text = "是否及时调整法治建设工作领导小组?"
source = ["P1.1.1"]
weight = 2
owner = "党政办"

[[section.item]]
id = "S1.02"
text = "重大行政决策是否经合法性审查?"
weight = 3
critical = true
owner = "司法所"

[[section.item]]
id = "S1.03"
text = "是否记录集体学法情况?"
weight = 0

[[section]]
id = "S2"
title = "(二)化解矛盾纠纷"

[[section.item]]
id = "S2.01"
text = "调解成功率"
kind = "number"
unit = "%"
target = ">= 95"
weight = 2

[[section.item]]
id = "S2.02"
text = "矛盾纠纷排查,每少一次扣0.5分,累计不超过1.2分"
kind = "deduction"
weight = 2
each = 0.5
cap = 1.2

[[section.item]]
id = "S2.03"
text = "受理信访件数"
kind = "number"
weight = 0
min = 0
"""

SMALL_ID = "small-check"
PYTHON = sys.executable
ROOT = Path(__file__).resolve().parent.parent


def write_small(folder: Path, text: str = SMALL_TOML, name: str = "small.toml") -> Path:
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
