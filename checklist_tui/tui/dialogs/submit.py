"""What the stepper shows on `s`: a refusal naming unanswered critical items, or a confirmation
listing what is still unanswered and how many rectification items submitting will open."""

from __future__ import annotations

from collections.abc import Mapping

from checklist_tui.domain.checklist import Checklist
from checklist_tui.domain.scoring import Answer
from checklist_tui.domain.submission import check_submission
from checklist_tui.tui.dialogs.confirm import ConfirmDialog

MAX_LISTED = 30


def submit_dialog(checklist: Checklist, answers: Mapping[str, Answer]) -> tuple[ConfirmDialog, bool]:
    """The dialog, and whether confirming it may submit (False: it only explains the refusal)."""
    check = check_submission(checklist, answers)
    missing, critical = check.unanswered, check.critical
    if critical:
        names = "\n".join(f"{item.id}：{item.text}" for item in critical)
        body = f"以下一票否决项尚未自查，请先作答：\n\n{names}"
        return ConfirmDialog("不能提交", body, confirm=None, cancel="知道了"), False
    problems = len(check.findings)
    lines = [f"提交后本批次不能再修改答案，将为{problems}项不符合/基本符合开启整改事项。"]
    if missing:
        lines.append(f"\n还有{len(missing)}项未自查（按未自查计 0 分）：")
        lines += [f"{item.id}：{item.text}" for item in missing[:MAX_LISTED]]
        if len(missing) > MAX_LISTED:
            lines.append(f"……等共{len(missing)}项")
    return ConfirmDialog("确认提交", "\n".join(lines), confirm="提交"), True
