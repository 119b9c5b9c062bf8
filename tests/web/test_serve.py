"""`checklist-tui serve` for real: a subprocess on 127.0.0.1 with a password, browsers played by
aiohttp over textual-serve's websocket protocol, the answers read back from the round file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest
from webclient import Terminal, client, login, poll, serving

from checklist_tui.domain.checklist import Checklist
from checklist_tui.storage.store import Store

pytest.importorskip("textual_serve")

PASSWORD = "办公室-2025"
S1_01 = "是否随人事变动及时调整法治建设工作领导小组"
S1_02 = "重大行政决策是否全部经过合法性审查"
S1_03 = "是否开展集体学法"


@pytest.fixture
def password_file(tmp_path: Path) -> Path:
    path = tmp_path / "password.txt"
    path.write_bytes(("\ufeff" + PASSWORD + "\r\n").encode("utf-8"))  # what Notepad saves
    return path


def history(data_dir: Path, round_id: str) -> list[dict[str, object]]:
    data = json.loads((data_dir / "rounds" / f"{round_id}.json").read_text(encoding="utf-8"))
    return list(data["history"].values())


async def open_round(terminal: Terminal, first_item: str) -> None:
    """From home (one round listed), Enter opens it on its first unanswered item."""
    await terminal.wait_for("R0001")
    terminal.mark()
    await terminal.keys("\r")
    await terminal.wait_for(first_item)


async def test_two_people_answer_one_round_each_under_their_own_name(
        tmp_path: Path, data_dir: Path, checklist_dir: Path, password_file: Path, mini: Checklist) -> None:
    store = Store(data_dir)
    round_id = store.new_round(mini, "党政办", "2025", "张三").id
    args = ["--data", str(data_dir), "--checklists", str(checklist_dir),
            "--password-file", str(password_file)]

    def note_of(item_id: str) -> str:
        answer = store.load_round(round_id).answers.get(item_id)
        return "" if answer is None else answer.note

    with serving(tmp_path, *args) as served:
        base = served.base
        async with client() as anonymous:
            async with anonymous.get(f"{base}/", allow_redirects=False) as page:
                assert page.status == 302 and page.headers["Location"] == "/login"
            for path in ("/ws", "/static/js/textual.js", "/download/0123456789abcdef"):
                async with anonymous.get(f"{base}{path}", allow_redirects=False) as refused:
                    assert refused.status == 401, path
            with pytest.raises(aiohttp.WSServerHandshakeError) as handshake:
                await anonymous.ws_connect(f"{base.replace('http', 'ws')}/ws")
            assert handshake.value.status == 401

        async with client() as wang, client() as zhao:
            wrong = await login(wang, base, "王五", "not-it")
            assert wrong.status == 401
            async with wang.get(f"{base}/", allow_redirects=False) as still_out:
                assert still_out.status == 302
            ok = await login(wang, base, "王五", PASSWORD)
            assert ok.status == 302 and ok.headers["Location"] == "/"
            cookie = ok.headers["Set-Cookie"]
            assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
            assert (await login(zhao, base, "赵六", PASSWORD)).status == 302

            async with wang.get(f"{base}/", headers={"Host": f"192.0.2.7:{served.port}"}) as page:
                html = await page.text()
            assert page.status == 200
            assert f'data-session-websocket-url="ws://192.0.2.7:{served.port}/ws"' in html
            assert "googleapis" not in html and "https://" not in html and "0.0.0.0" not in html

            ws_url = f"{base.replace('http', 'ws')}/ws?width=100&height=32"
            async with wang.ws_connect(ws_url) as ws_wang, zhao.ws_connect(ws_url) as ws_zhao:
                a, b = Terminal(ws_wang), Terminal(ws_zhao)
                await open_round(a, S1_01)
                await a.keys("1")
                await poll(lambda: store.load_round(round_id).answers.get("S1.01"), "S1.01 saved")

                await open_round(b, S1_02)  # S1.01 is answered now: B lands on the next one
                b.mark()
                await b.keys("3")
                await b.wait_for("说明 —")
                await b.keys("没有审查记录", "\r")
                await poll(lambda: note_of("S1.02") == "没有审查记录", "S1.02's note saved")

                a.mark()
                await a.keys("j")
                await a.wait_for(S1_03)
                await a.keys("4")
                await poll(lambda: "S1.03" in store.load_round(round_id).answers, "S1.03 saved")

                async with wang.post(f"{base}/logout") as logout:
                    assert logout.status == 200 and "已退出登录" in await logout.text()
                await a.wait_closed()
            async with wang.get(f"{base}/", allow_redirects=False) as after:
                assert after.status == 302
        log = served.wait_for_log("退出：王五（127.0.0.1），退出登录")

    answers = store.load_round(round_id).answers
    assert (answers["S1.01"].answer, answers["S1.01"].by) == ("pass", "王五")
    assert (answers["S1.02"].answer, answers["S1.02"].by) == ("fail", "赵六")
    assert (answers["S1.03"].answer, answers["S1.03"].by) == ("na", "王五")
    entries = history(data_dir, round_id)
    assert {(e["item"], e["by"]) for e in entries} == {("S1.01", "王五"), ("S1.02", "赵六"),
                                                       ("S1.03", "王五")}
    assert len([e for e in entries if e["item"] == "S1.02"]) == 2  # the answer, then its note
    assert "登录：王五（127.0.0.1）" in log and "登录：赵六（127.0.0.1）" in log
    assert "密码错误：127.0.0.1" in log and PASSWORD not in log


async def test_five_wrong_passwords_lock_the_address_out(tmp_path: Path, data_dir: Path,
                                                        password_file: Path) -> None:
    with serving(tmp_path, "--data", str(data_dir), "--password-file", str(password_file)) as served:
        async with client() as session:
            for _ in range(4):
                assert (await login(session, served.base, "王五", "guess")).status == 401
            guess = {"name": "王五", "password": "guess"}
            async with session.post(f"{served.base}/login", data=guess) as fifth:
                assert fifth.status == 429
                assert "请 5 分钟后再试" in await fifth.text()
            async with session.post(f"{served.base}/login", data={"name": "王五", "password": PASSWORD},
                                    allow_redirects=False) as right:
                assert right.status == 429 and "分钟后再试" in await right.text()
                assert "Set-Cookie" not in right.headers
        assert "锁定：127.0.0.1" in served.log()


async def test_an_idle_session_is_closed_and_its_login_ends(tmp_path: Path, data_dir: Path) -> None:
    with serving(tmp_path, "--data", str(data_dir), "--idle-minutes", "0.02") as served:  # 1.2 s
        async with client() as session:
            assert (await login(session, served.base, "王五", None)).status == 302  # local: a name only
            async with session.ws_connect(f"{served.base.replace('http', 'ws')}/ws") as websocket:
                await Terminal(websocket).wait_closed()  # no key pressed: closed by the server
            async with session.get(f"{served.base}/", allow_redirects=False) as page:
                assert page.status == 302 and page.headers["Location"] == "/login"
        assert "退出：王五（127.0.0.1），闲置超过 0.02 分钟" in served.log()


def test_refuses_to_listen_on_every_address_without_a_password(tmp_path: Path, data_dir: Path) -> None:
    env = {k: v for k, v in __import__("os").environ.items() if k != "CHECKLIST_TUI_PASSWORD"}
    result = subprocess.run([sys.executable, "-m", "checklist_tui", "serve", "--host", "0.0.0.0",
                             "--data", str(data_dir)], capture_output=True, text=True, encoding="utf-8",
                            timeout=60, env=env)
    assert result.returncode == 2
    assert "必须设置密码" in result.stderr and "Traceback" not in result.stderr
