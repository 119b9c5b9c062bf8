"""Forms of the rectification board: one loop transition of an item, or an item raised by hand.

Each hands its values to the `attempt` callback the board gave it; the board runs the store in a
worker and answers with `refuse(message)` or `accept(rectification)` (see `FormDialog`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from checklist_tui.domain.loop import KINDS, QUICK_DAYS, STATE_LABELS, Rectification
from checklist_tui.domain.people import name_check
from checklist_tui.domain.period import read_typed_date
from checklist_tui.tui.dialogs.form import Field, FormDialog

Attempt = Callable[["RectForm", dict[str, Any]], None]


def optional_date(text: str) -> dt.date | None:
    """A date, or None for a blank field (a due date may be left open)."""
    return read_typed_date(text) if text else None


class RectForm(FormDialog[Rectification]):
    """A form whose save is attempted by the board: `attempt(form, values)`."""

    def __init__(self, title: str, subtitle: str, fields: Sequence[Field], attempt: Attempt) -> None:
        super().__init__(title, subtitle, fields)
        self.attempt = attempt

    def submit(self, values: dict[str, Any]) -> None:
        self.attempt(self, values)


# --- the forms the board opens ---------------------------------------------------------------

# (from, to) → (title, the comment's label, whether the comment is required, plan fields, evidence)
STEP_FORMS: dict[tuple[str, str], tuple[str, str, bool, bool, bool]] = {
    ("found", "notified"): ("通报", "通报说明（可选）", False, False, False),
    ("notified", "rectifying"): ("开始整改", "说明（可选）", False, True, False),
    ("rectifying", "rectifying"): ("调整/延期", "调整理由（可选）", False, True, False),
    ("rectifying", "review"): ("提交复核", "整改情况说明", True, False, True),
    ("review", "closed"): ("销号", "复核意见", True, False, True),
    ("review", "rectifying"): ("退回", "退回理由", True, True, False),
    ("rectifying", "progress"): ("登记整改进展", "进展情况", True, False, False),  # 进展: no new state
}


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _who_when(by: str, today: dt.date, people: Sequence[str] = ()) -> list[Field]:
    """经办人 (pre-filled with `by`; `people`, e.g. the round's 检查人, offered while typing) and 日期."""
    return [
        Field("by", "经办人", by, required=True, placeholder="姓名", suggestions=tuple(people),
              check=name_check("经办人")),
        Field("date", "日期", today.isoformat(), required=True, placeholder="如 2026-11-30",
              parse=read_typed_date),
    ]


class TransitionForm(RectForm):
    """The form of one transition of `rect` to `to`; values match `Store.rectify`'s keywords."""

    def __init__(self, rect: Rectification, to: str, attempt: Attempt, *, by: str = "",
                 today: dt.date | None = None, people: Sequence[str] = ()) -> None:
        name, note, note_required, plan, evidence = STEP_FORMS[(rect.state, to)]
        fields: list[Field] = []
        if note_required:
            fields.append(Field("comment", note, required=True))
        if plan:
            quick = (rect.found + dt.timedelta(days=QUICK_DAYS)).isoformat()
            fields += [
                Field("owner", "责任单位", rect.owner or "", required=True),
                Field("person", "责任人", rect.person or "", required=True, check=name_check("责任人")),
                Field("measures", "整改措施", rect.measures or "", required=True),
                Field("kind", "整改类型", rect.kind or "限期整改", required=True,
                      choices=tuple((k, k) for k in KINDS)),
                Field("due", "整改时限", rect.due.isoformat() if rect.due else "", required=True,
                      placeholder=f"立行立改可不填，默认{quick}；长期坚持填第一阶段时限",  # no space: 1 line
                      parse=optional_date),
                Field("leader", "责任领导（可选）", rect.leader or "", check=name_check("责任领导")),
                Field("goal", "整改目标（可选）", rect.goal or ""),
            ]
        if to == "closed":
            fields.append(Field("reviewer", "复核人", rect.reviewer or "", required=True,
                                placeholder="不能是责任人或提交复核的人；不填即经办人",
                                check=name_check("复核人")))
        if not note_required:
            fields.append(Field("comment", note))
        if evidence:
            fields.append(Field("evidence", "佐证材料（可选）", placeholder="文号或文件名"))
        fields += _who_when(by, today or dt.date.today(), people)
        target = STATE_LABELS.get(to)
        title = f"{name} · {rect.id}（{STATE_LABELS[rect.state]} → {target}）" if target else \
            f"{name} · {rect.id}（{STATE_LABELS[rect.state]}）"
        super().__init__(title, _shorten(rect.problem, 76), fields, attempt)
        self.rect = rect
        self.to = to


class ManualItemForm(RectForm):
    """新增整改事项: a round (picked, unless fixed), the problem, an optional checklist item id."""

    def __init__(self, rounds: Sequence[tuple[str, str]], attempt: Attempt, *, round_id: str | None = None,
                 by: str = "", today: dt.date | None = None, people: Sequence[str] = ()) -> None:
        fields: list[Field] = []
        subtitle = ""
        if round_id is None:
            choices = tuple((label, rid) for rid, label in rounds)
            fields.append(Field("round", "批次", choices[0][1] if choices else "", required=True,
                                choices=choices))
        else:
            subtitle = next((label for rid, label in rounds if rid == round_id), round_id)
        fields += [
            Field("problem", "问题描述", required=True),
            Field("item", "检查项编号（可选）", placeholder="如 S1.01；可不填"),
            *_who_when(by, today or dt.date.today(), people),
        ]
        super().__init__("新增整改事项", subtitle, fields, attempt)
        self.round_id = round_id

    def values(self) -> dict[str, Any]:
        values = super().values()
        if self.round_id is not None:
            values["round"] = self.round_id
        values["item"] = values.get("item") or None
        return values
