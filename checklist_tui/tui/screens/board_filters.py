"""The board's filters: what each key cycles through, which items they let through, and the line
that names them above the table (keys f, g, h, o, u, y, l)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from rich.text import Text

from checklist_tui.domain.loop import STATE_LABELS, STATES, Rectification, days_overdue
from checklist_tui.domain.text import visible
from checklist_tui.tui.screens.board_table import SOON_DAYS, due_soon

# key → (the item's field, its name): more filters, cycling through the values the items have
# (l for 类型 lèixíng: j/k move the selection, as in the stepper)
MORE_FILTERS = {"u": ("owner", "责任单位"), "y": ("source", "来源"), "l": ("kind", "类型")}
DUE_CYCLE: tuple[str | None, ...] = (None, "overdue", "soon")  # key o: 不限 → 只看逾期 → 临期
DUE_WORDS = {None: "不限", "overdue": "只看逾期", "soon": f"临期（{SOON_DAYS}天内）"}
STATE_CYCLE: tuple[str | None, ...] = (None, *STATES)
ALL_KEYS = "f、g、h、o、" + "、".join(MORE_FILTERS)


def following(current: str | None, values: Sequence[str | None]) -> str | None:
    """The value after `current` in `values` (None, i.e. 全部, after the last; the first when
    `current` is no longer among them)."""
    cycle = [None, *(v for v in values if v is not None)]
    index = cycle.index(current) if current in cycle else 0
    return cycle[(index + 1) % len(cycle)]


@dataclass
class BoardFilters:
    """The filters set now; None is 全部 (不限 for the due filter)."""

    state: str | None = None
    unit: str | None = None
    person: str | None = None
    due: str | None = None  # None, "overdue" or "soon" (临期)
    more: dict[str, str | None] = field(default_factory=lambda: {f: None for f, _ in MORE_FILTERS.values()})

    def next_state(self) -> None:
        self.state = STATE_CYCLE[(STATE_CYCLE.index(self.state) + 1) % len(STATE_CYCLE)]

    def next_due(self) -> None:
        self.due = DUE_CYCLE[(DUE_CYCLE.index(self.due) + 1) % len(DUE_CYCLE)]

    def clear_values(self) -> None:
        """Forget the filters on values of the items (their list changes with the scope)."""
        self.unit = self.person = None
        self.more = dict.fromkeys(self.more)

    def lets_through(self, rect: Rectification, today: dt.date) -> bool:
        late = days_overdue(rect, today)
        return ((self.state is None or rect.state == self.state)
                and (self.unit is None or rect.unit == self.unit)
                and (self.person is None or rect.person == self.person)
                and all(v is None or getattr(rect, k) == v for k, v in self.more.items())
                and (self.due != "overdue" or late > 0)
                and (self.due != "soon" or (late == 0 and due_soon(rect, today) is not None)))

    def line(self, scope: str) -> Text:
        """全部批次 f 状态：… g 单位：… h 责任人：… o 时限：…, then u/y/l once set (the keys are in the help);
        one space apart (the full-width colon spaces them); the values are user text, appended as text."""
        state = STATE_LABELS[self.state] if self.state else "全部"
        line = Text(f"{scope}  f 状态：{state} g 单位：")  # the scope's words say what it is (全部批次)
        line.append(visible(self.unit or "全部"))
        line.append(" h 责任人：")
        line.append(visible(self.person or "全部"))
        line.append(f" o 时限：{DUE_WORDS[self.due]}")
        for key, (name_of, name) in MORE_FILTERS.items():
            if self.more[name_of] is not None:
                line.append(f" {key} {name}：")
                line.append(visible(self.more[name_of] or ""))
        return line
