"""The dashboard never writes: the engine refuses writes, and a query run leaves the file unchanged."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from data_access import compute_metrics, data_quality, resolve_scope
from data_access.db import create_read_only_engine
from tests.fixtures.tiny import TINY

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def tiny_url(backend: str, database_factory) -> str:
    return database_factory.build(backend, "tiny_ro", TINY)


def test_writes_are_refused(tiny_url: str) -> None:
    engine = create_read_only_engine(tiny_url)
    try:
        with pytest.raises(DBAPIError), engine.begin() as conn:
            conn.execute(text("DELETE FROM posyandu"))
        with engine.connect() as conn:
            assert conn.execute(text("SELECT COUNT(*) FROM posyandu")).scalar() == 3
    finally:
        engine.dispose()


def test_sqlite_file_is_unchanged_after_a_full_query_run(database_factory) -> None:
    url = database_factory.build("sqlite", "tiny_hash", TINY)
    path = Path(make_url(url).database or "")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    mtime = path.stat().st_mtime_ns
    engine = create_read_only_engine(url)
    try:
        for region in (None, "31", "31.71", "31.71.01", "31.71.01.1001"):
            for year in (2025, 2026):
                compute_metrics(engine, resolve_scope(engine, region_code=region, year=year, today=TODAY))
        data_quality(engine, today=TODAY)
    finally:
        engine.dispose()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert path.stat().st_mtime_ns == mtime
    assert not Path(str(path) + "-journal").exists()
    assert not Path(str(path) + "-wal").exists()
