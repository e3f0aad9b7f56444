"""The data version the dashboard keys its caches by (:func:`data_access.summaries.data_version`) and
the summaries' publication time that ``scripts/prepare_views.py`` waits on: a refresh changes the
version, a process notices it once its verdict is re-judged, and nothing else moves it."""

from __future__ import annotations

import datetime as dt

import pytest

from data_access.db import get_engine
from data_access.summaries import data_version, forget, published_at
from data_access.summaries.refresh import refresh
from scripts.prepare_views import settle_after_refresh
from tests.fixtures.handmade import HANDMADE, TODAY

CUTS = [(2025, 12), (2026, 10)]


def test_a_refresh_names_new_data(backend: str, database_factory) -> None:
    url = database_factory.build(backend, "handmade_data_version", HANDMADE)
    forget()
    engine = get_engine(url)
    before = data_version(engine)
    assert before and data_version(engine) == before  # cached: the same name until re-judged
    assert published_at(engine) is None  # no summaries yet: nothing to wait for
    assert settle_after_refresh(url) == 0.0

    refresh(url, today=TODAY, cuts=CUTS)
    assert data_version(engine) == before  # this process's verdict is a minute old at most...
    forget()  # ...then judged again
    after = data_version(engine)
    assert after != before and after.startswith(before)  # the same rows, another refresh
    published = published_at(engine)
    assert published is not None
    assert abs((dt.datetime.now(dt.UTC) - published).total_seconds()) < 600


def test_prepare_waits_until_every_process_has_noticed(
    backend: str, database_factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = database_factory.build(backend, "handmade_settle", HANDMADE)
    refresh(url, today=TODAY, cuts=CUTS)
    slept: list[float] = []
    monkeypatch.setattr("scripts.prepare_views.time.sleep", slept.append)
    waited = settle_after_refresh(url)
    assert 50 < waited <= 61 and slept == [waited]  # published a few seconds ago: wait out the minute
