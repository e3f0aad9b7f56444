"""Fixtures of the dashboard tests that need the dashboard's own store (Tindak Lanjut)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app_store.engine import create_store_engine
from app_store.migrate import upgrade
from app_store.settings import APP_DATABASE_URL_ENV
from tests.dashboard.apptest import use_database


@pytest.fixture
def store(sample_sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The sample as the shared database, and an empty store migrated to the newest revision."""
    use_database(monkeypatch, sample_sqlite_url)
    url = f"sqlite:///{tmp_path / 'app_store.sqlite'}"
    monkeypatch.setenv(APP_DATABASE_URL_ENV, url)
    engine = create_store_engine(url)
    upgrade(engine)
    engine.dispose()
    return url
