"""A light client that opens a dashboard view the way Streamlit's browser frontend does, without a browser.

Why not a browser: a headless chromium costs a few hundred MB and most of a core while it lays out the
page, so 50 of them on the same 2 cores would measure the browsers, not the server. What the server
pays for a visitor is the protocol below, and this client speaks it for a few milliseconds of CPU:

1. ``GET /<page>?<query>`` (the app's ``index.html``), then ``GET /_stcore/health`` (which sets the
   ``_streamlit_xsrf`` cookie) and ``GET /_stcore/host-config``, as the frontend does before connecting.
   The static JavaScript and CSS the page references are *not* fetched (a browser caches them after
   the first visit; see ``docs/benchmarks/2026-12-06-load.md``).
2. A websocket to ``/_stcore/stream`` with the subprotocols ``["streamlit", <xsrf cookie>]``, the
   ``Origin`` of the page and the cookie, exactly as ``new WebSocket(uri, ["streamlit", token])``
   sends them (the server accepts the connection without them, but only validates the auth cookie
   with them; sending them keeps the handshake the browser's).
3. One ``BackMsg.rerun_script`` carrying a ``ClientState``: the query string, the page name taken from
   the URL path (``""`` for the default page), an empty page hash and empty widget states, and the
   ``ContextInfo`` a browser in Jakarta reports.
4. ``ForwardMsg`` frames until the ``script_finished`` of that run with ``FINISHED_SUCCESSFULLY``:
   the page has *settled* (everything the page draws has reached the client). A finish "early for
   rerun" waits for the rerun that follows.

Errors, as a visitor would see them: no settled page in time, a closed connection, a run that does not
compile, an ``exception`` element, an ``st.error`` box (the dashboard's way of saying the database
failed), or ``page_not_found``. Only ``127.0.0.1`` is ever contacted: :class:`Target` refuses other
hosts and the websocket library's proxy lookup is switched off.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import WebSocketException
from websockets.typing import Origin, Subprotocol

LOOPBACK = "127.0.0.1"
XSRF_COOKIE = "_streamlit_xsrf"
NO_XSRF_TOKEN = "PLACEHOLDER_AUTH_TOKEN"  # what the frontend sends when it has no xsrf cookie
USER_AGENT = "posyandu-load/1 (Streamlit protocol client; benchmarks/streamlit_client.py)"
# What a browser in Asia/Jakarta puts in ContextInfo (JavaScript's getTimezoneOffset() is UTC - local).
TIMEZONE, TIMEZONE_OFFSET_MIN, LOCALE = "Asia/Jakarta", -420, "id-ID"


class NotLoopbackError(ValueError):
    """The harness only ever talks to this machine: a load test against a shared server is an attack."""


@dataclass(frozen=True)
class Target:
    """Where the server listens: always 127.0.0.1, whatever loopback spelling the URL used."""

    port: int
    host: str = LOOPBACK

    @classmethod
    def from_url(cls, url: str) -> Target:
        """``http://127.0.0.1:PORT`` (or ``localhost``) -> Target; any other host is refused."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.scheme != "http" or not parts.port:
            raise NotLoopbackError(f"expected http://127.0.0.1:PORT, got {url!r}")
        if host != "localhost":
            try:
                loopback = ipaddress.ip_address(host).is_loopback and ipaddress.ip_address(host).version == 4
            except ValueError:
                loopback = False
            if not loopback:
                raise NotLoopbackError(f"refusing {host!r}: the load harness only talks to 127.0.0.1")
        return cls(port=parts.port)

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"


@dataclass(frozen=True)
class View:
    """One dashboard view as a shared link names it: URL path of the page and its query string."""

    page_path: str  # "" for the default page (Streamlit serves it at "/")
    query: str  # without the "?", e.g. "region=62.03&year=2025"

    def path_and_query(self) -> str:
        return f"/{self.page_path}" + (f"?{self.query}" if self.query else "")


@dataclass
class SessionResult:
    """What one visitor got. Times are seconds from the visitor's first request."""

    index: int
    settled: bool = False
    seconds: float | None = None  # to the script_finished (FINISHED_SUCCESSFULLY) of the run
    connected_s: float | None = None  # HTTP requests done and websocket open
    started_s: float | None = None  # new_session received: the server has started this session's run
    http_bytes: int = 0  # HTTP responses (index.html, health, host-config), as received
    wire_bytes: int = 0  # websocket bytes as received on the socket (frames, compressed if negotiated)
    payload_bytes: int = 0  # ForwardMsg protobuf bytes after any websocket decompression
    messages: int = 0
    elements: int = 0
    reruns: int = 0  # runs that finished early because another run replaced them
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.settled and not self.problems


class _CountingConnection(ClientConnection):
    """The websocket connection, counting the bytes that arrive on its socket (what the network carries)."""

    received_bytes = 0

    def data_received(self, data: bytes) -> None:
        self.received_bytes += len(data)
        super().data_received(data)


