"""The Chinese pages of `serve`: login, notices (locked out, full, logged out) and the app page.

Plain `string.Template` files beside this module; every value is HTML-escaped here, so a name or
a Host header can never become markup. The pages load nothing from the internet.
"""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path
from string import Template

TITLE = "麻埠镇法治政府建设自查"
_TEMPLATES = Path(__file__).parent / "templates"


@cache
def _template(name: str) -> Template:
    return Template((_TEMPLATES / name).read_text(encoding="utf-8"))


def _fill(template: str, **values: str) -> str:
    return _template(template).substitute(title=html.escape(TITLE), **values)


def login_page(*, needs_password: bool, name: str = "", error: str = "") -> str:
    """The form posting `name` (and `password` when one is set) to /login."""
    field = ('<label for="password">密码</label>\n'
             '      <input id="password" name="password" type="password" autocomplete="current-password"'
             ' required />') if needs_password else ""
    return _fill("login.html", name=html.escape(name, quote=True), password_field=field,
                 password_hint="和密码" if needs_password else "",
                 error=f'<p class="error" role="alert">{html.escape(error)}</p>' if error else "")


def notice_page(heading: str, message: str) -> str:
    """A page that only says something (locked out, too many sessions, logged out)."""
    return _fill("notice.html", heading=html.escape(heading), message=html.escape(message))


def app_page(*, websocket_url: str, static_url: str, name: str, font_size: int = 16) -> str:
    """textual-serve's terminal page, its URLs following the address the browser used."""
    return _fill("app.html", websocket_url=html.escape(websocket_url, quote=True),
                 static_url=html.escape(static_url, quote=True), name=html.escape(name),
                 font_size=str(font_size))
