"""Saves run off the UI thread, one at a time, in the order the keys were pressed.

The screen moves its cursor at once and queues the save; a single thread drains the queue
(answer_saves.AnswerSaves), so a fast `1 1 1 1` saves four items, in order, and nothing waits
for the disk.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable


class OrderedSaves:
    """A FIFO of jobs with at most one drainer at a time."""

    def __init__(self, start_drainer: Callable[[], object],
                 on_error: Callable[[Exception], object] | None = None) -> None:
        self._start_drainer = start_drainer
        self._on_error = on_error
        self._jobs: deque[Callable[[], None]] = deque()
        self._lock = threading.Lock()
        self._draining = False

    @property
    def busy(self) -> bool:
        """True while any job is queued or running."""
        with self._lock:
            return self._draining or bool(self._jobs)

    def put(self, job: Callable[[], None]) -> None:
        """Queue a job; start a drainer if none is running (call from the UI thread)."""
        with self._lock:
            self._jobs.append(job)
            if self._draining:
                return
            self._draining = True
        self._start_drainer()

    def drain(self) -> None:
        """Run jobs until the queue is empty (call in a worker thread)."""
        while True:
            with self._lock:
                if not self._jobs:
                    self._draining = False
                    return
                job = self._jobs.popleft()
            try:
                job()
            except Exception as error:  # a job that failed to report its own error: never silent,
                if self._on_error is not None:  # and the later saves still run, in order
                    self._on_error(error)
