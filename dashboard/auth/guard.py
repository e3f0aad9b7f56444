"""The HTTP side of access control: what Streamlit's server would answer without a session (issue 15).

Streamlit serves a few things over plain HTTP next to the app's WebSocket, and checks no sign-in there.
:class:`RequestGuard` is an ASGI middleware in front of them; ``serve.py`` (``streamlit run serve.py``,
what ``scripts/start.sh`` runs) builds the app as ``st.App("streamlit_app.py", middleware=[...])``:

- ``/_stcore/metrics`` (cache names, hit counts, timings, session counts) and
  ``/_stcore/script-health-check`` (runs the script) answer 404: off, there being no sign-in to put
  them behind. ``/_stcore/health`` says ``ok`` and nothing more; proxies need it.
- ``/media/<file>`` -- where a download button's file is fetched -- is served only to the browser whose
  session made the file (its ``posyandu_browser`` cookie), for :data:`DOWNLOAD_SECONDS` after the file
  was built; 404 for anyone else, for a request without the cookie, and for every file the dashboard
  did not grant (none but downloads use ``/media/``). A link that travels -- a proxy log, a forwarded
  message -- opens nothing.
- every response to a browser without that cookie sets one: 128 random bits, ``HttpOnly`` (no page
  script can read it), ``SameSite=Lax``, ``Secure`` behind HTTPS, kept a year. The session reads it
  from its WebSocket request (``st.context.cookies``); it is also how sign-in knows a browser.

The cookie marks a *browser*, not a tab: two tabs of one browser profile can fetch each other's files.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from streamlit import config as streamlit_config
from streamlit import runtime

from dashboard.auth.client import BROWSER_COOKIE, BROWSER_TOKEN, browser_token

log = logging.getLogger("dashboard.auth")

DOWNLOAD_SECONDS_ENV = "POSYANDU_DOWNLOAD_SECONDS"
DOWNLOAD_SECONDS = 60.0
"""How long a generated file may be fetched by its browser: the browser fetches it at once (twice:
Streamlit checks the URL, then follows it), so a minute is plenty even on a slow line."""
COOKIE_MAX_AGE = 365 * 24 * 3600
CLOSED_PATHS = ("_stcore/metrics", "_stcore/script-health-check")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def download_seconds() -> float:
    """:data:`DOWNLOAD_SECONDS`, or ``POSYANDU_DOWNLOAD_SECONDS`` when set to a positive number."""
    try:
        value = float(os.environ.get(DOWNLOAD_SECONDS_ENV, ""))
    except ValueError:
        return DOWNLOAD_SECONDS
    return value if value > 0 else DOWNLOAD_SECONDS


class DownloadGrants:
    """Which browser may fetch which file content, until when. Keyed by the content's SHA-256, because
    Streamlit names a file by its content (two users building the same CSV share one ``/media/`` URL,
    and each gets their own grant on it)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._grants: dict[str, dict[str, float]] = {}
        self._lock = threading.Lock()

    def grant(self, content: bytes, owner: str | None) -> None:
        """Let ``owner`` (a browser token) fetch ``content`` for :func:`download_seconds`. No owner (a
        browser without the cookie) grants nothing: the file then reaches nobody through the guard."""
        now = self._clock()
        with self._lock:
            for digest in [digest for digest, owners in self._grants.items() if max(owners.values()) <= now]:
                del self._grants[digest]
            if owner:
                self._grants.setdefault(hashlib.sha256(content).hexdigest(), {})[owner] = now + download_seconds()

    def refusal(self, content: bytes, owner: str | None) -> str | None:
        """Why ``owner`` may not fetch ``content`` now (for the log), or None when it may."""
        if not owner:
            return "no browser cookie"
        with self._lock:
            owners = dict(self._grants.get(hashlib.sha256(content).hexdigest(), {}))
        if not owners:
            return "never granted, or long expired"
        if owner not in owners:
            return "made by another browser"
        return None if self._clock() < owners[owner] else "expired"

    def allows(self, content: bytes, owner: str | None) -> bool:
        return self.refusal(content, owner) is None


GRANTS = DownloadGrants()
_active = threading.Event()


def guard_active() -> bool:
    """Whether this process serves through :class:`RequestGuard` (``serve.py``)."""
    return _active.is_set()


def owned(build: Callable[[], bytes]) -> Callable[[], bytes]:
    """Wrap a download button's ``data=`` callable so the file it builds is granted to this browser.

    Call it during the script run (it reads this session's cookie then); the returned callable runs
    later on Streamlit's download thread, where no session context exists."""
    owner = browser_token()

    def build_and_grant() -> bytes:
        content = build()
        GRANTS.grant(content, owner)
        return content

    return build_and_grant


def _cookies(scope: Scope) -> dict[str, str]:
    found: dict[str, str] = {}
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            for part in value.decode("latin-1").split(";"):
                key, _, item = part.strip().partition("=")
                found.setdefault(key, item)
    return found


def _read_media(file_name: str) -> bytes | None:
    """The stored content of ``/media/<file_name>``, or None (no runtime, another storage, no file)."""
    if not runtime.exists():
        return None
    manager = runtime.get_instance().media_file_mgr
    if not manager.can_read_files:
        return None
    stored = manager.read_file(file_name)
    return None if stored is None else stored.content


class RequestGuard:
    """The ASGI middleware of the module docstring."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        base = str(streamlit_config.get_option("server.baseUrlPath") or "").strip("/")
        self.prefix = f"/{base}" if base else ""
        self.closed = {f"{self.prefix}/{path}" for path in CLOSED_PATHS}
        self.media = f"{self.prefix}/media/"
        _active.set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        token = _cookies(scope).get(BROWSER_COOKIE)
        token = token if token and BROWSER_TOKEN.match(token) else None
        if path in self.closed:
            await _not_found(send, "Not Found")
            return
        if path.startswith(self.media) and scope.get("method") != "OPTIONS":
            reason = self._media_refusal(path[len(self.media) :], token)
            if reason:
                log.warning("download %s… refused: %s", path[len(self.media) :][:8], reason)
                await _not_found(send, "File not found")
                return
        if token is not None:
            await self.app(scope, receive, send)
            return
        cookie = _new_cookie(secure=scope.get("scheme") == "https")

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"set-cookie", cookie)]
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    @staticmethod
    def _media_refusal(file_name: str, token: str | None) -> str | None:
        if token is None:
            return "no browser cookie"
        content = _read_media(file_name)
        if content is None:
            return None  # no such file: Streamlit answers 404 itself
        return GRANTS.refusal(content, token)


def _new_cookie(*, secure: bool) -> bytes:
    attributes = f"{BROWSER_COOKIE}={secrets.token_hex(16)}; Path=/; Max-Age={COOKIE_MAX_AGE}; HttpOnly; SameSite=Lax"
    return (attributes + ("; Secure" if secure else "")).encode("latin-1")


async def _not_found(send: Send, text: str) -> None:
    body = text.encode()
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 404, "headers": headers})
    await send({"type": "http.response.body", "body": body})
