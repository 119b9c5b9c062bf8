"""督办通知: per 责任单位, its overdue (or soon-due, 临期) rectification items, in the register of a
notice the 党政办 sends (issue #12). Markdown for the screen and mail, docx in 公文格式 (gongwen.py).

Each notice holds a title, the addressee unit, an opening sentence, a table (编号, 问题描述, 整改措施,
责任人, 整改时限, 逾期/临期), a reply deadline, the issuing office and the date. Items without a
责任单位 go under 未明确责任单位.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from checklist_tui.domain.collation import unit_order
from checklist_tui.reports.document import md_escape
from checklist_tui.reports.ledger import Ledger, LedgerEntry
from checklist_tui.reports.wording import date_words, full_width

NO_OWNER = "未明确责任单位"
REPLY_DAYS = 5  # the unit answers within this many days
HEADERS = ("编号", "问题描述", "整改措施", "责任人", "整改时限", "逾期/临期")


@dataclass(frozen=True)
class Notice:
    """One unit's 督办通知."""

    owner: str
    entries: tuple[LedgerEntry, ...]
    as_of: dt.date
    due_within: int | None  # None: overdue items; N: items due within N days
    issuer: str

    @property
    def title(self) -> str:
        if self.due_within is not None:
            return "关于督促加快临期整改事项办理的通知"
        return "关于督促整改逾期事项的通知"

    @property
    def reply_by(self) -> dt.date:
        return self.as_of + dt.timedelta(days=REPLY_DAYS)

    def opening(self) -> str:
        n = len(self.entries)
        if self.due_within is not None:
            what = f"以下{n}项整改事项将在{self.due_within}天内到期"
        else:
            what = f"以下{n}项整改事项已超过整改时限，尚未销号"
        return (f"截至{date_words(self.as_of)}，经对整改台账梳理，你单位负责的{what}。"
                "请高度重视，逐项落实整改措施，确保按期整改到位。")

    def closing(self) -> str:
        return (f"请于{date_words(self.reply_by)}前将整改进展及佐证材料书面报送{self.issuer}；"
                "确有困难需要延期的，请一并说明理由和新的整改时限。")

    def rows(self) -> list[tuple[str, str, str, str, str, str]]:
        rows = []
        for e in self.entries:
            r = e.rect
            if e.overdue:
                when = f"逾期{e.days_overdue}天"
            else:
                left = (r.due - self.as_of).days if r.due else 0
                when = "今日到期" if left == 0 else f"还有{left}天"
            rows.append((r.id, full_width(r.problem), full_width(r.measures or "未填"), r.person or "未填",
                         date_words(r.due) if r.due else "未定", when))
        return rows


def build_notices(ledger: Ledger, issuer: str, due_within: int | None = None,
                  units: Sequence[str] = ()) -> list[Notice]:
    """One notice per 责任单位 of the ledger's entries (already filtered), the units in the order of
    the units register `units` (others after it by pinyin, 未明确责任单位 last); entries as met."""
    by_owner: dict[str, list[LedgerEntry]] = {}
    for entry in ledger.entries:
        by_owner.setdefault(entry.rect.owner or NO_OWNER, []).append(entry)
    place = unit_order(units)
    owners = sorted(by_owner, key=lambda owner: (owner == NO_OWNER, place(owner)))
    return [Notice(owner, tuple(by_owner[owner]), ledger.as_of, due_within, issuer) for owner in owners]


def nothing_sentence(as_of: dt.date, due_within: int | None, owner: str | None) -> str:
    whose = f"{owner}" if owner else ""
    what = f"{due_within}天内到期的" if due_within is not None else "逾期的"
    return f"截至{date_words(as_of)}，{whose}没有{what}整改事项，无需督办。"


def _cell(text: str) -> str:
    return md_escape(text).replace("\n", " ").replace("|", "\\|")


def notices_markdown(notices: Sequence[Notice]) -> str:
    parts = []
    for n in notices:
        lines = [f"# {n.title}", "", f"{_cell(n.owner)}：", "", n.opening(), "",
                 "| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
        lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in n.rows()]
        lines += ["", n.closing(), "", f"{n.issuer}", "", date_words(n.as_of), ""]
        parts.append("\n".join(lines))
    return "\n---\n\n".join(parts)


def notices_docx(notices: Sequence[Notice]) -> bytes:
    """The notices as one Word document in 公文格式, a page break between units."""
    from docx.enum.text import WD_BREAK

    from checklist_tui.reports.gongwen import Gongwen

    doc = Gongwen()
    for index, n in enumerate(notices):
        if index:
            doc.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        doc.title(n.title)
        paragraph = doc._paragraph(indent=False)
        doc.run(paragraph, f"{n.owner}：")
        doc.para(n.opening())
        doc.table(HEADERS, n.rows(), (24, 52, 40, 18, 26, 18))
        doc.para(n.closing())
        doc.signature(n.issuer, date_words(n.as_of))
    return doc.to_bytes()
