"""The people logged in: one token per login (the session cookie), its name, address and sockets.

A login ends on `POST /logout`, when its last websocket closes (after a short grace, so that
reloading the page does not log the person out), or after `idle` seconds without a key pressed.
No web library here; the server owns the sockets and closes them.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger("checklist_tui.web")

COOKIE = "checklist_tui_session"
RELOAD_GRACE_S = 10.0


@dataclass
class Login:
    """One person in one browser: the cookie's token and what the server knows of them."""

    token: str
    name: str
    address: str
    last_active: float
    sockets: set[Any] = field(default_factory=set)
    alone_since: float | None = None  # when its last socket closed (None while one is open, or before)

    def label(self) -> str:
        return f"{self.name}（{self.address}）"


@dataclass
class Logins:
    """Every live login by token; `clock` is monotonic seconds (fixed in tests)."""

    idle_s: float
    grace_s: float = RELOAD_GRACE_S
    clock: Callable[[], float] = time.monotonic
    by_token: dict[str, Login] = field(default_factory=dict)

    def start(self, name: str, address: str) -> Login:
        login = Login(secrets.token_urlsafe(32), name, address, self.clock())
        self.by_token[login.token] = login
        log.info("登录：%s", login.label())
        return login

    def get(self, token: str | None) -> Login | None:
        return self.by_token.get(token) if token else None

    def touch(self, login: Login) -> None:
        login.last_active = self.clock()

    def socket_opened(self, login: Login, socket: Any) -> None:
        login.sockets.add(socket)
        login.alone_since = None
        self.touch(login)

    def socket_closed(self, login: Login, socket: Any) -> None:
        login.sockets.discard(socket)
        if not login.sockets:
            login.alone_since = self.clock()

    def end(self, login: Login, reason: str) -> bool:
        """Forget a login (its sockets are the caller's to close); False when it had already ended."""
        if self.by_token.pop(login.token, None) is None:
            return False
        log.info("退出：%s，%s", login.label(), reason)
        return True

    def due(self) -> list[tuple[Login, str]]:
        """Logins to end now, each with the reason the log states."""
        now = self.clock()
        ending = []
        for login in list(self.by_token.values()):
            if now - login.last_active >= self.idle_s:
                ending.append((login, f"闲置超过 {_minutes(self.idle_s)} 分钟"))
            elif login.alone_since is not None and now - login.alone_since >= self.grace_s:
                ending.append((login, "页面已关闭"))
        return ending


def _minutes(seconds: float) -> str:
    minutes = seconds / 60
    return str(int(minutes)) if minutes == int(minutes) else f"{minutes:g}"
