"""The domain never imports Textual: the command line and the reports stay fast and usable
without the UI (DESIGN §8). Checked in a fresh interpreter, where nothing is imported yet."""

from __future__ import annotations

import subprocess
import sys

import pytest
from storefixtures import ROOT

MODULES = ["checklist", "scoring", "loop", "period", "storage", "round_file", "store", "sheets", "demo",
           "cli", "report", "report_cli", "trends", "document", "ledger", "export", "draft"]


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
