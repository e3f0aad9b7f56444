"""The HTTP guard's parts that need no running server: download grants, closed endpoints and the
browser cookie, through Starlette's test client around a bare app. The whole guard in front of a
real ``streamlit run serve.py`` is tested in tests/browser/test_security_browser.py."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from dashboard.auth.client import BROWSER_COOKIE
from dashboard.auth.guard import DOWNLOAD_SECONDS_ENV, DownloadGrants, RequestGuard, guard_active


class Clock:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


def test_a_grant_is_for_one_browser_and_expires(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DOWNLOAD_SECONDS_ENV, "60")
    clock = Clock()
    grants = DownloadGrants(clock)
    grants.grant(b"%PDF briefing", "a" * 32)
    assert grants.allows(b"%PDF briefing", "a" * 32)
    assert not grants.allows(b"%PDF briefing", "b" * 32)
    assert not grants.allows(b"%PDF briefing", None)
    assert not grants.allows(b"%PDF other", "a" * 32)
    grants.grant(b"%PDF briefing", "b" * 32)  # the same file built by another browser: its own grant
    assert grants.allows(b"%PDF briefing", "b" * 32)
    assert grants.refusal(b"%PDF briefing", "c" * 32) == "made by another browser"
    assert grants.refusal(b"%PDF other", "a" * 32) == "never granted, or long expired"
    clock.now += 60
    assert grants.refusal(b"%PDF briefing", "a" * 32) == "expired"


def test_no_cookie_grants_nothing() -> None:
    grants = DownloadGrants(Clock())
    grants.grant(b"data", None)
    assert not grants.allows(b"data", None)


def _client() -> TestClient:
    async def page(_request: object) -> PlainTextResponse:
        return PlainTextResponse("app")

    routes = [Route("/", page), Route("/_stcore/metrics", page), Route("/_stcore/health", page)]
    return TestClient(Starlette(routes=routes, middleware=[Middleware(RequestGuard)]))


def test_metrics_are_off_and_health_stays() -> None:
    client = _client()
    assert client.get("/_stcore/metrics").status_code == 404
    assert client.get("/_stcore/script-health-check").status_code == 404
    assert client.get("/_stcore/health").text == "app"
    assert guard_active()


def test_every_browser_gets_one_private_cookie() -> None:
    client = _client()
    first = client.get("/")
    header = first.headers["set-cookie"]
    assert header.startswith(f"{BROWSER_COOKIE}=") and "HttpOnly" in header and "SameSite=Lax" in header
    assert "Secure" not in header  # plain http on the loopback
    token = client.cookies[BROWSER_COOKIE]
    assert len(token) == 32
    assert "set-cookie" not in client.get("/").headers  # kept, not replaced
    assert client.cookies[BROWSER_COOKIE] == token


def test_the_cookie_is_secure_behind_https() -> None:
    client = TestClient(_client().app, base_url="https://posyandu.example.go.id")
    assert "; Secure" in client.get("/").headers["set-cookie"]
