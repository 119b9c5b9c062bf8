"""Chinese wrapped by the widgets at the width they are drawn at (issue #16): no line of the stepper's
item card and answer panel, nor of the board's detail pane, starts with a closing mark (，。、；：？！）」
…), at 80×24, 120×40 and after a resize; the text is all there, only where lines break changes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import CREATED, MINI_TOML, TODAY
from rich.cells import cell_len
from textual.widget import Widget
from tuihelpers import screen_text, settle

from checklist_tui.domain.checklist import Checklist
from checklist_tui.reports.cjk_text import NO_LINE_START
from checklist_tui.storage.store import Store
from checklist_tui.tui.app import ChecklistApp, make_app
from checklist_tui.tui.widgets import AnswerPanel, ItemCard
from checklist_tui.tui.widgets.rect_detail import RectDetail

# Every third character a mark, so that wherever a line is chopped, some line would start with one.
QUESTION = "是否及时调整，由党政主要负责人任组长、牵头抓总，成员与现任班子一致？" * 3
GUIDANCE = "对照年内人事变动时间，核实调整文件是否及时印发；会议纪要（含签到表）是否齐全。" * 3
NOTE = "会议纪要未归档，领导小组成员未随人事变动调整；整改措施：补发文件。" * 3
SIZES = ((80, 24), (120, 40), (97, 30), (83, 24))


def lines_of(text: str, widget: Widget) -> list[str]:
    """The rows `widget` covers on the screen (its visible part), each from its left edge, without
    the leading blanks."""
    region = widget.region
    rows = text.splitlines()[region.y:region.y + region.height]
    cut = []
    for row in rows:
        cells, index = 0, 0
        while index < len(row) and cells < region.x:
            cells += cell_len(row[index])
            index += 1
        cut.append(row[index:].strip())
    return [row for row in cut if row]


def bad_starts(lines: list[str]) -> list[str]:
    return [line for line in lines if line[0] in NO_LINE_START]


def folder(tmp_path: Path) -> tuple[Path, Path]:
    lists, data = tmp_path / "lists", tmp_path / "data"
    lists.mkdir()
    first = MINI_TOML[MINI_TOML.index('text = "是否随人事变动'):]
    text = MINI_TOML.replace(first[:first.index("\n")], f'text = "{QUESTION}"', 1).replace(
        'guidance = "对照年内人事变动时间，核实调整文件是否及时印发。"', f'guidance = "{GUIDANCE}"', 1)
    (lists / "mini.toml").write_text(text, encoding="utf-8")
    return data, lists


def a_round(tmp_path: Path) -> tuple[Path, Path, Store, Checklist, str, ChecklistApp]:
    """A round of the mini checklist with the long question, and an app on its folder."""
    data, lists = folder(tmp_path)
    store = Store(data)
    app = make_app(data_dir=data, checklist_dirs=[lists], today=TODAY)
    mini = app.services.library.get("mini")
    return data, lists, store, mini, store.new_round(mini, "党政办", "2025", "张三", created=CREATED).id, app


async def test_the_item_card_and_answer_never_start_a_line_with_a_closing_mark(tmp_path: Path) -> None:
    data, lists, store, _, rid, _ = a_round(tmp_path)
    store.save_answer(rid, "S1.01", note=NOTE)  # still unanswered: the stepper opens on it
    app = make_app(data_dir=data, checklist_dirs=[lists], open_round=rid, today=TODAY)
    async with app.run_test(size=SIZES[0]) as pilot:
        for size in SIZES:
            await pilot.resize_terminal(*size)
            await settle(pilot)
            text = screen_text(pilot)
            card = lines_of(text, pilot.app.screen.query_one(ItemCard))
            answer = lines_of(text, pilot.app.screen.query_one(AnswerPanel))
            assert "".join(card).count("？") >= 3  # the question is shown whole, wrapped
            assert "".join(answer).count("。") == 3
            assert bad_starts(card) == [] and bad_starts(answer) == [], size


async def test_the_board_detail_never_starts_a_line_with_a_closing_mark(tmp_path: Path) -> None:
    _, _, store, mini, rid, app = a_round(tmp_path)
    for item in mini.items:
        store.save_answer(rid, item.id, **({"answer": "pass"} if item.kind == "status" else
                                           {"value": item.min or 0}))
    store.save_answer(rid, "S1.01", answer="fail", note=NOTE)
    store.submit(rid, date=dt.date(2025, 3, 1))
    store.rectify(f"{rid}-01", "notified", by="张三", date=dt.date(2025, 3, 2), comment=NOTE)
    async with app.run_test(size=SIZES[0]) as pilot:
        await pilot.press("r")
        for size in ((80, 24), (120, 40), (100, 60), (82, 60)):  # 100: a lone 。, 82: a ， (without 禁则)
            await pilot.resize_terminal(*size)
            await settle(pilot)
            assert pilot.app.screen.query_one(RectDetail)
            lines = lines_of(screen_text(pilot), pilot.app.screen.query_one("#board-detail-box"))
            assert any("？" in line for line in lines) and any("整改措施" in line for line in lines)
            assert bad_starts(lines) == [], size
