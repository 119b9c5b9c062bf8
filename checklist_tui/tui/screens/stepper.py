"""The stepper: one item at a time, one key per answer (DESIGN §7).

The cursor moves at once; each save is queued and written by one worker in key order
(`OrderedSaves`), so no keystroke is lost and the screen never waits for the disk. A timer
notices another program's writes to the round file and reloads it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import replace
from typing import Any, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from checklist_tui.domain.checklist import Item, format_number
from checklist_tui.domain.numbers import NUMBER_HINT, TypedNumberError, parse_typed_number
from checklist_tui.domain.scoring import (
    ANSWER_LABELS,
    Answer,
    AnswerError,
    first_unanswered,
    resolve,
    unanswered,
)
from checklist_tui.errors import AppError, DamagedFile
from checklist_tui.storage.round_file import Round
from checklist_tui.tui.dialogs.submit import submit_dialog
from checklist_tui.tui.screens.navigation import open_board, open_summary
from checklist_tui.tui.screens.ordered_saves import OrderedSaves
from checklist_tui.tui.services import Services
from checklist_tui.tui.widgets import AnswerPanel, FieldPrompt, ItemCard, SectionTree

EDITING = {"answer", "edit_note", "edit_evidence", "edit_value", "submit"}
HINT = "j/k 上下移动 · u 下一未答 · v 佐证材料 · ? 全部按键"
LOCKED_HINT = "{reason},只能查看 · j/k 上下移动 · r 整改台账 · ? 全部按键"
FIELD_LABELS = {"note": "说明", "note_next": "说明", "evidence": "佐证材料", "value": "数值"}


class StepperScreen(Screen[None]):
    """Answer the items of one round with single keys."""

    AUTO_FOCUS = ""  # keys go to the screen; the field takes focus only when opened
    BINDINGS: ClassVar[list[BindingType]] = [
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

    class Loaded(Message):
        def __init__(self, record: Round | None, stamp: tuple[int, int], writable: bool,
                     error: tuple[str, str] | None, reason: str) -> None:
            self.record, self.stamp, self.writable = record, stamp, writable
            self.error, self.reason = error, reason
            super().__init__()

    class Saved(Message):
        def __init__(self, item_id: str, answer: Answer | None, done: str, error: str | None) -> None:
            self.item_id, self.answer, self.done, self.error = item_id, answer, done, error
            super().__init__()

    class SubmitDone(Message):
        def __init__(self, opened: int | None, error: str | None) -> None:
            self.opened, self.error = opened, error
            super().__init__()

    def __init__(self, services: Services, *, round_id: str) -> None:
        super().__init__()
        self.services, self.store, self.round_id = services, services.store, round_id
        self.record: Round | None = None
        self.answers: dict[str, Answer] = {}
        self.items: tuple[Item, ...] = ()
        self.index = 0
        self.locked_reason: str | None = "正在载入"
        self.unsaved: dict[str, str] = {}  # item id → why its last change was not saved
        self._unsaved_answers: dict[str, Answer] = {}  # …and that change, kept on screen
        self._pending: dict[str, int] = {}
        self._known_stamp: tuple[int, int] = (0, 0)
        self._loading = False
        self._shown_needs_value: bool | None = None
        self.saves = OrderedSaves(self._drain, self._save_failed)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="stepper-body"):
            yield SectionTree(id="tree")
            with Vertical(id="stepper-main"):
                with VerticalScroll(id="card-scroll", can_focus=False):
                    yield ItemCard("正在载入…", id="card")
                yield AnswerPanel(id="answer")
                yield FieldPrompt(id="prompt")
                yield Static(id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.title = self.round_id
        self._load("open")
        self.set_interval(1.0, self._poll)

    # --- loading and other writers ------------------------------------------------------------

    @work(thread=True, group="load")
    def _load(self, reason: str) -> None:
        """Read the round; `reason` is "open", "changed" (another writer), "own" (another screen of
        this app, e.g. the board) or "submitted"."""
        record, error, stamp = None, None, self.store.stamp(self.round_id)
        try:
            record = self.store.load_round(self.round_id)
        except DamagedFile as damaged:
            error = ("文件损坏", str(damaged))
        except AppError as failure:
            error = ("无法打开", str(failure))
        writable = self.store.can_write(self.round_id)
        self.post_message(self.Loaded(record, record.stamp if record else stamp, writable, error, reason))

    def _poll(self) -> None:
        if self._loading or self.saves.busy:
            return
        if self.store.stamp(self.round_id) != self._known_stamp:
            self._loading = True  # a save of this app's own board is taken in without a word
            self._load("own" if self.store.wrote_last(self.round_id) else "changed")

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self._loading = False
        self._known_stamp = message.stamp
        record = message.record
        if record is None or message.error is not None:
            state, text = message.error or ("无法打开", "")
            self.locked_reason = state
            self._set_headline(f"{state} · 只读")
            self.query_one(ItemCard).show_message(text)
            self._status(f"{state}: {text}", error=True)
            self.refresh_bindings()
            return
        current = self.items[self.index].id if self.items and message.reason != "open" else None
        self.record = record
        self.answers = {**record.answers, **self._unsaved_answers}
        self.items = record.checklist.items
        self.locked_reason = "已提交" if record.submitted else (None if message.writable else "只读")
        ids = [item.id for item in self.items]
        if current in ids:
            self.index = ids.index(current)
        else:
            found = first_unanswered(record.checklist, self.answers)
            self.index = found if found is not None else 0
        self.query_one(SectionTree).show_checklist(record.checklist, self.answers)
        self._set_headline()
        self._show()
        self.refresh_bindings()
        if message.reason == "open":
            self._status(LOCKED_HINT.format(reason=self.locked_reason) if self.locked_reason else HINT)
        if message.reason == "changed":
            self.notify("本批次已被其他程序更新,已刷新", title=self.round_id)

    def _set_headline(self, state: str | None = None) -> None:
        """Title: round, unit, period. Sub-title: the state first (it must not be cut off on a
        narrow terminal), then the checklist's title."""
        meta = self.record.meta if self.record else None
        self.title = " · ".join([self.round_id, meta.unit, meta.period] if meta else [self.round_id])
        parts = []
        if meta and meta.submitted:
            parts.append("已提交")
        if state:
            parts.append(state)
        elif self.locked_reason:
            parts.append("只读")
        if meta:
            parts.append(meta.title)
        self.sub_title = " · ".join(parts)

    # --- showing --------------------------------------------------------------------------------

    @property
    def item(self) -> Item | None:
        return self.items[self.index] if self.items else None

    def _show(self) -> None:
        item = self.item
        if item is None or self.record is None:
            return
        section = self.record.checklist.section_of(item.id)
        self.query_one(ItemCard).show_item(item, section, self.index + 1, len(self.items))
        self.query_one("#card-scroll", VerticalScroll).scroll_home(animate=False)
        self._show_answer()
        self.query_one(SectionTree).show_current(item.id)
        if item.needs_value != self._shown_needs_value:  # the footer offers `e` only where it applies
            self._shown_needs_value = item.needs_value
            self.refresh_bindings()

    def _show_answer(self) -> None:
        if self.item is not None:
            self.query_one(AnswerPanel).show_answer(
                self.item, self.answers.get(self.item.id), self.unsaved.get(self.item.id))

    def _status(self, text: str, error: bool = False) -> None:
        status = self.query_one("#status", Static)
        status.set_class(error, "-error")
        status.update(Content(text))

    def _go(self, index: int) -> None:
        self.index = max(0, min(index, len(self.items) - 1))
        self._show()

    # --- the keys -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        prompts = self.query(FieldPrompt)
        if action not in ("scroll_card", "back") and prompts and prompts.first().is_open:
            return False  # e.g. ↓ in the note field must not move to another item
        if action == "edit_value" and self.item is not None and not self.item.needs_value:
            return False  # hidden on 是非项: the footer only offers what this item takes
        if action == "answer" and self._takes_value_not(parameters):
            return False  # …and 1/2/3 hidden on 数值/扣分项 (on_key says why when pressed)
        if action in EDITING and self.locked_reason:
            return None  # greyed out: a submitted, damaged or read-only round
        return True

    def _takes_value_not(self, parameters: tuple[object, ...]) -> bool:
        """True for 符合/基本符合/不符合 on a number or deduction item: its answer comes from `e`."""
        return self.item is not None and self.item.needs_value and parameters[:1] != ("na",)

    def _explain_value_item(self) -> None:
        if self.item is not None:
            kind = {"deduction": "扣分", "bonus": "加分"}.get(self.item.kind, "数值")
            self._status(f"{self.item.id} 是{kind}项:请按 e 填写数值(或按 4 不适用)", error=True)

    def on_key(self, event: events.Key) -> None:
        """1/2/3 are hidden on a number or deduction item (so the footer fits 80 columns); a
        hidden key never reaches its action, so say here what to press instead."""
        if event.key in ("1", "2", "3") and self._takes_value_not(("pass",)) and not self.locked_reason:
            prompts = self.query(FieldPrompt)
            if not (prompts and prompts.first().is_open):
                event.stop()
                event.prevent_default()
                self._explain_value_item()

    def action_answer(self, key: str) -> None:
        item = self.item
        if item is None:
            return
        if self._takes_value_not((key,)):
            self._explain_value_item()
            return
        if key == "partial" and item.critical:  # 一票否决 is binary: said here, nothing saved
            self._status(f"{item.id} 是一票否决项,不能答基本符合;请按 1、3 或 4", error=True)
            return
        old = self.answers.get(item.id, Answer(None))
        self._change(item, replace(old, answer=key, value=None), ANSWER_LABELS[key], answer=key)
        if key in ("pass", "na"):
            self._next()
        else:
            self._open_field("note_next", old.note)

    def action_edit_note(self) -> None:
        if self.item is not None:
            self._open_field("note", self.answers.get(self.item.id, Answer(None)).note)

    def action_edit_evidence(self) -> None:
        if self.item is not None:
            self._open_field("evidence", self.answers.get(self.item.id, Answer(None)).evidence)

    def action_edit_value(self) -> None:
        item = self.item
        if item is None or not item.needs_value:
            return
        old = self.answers.get(item.id)
        value = format_number(old.value) if old and old.value is not None else ""
        self._open_field("value", value)

    def action_move(self, step: int) -> None:
        if self.items:
            self._go(self.index + step)

    def action_next_unanswered(self) -> None:
        if self.record is None:
            return
        found = first_unanswered(self.record.checklist, self.answers, after=self.index)
        if found is None:
            self._status("所有检查项都已自查,可按 s 提交")
        else:
            self._go(found)

    @on(SectionTree.ItemChosen)
    def _item_chosen(self, message: SectionTree.ItemChosen) -> None:
        """An item (or a section, meaning its first item) clicked in the tree: go there."""
        ids = [item.id for item in self.items]
        prompts = self.query(FieldPrompt)
        if message.item_id in ids and not (prompts and prompts.first().is_open):
            self._go(ids.index(message.item_id))

    def action_scroll_card(self, pages: int) -> None:
        scroll = self.query_one("#card-scroll", VerticalScroll)
        (scroll.scroll_page_down if pages > 0 else scroll.scroll_page_up)(animate=False)

    def action_back(self) -> None:
        self.dismiss()

    def action_board(self) -> None:
        open_board(self, self.services, self.round_id)

    def action_summary(self) -> None:
        open_summary(self, self.services, [self.round_id])

    def _next(self) -> None:
        if self.index + 1 < len(self.items):
            self._go(self.index + 1)
            return
        self._status(self._end_hint())

    def _end_hint(self) -> str:
        """What to do on the last item: go back to what is unanswered, or submit."""
        left = len(unanswered(self.record.checklist, self.answers)) if self.record else 0
        return f"最后一项;还有 {left} 项未自查,按 u 前往" if left else "全部已自查,按 s 提交"

    # --- the field under the card ---------------------------------------------------------------

    def _open_field(self, field: str, value: str) -> None:
        item = self.item
        if item is None:
            return
        label = f"{item.id} {FIELD_LABELS[field]}"
        if field == "value":
            what = {"deduction": "缺少次数,", "bonus": "加分次数,"}.get(item.kind, "")
            label += f"({what}范围 {item.range_text()})"
        hint = "Enter 保存并下一项,Esc 关闭" if field == "note_next" else "Enter 保存,Esc 取消"
        self.query_one(FieldPrompt).open(field, f"{label} — {hint}", value)

    @on(FieldPrompt.Cancelled)
    def _field_cancelled(self, event: FieldPrompt.Cancelled) -> None:
        self.query_one(FieldPrompt).close()

    @on(FieldPrompt.Submitted)
    def _field_submitted(self, event: FieldPrompt.Submitted) -> None:
        item, prompt = self.item, self.query_one(FieldPrompt)
        if item is None:
            return
        old = self.answers.get(item.id, Answer(None))
        text = event.value.strip()
        if event.field == "value":
            try:
                number = parse_typed_number(text)
            except TypedNumberError as error:
                prompt.show_error(f"请输入数字,收到「{error.shown}」;{NUMBER_HINT}")
                return
            if number is None:
                prompt.show_error("请输入数字")
                return
            try:
                answer, value = resolve(item, None, number)
            except AnswerError as error:
                prompt.show_error(str(error))
                return
            prompt.close()
            label = f"数值 {format_number(number)} → {ANSWER_LABELS[answer]}"
            self._change(item, replace(old, answer=answer, value=value), label, value=value)
            self._next()
            return
        prompt.close()
        if event.field in ("note", "note_next") and text != old.note:
            self._change(item, replace(old, note=text), "说明", note=text)
        elif event.field == "evidence" and text != old.evidence:
            self._change(item, replace(old, evidence=text), "佐证材料", evidence=text)
        if event.field == "note_next":
            self._next()

    # --- saving ---------------------------------------------------------------------------------

    async def keep_and_finish(self, seconds: float = 10.0) -> None:
        """Before the app quits: what is typed in the open field is saved as if Enter were pressed
        (a value only if it is a valid number), then the queued saves are waited for (bounded)."""
        prompt = self.query_one(FieldPrompt)
        if prompt.field is not None and not self.locked_reason:
            self._field_submitted(FieldPrompt.Submitted(prompt.field, prompt.query_one(Input).value))
        for _ in range(int(seconds / 0.02)):
            if not self.saves.busy:
                return
            await asyncio.sleep(0.02)

    def _change(self, item: Item, shown: Answer, done: str, **fields: Any) -> None:
        """Show the change now, save it in the background, in key order."""
        self.answers[item.id] = shown
        self.query_one(SectionTree).update_item(item, self.answers)
        self._show_answer()
        self._pending[item.id] = self._pending.get(item.id, 0) + 1
        round_id, item_id = self.round_id, item.id
        by = self._by()

        def job() -> None:
            try:
                stored = self.store.save_answer(round_id, item_id, by=by, **fields)
            except AppError as error:
                self.post_message(self.Saved(item_id, None, done, str(error)))
                return
            except Exception as error:  # not the store's refusal: still 未保存, with what happened
                self.post_message(self.Saved(item_id, None, done, f"内部错误 {error!r}"))
                return
            self._known_stamp = self.store.stamp(round_id)
            self.post_message(self.Saved(item_id, stored, done, None))
        self.saves.put(job)

    def _by(self) -> str:
        """Who saves: the person logged in to this browser session, else the round's 自查人."""
        return self.services.user or (self.record.meta.inspector if self.record else "")

    def _save_failed(self, error: Exception) -> None:
        """A save job raised past its own reporting (called in the drainer's thread)."""
        self.app.call_from_thread(self.notify, f"保存时出错,未保存: {error!r}", title="未保存",
                                  severity="error", markup=False)

    @work(thread=True, group="save")
    def _drain(self) -> None:
        self.saves.drain()

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        item_id = message.item_id
        self._pending[item_id] = self._pending.get(item_id, 1) - 1
        if message.error is not None:
            self.unsaved[item_id] = message.error
            if item_id in self.answers:
                self._unsaved_answers[item_id] = self.answers[item_id]
            self._status(f"未保存 {item_id} {message.done}: {message.error}", error=True)
            self.notify(message.error, title=f"{item_id} 未保存", severity="error", markup=False)
        else:
            self.unsaved.pop(item_id, None)
            self._unsaved_answers.pop(item_id, None)
            if self._pending[item_id] == 0 and message.answer is not None:
                self.answers[item_id] = message.answer
            time = dt.datetime.now().strftime("%H:%M:%S")
            text = f"已保存 {item_id} {message.done} {time}"
            if self.item is not None and self.item.id == item_id and self.index == len(self.items) - 1:
                # the last item's hint, which this line replaces (no time: it must fit 80 columns)
                text = f"已保存 {item_id} {message.done} · {self._end_hint()}"
            self._status(text)
        item = self.item
        if item is not None and item.id == item_id:
            self._show_answer()

    # --- submitting -----------------------------------------------------------------------------

    def action_submit(self) -> None:
        if self.record is not None:
            dialog, may_submit = submit_dialog(self.record.checklist, self.answers)
            self.app.push_screen(dialog, self._confirmed if may_submit else None)

    def _confirmed(self, yes: bool | None) -> None:
        if not yes:
            return
        round_id, today = self.round_id, self.services.today()
        by = self._by()

        def job() -> None:
            try:
                opened = self.store.submit(round_id, date=today, by=by, allow_unanswered=True)
            except AppError as error:
                self.post_message(self.SubmitDone(None, str(error)))
                return
            self.post_message(self.SubmitDone(len(opened), None))
        self.saves.put(job)

    @on(SubmitDone)
    def _submit_done(self, message: SubmitDone) -> None:
        if message.error is not None:
            self._status(f"未能提交: {message.error}", error=True)
            self.notify(message.error, title="未能提交", severity="error", markup=False)
            return
        text = f"已提交,开启了 {message.opened} 项整改事项"
        self._status(text)
        self.notify(text + "(按 r 查看整改台账)", title=self.round_id)
        self._loading = True
        self._load("submitted")
