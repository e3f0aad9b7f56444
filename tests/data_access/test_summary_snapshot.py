"""Every figure unchanged: the ``summary`` JSON of the sample is byte-identical to the snapshot in
``tests/golden/summary/`` (written before the layers were redrawn, issue 11), from the raw tables
and from the summaries, on SQLite and PostgreSQL. A deliberate change of a figure rewrites the
snapshot with ``python -m scripts.summary_snapshot --write`` in the same commit."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine

from data_access.summaries import forget, raw_tables_only
from data_access.summaries.refresh import refresh
from sample_data.build import build
from scripts.summary_snapshot import TODAY, differing

pytestmark = pytest.mark.slow

SNAPSHOT_CUTS = [(2025, 12), (2026, 10)]
"""The months ``build_summary`` opens for 2025 and 2026 on the snapshot's day."""


def _sample_copy(backend: str, sample_sqlite_url: str, tmp_path, database_factory) -> str:
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'sample.sqlite'}"
        source, target = create_engine(sample_sqlite_url), create_engine(url)
        with source.connect() as a, target.connect() as b:
            a.connection.dbapi_connection.backup(b.connection.dbapi_connection)
        source.dispose()
        target.dispose()
        return url
    url = database_factory.build(backend, "sample_snapshot", {})
    build(url, progress=lambda _message: None)
    return url


def test_summary_json_is_byte_identical(backend: str, sample_sqlite_url: str, tmp_path, database_factory) -> None:
    url = _sample_copy(backend, sample_sqlite_url, tmp_path, database_factory)
    forget()
    with raw_tables_only():
        assert differing(url) == [], "raw tables"
    refresh(url, today=TODAY, cuts=SNAPSHOT_CUTS)
    forget()
    assert differing(url) == [], "summaries"
