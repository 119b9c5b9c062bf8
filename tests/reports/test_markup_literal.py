"""Markup in checklist text and unit names shows literally in every report part (issue 14):
section titles, item questions and the unit in a round's header are data, never Rich markup."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from reportfixtures import run

from checklist_tui.catalogue.library import load_library
from checklist_tui.storage.store import Store

TITLE = "[bold]部分[/]甲"
QUESTION = "是否[bold]x[/]学法[/]?"
UNIT = "[bold]x[/]办"

TOML = f"""\
[checklist]
id = "mk"
title = "标记测试表"
version = "1"
cadence = "annual"

[[section]]
id = "S1"
title = '{TITLE}'

[[section.item]]
id = "S1.01"
text = '{QUESTION}'
weight = 3
critical = true
"""


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    lists = tmp_path / "lists"
    lists.mkdir()
    (lists / "mk.toml").write_text(TOML, encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    store = Store(data)
    record = store.new_round(load_library([lists]).get("mk"), UNIT, "2025", "张三")
    store.save_answer(record.id, "S1.01", answer="fail")
    return data, lists


def shown(out: str, fmt: str) -> str:
    """What a reader sees: HTML entities decoded, Markdown's bracket escapes undone."""
    if fmt == "html":
        return html.unescape(re.sub(r"<[^>]+>", "", out))
    if fmt == "md":
        return out.replace("\\[", "[").replace("\\]", "]")
    return out


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_markup_in_titles_questions_and_units_shows_literally(capsys, folders, fmt: str) -> None:
    code, out, err = run(capsys, *folders, "summary", "R0001", "--format", fmt)
    assert code == 0, err
    lines = shown(out, fmt).splitlines()
    header = next(line for line in lines if "R0001" in line)
    assert UNIT in header  # the part title
    assert any("单位" in line and UNIT in line for line in lines)  # the header's unit cell
    assert any("S1" in line and TITLE in line for line in lines)  # the section's title
    assert any("S1.01" in line and QUESTION in line for line in lines)  # the failed item's question
