"""`checklist-tui serve`: checks what it was given, then runs the server until Ctrl+C.

The refusals come first (a bad port, a non-local address without a password, an empty password
file) so that they need no web library; textual-serve is imported only after them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from checklist_tui.errors import AppError, BadInput, DataError
from checklist_tui.web.access import PASSWORD_ENV, PasswordHash, check_bind, chosen_password

MISSING_EXTRA = ("网页服务所需的组件（textual-serve）没有安装。请在本程序的虚拟环境中运行："
                 "pip install 'checklist-tui[web]'（从源码安装时为 pip install '.[web]'）")


def app_argv(data_dir: Path, checklist_dirs: Sequence[Path]) -> tuple[str, ...]:
    """The command each browser session runs: this very Python, on the same data folder."""
    argv = [sys.executable, "-m", "checklist_tui", "--data", str(data_dir.resolve())]
    for folder in checklist_dirs:
        argv += ["--checklists", str(folder.resolve())]
    return tuple(argv)


def serve(*, host: str, port: int, data_dir: Path, checklist_dirs: Sequence[Path] = (),
          password_file: Path | None = None, max_sessions: int = 10, idle_minutes: float = 60,
          environ: Mapping[str, str] | None = None) -> int:
    """Serve the app to browsers until stopped; raises BadInput (exit 2) before binding anything."""
    if not 0 < port < 65536:
        raise BadInput(f"端口 {port} 无效：应在 1 到 65535 之间")
    if max_sessions < 1:
        raise BadInput(f"--max-sessions {max_sessions} 无效：至少为 1")
    if not idle_minutes > 0:
        raise BadInput(f"--idle-minutes {idle_minutes:g} 无效：应大于 0")
    password = chosen_password(password_file, os.environ if environ is None else environ)
    check_bind(host, password is not None)
    try:
        from checklist_tui.web.server import OfficeServer, Settings
    except ImportError:
        raise AppError(MISSING_EXTRA) from None
    os.environ.pop(PASSWORD_ENV, None)  # the apps never see it; only its hash is kept
    settings = Settings(host=host, port=port, app_argv=app_argv(data_dir, checklist_dirs),
                        password=None if password is None else PasswordHash.of(password),
                        max_sessions=max_sessions, idle_s=idle_minutes * 60)
    del password
    try:
        OfficeServer(settings).serve()
    except OSError as error:
        raise DataError(f"无法在 {host}:{port} 上启动网页服务：{error.strerror or error}"
                        "（端口可能已被占用，可用 --port 换一个）") from None
    return 0
