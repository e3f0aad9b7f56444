"""Turning off Nagle's algorithm on the server's listening socket (issue 13: the first visit).

Streamlit 1.67 binds its server socket itself (``socket.socket(family=...)``, protocol 0) and hands it
to uvicorn. asyncio sets ``TCP_NODELAY`` only on sockets whose protocol reads ``IPPROTO_TCP``, so on
this server it never does, and every response written in pieces (headers, then the body, as uvicorn
writes them) waits for the browser's delayed acknowledgement: **about 44 ms per request** on a kept-alive
connection, against 3 ms on a fresh one (measured with ``http.client`` on the sample's server). A first
visit fetches some 60 scripts over a browser's six connections, so about half a second of it was this
wait; the WebSocket's many small page messages waited the same way.

Linux copies ``TCP_NODELAY`` from a listening socket to every connection it accepts, so setting it once
on the listening socket, before the server accepts anyone, fixes every connection. ``serve.py`` calls
:func:`no_delay_on_listening_sockets` when uvicorn imports it, which is after Streamlit has bound the
socket and before the server starts accepting. Elsewhere than Linux this does nothing.
"""

from __future__ import annotations

import logging
import os
import socket
from pathlib import Path

log = logging.getLogger("dashboard.server")

OWN_FDS = Path("/proc/self/fd")


def no_delay_on_listening_sockets(fds: Path = OWN_FDS) -> int:
    """Set ``TCP_NODELAY`` on every listening TCP socket this process holds; the number set."""
    if not fds.is_dir():
        return 0
    done = 0
    for entry in fds.iterdir():
        try:
            if not os.readlink(entry).startswith("socket:"):
                continue
            probe = socket.socket(fileno=os.dup(int(entry.name)))
        except (OSError, ValueError):  # closed meanwhile, or not a socket after all
            continue
        try:
            tcp = probe.family in (socket.AF_INET, socket.AF_INET6) and probe.type == socket.SOCK_STREAM
            if tcp and probe.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN):
                probe.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                done += 1
        except OSError as error:
            log.debug("socket %s left as it is: %s", entry.name, error)
        finally:
            probe.close()  # closes the duplicate only; the server keeps its socket
    return done
