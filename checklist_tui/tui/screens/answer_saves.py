"""The stepper's saves: each change is on screen at once and written to the round file in key
order by one thread of its own, which reports back with a message.

The thread lives as long as the screen and sleeps while there is nothing to write; a key only
wakes it. (A Textual worker per key, as before, started a thread for each key, waited for it to
run and posted three state messages to the screen: all of it before the next item was painted.)
Quitting with ctrl+q waits for the queue (StepperScreen.keep_and_finish); leaving the screen lets
the thread write what is queued and end. What could not be saved stays on screen, marked 未保存,
until a later save of it succeeds.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from textual.message import Message

from checklist_tui.domain.scoring import Answer
from checklist_tui.errors import AppError
from checklist_tui.storage.store import Store
from checklist_tui.tui.screens.ordered_saves import OrderedSaves


class Saved(Message):
    """One change written (`answer` as stored) or refused (`error`, shown as 未保存)."""

    def __init__(self, item_id: str, answer: Answer | None, done: str, error: str | None) -> None:
        self.item_id, self.answer, self.done, self.error = item_id, answer, done, error
        super().__init__()


class SubmitDone(Message):
    def __init__(self, opened: int | None, error: str | None) -> None:
        self.opened, self.error = opened, error
        super().__init__()


class AnswerSaves:
    """The queue of one round's changes, and what became of them."""

    def __init__(self, store: Store, round_id: str, post: Callable[[Message], object],
                 on_written: Callable[[tuple[int, int]], object],
                 on_error: Callable[[Exception], object]) -> None:
        self.store, self.round_id = store, round_id
        self._post, self._on_written = post, on_written
        self.queue = OrderedSaves(self._wake_thread, on_error)
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._closed = False
        self.unsaved: dict[str, str] = {}  # item id → why its last change was not saved
        self.unsaved_answers: dict[str, Answer] = {}  # …and that change, kept on screen
        self._pending: dict[str, int] = {}  # item id → changes queued and not yet reported

    def _wake_thread(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name=f"saves {self.round_id}", daemon=True)
            self._thread.start()
        self._wake.set()

    def _run(self) -> None:
        while True:
            self._wake.wait()
            self._wake.clear()
            self.queue.drain()
            if self._closed and not self.queue.busy:
                return

    def close(self) -> None:
        """The screen is gone: write what is queued, then let the thread end."""
        self._closed = True
        if self._thread is not None:
            self._wake.set()

    @property
    def busy(self) -> bool:
        return self.queue.busy

    def save(self, item_id: str, done: str, by: str, **fields: Any) -> None:
        """Queue one change of an item (`fields` as Store.save_answer takes them)."""
        self._pending[item_id] = self._pending.get(item_id, 0) + 1
        store, round_id = self.store, self.round_id

        def job() -> None:
            try:
                stored = store.save_answer(round_id, item_id, by=by, **fields)
            except AppError as error:
                self._post(Saved(item_id, None, done, str(error)))
                return
            except Exception as error:  # not the store's refusal: still 未保存, with what happened
                self._post(Saved(item_id, None, done, f"内部错误 {error!r}"))
                return
            self._on_written(store.stamp(round_id))
            self._post(Saved(item_id, stored, done, None))
        self.queue.put(job)

    def submit(self, today: Any, by: str) -> None:
        """Queue the submission, after every change before it."""
        store, round_id = self.store, self.round_id

        def job() -> None:
            try:
                opened = store.submit(round_id, date=today, by=by, allow_unanswered=True)
            except AppError as error:
                self._post(SubmitDone(None, str(error)))
                return
            self._post(SubmitDone(len(opened), None))
        self.queue.put(job)

    def settle(self, message: Saved, answers: dict[str, Answer]) -> None:
        """Take in one report: a refusal keeps the change as 未保存; a success clears that and, when
        no later change of the item is still queued, shows the answer as stored."""
        item_id = message.item_id
        self._pending[item_id] = self._pending.get(item_id, 1) - 1
        if message.error is not None:
            self.unsaved[item_id] = message.error
            if item_id in answers:
                self.unsaved_answers[item_id] = answers[item_id]
            return
        self.unsaved.pop(item_id, None)
        self.unsaved_answers.pop(item_id, None)
        if self._pending[item_id] == 0 and message.answer is not None:
            answers[item_id] = message.answer
