"""The engine: opened read-only, because the dashboard must never write to the shared database.

SQLite is opened through a ``mode=ro`` URI, so even a bug cannot write to the file; PostgreSQL
sessions start with ``default_transaction_read_only`` on, so any write raises in the server.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from data_access.settings import database_url


class DatabaseUnavailableError(RuntimeError):
    """The database cannot be opened or reached; the message says what to check."""


def _sqlite_read_only_url(url: str) -> str:
    """Rewrite ``sqlite:///path`` into a read-only URI, refusing a missing file early.

    SQLite would otherwise create an empty file for a wrong path, and the user would see
    "no data" instead of "wrong path".
    """
    parsed = make_url(url)
    database = parsed.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return url
    path = Path(database).resolve()
    if not path.is_file():
        raise DatabaseUnavailableError(f"berkas database SQLite tidak ditemukan: {path}")
    return f"sqlite:///file:{quote(str(path))}?mode=ro&uri=true"


def create_read_only_engine(url: str) -> Engine:
    """A new engine on ``url`` that cannot write."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        engine = create_engine(_sqlite_read_only_url(url))

        @event.listens_for(engine, "connect")
        def _query_only(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
            dbapi_connection.execute("PRAGMA query_only = ON")

        return engine
    if backend == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        return create_engine(
            parsed,
            pool_pre_ping=True,
            connect_args={
                "options": "-c default_transaction_read_only=on",
                "connect_timeout": 5,
                "application_name": "posyandu-dashboard",
            },
        )
    return create_engine(parsed, pool_pre_ping=True)


@lru_cache(maxsize=8)
def get_engine(url: str | None = None) -> Engine:
    """The shared read-only engine for ``url`` (default: :func:`data_access.settings.database_url`)."""
    return create_read_only_engine(url or database_url())
