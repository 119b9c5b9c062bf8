"""The command line as the property tests drive it: in-process, every output captured."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

from checklist_tui.cli.main import main


def run(*argv: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of one command; argparse's own refusals count as exit 2."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
    return code, out.getvalue(), err.getvalue()


def assert_no_crash(code: int, err: str, allowed: tuple[int, ...]) -> None:
    assert code in allowed, (code, err[-2000:])
    assert "Traceback" not in err and "内部错误" not in err, err[-2000:]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder (locks aside), to prove a refused input changed nothing."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.endswith(".lock")}
