"""The store's engine: writable, and never pointed at the shared database.

The shared database is read-only for the dashboard (``data_access.db``); this engine is the only one that
writes, so it must not be able to reach the shared tables:

- it refuses a store URL that names the shared database's SQLite file, or the same PostgreSQL database
  *with the same role* (a separate role in the same database is allowed: the store lives in the
  ``posyandu_app`` schema, and :func:`app_store.migrate.store_status` checks the role cannot write anything
  outside it);
- on SQLite its connections may not ``ATTACH`` another file, so no statement can reach the shared file;
- on PostgreSQL its ``search_path`` is the store's schema alone, so an unqualified name never lands in
  ``public``.
"""

from __future__ import annotations

import os
import sqlite3
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from app_store.errors import StoreConfigurationError
from app_store.settings import APP_DATABASE_URL_ENV, SCHEMA, app_database_url
from data_access.db import sqlite_path
from data_access.settings import DATABASE_URL_ENV, database_url

POSTGRES_DEFAULT_PORT = 5432
BUSY_TIMEOUT_SECONDS = 5.0
"""How long a SQLite write waits for another writer before failing as "busy"."""


def store_schema(dialect_name: str) -> str | None:
    """The schema the store's tables are in on this backend (None on SQLite, which has none)."""
    return SCHEMA if dialect_name == "postgresql" else None


def _postgres_place(url: URL) -> tuple[str, int, str]:
    return (url.host or "", url.port or POSTGRES_DEFAULT_PORT, url.database or "")


def _same_file(a: Path, b: Path) -> bool:
    if a == b:
        return True
    return a.exists() and b.exists() and os.path.samefile(a, b)


def _parsed(url: str, setting: str) -> URL:
    try:
        return make_url(url)
    except ArgumentError as error:
        raise StoreConfigurationError(f"{setting} bukan URL database yang sah: {error}.") from error


def refuse_shared_target(store_url: str, shared_url: str) -> None:
    """Raise :class:`StoreConfigurationError` when the store URL would make the shared database the
    store's write target (see the module's docstring for the rule and why)."""
    store, shared = _parsed(store_url, APP_DATABASE_URL_ENV), _parsed(shared_url, DATABASE_URL_ENV)
    backends = (store.get_backend_name(), shared.get_backend_name())
    if backends == ("sqlite", "sqlite"):
        store_file, shared_file = sqlite_path(store), sqlite_path(shared)
        if store_file is not None and shared_file is not None and _same_file(store_file, shared_file):
            raise StoreConfigurationError(
                f"{APP_DATABASE_URL_ENV} menunjuk berkas database bersama ({shared_file}); penyimpanan rapat dan "
                "tindak lanjut harus berkas tersendiri, misalnya data/app_store.sqlite."
            )
    same_role = (store.username or "") == (shared.username or "")
    if backends == ("postgresql", "postgresql") and same_role and _postgres_place(store) == _postgres_place(shared):
        raise StoreConfigurationError(
            f"{APP_DATABASE_URL_ENV} memakai database dan peran yang sama dengan database bersama "
            f"({store.database}, peran {store.username or 'bawaan'}); buat peran tersendiri yang hanya "
            f"berhak atas skema {SCHEMA} (lihat docs/app_store.md)."
        )


def _sqlite_connect_rules(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    """Per connection: foreign keys on (off by default in SQLite) and no ATTACH of any other file."""
    dbapi_connection.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
    dbapi_connection.execute("PRAGMA foreign_keys = ON")


def create_store_engine(url: str, *, shared_url: str | None = None) -> Engine:
    """A new writable engine on the store at ``url``, after checking it is not the shared database
    (``shared_url``, by default the dashboard's :func:`data_access.settings.database_url`)."""
    refuse_shared_target(url, shared_url if shared_url is not None else database_url())
    parsed = _parsed(url, APP_DATABASE_URL_ENV)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        engine = create_engine(
            parsed,
            connect_args={"timeout": BUSY_TIMEOUT_SECONDS},
            execution_options={"schema_translate_map": {SCHEMA: None}},
        )
        event.listen(engine, "connect", _sqlite_connect_rules)
        return engine
    if backend == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        return create_engine(
            parsed,
            pool_pre_ping=True,
            connect_args={
                "options": f"-c search_path={SCHEMA}",
                "connect_timeout": 5,
                "application_name": "posyandu-dashboard-store",
            },
        )
    raise StoreConfigurationError(
        f"{APP_DATABASE_URL_ENV} memakai database {backend!r}; yang didukung hanya sqlite dan postgresql."
    )


def prepare_sqlite_folder(url: str) -> None:
    """Create the folder of a SQLite store file (``data/`` on a fresh clone) before its first upgrade."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_path(parsed)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)


@lru_cache(maxsize=4)
def get_store_engine(url: str | None = None) -> Engine:
    """The shared store engine for ``url`` (default: :func:`app_store.settings.app_database_url`).

    Only engines that were created are cached; a refused URL raises every time."""
    return create_store_engine(url or app_database_url())
