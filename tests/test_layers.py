"""Layers, checked in a fresh interpreter where nothing is imported yet (DESIGN §8): nothing outside
`tui` loads Textual, so the command line and the reports stay fast and usable without the UI, and
the domain loads neither Rich nor TinyDB. import-linter checks the same statically in CI."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest
from storefixtures import ROOT

import checklist_tui

ALL = sorted(m.name for m in pkgutil.walk_packages(checklist_tui.__path__, "checklist_tui.")
             if m.name != "checklist_tui.__main__")
NOT_TUI = [m for m in ALL if not m.startswith("checklist_tui.tui")]
DOMAIN = [m for m in ALL if m.startswith("checklist_tui.domain")]


def loaded(modules: list[str], prefixes: tuple[str, ...]) -> list[str]:
    code = ("import sys\n" + "".join(f"import {m}\n" for m in modules)
            + f"print(sorted(m for m in sys.modules if m.split('.')[0] in {prefixes!r}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    return eval(result.stdout)


def test_the_layers_are_found() -> None:
    assert "checklist_tui.domain.scoring" in DOMAIN and "checklist_tui.reports.summary" in NOT_TUI


@pytest.mark.parametrize("module", NOT_TUI)
def test_module_outside_the_tui_does_not_import_textual(module: str) -> None:
    assert loaded([module], ("textual",)) == []


def test_the_domain_loads_no_rich_no_tinydb_no_textual() -> None:
    assert loaded(DOMAIN, ("textual", "rich", "tinydb", "filelock")) == []
