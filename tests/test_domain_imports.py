"""The domain never imports Textual: the command line and the reports stay fast and usable
without the UI (DESIGN §8). Checked in a fresh interpreter, where nothing is imported yet."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest
from storefixtures import ROOT

DOMAIN = ["checklist", "scoring", "loop", "period", "storage", "store", "sheets", "demo", "cli"]
# modules that other parts of the project add; checked once they exist
LATER = ["report", "report_cli", "trends", "document", "ledger", "export", "draft"]


def present(name: str) -> bool:
    return importlib.util.find_spec(f"checklist_tui.{name}") is not None


MODULES = DOMAIN + [name for name in LATER if present(name)]


def run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)


@pytest.mark.parametrize("module", MODULES)
def test_domain_module_does_not_import_textual(module: str) -> None:
    result = run(f"import sys, checklist_tui.{module}\n"
                 "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_all_domain_modules_together() -> None:
    imports = "; ".join(f"import checklist_tui.{name}" for name in MODULES)
    result = run(f"import sys; {imports}; print('textual' in sys.modules)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
