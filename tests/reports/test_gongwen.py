"""Word documents in 公文格式 (GB/T 9704-2012), read back with python-docx: page and margins, fonts
(the East-Asian one on every run), line spacing, headings, the page number field, tables, the 落款;
and no round ids, internal keys or command hints in the summary document."""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document
from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt
from reportfixtures import run

TOOL_WORDS = re.compile(r"R\d{4}|checklist-tui|批次|rpt|pass|fail|partial|rectifying|--")


def east_asian(run) -> str | None:  # type: ignore[no-untyped-def]
    fonts = run._element.rPr.rFonts if run._element.rPr is not None else None
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def all_runs(doc) -> list:  # type: ignore[no-untyped-def]
    runs = [r for p in doc.paragraphs for r in p.runs]
    runs += [r for t in doc.tables for row in t.rows for cell in row.cells for p in cell.paragraphs
             for r in p.runs]
    return runs


def document_text(doc) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(r.text for r in all_runs(doc))


def check_layout(doc) -> None:  # type: ignore[no-untyped-def]
    section = doc.sections[0]
    def mm(length) -> float:  # type: ignore[no-untyped-def]
        return round(length.mm, 1)  # stored in twips: 210 mm is 11906 twips = 210.0 mm

    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert (mm(section.top_margin), mm(section.bottom_margin)) == (37, 35)
    assert (mm(section.left_margin), mm(section.right_margin)) == (28, 26)
    assert all(east_asian(r) for r in all_runs(doc))  # every run, not only the style
    title = doc.paragraphs[0]
    assert east_asian(title.runs[0]) == "方正小标宋简体" and title.runs[0].font.size == Pt(22)
    body = [p for p in doc.paragraphs if p.runs and east_asian(p.runs[0]) == "仿宋_GB2312"]
    assert body
    assert body[0].runs[0].font.size == Pt(16)
    assert body[0].paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert body[0].paragraph_format.line_spacing == Pt(28)
    headings = [p for p in doc.paragraphs if p.runs and east_asian(p.runs[0]) == "黑体"]
    assert headings and all(re.match("[一二三四五六七八九十]+、", p.text) for p in headings)
    assert all(p.runs[0].font.size == Pt(16) for p in headings)
    for footer in (section.footer, section.even_page_footer):
        xml = footer.paragraphs[0]._p.xml
        assert "PAGE" in xml and "— " in footer.paragraphs[0].text and " —" in footer.paragraphs[0].text
        assert footer.paragraphs[0].runs[0].font.size == Pt(14)
    assert section.footer.paragraphs[0].alignment == 2  # odd pages: right (outside)
    assert section.even_page_footer.paragraphs[0].alignment == 0  # even pages: left
    for table in doc.tables:
        assert table.style.name == "Table Grid"
        run = table.cell(1 if len(table.rows) > 1 else 0, 0).paragraphs[0].runs[0]
        assert east_asian(run) == "仿宋_GB2312" and run.font.size == Pt(14)


def test_the_summary_in_gongwen_format(capsys, report_folders, tmp_path: Path) -> None:
    path = tmp_path / "汇总.docx"
    code, out, err = run(capsys, *report_folders, "summary", "--as-of", "2025-03-01", "--format", "docx",
                         "-o", str(path))
    assert code == 0, err
    assert out == ""
    doc = Document(str(path))
    check_layout(doc)
    assert doc.paragraphs[0].text == "麻埠镇法治政府建设自查情况汇总"
    second = [p for p in doc.paragraphs if p.runs and east_asian(p.runs[0]) == "楷体_GB2312"]
    assert second and second[0].text.startswith("（一）")
    text = document_text(doc)
    assert "2025年3月1日" in text and "2025-03-01" not in text
    assert not TOOL_WORDS.search(text), TOOL_WORDS.search(text)
    assert doc.paragraphs[-1].text == "2025年3月1日"  # the 落款
    assert doc.paragraphs[-2].text == "麻埠镇人民政府"
    assert "党政办" in text and "司法所" in text and "不合格" in text
    overview = doc.tables[0]
    assert sum(column.width.mm for column in overview.columns) <= 156.5  # A4 less 28 + 26 mm margins
    assert "？。" not in text and "?" not in text


def test_docx_needs_an_output_file(capsys, report_folders) -> None:
    code, out, err = run(capsys, *report_folders, "summary", "--format", "docx")
    assert code == 2 and out == "" and "-o" in err
