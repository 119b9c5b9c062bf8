"""What `serve` refuses before it binds anything: no password off this PC, an empty password
file, a bad port, and a missing web extra (each a Chinese message, never a traceback)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from storefixtures import run_main


def test_every_address_needs_a_password(capsys, data_dir: Path, monkeypatch) -> None:
    monkeypatch.delenv("CHECKLIST_TUI_PASSWORD", raising=False)
    code, _, err = run_main(capsys, "serve", "--host", "192.168.1.20", "--data", str(data_dir))
    assert code == 2 and "必须设置密码" in err


def test_an_empty_password_file_is_refused(capsys, tmp_path: Path, data_dir: Path) -> None:
    password_file = tmp_path / "密码.txt"
    password_file.write_bytes(b"\xef\xbb\xbf\r\n")
    code, _, err = run_main(capsys, "serve", "--host", "0.0.0.0", "--password-file", str(password_file),
                            "--data", str(data_dir))
    assert code == 2 and "密码.txt" in err and "第一行是空的" in err


@pytest.mark.parametrize(("option", "value"), [("--port", "0"), ("--port", "70000"),
                                               ("--max-sessions", "0"), ("--idle-minutes", "0")])
def test_bad_limits_are_refused(capsys, data_dir: Path, option: str, value: str) -> None:
    code, _, err = run_main(capsys, "serve", option, value, "--data", str(data_dir))
    assert code == 2 and "无效" in err


def test_without_the_web_extra_it_says_how_to_install_it(capsys, data_dir: Path, monkeypatch) -> None:
    for module in ("textual_serve", "textual_serve.server", "checklist_tui.web.server"):
        monkeypatch.setitem(sys.modules, module, None)  # importing it now raises ImportError
    code, _, err = run_main(capsys, "serve", "--data", str(data_dir))
    assert code == 1 and "textual-serve" in err and "pip install" in err and "Traceback" not in err
