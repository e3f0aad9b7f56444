"""Nagle's algorithm off for every connection ``serve.py``'s server accepts
(``dashboard/server_sockets.py``): a listening socket bound the way Streamlit binds it (protocol 0,
on which asyncio sets nothing) gets ``TCP_NODELAY``, its connections inherit it, and nothing else is
touched. The time it saves is measured by ``benchmarks/static_files.py``, not here."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from dashboard.server_sockets import OWN_FDS, no_delay_on_listening_sockets

pytestmark = pytest.mark.skipif(not OWN_FDS.is_dir(), reason="reads /proc/self/fd (Linux)")


@contextmanager
def streamlit_like_listener() -> Iterator[socket.socket]:
    """A listening socket made as Streamlit 1.67's ``_bind_socket`` makes it."""
    listener = socket.socket(family=socket.AF_INET)
    with closing(listener):
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        listener.setblocking(False)
        yield listener


def _accepted_no_delay(listener: socket.socket) -> int:
    with closing(socket.create_connection(listener.getsockname())):
        listener.setblocking(True)
        accepted, _ = listener.accept()
        with closing(accepted):
            return accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


def test_streamlits_socket_accepts_connections_with_nagle_on() -> None:
    """Why this exists: without the call, an accepted connection keeps Nagle's algorithm."""
    with streamlit_like_listener() as listener:
        assert listener.proto == 0
        assert _accepted_no_delay(listener) == 0


def test_every_connection_of_a_listening_socket_gets_no_delay() -> None:
    with streamlit_like_listener() as listener, streamlit_like_listener() as other:
        assert no_delay_on_listening_sockets() >= 2
        assert _accepted_no_delay(listener) == 1
        assert _accepted_no_delay(other) == 1
        assert listener.fileno() != -1  # the server's socket stays open and listening
        assert listener.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN) == 1


def test_connected_and_other_sockets_are_left_alone() -> None:
    with streamlit_like_listener() as listener:
        client = socket.create_connection(listener.getsockname())
        with closing(client), closing(socket.socket(socket.AF_INET, socket.SOCK_DGRAM)) as udp:
            no_delay_on_listening_sockets()
            assert client.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0  # not a listener
            assert udp.fileno() != -1


def test_without_proc_it_does_nothing(tmp_path: Path) -> None:
    assert no_delay_on_listening_sockets(tmp_path / "missing") == 0
