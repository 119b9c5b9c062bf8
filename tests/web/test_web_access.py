"""Who may come in: the password file, the hash, the lock-out, names, the apps' environment, and
which sessions end when (all without a server; clocks are fixed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from checklist_tui.errors import BadInput
from checklist_tui.web.access import (
    LoginThrottle,
    PasswordHash,
    app_environment,
    check_bind,
    chosen_password,
    clean_name,
    is_local,
    read_password_file,
    user_from_environment,
)
from checklist_tui.web.logins import Logins


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize("content", [b"\xef\xbb\xbfs3cret\r\nsecond line\n", b"s3cret\n", b"s3cret"])
def test_the_password_is_the_first_line_with_or_without_bom(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "pw.txt"
    path.write_bytes(content)
    assert read_password_file(path) == "s3cret"


@pytest.mark.parametrize("content", [b"", b"\r\nsecret\n", b"\xef\xbb\xbf\n"])
def test_an_empty_password_is_refused_naming_the_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "pw.txt"
    path.write_bytes(content)
    with pytest.raises(BadInput, match=r"pw\.txt.*第一行是空的"):
        read_password_file(path)


def test_a_missing_or_non_utf8_password_file_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="无法读取密码文件"):
        read_password_file(tmp_path / "none.txt")
    (tmp_path / "gbk.txt").write_bytes("密码".encode("gbk"))
    with pytest.raises(BadInput, match="不是 UTF-8"):
        read_password_file(tmp_path / "gbk.txt")


def test_the_file_wins_over_the_environment(tmp_path: Path) -> None:
    (tmp_path / "pw.txt").write_text("from-file\n", encoding="utf-8")
    env = {"CHECKLIST_TUI_PASSWORD": "from-env"}
    assert chosen_password(tmp_path / "pw.txt", env) == "from-file"
    assert chosen_password(None, env) == "from-env"
    assert chosen_password(None, {}) is None
    with pytest.raises(BadInput, match="CHECKLIST_TUI_PASSWORD 是空的"):
        chosen_password(None, {"CHECKLIST_TUI_PASSWORD": ""})


@pytest.mark.parametrize("host", ["127.0.0.1", "::1", "[::1]", "localhost", "LOCALHOST"])
def test_local_addresses_need_no_password(host: str) -> None:
    assert is_local(host)
    check_bind(host, has_password=False)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "office-pc"])
def test_any_other_address_needs_one(host: str) -> None:
    assert not is_local(host)
    with pytest.raises(BadInput, match="必须设置密码"):
        check_bind(host, has_password=False)
    check_bind(host, has_password=True)


def test_the_password_is_kept_only_as_a_salted_hash() -> None:
    first, second = PasswordHash.of("办公室-2025"), PasswordHash.of("办公室-2025")
    assert first.matches("办公室-2025") and not first.matches("办公室-2024") and not first.matches("")
    assert first.salt != second.salt and first.digest != second.digest
    assert "办公室".encode() not in first.digest + first.salt


def test_five_failures_within_five_minutes_lock_for_five_minutes_from_the_fifth() -> None:
    clock = Clock()
    throttle = LoginThrottle(clock=clock)
    assert [throttle.failed("10.0.0.5") for _ in range(4)] == [False] * 4
    assert throttle.seconds_locked("10.0.0.5") == 0
    clock.now += 60
    assert throttle.failed("10.0.0.5") is True
    assert throttle.minutes_locked("10.0.0.5") == 5
    assert throttle.minutes_locked("10.0.0.6") == 0  # another address is not locked
    clock.now += 4 * 60 + 1  # 59 s left: "1 minute"
    assert throttle.minutes_locked("10.0.0.5") == 1
    clock.now += 59
    assert throttle.minutes_locked("10.0.0.5") == 0
    assert throttle.failed("10.0.0.5") is False  # the count started again


def test_failures_older_than_five_minutes_and_a_success_do_not_count() -> None:
    clock = Clock()
    throttle = LoginThrottle(clock=clock)
    for _ in range(4):
        throttle.failed("a")
    clock.now += 5 * 60
    assert throttle.failed("a") is False  # the four are out of the window
    for _ in range(3):
        throttle.failed("a")
    throttle.succeeded("a")
    assert [throttle.failed("a") for _ in range(4)] == [False] * 4


@pytest.mark.parametrize(("typed", "name"), [("  王五 ", "王五"), ("欧阳  小明", "欧阳 小明")])
def test_names_are_trimmed(typed: str, name: str) -> None:
    assert clean_name(typed) == name


@pytest.mark.parametrize(("typed", "reason"), [("", "请填写姓名"), ("   ", "请填写姓名"),
                                               ("王" * 21, "不能超过 20 个字"), ("王\x1b[2J五", "控制字符")])
def test_bad_names_are_refused_with_the_reason(typed: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        clean_name(typed)


def test_each_app_gets_the_name_and_never_the_password() -> None:
    env = app_environment({"PATH": "/bin", "CHECKLIST_TUI_PASSWORD": "x"}, "王五")
    assert env == {"PATH": "/bin", "CHECKLIST_TUI_USER": "王五"}
    assert user_from_environment(env) == "王五"
    assert user_from_environment({}) is None and user_from_environment({"CHECKLIST_TUI_USER": " "}) is None


def test_a_login_ends_after_idle_minutes_or_when_its_page_stays_closed() -> None:
    clock = Clock()
    logins = Logins(idle_s=600, grace_s=10, clock=clock)
    idle, closed, reloaded = (logins.start(n, "10.0.0.5") for n in ("甲", "乙", "丙"))
    for login in (idle, closed, reloaded):
        logins.socket_opened(login, object())
    clock.now += 300
    logins.touch(closed)
    logins.touch(reloaded)
    logins.socket_closed(closed, next(iter(closed.sockets)))
    logins.socket_closed(reloaded, next(iter(reloaded.sockets)))
    logins.socket_opened(reloaded, object())  # the same page again within the grace
    clock.now += 9
    assert logins.due() == []
    clock.now += 1
    assert logins.due() == [(closed, "页面已关闭")]
    clock.now += 291
    assert [(login.name, why) for login, why in logins.due()] == [("甲", "闲置超过 10 分钟"),
                                                                  ("乙", "页面已关闭")]
    assert logins.end(idle, "闲置") and not logins.end(idle, "闲置")
    assert logins.get(idle.token) is None and logins.get(reloaded.token) is reloaded
