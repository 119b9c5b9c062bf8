"""Exports reach the person: a download in the browser (only for the login whose app made it), a
new file beside the others in a terminal; and the session limit's page."""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from webclient import Terminal, client, login

from checklist_tui.tui.delivery import deliver, free_name

pytest.importorskip("textual_serve")

from aiohttp.test_utils import TestServer

from checklist_tui.web.access import PasswordHash
from checklist_tui.web.server import OfficeServer, Settings

CSV = "\ufeff序号,问题\n1,未审查\n".encode()
NAME = "整改台账 2025.csv"

EXPORTER = f"""
import sys
from pathlib import Path
from textual.app import App
from checklist_tui.tui.delivery import deliver

class Exporter(App):
    def on_mount(self) -> None:
        deliver(self, {NAME!r}, {CSV!r}, folder=Path(sys.argv[1]), mime_type="text/csv")

Exporter().run()
"""


class Terminal_:
    is_web = False

    def deliver_binary(self, *args: object, **kwargs: object) -> None:
        raise AssertionError("a terminal writes the file itself")


def test_in_a_terminal_the_export_is_a_new_file_never_over_an_old_one(tmp_path: Path) -> None:
    folder = tmp_path / "导出"
    first = deliver(Terminal_(), NAME, CSV, folder=folder)
    second = deliver(Terminal_(), NAME, b"other", folder=folder)
    assert first == folder / NAME and first.read_bytes() == CSV
    assert second == folder / "整改台账 2025(2).csv" and second.read_bytes() == b"other"
    assert free_name(folder / NAME) == folder / "整改台账 2025(3).csv"
    assert {p.name for p in folder.iterdir()} == {NAME, "整改台账 2025(2).csv"}  # no temp file left


async def test_in_the_browser_the_export_is_a_download_for_its_own_login_only(tmp_path: Path) -> None:
    script = tmp_path / "exporter.py"
    script.write_text(EXPORTER, encoding="utf-8")
    argv = (sys.executable, str(script), str(tmp_path / "no"))
    settings = Settings(host="127.0.0.1", port=0, app_argv=argv, password=PasswordHash.of("pw"),
                        max_sessions=1)
    server = TestServer(await OfficeServer(settings)._make_app(), host="127.0.0.1")
    await server.start_server()
    base = str(server.make_url("")).rstrip("/")
    try:
        async with client() as owner, client() as other, client() as anonymous:
            await login(owner, base, "王五", "pw")
            await login(other, base, "赵六", "pw")
            async with owner.get(f"{base}/ws") as not_a_websocket:
                assert not_a_websocket.status == 400 and "websocket" in await not_a_websocket.text()
            async with owner.ws_connect(f"{base.replace('http', 'ws')}/ws") as websocket:
                terminal = Terminal(websocket)
                await terminal.wait_for(lambda _: any(t[0] == "deliver_file_start" for t in terminal.texts))
                key = next(t[1] for t in terminal.texts if t[0] == "deliver_file_start")

                async with other.get(f"{base}/") as full:  # max-sessions 1: the second person waits
                    assert full.status == 503 and "使用人数已满" in await full.text()
                async with anonymous.get(f"{base}/download/{key}") as refused:
                    assert refused.status == 401
                async with other.get(f"{base}/download/{key}") as not_theirs:
                    assert not_theirs.status == 403
                async with owner.get(f"{base}/download/{key}") as download:
                    assert download.status == 200 and await download.read() == CSV
                    assert download.headers["Content-Type"].startswith("text/csv")
                    assert f"filename*=UTF-8''{quote(NAME)}" in download.headers["Content-Disposition"]
            assert not (tmp_path / "no").exists()  # nothing was written on the server's disk
    finally:
        await server.close()