async def http_get(target: Target, path: str, cookies: dict[str, str]) -> tuple[int, int, dict[str, str]]:
    """One HTTP/1.1 GET as a browser makes it (gzip accepted, cookies sent): (status, bytes received,
    cookies set). A few lines of asyncio rather than a client library: the client must stay cheap and
    must never pick up a proxy from the environment."""
    reader, writer = await asyncio.open_connection(target.host, target.port)
    try:
        lines = [
            f"GET {path} HTTP/1.1",
            f"Host: {target.host}:{target.port}",
            f"User-Agent: {USER_AGENT}",
            "Accept: */*",
            "Accept-Encoding: gzip",
            "Connection: close",
        ]
        if cookies:
            lines.append("Cookie: " + "; ".join(f"{name}={value}" for name, value in cookies.items()))
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        await writer.drain()
        raw = await reader.read()  # the server closes after the response (Connection: close)
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()
    head = raw.partition(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")
    status = int(head[0].split()[1]) if head and len(head[0].split()) > 1 else 0
    set_cookies: dict[str, str] = {}
    for line in head[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "set-cookie":
            cookie_name, _, cookie_value = value.strip().split(";", 1)[0].partition("=")
            set_cookies[cookie_name] = cookie_value
    return status, len(raw), set_cookies


def rerun_message(target: Target, view: View) -> bytes:
    """The BackMsg the frontend sends once connected: run the page named by the URL, no widget state."""
    message = BackMsg()
    state = message.rerun_script
    state.query_string = view.query
    state.page_name = view.page_path
    state.page_script_hash = ""
    state.widget_states.SetInParent()
    context = state.context_info
    context.timezone = TIMEZONE
    context.timezone_offset = TIMEZONE_OFFSET_MIN
    context.locale = LOCALE
    context.url = target.base_url + view.path_and_query()
    context.is_embedded = False
    context.color_scheme = "light"
    return message.SerializeToString()


class StreamlitSession:
    """One visitor: :meth:`open` runs the view to a settled page and leaves the websocket open (a
    visitor keeps the tab open, and the server keeps the session), :meth:`close` leaves."""

    def __init__(self, target: Target, view: View, index: int) -> None:
        self.target = target
        self.view = view
        self.result = SessionResult(index=index)
        self._connection: _CountingConnection | None = None

    async def open(self, timeout_s: float) -> SessionResult:
        """Connect, ask for the view and read until it settles, a problem, or ``timeout_s`` seconds."""
        start = time.perf_counter()
        try:
            async with asyncio.timeout(timeout_s):
                await self._run(start)
        except TimeoutError:
            self.result.problems.append(f"no settled page within {timeout_s:.0f} s")
        except (OSError, WebSocketException) as error:
            self.result.problems.append(f"connection: {type(error).__name__}: {error}")
        finally:
            if self._connection is not None:
                self.result.wire_bytes = self._connection.received_bytes
        return self.result

    async def close(self) -> None:
        """Leave, as closing the tab does (the server then ends the session)."""
        if self._connection is not None:
            with contextlib.suppress(OSError, WebSocketException):
                await self._connection.close()

    async def _run(self, start: float) -> None:
        result, target = self.result, self.target
        cookies: dict[str, str] = {}
        for path in (self.view.path_and_query(), "/_stcore/health", "/_stcore/host-config"):
            status, size, set_cookies = await http_get(target, path, cookies)
            result.http_bytes += size
            cookies |= set_cookies
            if status != 200:
                result.problems.append(f"GET {path}: HTTP {status}")
                return
        connection = await connect(
            f"ws://{target.host}:{target.port}/_stcore/stream",
            subprotocols=[Subprotocol("streamlit"), Subprotocol(cookies.get(XSRF_COOKIE) or NO_XSRF_TOKEN)],
            origin=Origin(target.base_url),
            additional_headers={"Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items())},
            user_agent_header=USER_AGENT,
            compression="deflate",  # browsers offer permessage-deflate; the server decides
            proxy=None,  # never through a proxy from the environment: 127.0.0.1 only
            ping_interval=None,  # the frontend does not ping; keep the traffic the browser's
            open_timeout=None,  # the session's own timeout bounds everything, the handshake included
            close_timeout=5,
            max_size=None,  # the server's own limit (server.maxMessageSize) applies
            create_connection=_CountingConnection,
        )
        if not isinstance(connection, _CountingConnection):  # what create_connection made, typed for mypy
            raise TypeError(f"unexpected websocket connection {type(connection).__name__}")
        self._connection = connection
        result.connected_s = time.perf_counter() - start
        await connection.send(rerun_message(target, self.view))
        async for data in connection:
            if isinstance(data, str):
                result.problems.append("text frame from the server (the protocol is binary protobuf)")
                return
            result.messages += 1
            result.payload_bytes += len(data)
            message = ForwardMsg()
            message.ParseFromString(data)
            if self.handle(message, time.perf_counter() - start):
                return
        result.problems.append("the server closed the connection before the page settled")

    def handle(self, message: ForwardMsg, elapsed: float) -> bool:
        """Note what ``message`` means for this visitor; True once the page has settled or failed."""
        result = self.result
        kind = message.WhichOneof("type")
        if kind == "new_session" and result.started_s is None:
            result.started_s = elapsed
        elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
            result.elements += 1
            element = message.delta.new_element
            shown = element.WhichOneof("type")
            if shown == "exception":
                result.problems.append(f"exception shown: {element.exception.type} {element.exception.message[:120]}")
            elif shown == "alert" and element.alert.format == Alert.ERROR:
                result.problems.append(f"error box shown: {element.alert.body[:120]}")
        elif kind == "page_not_found":
            result.problems.append(f"page not found: {self.view.page_path!r}")
        elif kind == "session_event" and message.session_event.WhichOneof("type") == "script_compilation_exception":
            result.problems.append(f"script does not compile: {message.session_event.script_compilation_exception}")
        elif kind == "script_finished":
            if message.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                result.settled, result.seconds = True, elapsed
                return True
            if message.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                result.reruns += 1
                return False
            result.problems.append(f"run finished with status {message.script_finished}")
            return True
        return False
