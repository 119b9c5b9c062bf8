"""The aiohttp server: textual-serve's `Server` with a login gate, one app process per browser
session started with the person's name, Host-based URLs, a session limit and an idle timeout.

Built on textual-serve's private parts (`_make_app`, `handle_websocket`, `handle_download`,
`AppService._build_environment` and `_open_app_process`), so pyproject pins the range tested.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shlex
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import quote

from aiohttp import WSMsgType, web
from aiohttp.web_runner import GracefulExit
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from checklist_tui.web import pages
from checklist_tui.web.access import LoginThrottle, PasswordHash, app_environment, clean_name
from checklist_tui.web.logins import COOKIE, Login, Logins

log = logging.getLogger("checklist_tui.web")

OPEN_PATHS = frozenset({"/login", "/logout", "/favicon.ico"})
SWEEP_EVERY_S = 30.0
QUIT_WAIT_S = 10.0


@dataclass(frozen=True)
class Settings:
    """What `serve` was started with; `app_argv` runs one app (with `--data` and `--checklists`)."""

    host: str
    port: int
    app_argv: tuple[str, ...]
    password: PasswordHash | None
    max_sessions: int = 10
    idle_s: float = 60 * 60.0


class SessionApp(AppService):
    """One browser session's app process: started without a shell, the name in its environment
    and the password out of it."""

    def __init__(self, argv: tuple[str, ...], user: str, **kwargs: object) -> None:
        super().__init__(shlex.join(argv), **kwargs)  # type: ignore[arg-type]
        self.argv = argv
        self.user = user

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        return app_environment(super()._build_environment(width, height), self.user)

    async def _open_app_process(self, width: int = 80, height: int = 24) -> asyncio.subprocess.Process:
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE, env=self._build_environment(width, height))
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def stop(self) -> None:
        """textual-serve's stop (the app is told to quit), then the process is reaped."""
        await super().stop()
        process, self._process = self._process, None
        if process is not None and process.returncode is None:
            try:
                await asyncio.wait_for(process.wait(), QUIT_WAIT_S)
            except TimeoutError:
                process.kill()
                await process.wait()


