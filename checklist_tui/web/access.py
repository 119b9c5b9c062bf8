"""Who may come in: the password (read once, kept only as a salted hash), the lock-out after wrong
passwords, the person's name, and which addresses may be bound without a password.

No web library here: the server asks these objects and turns their answers into pages.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import os
import secrets
import time
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from checklist_tui.errors import BadInput

PASSWORD_ENV = "CHECKLIST_TUI_PASSWORD"
USER_ENV = "CHECKLIST_TUI_USER"
LOCAL_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})
NAME_MAX = 20

MAX_FAILURES = 5
FAILURE_WINDOW_S = 5 * 60
LOCKOUT_S = 5 * 60

_PBKDF2_ROUNDS = 200_000


def is_local(host: str) -> bool:
    """127.0.0.1, ::1 and localhost: only this PC can reach a server bound there."""
    return host.strip().strip("[]").lower() in LOCAL_HOSTS


def read_password_file(path: Path) -> str:
    """The file's first line (UTF-8 with or without BOM, the line ending stripped); empty is refused."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise BadInput(f"无法读取密码文件 {path}：{error.strerror or error}") from None
    except UnicodeDecodeError:
        raise BadInput(f"密码文件 {path} 不是 UTF-8 编码的文本") from None
    first = text.splitlines()[0] if text else ""
    if not first:
        raise BadInput(f"密码文件 {path} 的第一行是空的：请在第一行写上密码")
    return first


def chosen_password(password_file: Path | None, environ: Mapping[str, str]) -> str | None:
    """`--password-file` wins over `$CHECKLIST_TUI_PASSWORD`; None when neither is given."""
    if password_file is not None:
        return read_password_file(password_file)
    if PASSWORD_ENV in environ:
        value = environ[PASSWORD_ENV].splitlines()[0] if environ[PASSWORD_ENV] else ""
        if not value:
            raise BadInput(f"环境变量 {PASSWORD_ENV} 是空的：请设置密码，或不设置它而只在本机使用")
        return value
    return None


def check_bind(host: str, has_password: bool) -> None:
    """Any address but this PC's own needs a password: refuse to start otherwise (exit 2)."""
    if not is_local(host) and not has_password:
        raise BadInput(
            f"监听地址 {host} 可被其他电脑访问，必须设置密码才能启动："
            f"用 --password-file 文件 或环境变量 {PASSWORD_ENV} 给出密码"
            "（只在本机使用时可省略 --host，默认 127.0.0.1）")


@dataclass(frozen=True)
class PasswordHash:
    """A password kept only as PBKDF2-SHA256 with a random salt; compared in constant time."""

    salt: bytes
    digest: bytes

    @classmethod
    def of(cls, password: str) -> PasswordHash:
        salt = secrets.token_bytes(16)
        return cls(salt, _derive(password, salt))

    def matches(self, candidate: str) -> bool:
        return hmac.compare_digest(self.digest, _derive(candidate, self.salt))


def _derive(password: str, salt: bytes) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, _PBKDF2_ROUNDS)


def clean_name(text: str) -> str:
    """The person's name as typed, trimmed; raises ValueError with the Chinese reason."""
    name = " ".join(text.split())
    if not name:
        raise ValueError("请填写姓名")
    if len(name) > NAME_MAX:
        raise ValueError(f"姓名不能超过 {NAME_MAX} 个字")
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise ValueError("姓名中有不可见的控制字符")
    return name


@dataclass
class LoginThrottle:
    """5 wrong passwords from one address within 5 minutes lock it for 5 minutes from the 5th,
    even for the right password; a success clears the count."""

    clock: Callable[[], float] = time.monotonic
    failures: dict[str, list[float]] = field(default_factory=dict)
    locked_until: dict[str, float] = field(default_factory=dict)

    def seconds_locked(self, address: str) -> float:
        """How long `address` stays locked out; 0 when it is not."""
        until = self.locked_until.get(address)
        if until is None:
            return 0.0
        left = until - self.clock()
        if left <= 0:
            del self.locked_until[address]
            return 0.0
        return left

    def minutes_locked(self, address: str) -> int:
        """The minutes left, rounded up, as the 429 page states them."""
        return math.ceil(self.seconds_locked(address) / 60)

    def failed(self, address: str) -> bool:
        """Count a wrong password; True when this one locks the address."""
        now = self.clock()
        recent = [t for t in self.failures.get(address, []) if now - t < FAILURE_WINDOW_S]
        recent.append(now)
        if len(recent) >= MAX_FAILURES:
            self.failures.pop(address, None)
            self.locked_until[address] = now + LOCKOUT_S
            return True
        self.failures[address] = recent
        return False

    def succeeded(self, address: str) -> None:
        self.failures.pop(address, None)


def app_environment(base: Mapping[str, str], user: str) -> dict[str, str]:
    """The environment one browser session's app gets: the person's name in, the password out."""
    environment = {k: v for k, v in base.items() if k != PASSWORD_ENV}
    environment[USER_ENV] = user
    return environment


def user_from_environment(environ: Mapping[str, str] = os.environ) -> str | None:
    """The name a web session's app was started with, or None in a terminal."""
    name = " ".join(environ.get(USER_ENV, "").split())
    return name or None
