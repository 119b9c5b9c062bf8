"""The stepper's keys: one per answer and per action, and which of them apply to the item shown
(the footer offers only those, so it fits 80 columns)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from checklist_tui.domain.checklist import Item

BINDINGS: list[BindingType] = [
    Binding("1", "answer('pass')", "符合"),
    Binding("2", "answer('partial')", "基本符合"),
    Binding("3", "answer('fail')", "不符合"),
    Binding("4", "answer('na')", "不适用"),
    Binding("e,enter", "edit_value", "数值"),
    Binding("n", "edit_note", "说明"),
    Binding("v", "edit_evidence", "佐证", show=False),
    Binding("j,down", "move(1)", "下一项", show=False),
    Binding("k,up", "move(-1)", "上一项", show=False),
    Binding("u", "next_unanswered", "下一未答项", show=False),
    Binding("s", "submit", "提交"),
    Binding("r", "board", "整改台账", show=False),
    Binding("S", "summary", "汇总", show=False),
    Binding("pagedown", "scroll_card(1)", "卡片下翻", show=False),
    Binding("pageup", "scroll_card(-1)", "卡片上翻", show=False),
    Binding("escape", "back", "返回"),
]
EDITING = {"answer", "edit_note", "edit_evidence", "edit_value", "submit"}
HINT = "j/k 上下移动 · u 下一未答 · v 佐证材料 · ? 全部按键"
LOCKED_HINT = "{reason}，只能查看 · j/k 上下移动 · r 整改台账 · ? 全部按键"


def takes_value_not(item: Item | None, parameters: tuple[object, ...]) -> bool:
    """True for 符合/基本符合/不符合 on a number or deduction item: its answer comes from `e`."""
    return item is not None and item.needs_value and parameters[:1] != ("na",)


def key_applies(action: str, parameters: tuple[object, ...], item: Item | None, field_open: bool,
                locked: bool) -> bool | None:
    """Screen.check_action for the stepper: True shown, False hidden, None greyed out."""
    if action not in ("scroll_card", "back") and field_open:
        return False  # e.g. ↓ in the note field must not move to another item
    if action == "edit_value" and item is not None and not item.needs_value:
        return False  # hidden on 是非项: the footer only offers what this item takes
    if action == "answer" and takes_value_not(item, parameters):
        return False  # …and 1/2/3 hidden on 数值/扣分项 (on_key says why when pressed)
    if action in EDITING and locked:
        return None  # greyed out: a submitted, damaged or read-only round
    return True


def value_item_hint(item: Item) -> str:
    """What to press on a number, deduction or bonus item instead of 1/2/3."""
    kind = {"deduction": "扣分", "bonus": "加分"}.get(item.kind, "数值")
    return f"{item.id} 是{kind}项：请按 e 填写数值（或按 4 不适用）"
