"""Reading a TOML file of the office's (a checklist, the units register): every way it can fail
becomes one named problem, never a traceback."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from checklist_tui.domain.checklist import ChecklistError, Problem


def syntax_error(error: tomllib.TOMLDecodeError) -> str:
    """Where the parser stopped, in Chinese; its own (English) words after it, in （）."""
    found = re.fullmatch(r"(.*?) \((?:at line (\d+), column (\d+)|(at end of document))\)", str(error))
    if found is None:
        return str(error)
    where = "文件末尾" if found[4] else f"第 {found[2]} 行第 {found[3]} 列"
    return f"{where}（{found[1]}）"


def read_toml(path: Path) -> dict[str, Any]:
    """The file's tables; ChecklistError naming the file and what is wrong with it."""
    name = str(path)
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ChecklistError([Problem(name, f"TOML 语法错误：{syntax_error(error)}")]) from None
    except RecursionError:  # arrays or tables nested some hundreds deep
        raise ChecklistError([Problem(name, "TOML 嵌套层数过多，无法读取；"
                                            "检查表不需要嵌套数组或表")]) from None
    except UnicodeDecodeError as error:
        raise ChecklistError([Problem(name, f"不是 UTF-8 文本（第 {error.start} 字节附近）；"
                                            "请另存为 UTF-8 编码")]) from None
    except OSError as error:
        raise ChecklistError([Problem(name, f"无法读取文件：{error.strerror or error}")]) from None
    except ValueError:  # an integer literal of thousands of digits
        raise ChecklistError([Problem(name, "TOML 中有位数过多的数值（数千位），无法读取")]) from None
