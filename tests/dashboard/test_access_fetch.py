"""The scope check on every ``data_access`` entry point the dashboard uses (``dashboard.data``).

Why: pages, downloads, the briefing export and the meeting mode all fetch through
``dashboard.data.fetch`` (the ``FETCHERS`` registry) and the region helpers; with access control on,
a request for a region outside the signed-in user's scope must be refused *before* anything is
queried -- the shared cache may hold another user's regions. "No query" is proven by counting every
statement any engine sends (a SQLAlchemy ``before_cursor_execute`` listener). The registry is
iterated, so a fetcher added later is covered without touching this file.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Iterator

import pytest
import streamlit as st
from sqlalchemy import Engine, event

from dashboard import data
from dashboard.auth.session import NotSignedInError
from data_access import data_quality, get_engine
from data_access.access import AccessScope, OutOfScopeError
from data_access.scope import Region, get_region
from tests.fixtures.handmade import HANDMADE

TODAY = "2026-11-23"
CAMAT = "36.73.01"
OUTSIDE = ["36.73.02", "36.73", "36", "36.04.01", "51.71.01.1001", "36.73.02.1001", "36.73.9001"]


class StatementCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, *args: object, **kwargs: object) -> None:
        self.count += 1


@pytest.fixture
def statements() -> Iterator[StatementCounter]:
    counter = StatementCounter()
    event.listen(Engine, "before_cursor_execute", counter)
    yield counter
    event.remove(Engine, "before_cursor_execute", counter)


@pytest.fixture
def handmade_url(database_factory, monkeypatch: pytest.MonkeyPatch) -> str:
    url = database_factory.build("sqlite", "handmade", HANDMADE)
    monkeypatch.setenv("POSYANDU_DATABASE_URL", url)
    monkeypatch.setenv("POSYANDU_TODAY", TODAY)
    st.cache_data.clear()
    return url


def _region(url: str, code: str) -> Region:
    with get_engine(url).connect() as conn:
        return get_region(conn, code)


@pytest.fixture
def camat(handmade_url: str, monkeypatch: pytest.MonkeyPatch) -> AccessScope:
    """A signed-in camat of 36.73.01 (the session lookup replaced: this is about the check itself)."""
    scope = AccessScope(root=_region(handmade_url, CAMAT))
    monkeypatch.setattr(data, "request_access", lambda: scope)
    return scope


def _region_dependent() -> list[str]:
    return [name for name in data.FETCHERS if name not in data.WHOLE_DATABASE_FETCHERS]


@pytest.mark.parametrize("name", _region_dependent())
@pytest.mark.parametrize("code", OUTSIDE)
def test_outside_the_scope_is_refused_before_any_query(camat, handmade_url, statements, name: str, code: str) -> None:
    """(Whole-database fetchers are held to the user's root whatever is asked: see further down.)"""
    with pytest.raises(data.AccessRefusedError) as caught:
        data.fetch(name, handmade_url, code, 2025, None)
    assert isinstance(caught.value.__cause__, OutOfScopeError)
    assert code in str(caught.value)
    assert statements.count == 0


@pytest.mark.parametrize("name", _region_dependent())
def test_the_whole_country_is_refused_to_a_camat(camat, handmade_url, statements, name: str) -> None:
    with pytest.raises(data.AccessRefusedError):
        data.fetch(name, handmade_url, None, 2025, None)
    assert statements.count == 0


@pytest.mark.parametrize("name", sorted(data.FETCHERS))
def test_inside_the_scope_is_served(camat, handmade_url, statements, name: str) -> None:
    required = [
        parameter.name
        for parameter in list(inspect.signature(data.FETCHERS[name]).parameters.values())[2:]
        if parameter.default is inspect.Parameter.empty
    ]
    if required:
        pytest.skip(f"needs options {required}")
    for code in (CAMAT, CAMAT + ".1001"):
        data.fetch(name, handmade_url, code, 2025, None)
    assert statements.count > 0


def test_data_quality_is_held_to_the_users_root_whatever_region_is_asked(camat, handmade_url) -> None:
    expected = data_quality(get_engine(handmade_url), today=dt.date(2026, 11, 23), within=camat.root)
    national = data_quality(get_engine(handmade_url), today=dt.date(2026, 11, 23))
    for asked in (None, CAMAT, "36.73.02"):
        shown = data.fetch("data_quality", handmade_url, asked, 2025, None)
        assert shown.counts == expected.counts
        assert shown.offenders == expected.offenders
    assert expected.counts != national.counts  # 36.73.01 has one invalid target of 150


@pytest.mark.parametrize("code", OUTSIDE)
def test_region_helpers_refuse_outside(camat, handmade_url, statements, code: str) -> None:
    for helper in (data.region, data.path, data.children):
        with pytest.raises(data.AccessRefusedError):
            helper(handmade_url, code)
    with pytest.raises(data.AccessRefusedError):
        data.children(handmade_url, None)
    assert statements.count == 0


def test_region_helpers_inside(camat, handmade_url) -> None:
    assert data.region(handmade_url, CAMAT).name == "Serang"
    # the breadcrumb names the levels above the root (shown, not clickable)
    assert [r.code for r in data.path(handmade_url, CAMAT + ".1001")] == ["36", "36.73", CAMAT, CAMAT + ".1001"]
    assert [r.code for r in data.children(handmade_url, CAMAT)] == [CAMAT + ".1001", CAMAT + ".1002"]


def test_nobody_signed_in_while_access_is_on(handmade_url, statements, monkeypatch: pytest.MonkeyPatch) -> None:
    def not_signed_in() -> AccessScope:
        raise NotSignedInError("belum masuk")

    monkeypatch.setattr(data, "request_access", not_signed_in)
    for name in data.FETCHERS:
        with pytest.raises(data.AccessRefusedError):
            data.fetch(name, handmade_url, CAMAT, 2025, None)
    with pytest.raises(data.AccessRefusedError):
        data.children(handmade_url, None)
    assert statements.count == 0


def test_national_user_and_access_off_see_everything(handmade_url, monkeypatch: pytest.MonkeyPatch) -> None:
    for scope in (AccessScope(root=None), None):
        monkeypatch.setattr(data, "request_access", lambda scope=scope: scope)
        assert [r.code for r in data.children(handmade_url, None)] == ["36", "51"]
        data.fetch("metrics", handmade_url, "36.73.02", 2025, None)
        data.fetch("metrics", handmade_url, None, 2025, None)
