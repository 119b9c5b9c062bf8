"""督办通知 from the board (key d): the selected item's 责任单位, its overdue items, else those 临期."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from checklist_tui.domain.loop import Rectification
from checklist_tui.errors import AppError
from checklist_tui.storage.store import Store
from checklist_tui.tui.delivery import Deliverer, deliver
from checklist_tui.tui.screens.board_table import SOON_DAYS, notice_entries


def notice_for(app: Deliverer, store: Store, owner: str | None, mine: list[Rectification],
               today: dt.date) -> tuple[str, Literal["information", "error"]]:
    """Write (or, under `serve`, download) the notice of `owner`'s items `mine`; what to tell the user.
    Runs in a worker: the docx library loads here, never for the first screen."""
    from checklist_tui.reports.ledger import Ledger
    from checklist_tui.reports.notice import NO_OWNER, build_notices, nothing_sentence, notices_docx

    entries, due_within = notice_entries(mine, today)
    name = owner or NO_OWNER
    if not entries:
        sentence = nothing_sentence(today, None, name)
        return sentence.replace("逾期的", f"逾期或{SOON_DAYS}天内到期的"), "information"
    register = store.units()
    notices = build_notices(Ledger(today, tuple(entries)), f"{register.town}党政办", due_within,
                            register.names)
    try:
        path = deliver(app, f"督办通知-{name}-{today.isoformat()}.docx", notices_docx(notices),
                       folder=store.data_dir / "导出")
    except AppError as error:
        return str(error), "error"
    where = f"已保存到 {path}" if path else "已下载"
    return f"{name}的督办通知（{len(entries)} 项）{where}", "information"
