"""The pages `serve` sends: Chinese, escaped, and nothing loaded from the internet."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checklist_tui.web import pages

REMOTE = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//|@import|url\(\s*["']?(?:https?:)?//""", re.I)


def test_the_login_page_asks_the_password_only_when_one_is_set() -> None:
    with_password = pages.login_page(needs_password=True)
    assert 'name="name"' in with_password and 'name="password"' in with_password
    assert 'action="/login"' in with_password and 'method="post"' in with_password
    without = pages.login_page(needs_password=False)
    assert 'name="name"' in without and 'name="password"' not in without


def test_what_a_person_typed_is_shown_as_text() -> None:
    page = pages.login_page(needs_password=True, name='"><script>alert(1)</script>', error="密码错误")
    assert "<script>" not in page and "&lt;script&gt;" in page and "密码错误" in page
    app = pages.app_page(websocket_url='ws://x"><b>/ws', static_url="/static", name="<i>王五</i>")
    assert "<b>" not in app and "<i>" not in app and "&lt;i&gt;王五" in app


def test_the_app_page_uses_the_urls_it_is_given() -> None:
    page = pages.app_page(websocket_url="ws://192.168.1.20:8000/ws", static_url="/static", name="王五")
    assert 'data-session-websocket-url="ws://192.168.1.20:8000/ws"' in page
    assert 'src="/static/js/textual.js"' in page and 'href="/static/css/xterm.css"' in page


@pytest.mark.parametrize("page", [pages.login_page(needs_password=True), pages.notice_page("标题", "内容"),
                                  pages.app_page(websocket_url="ws://h/ws", static_url="/static", name="x")])
def test_no_page_loads_anything_from_the_internet(page: str) -> None:
    assert not REMOTE.search(page), REMOTE.search(page)
    assert "Roboto" not in page and "googleapis" not in page


def test_the_shipped_script_and_stylesheet_load_nothing_remote() -> None:
    textual_serve = pytest.importorskip("textual_serve")
    static = Path(textual_serve.__file__).parent / "static"
    for path in (static / "js" / "textual.js", static / "css" / "xterm.css"):
        text = path.read_text(encoding="utf-8")
        assert not REMOTE.search(text), (path.name, REMOTE.search(text))
        assert "fonts.googleapis" not in text and "@font-face" not in text
