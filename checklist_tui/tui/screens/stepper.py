"""The stepper: one item at a time, one key per answer (DESIGN §7).

The cursor moves at once; each save is queued and written by one thread in key order
(`AnswerSaves`), so no keystroke is lost and the screen never waits for the disk. The next item
is painted first; the section tree's marks follow in the frame after. A timer notices another
program's writes to the round file and reloads it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Any, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from checklist_tui.domain.checklist import Item, format_number
from checklist_tui.domain.scoring import ANSWER_LABELS, Answer, AnswerKey, first_unanswered, unanswered
from checklist_tui.storage.round_file import Round
from checklist_tui.tui.dialogs.submit import submit_dialog
from checklist_tui.tui.screens.answer_saves import AnswerSaves, Saved, SubmitDone
from checklist_tui.tui.screens.navigation import open_board, open_summary
from checklist_tui.tui.screens.round_reading import Loaded, headline, read_round
from checklist_tui.tui.screens.stepper_keys import (
    BINDINGS,
    HINT,
    LOCKED_HINT,
    key_applies,
    takes_value_not,
    value_item_hint,
)
from checklist_tui.tui.screens.typed_fields import Refused, field_label, typed_change
from checklist_tui.tui.services import Services
from checklist_tui.tui.widgets import AnswerPanel, FieldPrompt, ItemCard, SectionTree

AFTER_PAINT = 0.02  # seconds: a frame (the screen paints at most 60 a second) and a little more


class StepperScreen(Screen[None]):
    """Answer the items of one round with single keys."""

    AUTO_FOCUS = ""  # keys go to the screen; the field takes focus only when opened
    BINDINGS: ClassVar[list[BindingType]] = BINDINGS

    def __init__(self, services: Services, *, round_id: str) -> None:
        super().__init__()
        self.services, self.store, self.round_id = services, services.store, round_id
        self.record: Round | None = None
        self.answers: dict[str, Answer] = {}
        self.items: tuple[Item, ...] = ()
        self.index = 0
        self.locked_reason: str | None = "正在载入"
        self._known_stamp: tuple[int, int] = (0, 0)
        self._loading = False
        self._shown_needs_value: bool | None = None
        self._prompt: FieldPrompt | None = None
        self.saves = AnswerSaves(self.store, round_id, self.post_message, self._written, self._save_failed)

    @property
    def unsaved(self) -> dict[str, str]:
        """Item id → why its last change was not saved (shown as 未保存)."""
        return self.saves.unsaved

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
        self._loading = True  # else a poll before the first read ends takes the round for changed
        self._load("open")
        self.set_interval(1.0, self._poll)

    def on_unmount(self) -> None:
        self.saves.close()

    # --- loading and other writers ------------------------------------------------------------

    @work(thread=True, group="load")
    def _load(self, reason: str) -> None:
        self.post_message(read_round(self.store, self.round_id, reason))

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
        self.answers = {**record.answers, **self.saves.unsaved_answers}
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
        self._show(tree_later=False)  # a round (re)opened: all of the screen at once
        self.refresh_bindings()
        if message.reason == "open":
            self._status(LOCKED_HINT.format(reason=self.locked_reason) if self.locked_reason else HINT)
        if message.reason == "changed":
            self.notify("本批次已被其他程序更新，已刷新", title=self.round_id)

    def _set_headline(self, state: str | None = None) -> None:
        self.title, self.sub_title = headline(self.round_id, self.record, state, bool(self.locked_reason))

    # --- showing --------------------------------------------------------------------------------

    @property
    def item(self) -> Item | None:
        return self.items[self.index] if self.items else None

    def _show(self, tree_later: bool = True) -> None:
        item = self.item
        if item is None or self.record is None:
            return
        section = self.record.checklist.section_of(item.id)
        self.query_one(ItemCard).show_item(item, section, self.index + 1, len(self.items))
        self.query_one("#card-scroll", VerticalScroll).scroll_home(animate=False)
        self._show_answer()
        tree = self.query_one(SectionTree)
        if tree_later:
            self._after_paint(tree.show_current, item.id)
        else:
            tree.show_current(item.id)
        if item.needs_value != self._shown_needs_value:  # the footer offers `e` only where it applies
            self._shown_needs_value = item.needs_value
            self.refresh_bindings()

    def _after_paint(self, callback: Callable[..., object], *args: object) -> None:
        """Run `callback` a frame later, so the next item's card is painted first and the tree follows.
        (Not call_after_refresh: it can run before the card's refresh has reached the screen, and
        so before the paint.)"""
        self.set_timer(AFTER_PAINT, partial(callback, *args))

    def _show_answer(self) -> None:
        if self.item is not None:
            self.query_one(AnswerPanel).show_answer(
                self.item, self.answers.get(self.item.id), self.unsaved.get(self.item.id))

    def _status(self, text: str, error: bool = False) -> None:
        status = self.query_one("#status", Static)
        status.set_class(error, "-error")
        status.update(Content(text), layout=False)  # one line high (app.tcss)

    def _go(self, index: int) -> None:
        self.index = max(0, min(index, len(self.items) - 1))
        self._show()

    # --- the keys -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return key_applies(action, parameters, self.item, self._field_open, bool(self.locked_reason))

    @property
    def _field_open(self) -> bool:
        """Whether the field under the card is open (asked on every key: found once, not queried)."""
        if self._prompt is None:
            found = self.query(FieldPrompt)
            if not found:
                return False  # not composed yet
            self._prompt = found.first()
        return self._prompt.is_open

    def _explain_value_item(self) -> None:
        if self.item is not None:
            self._status(value_item_hint(self.item), error=True)

    def on_key(self, event: events.Key) -> None:
        """1/2/3 are hidden on a number or deduction item (so the footer fits 80 columns); a
        hidden key never reaches its action, so say here what to press instead."""
        if event.key in ("1", "2", "3") and takes_value_not(self.item, ("pass",)) and not self.locked_reason:
            if not self._field_open:
                event.stop()
                event.prevent_default()
                self._explain_value_item()

    def action_answer(self, key: AnswerKey) -> None:
        item = self.item
        if item is None:
            return
        if takes_value_not(item, (key,)):
            self._explain_value_item()
            return
        if key == "partial" and item.critical:  # 一票否决 is binary: said here, nothing saved
            self._status(f"{item.id} 是一票否决项，不能答基本符合；请按 1、3 或 4", error=True)
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
            self._status("所有检查项都已自查，可按 s 提交")
        else:
            self._go(found)

    @on(SectionTree.ItemChosen)
    def _item_chosen(self, message: SectionTree.ItemChosen) -> None:
        """An item (or a section, meaning its first item) clicked in the tree: go there."""
        ids = [item.id for item in self.items]
        if message.item_id in ids and not self._field_open:
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
        return f"最后一项；还有 {left} 项未自查，按 u 前往" if left else "全部已自查，按 s 提交"

    # --- the field under the card ---------------------------------------------------------------

    def _open_field(self, field: str, value: str) -> None:
        if self.item is not None:
            self.query_one(FieldPrompt).open(field, field_label(self.item, field), value)

    @on(FieldPrompt.Cancelled)
    def _field_cancelled(self, event: FieldPrompt.Cancelled) -> None:
        self.query_one(FieldPrompt).close()

    @on(FieldPrompt.Submitted)
    def _field_submitted(self, event: FieldPrompt.Submitted) -> None:
        item, prompt = self.item, self.query_one(FieldPrompt)
        if item is None:
            return
        try:
            change = typed_change(item, self.answers.get(item.id, Answer(None)), event.field, event.value)
        except Refused as refused:
            prompt.show_error(str(refused))
            return
        prompt.close()
        if change is not None:
            self._change(item, change.shown, change.done, **change.fields)
        if event.field in ("value", "note_next"):
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
        """Show the change now (the tree's mark in the next frame), save it in the background, in
        key order."""
        self.answers[item.id] = shown
        self._after_paint(self.query_one(SectionTree).update_item, item, self.answers)
        self._show_answer()
        self.saves.save(item.id, done, self._by(), **fields)

    def _written(self, stamp: tuple[int, int]) -> None:
        """The round file's stamp after this screen's own save (called in the saving thread)."""
        self._known_stamp = stamp

    def _by(self) -> str:
        """Who saves: the person logged in to this browser session, else the round's 检查人."""
        return self.services.user or (self.record.meta.inspector if self.record else "")

    def _save_failed(self, error: Exception) -> None:
        """A save job raised past its own reporting (called in the drainer's thread)."""
        self.app.call_from_thread(self.notify, f"保存时出错，未保存：{error!r}", title="未保存",
                                  severity="error", markup=False)

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        item_id = message.item_id
        self.saves.settle(message, self.answers)
        if message.error is not None:
            self._status(f"未保存 {item_id} {message.done}: {message.error}", error=True)
            self.notify(message.error, title=f"{item_id} 未保存", severity="error", markup=False)
        else:
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
        if yes:
            self.saves.submit(self.services.today(), self._by())

    @on(SubmitDone)
    def _submit_done(self, message: SubmitDone) -> None:
        if message.error is not None:
            self._status(f"未能提交：{message.error}", error=True)
            self.notify(message.error, title="未能提交", severity="error", markup=False)
            return
        text = f"已提交，开启了 {message.opened} 项整改事项"
        self._status(text)
        self.notify(text + "（按 r 查看整改台账）", title=self.round_id)
        self._loading = True
        self._load("submitted")
