"""Markup in checklist text and unit names shows literally in every report part (issue 14):
section titles, item questions and the unit in a round's header are data, never Rich markup."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from conftest import MARKUP_QUESTION, MARKUP_TITLE, MARKUP_UNIT
from reportfixtures import run

from checklist_tui.storage.store import Store


@pytest.fixture
def folders(markup_folders: tuple[Path, Path]) -> tuple[Path, Path]:
    Store(markup_folders[0]).save_answer("R0001", "S1.01", answer="fail")
    return markup_folders


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
    assert MARKUP_UNIT in header  # the part title
    assert any("单位" in line and MARKUP_UNIT in line for line in lines)  # the header's unit cell
    assert any("S1" in line and MARKUP_TITLE in line for line in lines)  # the section's title
    assert any("S1.01" in line and MARKUP_QUESTION in line for line in lines)  # the failed item's question
