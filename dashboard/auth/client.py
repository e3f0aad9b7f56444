"""Who is on the other end of a session: the client address the sign-in rules count, and the browser.

**Address.** ``X-Forwarded-For`` says who a proxy was talking to -- but anyone can send that header, so
it is believed only from a proxy the administrator has named in ``POSYANDU_TRUSTED_PROXIES`` (addresses
or networks, comma-separated: ``127.0.0.1`` for nginx on the same host). Then the address is the right-
most entry that is not a trusted proxy (what the client said about itself further left is ignored).
With the setting empty -- the default -- every request that came through a proxy counts as one address,
``proxy``: the sign-in rules are loose enough per address for that (see :mod:`dashboard.auth.ratelimit`).

Streamlit's server (uvicorn) already replaces the peer with an ``X-Forwarded-For`` entry for connections
from ``FORWARDED_ALLOW_IPS`` (uvicorn's setting, default the loopback addresses). Such a replaced peer
is recognised (it is one of the header's entries) and, unless every host uvicorn trusts is also in
``POSYANDU_TRUSTED_PROXIES``, treated as ``proxy`` like any unconfigured proxy.

**Browser.** The ``posyandu_browser`` cookie (:mod:`dashboard.auth.guard`), read from the session's
WebSocket request: the key to downloads and to being a known browser at sign-in.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import re

import streamlit as st

log = logging.getLogger("dashboard.auth")

TRUSTED_PROXIES_ENV = "POSYANDU_TRUSTED_PROXIES"
SERVER_TRUSTED_ENV = "FORWARDED_ALLOW_IPS"
SERVER_TRUSTED_DEFAULT = "127.0.0.1,::1"  # uvicorn's default
BEHIND_UNTRUSTED_PROXY = "proxy"
LOCAL = "127.0.0.1"
BROWSER_COOKIE = "posyandu_browser"
BROWSER_TOKEN = re.compile(r"^[0-9a-f]{32}$")

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class ProxySettingError(ValueError):
    """``POSYANDU_TRUSTED_PROXIES`` names something that is not an address or a network."""


def parse_networks(value: str) -> list[Network]:
    """``"127.0.0.1, 10.0.0.0/8"`` -> networks; raises :class:`ProxySettingError` on anything else."""
    networks: list[Network] = []
    for item in value.split(","):
        item = item.strip()
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError as error:
            raise ProxySettingError(f"{TRUSTED_PROXIES_ENV}: {item!r} bukan alamat atau jaringan IP") from error
    return networks


def trusted_proxies() -> list[Network]:
    """The proxies the administrator trusts (none unless configured)."""
    return parse_networks(os.environ.get(TRUSTED_PROXIES_ENV, ""))


def _server_trusted() -> str:
    return os.environ.get(SERVER_TRUSTED_ENV, SERVER_TRUSTED_DEFAULT)


def _inside(address: str, networks: list[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def _covers(trusted: list[Network], server_trusted: str) -> bool:
    """Whether every host the app server believes ``X-Forwarded-For`` from is one we trust too."""
    hosts = [item.strip() for item in server_trusted.split(",") if item.strip()]
    if "*" in hosts:
        return False
    try:
        return all(
            any(network.network_address in other and network.broadcast_address in other for other in trusted)
            for network in parse_networks(",".join(hosts))
        )
    except ProxySettingError:  # a unix socket path or a name: nothing we can compare
        return False


def client_address(
    peer: str | None, forwarded_for: str | None, trusted: list[Network], server_trusted: str = SERVER_TRUSTED_DEFAULT
) -> str:
    """The address the sign-in rules count (see the module docstring).

    ``peer`` is what the app server reports (None for a loopback connection, as ``st.context`` says),
    ``forwarded_for`` the request's ``X-Forwarded-For`` header."""
    peer = peer or LOCAL
    hops = [hop.strip() for hop in (forwarded_for or "").split(",") if hop.strip()]
    if not hops:
        return peer
    if peer in hops and peer != LOCAL and not _inside(peer, trusted):  # the app server took it from the header
        if not trusted or not _covers(trusted, server_trusted):
            return BEHIND_UNTRUSTED_PROXY
    elif not _inside(peer, trusted):
        return peer  # a client talking to us directly: its header is its own claim
    for hop in reversed(hops):
        if not _inside(hop, trusted):
            return hop
    return hops[0]  # every hop is one of ours


def session_address() -> str:
    """:func:`client_address` of this session's WebSocket request."""
    try:
        peer = st.context.ip_address
        forwarded_for = st.context.headers.get("X-Forwarded-For")
    except Exception:  # no client context
        peer, forwarded_for = None, None
    peer = peer if isinstance(peer, str) and peer else None  # (a test harness hands out stand-ins)
    forwarded_for = forwarded_for if isinstance(forwarded_for, str) else None
    try:
        trusted = trusted_proxies()
    except ProxySettingError as error:  # fail closed: no proxy is believed
        log.error("%s", error)
        trusted = []
    return client_address(peer, forwarded_for, trusted, _server_trusted())


def browser_token() -> str | None:
    """This browser's ``posyandu_browser`` cookie, if it sent a well-formed one."""
    try:
        token = st.context.cookies.get(BROWSER_COOKIE)
    except Exception:  # no client context
        return None
    return token if isinstance(token, str) and BROWSER_TOKEN.match(token) else None
