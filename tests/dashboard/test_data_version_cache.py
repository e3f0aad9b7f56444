"""The dashboard's data caches follow the data (``dashboard.data.data_version``): once a process has
re-judged the database (at most a minute; ``forget()`` stands for that minute here), a figure is
computed again from the new rows instead of served from the cache until its 10-minute TTL ends.
A copy of the hand-made database is changed for real: a Posyandu registered in Kota Serang."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import create_engine, insert
from sqlalchemy.engine import make_url

from dashboard import data
from data_access.models import Posyandu
from data_access.summaries import forget
from tests.fixtures.handmade import HANDMADE

REGION = "36.04"


@pytest.fixture
def own_copy(database_factory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    source = make_url(database_factory.build("sqlite", "handmade", HANDMADE)).database or ""
    copy = tmp_path / "handmade.sqlite"
    shutil.copyfile(source, copy)
    url = f"sqlite:///{copy}"
    monkeypatch.setenv("POSYANDU_DATABASE_URL", url)
    monkeypatch.setenv("POSYANDU_TODAY", "2026-11-23")
    st.cache_data.clear()
    forget()
    return url


def _registered(url: str) -> object:
    return data.fetch("metrics", url, REGION, 2026, None).region


def test_a_new_posyandu_shows_once_the_data_is_judged_again(own_copy: str) -> None:
    before = _registered(own_copy)
    version = data.data_version(own_copy)
    row = {c: None for c in ("location", "registration_number", "sk_number", "sk_date", "latitude", "longitude")}
    row |= {"id": 9001, "region_code": "36.04.01.2001", "name": "Baru", "registered_on": "2026-01-10"}
    row |= {"established_on": "2025-09-01", "has_secretariat": False, "admin_complete": False}
    row |= {"sarpras_complete": False, "active": True}
    writer = create_engine(own_copy)
    with writer.begin() as conn:
        conn.execute(insert(Posyandu).values([row]))
    writer.dispose()

    assert _registered(own_copy) == before  # within the minute: the cached figure, by design
    forget()  # the minute has passed: the process judges the database again
    assert data.data_version(own_copy) != version
    after = _registered(own_copy)
    assert after != before
    st.cache_data.clear()
    assert _registered(own_copy) == after  # what a fresh cache computes from the new rows
