"""`checklist-tui serve`: the app in the browsers of the office LAN (the `web` layer does the work)."""

from __future__ import annotations

import argparse
from pathlib import Path

from checklist_tui.cli.context import Context

HELP = "在本机启动网页服务，局域网内其他电脑用浏览器使用本程序（需安装 checklist-tui[web]）"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1", metavar="H",
                   help="监听地址（默认 127.0.0.1 只限本机；0.0.0.0 为本机全部网卡，须设密码）")
    p.add_argument("--port", type=int, default=8000, metavar="P", help="端口（默认 8000）")
    p.add_argument("--password-file", type=Path, metavar="FILE",
                   help="密码文件（第一行为密码；也可用环境变量 CHECKLIST_TUI_PASSWORD）")
    p.add_argument("--max-sessions", type=int, default=10, metavar="N", help="同时使用的最多人数（默认 10）")
    p.add_argument("--idle-minutes", type=float, default=60, metavar="M",
                   help="闲置多少分钟后自动退出（默认 60；回答随时都已保存）")


def cmd_serve(ctx: Context) -> int:
    from checklist_tui.web.serve import serve

    args = ctx.args
    return serve(host=args.host, port=args.port, data_dir=ctx.data_dir, checklist_dirs=ctx.extra_dirs,
                 password_file=args.password_file, max_sessions=args.max_sessions,
                 idle_minutes=args.idle_minutes)
