"""The command line (DESIGN §6): parses arguments, runs one command, turns errors into exit codes.

Exit codes: 0 ok; 2 bad input (arguments, rows, unknown ids, forbidden transitions); 1 anything
else that stopped the command (a damaged file, a disk error). Each group of commands has its own
module (rounds, loop, reports, checklists, data_folder, send_collect); `parser` and `context` serve
them all.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from collections.abc import Callable, Sequence

from rich.text import Text

from checklist_tui.cli.context import Context, err
from checklist_tui.cli.parser import build_parser
from checklist_tui.domain.text import visible
from checklist_tui.errors import AppError, BadInput

__all__ = ["COMMANDS", "build_parser", "command", "main"]


def cmd_tui(ctx: Context) -> int:
    from checklist_tui.tui.app import make_app
    from checklist_tui.web.access import user_from_environment

    # What the imports made lives as long as the app: the garbage collector need not go through
    # it again and again while the app starts (a full pass cost ~30 ms before the first paint).
    gc.freeze()

    round_id = ctx.live_round_id(ctx.args.round) if getattr(ctx.args, "round", None) is not None else None
    app = make_app(data_dir=ctx.data_dir, checklist_dirs=ctx.extra_dirs, open_round=round_id,
                   user=user_from_environment())
    app.run()
    return app.return_code or 0


# each command's module, imported only when that command runs (the app's start stays light)
COMMANDS: dict[str, str] = {
    "new": "rounds", "template": "rounds", "import": "rounds", "submit": "rounds", "rounds": "rounds",
    "void": "rounds",
    "summary": "reports", "ledger": "reports", "draft": "reports", "raise": "loop", "rectify": "loop",
    "notice": "notice",
    "validate": "checklists", "demo": "data_folder", "restore": "data_folder", "serve": "serve",
    "bundle": "county", "county": "county",
}


def command(name: str | None) -> Callable[[Context], int]:
    """The function that runs a command: `cmd_NAME` in its module; no command (or `open`) is the app."""
    if name is None or name == "open":
        return cmd_tui
    module = importlib.import_module(f"checklist_tui.cli.{COMMANDS[name]}")
    run: Callable[[Context], int] = getattr(module, f"cmd_{name}")
    return run


def prepare_streams() -> None:
    """Redirected output (`ledger --format csv > 台账.csv`) gets the very bytes `-o FILE` would
    write: UTF-8, lines as given. Without this, a console whose code page is GBK (Chinese Windows)
    made the BOM, ✓ and other characters GBK lacks stop the command with UnicodeEncodeError.
    A terminal that cannot show a character shows '?' instead of failing."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        try:
            if stream.isatty():
                reconfigure(errors="replace")
            else:
                reconfigure(encoding="utf-8", errors="replace", newline="\n")
        except (OSError, ValueError):
            pass


def undecodable_argument(argv: Sequence[str]) -> str | None:
    """The first argument holding bytes that were not UTF-8 (a lone surrogate once decoded), shown
    with those bytes as �; None when every argument is text."""
    for arg in argv:
        if any("\ud800" <= c <= "\udfff" for c in arg):
            return visible(arg)
    return None


def main(argv: Sequence[str] | None = None) -> int:
    prepare_streams()
    bad = undecodable_argument(sys.argv[1:] if argv is None else argv)
    if bad is not None:
        err().print(Text(f"错误：参数「{bad}」含有无法识别的字节（不是 UTF-8 编码的文字）；"
                         "请检查终端或脚本的编码设置，未做任何修改"))
        return 2
    args = build_parser().parse_args(argv)
    ctx = Context(args)
    try:
        if ctx.data_dir.exists() and not ctx.data_dir.is_dir():
            raise BadInput(f"数据文件夹 {ctx.data_dir} 不是文件夹（--data 应指向一个文件夹）")
        code = command(args.command)(ctx)
    except BadInput as error:
        err().print(Text(f"错误：{error}"))
        code = 2
    except AppError as error:
        err().print(Text(f"错误：{error}"))
        code = error.exit_code
    except KeyboardInterrupt:
        code = 130
    except BrokenPipeError:
        code = 0
    except Exception as error:  # the last guard: a message, never a traceback
        if os.environ.get("CHECKLIST_TUI_DEBUG"):
            raise
        err().print(Text(f"内部错误：{error}（{type(error).__name__}；"
                         "设置 CHECKLIST_TUI_DEBUG=1 可查看详情）"))
        code = 1
    return code
