"""Fixtures of the dashboard tests that need the dashboard's own store (Tindak Lanjut)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from app_store.engine import create_store_engine
from app_store.migrate import upgrade
from app_store.settings import APP_DATABASE_URL_ENV
from tests.app_store.helpers import PostgresDatabases
from tests.conftest import POSTGRES_URL_ENV, postgres_admin_url
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


@pytest.fixture
def pg_store(sample_sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The same on PostgreSQL: a database of the test's own with the store's role and schema as
    docs/app_store.md sets them up (a superuser's store would be "tidak aman" and offer no form)."""
    admin = postgres_admin_url()
    if admin is None:
        if os.environ.get("CI"):
            pytest.fail(f"CI=true but {POSTGRES_URL_ENV} is not set: PostgreSQL tests cannot be skipped in CI")
        pytest.skip(f"{POSTGRES_URL_ENV} not set (run scripts/test.sh to start a PostgreSQL server)")
    databases = PostgresDatabases(admin)
    try:
        database = databases.create().rsplit("/", 1)[1]
        role = databases.create_role("posyandu_store")
        databases.run(f'GRANT CONNECT ON DATABASE "{database}" TO "{role}"')
        databases.run(
            f'CREATE SCHEMA posyandu_app AUTHORIZATION "{role}"',
            "REVOKE ALL ON SCHEMA posyandu_app FROM PUBLIC",
            database=database,
        )
        url = databases.url(database, user=role)
        use_database(monkeypatch, sample_sqlite_url)
        monkeypatch.setenv(APP_DATABASE_URL_ENV, url)
        engine = create_store_engine(url)
        upgrade(engine)
        engine.dispose()
        yield url
    finally:
        databases.close()
