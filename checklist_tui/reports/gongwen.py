"""Word documents in 公文格式 (GB/T 9704-2012), written with python-docx (imported only here).

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; a grid of 22 lines at 28 pt; title
2号 方正小标宋简体 centred; body 3号 仿宋_GB2312, first line indented two characters; first-level
headings 3号 黑体 ("一、"), second-level 3号 楷体_GB2312 ("(一)", run in before the body text
of the same paragraph, as the office writes them); tables 4号 仿宋_GB2312 with borders; page
numbers 4号 宋体 "— 1 —", odd pages at the right and even pages at the left (the outside), one
character in from the edge; the 落款 at the right with the date in Arabic numerals.

Every run carries its East-Asian font (`w:eastAsia`), so WPS and Word show the intended font
whatever the reader's default template; fonts are named, not embedded, and fall back as usual.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
SIZE_2 = 22  # 2号, points
SIZE_3 = 16  # 3号
SIZE_4 = 14  # 4号
LINE_PITCH = 28  # points: 22 lines on the type area
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}


def set_run_font(run: Any, name: str, size: float, bold: bool = False) -> None:
    """Latin and East-Asian font of one run (w:rFonts ascii, hAnsi and eastAsia)."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)
    fonts.set(qn("w:ascii"), name)
    fonts.set(qn("w:hAnsi"), name)


class Gongwen:
    """A document being written: title, headings, paragraphs, tables, the 落款."""

    def __init__(self) -> None:
        from docx import Document
        from docx.oxml.ns import qn
        from docx.shared import Mm, Pt

        self.doc = Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
        section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
        section.footer_distance = Mm(28)  # the page number sits 7 mm below the type area
        grid = section._sectPr.find(qn("w:docGrid"))
        if grid is None:
            grid = section._sectPr.makeelement(qn("w:docGrid"), {})
            section._sectPr.append(grid)
        grid.set(qn("w:type"), "lines")
        grid.set(qn("w:linePitch"), str(LINE_PITCH * 20))
        normal = self.doc.styles["Normal"]
        normal.font.name = BODY_FONT
        normal.font.size = Pt(SIZE_3)
        normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
        self.page_numbers()

    # --- blocks -------------------------------------------------------------------------------

    def _paragraph(self, align: str = "justify", indent: bool = True) -> Any:
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
        from docx.shared import Pt

        paragraph = self.doc.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(LINE_PITCH)
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.first_line_indent = Pt(2 * SIZE_3) if indent else None
        paragraph.alignment = {"justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "center": WD_ALIGN_PARAGRAPH.CENTER,
                               "right": WD_ALIGN_PARAGRAPH.RIGHT, "left": WD_ALIGN_PARAGRAPH.LEFT}[align]
        return paragraph

    def run(self, paragraph: Any, text: str, font: str = BODY_FONT, size: float = SIZE_3,
            bold: bool = False) -> Any:
        run = paragraph.add_run(text)
        set_run_font(run, font, size, bold)
        return run

    def title(self, text: str) -> None:
        """The title, 2号 方正小标宋简体, centred, with a blank line after it."""
        self.run(self._paragraph("center", indent=False), text, TITLE_FONT, SIZE_2)
        self.blank()

    def blank(self) -> None:
        self.run(self._paragraph(indent=False), "")

    def heading1(self, text: str) -> None:
        """一、… in 黑体."""
        self.run(self._paragraph(), text, HEADING1_FONT)

    def heading2(self, text: str, body: str = "") -> None:
        """(一)… in 楷体_GB2312, the body text (if any) following in 仿宋 in the same paragraph."""
        paragraph = self._paragraph()
        self.run(paragraph, text, HEADING2_FONT)
        if body:
            self.run(paragraph, body)

    def para(self, text: str) -> None:
        self.run(self._paragraph(), text)

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[str]],
              widths_mm: Sequence[float] | None = None) -> None:
        """A bordered table in 4号 仿宋_GB2312, the header row bold and repeated on every page."""
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
        from docx.oxml.ns import qn
        from docx.shared import Mm, Pt

        table = self.doc.add_table(rows=1 + len(rows), cols=len(headers))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        if widths_mm:  # the grid's widths too: LibreOffice and WPS lay a table out by its grid
            table.autofit = False
            for column, width in zip(table.columns, widths_mm, strict=False):
                column.width = Mm(width)
        header_row = table.rows[0]
        header_pr = header_row._tr.get_or_add_trPr()
        header_pr.append(header_pr.makeelement(qn("w:tblHeader"), {}))
        for r, values in enumerate([list(headers), *[list(row) for row in rows]]):
            for c, value in enumerate(values):
                cell = table.cell(r, c)
                paragraph = cell.paragraphs[0]
                fmt = paragraph.paragraph_format
                fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
                fmt.line_spacing = Pt(22)
                fmt.space_before = fmt.space_after = Pt(0)
                if r == 0:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                set_run_font(paragraph.add_run(str(value)), BODY_FONT, SIZE_4, bold=r == 0)
                if widths_mm:
                    cell.width = Mm(widths_mm[c])
        self.blank()

    def signature(self, organisation: str, date_text: str) -> None:
        """The 落款: organisation and date at the right, the date four characters in from the edge."""
        from docx.shared import Pt

        self.blank()
        self.blank()
        for text in (organisation, date_text):
            paragraph = self._paragraph("right", indent=False)
            paragraph.paragraph_format.right_indent = Pt(4 * SIZE_3)
            self.run(paragraph, text)

    # --- page numbers -------------------------------------------------------------------------

    def page_numbers(self) -> None:
        """"— N —" in 4号, odd pages right and even pages left, one character in (GB/T 9704 §7.5)."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        self.doc.settings.odd_and_even_pages_header_footer = True
        section = self.doc.sections[0]
        for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
                              (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
            footer.is_linked_to_previous = False
            paragraph = footer.paragraphs[0]
            paragraph.alignment = align
            if align == WD_ALIGN_PARAGRAPH.RIGHT:
                paragraph.paragraph_format.right_indent = Pt(SIZE_4)
            else:
                paragraph.paragraph_format.left_indent = Pt(SIZE_4)
            set_run_font(paragraph.add_run("— "), PAGE_NUMBER_FONT, SIZE_4)
            self._page_field(paragraph)
            set_run_font(paragraph.add_run(" —"), PAGE_NUMBER_FONT, SIZE_4)

    @staticmethod
    def _page_field(paragraph: Any) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
            run = paragraph.add_run()
            set_run_font(run, PAGE_NUMBER_FONT, SIZE_4)
            if kind is not None:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            elif text == " PAGE ":
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = text
            else:
                element = OxmlElement("w:t")
                element.text = text
            run._element.append(element)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()
