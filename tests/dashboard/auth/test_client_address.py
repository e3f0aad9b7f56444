"""Which address the sign-in rules count: ``X-Forwarded-For`` is believed from configured proxies only."""

from __future__ import annotations

import pytest

from dashboard.auth.client import (
    BEHIND_UNTRUSTED_PROXY,
    LOCAL,
    ProxySettingError,
    client_address,
    parse_networks,
)

NGINX_HERE = parse_networks("127.0.0.1, ::1")
BALANCER = parse_networks("10.0.0.5")


def test_no_header_is_the_peer() -> None:
    assert client_address("198.51.100.7", None, []) == "198.51.100.7"
    assert client_address(None, None, []) == LOCAL  # Streamlit reports loopback as None


def test_a_direct_client_cannot_choose_its_address() -> None:
    """A client talking to the app server directly sends whatever header it likes: ignored."""
    assert client_address("198.51.100.7", "203.0.113.99", []) == "198.51.100.7"
    assert client_address("198.51.100.7", "203.0.113.99", BALANCER) == "198.51.100.7"


def test_an_unconfigured_proxy_makes_everyone_one_address() -> None:
    """uvicorn believes the header from loopback by default; the dashboard does not, until told: every
    client behind that proxy counts as one address."""
    assert client_address("203.0.113.7", "203.0.113.7", []) == BEHIND_UNTRUSTED_PROXY
    assert client_address("203.0.113.8", "203.0.113.8", []) == BEHIND_UNTRUSTED_PROXY
    # configured, but not for every host uvicorn believes: still not believed
    assert client_address("203.0.113.7", "203.0.113.7", BALANCER) == BEHIND_UNTRUSTED_PROXY


def test_a_configured_proxy_gives_the_rightmost_untrusted_hop() -> None:
    # nginx on the same host; uvicorn already put the header's client in place of 127.0.0.1
    assert client_address("203.0.113.7", "203.0.113.7", NGINX_HERE) == "203.0.113.7"
    # the client's own claim on the left is ignored: nginx appended the real address on the right
    assert client_address("203.0.113.7", "1.2.3.4, 203.0.113.7", NGINX_HERE) == "203.0.113.7"
    # a balancer on another host, which uvicorn does not believe but the administrator named
    assert client_address("10.0.0.5", "1.2.3.4, 198.51.100.20", BALANCER) == "198.51.100.20"
    assert client_address("10.0.0.5", "198.51.100.20, 10.0.0.5", BALANCER) == "198.51.100.20"


def test_uvicorn_trusting_everyone_is_never_covered() -> None:
    assert client_address("203.0.113.7", "203.0.113.7", NGINX_HERE, server_trusted="*") == BEHIND_UNTRUSTED_PROXY


def test_the_setting_must_be_addresses() -> None:
    assert [str(n) for n in parse_networks("10.0.0.0/8, 192.168.1.4")] == ["10.0.0.0/8", "192.168.1.4/32"]
    with pytest.raises(ProxySettingError):
        parse_networks("proxy.example.go.id")
