"""The engine: opened read-only, because the dashboard must never write to the shared database.

SQLite is opened through a ``mode=ro`` URI, so even a bug cannot write to the file; PostgreSQL
sessions start with ``default_transaction_read_only`` on, so any write raises in the server.

Nothing here caches a failure: :func:`get_engine` (``lru_cache``) only keeps engines that were
created, an engine connects lazily, and PostgreSQL engines ping a pooled connection before using it
(``pool_pre_ping``), so a dashboard whose server went away recovers on the next run once it is back.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url

from data_access.settings import database_url


class DatabaseUnavailableError(RuntimeError):
    """The database cannot be opened or reached; the message says what to check."""


class DatabaseFileMissingError(DatabaseUnavailableError):
    """The SQLite file named by the URL does not exist."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"berkas database SQLite tidak ditemukan: {path}")
        self.path = path


class UnsupportedDatabaseError(DatabaseUnavailableError):
    """A backend other than SQLite or PostgreSQL: refused, since only those two are opened read-only."""

    def __init__(self, backend: str) -> None:
        super().__init__(f"unsupported database backend {backend!r}: use sqlite or postgresql")
        self.backend = backend


def sqlite_path(url: str | URL) -> Path | None:
    """The file a SQLite URL names (plain path or ``file:`` URI), None for an in-memory database."""
    database = (make_url(url) if isinstance(url, str) else url).database or ""
    if database.startswith("file:"):
        database = unquote(urlsplit(database).path)
    if database in ("", ":memory:"):
        return None
    return Path(database).resolve()


_WAL_HEADER_OFFSET = 18  # bytes 18-19 of the SQLite header: file format versions, 2 = WAL


def _needs_immutable(path: Path) -> bool:
    """True for a WAL-mode file in a folder we cannot write, with no writer present.

    SQLite must create ``-shm`` beside a WAL database even to read it, so ``mode=ro`` alone fails there
    ("attempt to write a readonly database"). Without a ``-shm`` file no process is writing the
    database, so telling SQLite it is ``immutable`` is then true, and lets it read without any lock file.
    """
    if os.access(path.parent, os.W_OK) or Path(f"{path}-shm").exists():
        return False
    with path.open("rb") as handle:
        handle.seek(_WAL_HEADER_OFFSET)
        return handle.read(2) == b"\x02\x02"


def _sqlite_read_only_url(url: str) -> str:
    """Rewrite ``sqlite:///path`` into a read-only URI, refusing a missing file early.

    SQLite would otherwise create an empty file for a wrong path, and the user would see
    "no data" instead of "wrong path".
    """
    database = make_url(url).database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return url
    path = Path(database).resolve()
    if not path.is_file():
        raise DatabaseFileMissingError(path)
    immutable = "&immutable=1" if _needs_immutable(path) else ""
    return f"sqlite:///file:{quote(str(path))}?mode=ro{immutable}&uri=true"


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
    raise UnsupportedDatabaseError(backend)


@lru_cache(maxsize=8)
def get_engine(url: str | None = None) -> Engine:
    """The shared read-only engine for ``url`` (default: :func:`data_access.settings.database_url`)."""
    return create_read_only_engine(url or database_url())


# --- one way to get a connection -----------------------------------------------------------------
# These imports stand here, not at the top, so that the engine code above stays untouched by this
# helper's arrival (it is being hardened in parallel); they may be lifted to the top at any time.
from collections.abc import Callable  # noqa: E402
from typing import TypeVar  # noqa: E402

from sqlalchemy import Connection  # noqa: E402

T = TypeVar("T")


def with_connection(engine: Engine | Connection, work: Callable[[Connection], T]) -> T:
    """Run ``work`` on an already open connection, or on a new one of ``engine`` closed afterwards.

    Every public function of ``data_access`` takes either, so a page can pass the shared engine and a
    caller that needs several reads in one snapshot (the summary refresh, a test) its own connection:
    this is the one place that tells the two apart."""
    if isinstance(engine, Connection):
        return work(engine)
    with engine.connect() as conn:
        return work(conn)
