"""What every screen is handed: the store, the checklist library and the date it works on.

One typed object instead of attributes looked up on the app: a screen built in a test gets the
same things the running app gives it, and a fixed `clock` makes overdue days and defaults exact.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from checklist_tui.catalogue.library import Library
from checklist_tui.storage.store import Store


@dataclass(frozen=True)
class Services:
    """The data folder's store, the checklists found, and the clock that says what today is."""

    store: Store
    library: Library
    clock: Callable[[], dt.date] = field(default=dt.date.today)
    user: str | None = None  # who is at the screen: a browser session's login name (`serve`), else None

    def today(self) -> dt.date:
        """The date used for new rounds, submissions and overdue days (fixed in tests)."""
        return self.clock()

    @classmethod
    def fixed(cls, store: Store, library: Library, today: dt.date | None,
              user: str | None = None) -> Services:
        """Services whose today is `today`, or the system date when it is None."""
        if today is None:
            return cls(store, library, user=user)
        return cls(store, library, lambda: today, user=user)
