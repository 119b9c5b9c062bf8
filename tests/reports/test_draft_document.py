"""The draft as the office edits it: of the demo folder, in a document's register (no ASCII
punctuation in running text, no YYYY-Qn periods, no round ids or tool words); as a Word document in
公文格式; and `--public` without unit names."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from docx import Document
from reportfixtures import build, run
from storefixtures import run_main
from test_gongwen import check_layout, document_text, east_asian

from checklist_tui.catalogue.library import checklist_dirs, load_library
from checklist_tui.interchange.demo import make_demo
from checklist_tui.reports.draft_document import build_draft
from checklist_tui.storage.store import Store

DAY = dt.date(2026, 12, 1)
TOOL_WORDS = ("批次", "详见整改台账", "暂无法计算", "checklist", "R00")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = Store(tmp_path_factory.mktemp("demo") / "data")
    make_demo(store, load_library(checklist_dirs(store.data_dir)), 24, day=DAY)
    return store


def test_the_demo_draft_reads_like_a_document(demo: Store) -> None:
    text = build_draft(demo.load_all().rounds, 2026, DAY)
    assert text is not None
    running = [line for line in text.splitlines() if line and not line.startswith("#")]
    for line in running:
        assert not re.search(r"[(,:;?]", line), line
    assert not re.search(r"\d{4}-Q\d|\d{4}-\d{2}-\d{2}|R\d{4}", text)
    assert not any(word in text for word in TOOL_WORDS)
    assert "2026年12月1日" in text
    ids = {c.id for c in load_library(checklist_dirs(None)).checklists.values()}
    assert not any(i in text for i in ids)
    headings = re.findall(r"^（[一二三四]）", text.split("## 三")[0], re.M)
    assert text.count("【请补充主观原因】") == len(headings) == 4


def test_public_leaves_unit_names_out(demo: Store) -> None:
    units = {r.meta.unit for r in demo.load_all().rounds}
    named = build_draft(demo.load_all().rounds, 2026, DAY)
    public = build_draft(demo.load_all().rounds, 2026, DAY, public=True)
    assert named is not None and public is not None
    assert any(unit in named for unit in units)
    assert not any(unit in public for unit in units), [u for u in units if u in public]
    assert "由责任单位牵头" in public


def test_the_draft_as_a_word_document(capsys, tmp_path: Path) -> None:
    folders = build(tmp_path)
    path = tmp_path / "草稿.docx"
    code, out, err = run(capsys, *folders, "draft", "--year", "2025", "--format", "docx", "-o", str(path))
    assert code == 0, err
    assert out == ""
    doc = Document(str(path))
    check_layout(doc)
    assert doc.paragraphs[0].text == "麻埠镇2025年法治政府建设情况报告（第二、三部分草稿）"
    text = document_text(doc)
    assert "本稿根据" not in text  # the note to the editor stays out of the document
    assert not re.search(r"R\d{4}|批次|checklist-tui|[(,:]", text)
    headings = [p.text for p in doc.paragraphs if p.runs and east_asian(p.runs[0]) == "黑体"]
    assert headings == ["二、2025年法治政府建设存在的不足和原因", "三、2026年推进法治政府建设的主要安排"]
    # (一) run in: the heading in 楷体_GB2312, its body in 仿宋_GB2312, one paragraph
    point = next(p for p in doc.paragraphs if p.text.startswith("（一）一票否决"))
    assert [east_asian(r) for r in point.runs] == ["楷体_GB2312", "仿宋_GB2312"]
    assert point.runs[0].text == "（一）一票否决事项落实不到位。"
    today = dt.date.today()
    assert doc.paragraphs[-1].text == f"{today.year}年{today.month}月{today.day}日"


def test_draft_docx_needs_an_output_file(capsys, tmp_path: Path) -> None:
    code, out, err = run_main(capsys, "draft", "--year", "2025", "--format", "docx", "--data", str(tmp_path))
    assert code == 2 and out == "" and "-o" in err