class OfficeServer(Server):
    """textual-serve for the office LAN (README, «在浏览器中使用»)."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(shlex.join(settings.app_argv), host=settings.host, port=settings.port,
                         title=pages.TITLE)
        self.settings = settings
        self.logins = Logins(idle_s=settings.idle_s)
        self.throttle = LoginThrottle()
        self.running: dict[str, Login] = {}  # app service id → its login
        self._sweeper: asyncio.Task[None] | None = None

    # --- the web application ----------------------------------------------------------------------

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard])
        app.add_routes([
            web.get("/", self.handle_index, name="index"),
            web.get("/login", self.handle_login_page),
            web.post("/login", self.handle_login),
            web.post("/logout", self.handle_logout),
            web.get("/favicon.ico", _no_content),
            web.get("/ws", self.handle_websocket, name="websocket"),
            web.get("/download/{key}", self.handle_download, name="download"),
            web.static("/static", self.statics_path, name="static"),
        ])
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    @web.middleware
    async def _guard(self, request: web.Request,
                     handler: Callable[[web.Request], Awaitable[web.StreamResponse]]) -> web.StreamResponse:
        """Everything but the login page needs a live session cookie: the page redirects to the
        login, the websocket, the static files and the downloads are refused at once."""
        if request.path in OPEN_PATHS:
            return await handler(request)
        if self._login(request) is None:
            if request.path == "/":
                raise web.HTTPFound("/login")
            raise web.HTTPUnauthorized(text="未登录或登录已失效，请先登录。")
        return await handler(request)

    def _login(self, request: web.Request) -> Login | None:
        return self.logins.get(request.cookies.get(COOKIE))

    def _known(self, request: web.Request) -> Login:
        """The login of a request that passed the guard."""
        login = self._login(request)
        if login is None:  # it ended while the request waited
            raise web.HTTPUnauthorized(text="未登录或登录已失效，请先登录。")
        return login

    # --- login and logout -------------------------------------------------------------------------

    def _locked_page(self, address: str) -> web.Response | None:
        minutes = self.throttle.minutes_locked(address)
        if not minutes:
            return None
        message = f"密码连续输错 5 次，本机已被锁定，请 {minutes} 分钟后再试。"
        return _html(pages.notice_page("暂时无法登录", message), status=429)

    async def handle_login_page(self, request: web.Request) -> web.StreamResponse:
        address = request.remote or "?"
        locked = self._locked_page(address)
        return locked or _html(pages.login_page(needs_password=self.settings.password is not None))

    async def handle_login(self, request: web.Request) -> web.StreamResponse:
        address = request.remote or "?"
        locked = self._locked_page(address)
        if locked is not None:
            return locked
        form = await request.post()
        typed_name = str(form.get("name", ""))
        needs_password = self.settings.password is not None
        try:
            name = clean_name(typed_name)
        except ValueError as error:
            return _html(pages.login_page(needs_password=needs_password, name=typed_name, error=str(error)),
                         status=400)
        password = self.settings.password
        if password is not None and not password.matches(str(form.get("password", ""))):
            if self.throttle.failed(address):
                log.warning("锁定：%s 密码连续输错 5 次，锁定 5 分钟", address)
                locked = self._locked_page(address)
                assert locked is not None
                return locked
            log.warning("密码错误：%s（姓名 %s）", address, name)
            return _html(pages.login_page(needs_password=True, name=name, error="密码错误"), status=401)
        self.throttle.succeeded(address)
        login = self.logins.start(name, address)
        response = web.Response(status=302, headers={"Location": "/"})
        response.set_cookie(COOKIE, login.token, httponly=True, samesite="Strict", path="/",
                            secure=_is_https(request))
        return response

    async def handle_logout(self, request: web.Request) -> web.StreamResponse:
        login = self._login(request)
        if login is not None:
            await self._end(login, "退出登录")
        response = _html(pages.notice_page("已退出登录", "所有回答都已保存。"))
        response.del_cookie(COOKIE, path="/")
        return response

    async def _end(self, login: Login, reason: str) -> None:
        """End a login and close its sockets (their app processes then quit)."""
        if self.logins.end(login, reason):
            for socket in list(login.sockets):
                await socket.close(message="会话已结束".encode())

    # --- the app page and its websocket -----------------------------------------------------------

    def _full(self) -> bool:
        return len(self.running) >= self.settings.max_sessions

    def _full_page(self) -> web.Response:
        message = f"同时最多 {self.settings.max_sessions} 人使用，现已满员，请稍后再试。"
        return _html(pages.notice_page("使用人数已满", message), status=503)

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        if self._full():
            return self._full_page()
        login = self._known(request)
        scheme = "wss" if _is_https(request) else "ws"
        return _html(pages.app_page(websocket_url=f"{scheme}://{request.host}/ws", static_url="/static",
                                    name=login.name,
                                    font_size=to_int(request.query.get("fontsize", "16"), 16)))

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        login = self._known(request)
        if self._full():
            raise web.HTTPServiceUnavailable(text="使用人数已满，请稍后再试。")
        websocket = web.WebSocketResponse(heartbeat=15)
        if not websocket.can_prepare(request).ok:
            raise web.HTTPBadRequest(text="这里只接受网页的 websocket 连接。")
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        app_service = SessionApp(self.settings.app_argv, login.name, write_bytes=websocket.send_bytes,
                                 write_str=websocket.send_str, close=websocket.close,
                                 download_manager=self.download_manager)
        self.running[app_service.app_service_id] = login
        self.logins.socket_opened(login, websocket)
        try:
            await websocket.prepare(request)
            await app_service.start(width, height)
            try:
                await self._process_messages(websocket, app_service)
            finally:
                await app_service.stop()
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:
            log.exception(error)
        finally:
            await app_service.stop()
            del self.running[app_service.app_service_id]
            self.logins.socket_closed(login, websocket)
        return websocket

    async def _process_messages(self, websocket: web.WebSocketResponse, app_service: AppService) -> None:
        """textual-serve's loop, also noting each key and resize as activity (for the idle timeout)."""
        login = self.running[app_service.app_service_id]
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                kind, *data = message.json()
            except (ValueError, TypeError):
                continue
            if kind == "stdin" and data and isinstance(data[0], str):
                self.logins.touch(login)
                await app_service.send_bytes(data[0].encode("utf-8"))
            elif kind == "resize" and data and isinstance(data[0], dict):
                self.logins.touch(login)
                await app_service.set_terminal_size(to_int(str(data[0].get("width")), 80),
                                                    to_int(str(data[0].get("height")), 24))
            elif kind == "ping" and data:
                await websocket.send_json(["pong", data[0]])
            elif kind == "blur":
                await app_service.blur()
            elif kind == "focus":
                await app_service.focus()

    # --- downloads --------------------------------------------------------------------------------

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        """A file an app delivered, to the login whose app it is only; the name survives in UTF-8."""
        key = request.match_info["key"]
        try:
            meta = await self.download_manager.get_download_metadata(key)
        except KeyError:
            raise web.HTTPNotFound(text="没有这个下载，或它已失效。") from None
        if self.running.get(meta.app_service.app_service_id) is not self._known(request):
            raise web.HTTPForbidden(text="这个下载属于另一位使用者。")
        response = web.StreamResponse()
        content_type = meta.mime_type + (f"; charset={meta.encoding}" if meta.encoding else "")
        response.headers["Content-Type"] = content_type
        disposition = "inline" if meta.open_method == "browser" else "attachment"
        fallback = "".join(c if (c.isascii() and c.isalnum()) or c in "._-" else "_" for c in meta.file_name)
        response.headers["Content-Disposition"] = (
            f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(meta.file_name)}")
        await response.prepare(request)
        async for chunk in self.download_manager.download(key):
            await response.write(chunk)
        await response.write_eof()
        return response

    # --- start, sweep, stop -----------------------------------------------------------------------

    def initialize_logging(self) -> None:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%Y-%m-%d %H:%M:%S",
                            stream=sys.stderr)

    async def on_startup(self, app: web.Application) -> None:
        self._sweeper = asyncio.create_task(self._sweep())
        shown = f"[{self.host}]" if ":" in self.host else self.host
        print(f"已启动：浏览器打开 http://{shown}:{self.port}（按 Ctrl+C 停止）", flush=True)

    async def _sweep(self) -> None:
        """End idle logins and logins whose page was closed; runs until the server stops."""
        every = min(SWEEP_EVERY_S, self.logins.grace_s / 2, self.settings.idle_s / 4)
        while True:
            await asyncio.sleep(every)
            for login, reason in self.logins.due():
                await self._end(login, reason)

    async def on_shutdown(self, app: web.Application) -> None:
        if self._sweeper is not None:
            self._sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._sweeper
        for login in list(self.logins.by_token.values()):
            await self._end(login, "服务已停止")

    def serve(self, debug: bool = False) -> None:
        """Run until Ctrl+C (or SIGTERM); every app process is told to quit first."""
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        with contextlib.suppress(NotImplementedError):  # Windows: Ctrl+C arrives as KeyboardInterrupt
            import signal

            loop.add_signal_handler(signal.SIGINT, self.request_exit)
            loop.add_signal_handler(signal.SIGTERM, self.request_exit)
        try:
            web.run_app(self._make_app(), host=self.host, port=self.port, handle_signals=False, loop=loop,
                        print=None, shutdown_timeout=10, access_log=None)
        except (GracefulExit, KeyboardInterrupt):
            pass


async def _no_content(_request: web.Request) -> web.Response:
    return web.Response(status=204)


def _html(text: str, status: int = 200) -> web.Response:
    return web.Response(text=text, status=status, content_type="text/html", charset="utf-8")


def _is_https(request: web.Request) -> bool:
    """Behind the office's HTTPS proxy the browser speaks https even though this server does not."""
    return request.secure or request.headers.get("X-Forwarded-Proto", "").lower() == "https"

