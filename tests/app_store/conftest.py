"""Fixtures of the store's tests: an empty store of its own per test, on SQLite and on PostgreSQL.

Every test gets a fresh database (a temporary SQLite file, or a new PostgreSQL database on the suite's server
that is dropped afterwards), so tests never see each other's rows and each may migrate, break or fill its
store as it likes. The shared database URL handed to the engine is a file that does not exist: the store's
tests never need the shared database, and the refusal rules are tested on their own.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import Engine

from app_store.engine import create_store_engine
from app_store.migrate import upgrade
from tests.app_store.helpers import NO_SHARED_DATABASE, PostgresDatabases
from tests.conftest import postgres_admin_url


@pytest.fixture
def pg_databases(backend: str) -> Iterator[PostgresDatabases | None]:
    """The test's own databases and roles on the PostgreSQL server (None on SQLite)."""
    if backend != "postgresql":
        yield None
        return
    admin = postgres_admin_url()
    assert admin is not None
    databases = PostgresDatabases(admin)
    try:
        yield databases
    finally:
        databases.close()


@pytest.fixture
def new_store_url(
    backend: str, tmp_path_factory: pytest.TempPathFactory, pg_databases: PostgresDatabases | None
) -> Callable[[], str]:
    """Makes URLs of new, empty store databases on the test's backend."""
    if pg_databases is not None:
        return pg_databases.create
    folder = tmp_path_factory.mktemp("store")
    return lambda: f"sqlite:///{folder / f'{uuid.uuid4().hex[:8]}.sqlite'}"


@pytest.fixture
def store_url(new_store_url: Callable[[], str]) -> str:
    """An empty store database of this test's own."""
    return new_store_url()


@pytest.fixture
def bare_engine(store_url: str) -> Iterator[Engine]:
    """The store's engine on an empty, never migrated database."""
    engine = create_store_engine(store_url, shared_url=NO_SHARED_DATABASE)
    yield engine
    engine.dispose()


@pytest.fixture
def engine(bare_engine: Engine) -> Engine:
    """The store's engine on a store migrated to the newest revision."""
    upgrade(bare_engine)
    return bare_engine


@pytest.fixture
def pg_admin(pg_databases: PostgresDatabases | None) -> PostgresDatabases:
    """Admin access to the PostgreSQL server for tests (marked :data:`POSTGRES_ONLY`) that create roles and
    databases by hand."""
    assert pg_databases is not None, "use @POSTGRES_ONLY"
    return pg_databases
