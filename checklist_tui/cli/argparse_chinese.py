"""argparse speaking Chinese: usage and help headings, its error messages and the choices it lists.

argparse takes every message it prints through `argparse._` (gettext); while one of our parsers
parses or formats help, those names point at a small table of the messages a user can reach, so
the words change and nothing else does (the exit code of a bad argument stays 2). Outside our
parsers argparse is untouched. Values a user typed are shown in 「」, lists with 、.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn

from rich.text import Text

from checklist_tui.cli.context import err

MESSAGES = {
    "usage: ": "用法：",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少必填参数：%s",
    "one of the arguments %s is required": "缺少参数，以下选项必须给出一个：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是：%(matches)s",
    "ignored explicit argument %r": "不接受取值「%s」",
    "expected one argument": "缺少取值",
    "expected at most one argument": "最多只能有一个取值",
    "expected at least one argument": "至少要有一个取值",
    "unexpected option string: %s": "意外的选项：%s",
}
# lists argparse joins with ", " that hold only option names: shown with 、
LISTS = {"缺少必填参数：": ", ", "选项 ": ", ", "缺少参数，以下选项必须给出一个：": " "}


def _translate(message: str) -> str:
    return MESSAGES.get(message, message)


def _translate_n(singular: str, plural: str, count: int) -> str:
    if singular == "expected %s argument":
        return "应有 %s 个取值"
    return singular if count == 1 else plural


@contextmanager
def _chinese() -> Iterator[None]:
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _translate, _translate_n  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


class ChineseHelpFormatter(argparse.HelpFormatter):
    def format_help(self) -> str:
        # argparse ends each heading with ":"; our headings are Chinese words
        return re.sub(r"(?m)^( *[^\x00-\x7f][^\n]*):$", r"\1：", super().format_help())


def listed(values: Sequence[object]) -> str:
    return "、".join(str(value) for value in values)


class ChineseParser(argparse.ArgumentParser):
    """argparse with its headings, -h and error messages in Chinese; errors exit 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        for action in self._actions:
            if isinstance(action, argparse._HelpAction):
                action.help = "显示本帮助并退出"

    def parse_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                   namespace: Any = None) -> argparse.Namespace:
        with _chinese():  # "unrecognized arguments" is reported here, after parse_known_args
            return super().parse_args(args, namespace)

    def parse_known_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                         namespace: Any = None) -> tuple[argparse.Namespace, list[str]]:
        with _chinese():
            return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        with _chinese():
            return super().format_usage()

    def format_help(self) -> str:
        with _chinese():
            return super().format_help()

    def _get_value(self, action: argparse.Action, arg_string: str) -> Any:
        if action.type is int:
            try:
                return int(arg_string)
            except ValueError:
                raise argparse.ArgumentError(action, f"应为整数，收到「{arg_string}」") from None
        return super()._get_value(action, arg_string)

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        if action.choices is None or value in action.choices:
            return
        choices = listed(list(action.choices))
        if isinstance(action, argparse._SubParsersAction):
            raise argparse.ArgumentError(None, f"没有命令「{value}」；可用的命令：{choices}")
        raise argparse.ArgumentError(action, f"取值「{value}」无效；可选：{choices}")

    def error(self, message: str) -> NoReturn:
        for start, separator in LISTS.items():
            if message.startswith(start):
                message = start + message[len(start):].replace(separator, "、")
        self.print_usage(sys.stderr)
        err().print(Text(f"错误：{message}"))
        raise SystemExit(2)
