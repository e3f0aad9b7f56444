"""The engine: opened read-only, because the dashboard must never write to the shared database.

SQLite is opened through a ``mode=ro`` URI, so even a bug cannot write to the file; PostgreSQL
sessions start with ``default_transaction_read_only`` on, so any write raises in the server.

Nothing here caches a failure: :func:`get_engine` (``lru_cache``) only keeps engines that were
created, an engine connects lazily, and PostgreSQL engines ping a pooled connection before using it
(``pool_pre_ping``), so a dashboard whose server went away recovers on the next run once it is back.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, Self, TypeVar
from urllib.parse import quote, unquote, urlsplit

import psycopg
import psycopg.sql
from psycopg.abc import Params, Query, QueryNoTemplate
from sqlalchemy import Connection, Engine, create_engine, event
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


# --- Closing the engines (issue 15) ---------------------------------------------------------------
# ``mode=ro`` and ``query_only`` alone are not airtight: a read-only SQLite connection still accepts
# ``ATTACH`` (creating the file) and ``PRAGMA query_only = OFF``, and a PostgreSQL session can turn
# ``default_transaction_read_only`` off again with one ``SET``. The hooks below refuse those on every
# connection the dashboard's engines open, so "cannot write even if a bug lets SQL through" holds.

log = logging.getLogger("data_access.db")

_SQLITE_ALLOWED_ACTIONS = frozenset(
    {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_RECURSIVE, sqlite3.SQLITE_TRANSACTION}
)
"""What a read needs: SELECT, reading columns, recursive CTEs, and BEGIN/COMMIT/ROLLBACK (the driver and
the pool's reset issue them; they change nothing). Every other action -- ATTACH, DETACH, every write,
CREATE/DROP (temporary objects too), ANALYZE, REINDEX, virtual tables, SAVEPOINT -- is refused."""
_SQLITE_PRAGMAS_ON_A_TABLE = frozenset(
    {"table_info", "table_xinfo", "index_list", "index_info", "index_xinfo", "foreign_key_list"}
)
"""Pragmas whose argument names a table or index to describe (SQLAlchemy's reflection uses them)."""
_SQLITE_PRAGMAS_READ = _SQLITE_PRAGMAS_ON_A_TABLE | {
    "query_only",
    "read_uncommitted",
    "database_list",
    "table_list",
    "compile_options",
    "data_version",
    "schema_version",
    "user_version",
    "encoding",
}
"""Pragmas that may be read (never set: ``PRAGMA query_only = OFF`` names a value and is refused)."""
_SQLITE_REFUSED_FUNCTIONS = frozenset({"load_extension"})


def _sqlite_authorizer(action: int, arg1: str | None, arg2: str | None, _db: str | None, _trigger: str | None) -> int:
    """SQLite's authorizer callback, consulted as each statement is prepared: an allow-list, so an action
    a later SQLite adds is refused until someone decides it is a read."""
    if action in _SQLITE_ALLOWED_ACTIONS:
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() not in _SQLITE_REFUSED_FUNCTIONS:
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_PRAGMA:
        name = (arg1 or "").lower()
        if name in _SQLITE_PRAGMAS_READ and (arg2 is None or name in _SQLITE_PRAGMAS_ON_A_TABLE):
            return sqlite3.SQLITE_OK
    log.warning("read-only SQLite connection refused action %d (%r, %r)", action, arg1, arg2)
    return sqlite3.SQLITE_DENY


def _close_sqlite_connection(dbapi_connection: sqlite3.Connection) -> None:
    """Make one new SQLite connection read-only for good: ``query_only`` on, no database can be attached
    (``SQLITE_LIMIT_ATTACHED`` 0, which also stops ``VACUUM INTO``), no extension can be loaded, and the
    authorizer refuses every action that is not a read -- including turning ``query_only`` back off."""
    dbapi_connection.execute("PRAGMA query_only = ON")
    dbapi_connection.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
    disable_extensions = getattr(dbapi_connection, "enable_load_extension", None)
    if disable_extensions is not None:  # absent when Python was built without extension loading
        disable_extensions(False)
    dbapi_connection.set_authorizer(_sqlite_authorizer)


_READ_KEYWORDS = frozenset({"select", "with", "show"})
_LEADING_KEYWORD = re.compile(r"[A-Za-z_]+")


def _first_keyword(sql: str) -> str:
    """The statement's first word, past whitespace, ``(`` and comments (``/* */`` nest in PostgreSQL)."""
    position, length = 0, len(sql)
    while position < length:
        if sql[position].isspace() or sql[position] == "(":
            position += 1
        elif sql.startswith("--", position):
            end = sql.find("\n", position)
            position = length if end < 0 else end + 1
        elif sql.startswith("/*", position):
            depth, position = 1, position + 2
            while position < length and depth:
                if sql.startswith("/*", position):
                    depth, position = depth + 1, position + 2
                elif sql.startswith("*/", position):
                    depth, position = depth - 1, position + 2
                else:
                    position += 1
        else:
            break
    match = _LEADING_KEYWORD.match(sql, position)
    return match.group(0).lower() if match else ""


def _read_query(cursor: psycopg.Cursor[Any] | psycopg.ServerCursor[Any], query: Query) -> QueryNoTemplate:
    """``query`` itself if it is a read that will run in the connection's read-only transaction, else
    :class:`psycopg.errors.ReadOnlySqlTransaction`.

    Only SELECT, WITH and SHOW pass. So SET, RESET, BEGIN, COMMIT, ROLLBACK, DO, CALL, COPY and every
    write never reach the server, and the first statement of every transaction is a query, which takes a
    snapshot: from then on PostgreSQL itself refuses ``set_config('transaction_read_only', 'off', true)``
    ("must be set before any query"). A connection in autocommit mode would run statements outside that
    transaction, so it runs nothing."""
    keyword = ""
    if isinstance(query, bytes | str | psycopg.sql.SQL | psycopg.sql.Composed):
        if isinstance(query, bytes):
            text = query.decode("utf-8", "replace")
        else:
            text = query if isinstance(query, str) else query.as_string(cursor.connection)
        if text.strip() in ("", ";"):  # the empty statement SQLAlchemy pings a pooled connection with
            return query
        keyword = _first_keyword(text)
        connection = cursor.connection
        if keyword in _READ_KEYWORDS and connection.read_only and not connection.autocommit:
            return query
    log.warning("read-only PostgreSQL connection refused a statement starting with %r", keyword)
    raise psycopg.errors.ReadOnlySqlTransaction(
        f"the dashboard's engine only reads: {keyword.upper() or 'this statement'} refused"
    )


class _ReadOnlyCursor(psycopg.Cursor[Any]):
    """The cursor of every dashboard connection: reads only, one statement per call.

    A call without parameters would go over PostgreSQL's simple protocol, which runs
    ``SELECT 1; COMMIT; INSERT ...`` whole; it is prepared instead, and a prepared statement holds one
    command ("cannot insert multiple commands into a prepared statement")."""

    def execute(
        self, query: Query, params: Params | None = None, *, prepare: bool | None = None, binary: bool | None = None
    ) -> Self:
        read = _read_query(self, query)
        return super().execute(read, params, prepare=True if not params else prepare, binary=binary)

    def executemany(self, query: Query, params_seq: Iterable[Params], *, returning: bool = False) -> None:
        super().executemany(_read_query(self, query), params_seq, returning=returning)

    def stream(
        self, query: Query, params: Params | None = None, *, binary: bool | None = None, size: int = 1
    ) -> Iterator[Any]:
        return super().stream(_read_query(self, query), params, binary=binary, size=size)


class _ReadOnlyServerCursor(psycopg.ServerCursor[Any]):
    """Named cursors (``yield_per``/``stream_results``) wrap the query in ``DECLARE``: same check."""

    def execute(self, query: Query, params: Params | None = None, *, binary: bool | None = None, **kwargs: Any) -> Self:
        return super().execute(_read_query(self, query), params, binary=binary, **kwargs)


class _ReadOnlyConnection(psycopg.Connection[Any]):
    """The psycopg connection of a read-only engine: every transaction starts ``BEGIN READ ONLY`` (psycopg's
    ``read_only``, set at connect) whatever ``default_transaction_read_only`` a statement set for later
    ones, and ends in ROLLBACK, even when asked to commit.

    A reader has nothing to commit, and PostgreSQL lets some functions write inside a read-only
    transaction: ``lo_create`` and ``lo_from_bytea`` create large objects for any role by default
    (measured on PostgreSQL 15). Rolling back discards them, and every ``set_config`` made in the
    transaction with them."""

    def commit(self) -> None:
        self.rollback()


def _connect_read_only(cargs: tuple[Any, ...], cparams: dict[str, Any]) -> _ReadOnlyConnection:
    """Open one connection of a read-only engine (SQLAlchemy's ``do_connect`` hook, so SQLAlchemy's own
    first queries already run on it): plain and named cursors both check every statement."""
    connection = _ReadOnlyConnection.connect(*cargs, **cparams, cursor_factory=_ReadOnlyCursor)
    connection.read_only = True
    connection.server_cursor_factory = _ReadOnlyServerCursor
    return connection


def create_read_only_engine(url: str) -> Engine:
    """A new engine on ``url`` that cannot write, whatever SQL reaches it and whatever the role may do.

    SQLite: opened ``mode=ro``, and each connection closed by :func:`_close_sqlite_connection`.
    PostgreSQL: sessions start with ``default_transaction_read_only=on``; each transaction is
    ``BEGIN READ ONLY`` and ends in ROLLBACK (:class:`_ReadOnlyConnection`); only single SELECT/WITH/SHOW
    statements are sent (:class:`_ReadOnlyCursor`).
    What a SELECT can still do through server functions (``dblink``, ``SECURITY DEFINER`` functions,
    signalling other backends) depends on the role: docs/security.md says which role closes it."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        engine = create_engine(_sqlite_read_only_url(url))
        event.listen(engine, "connect", lambda dbapi_connection, _record: _close_sqlite_connection(dbapi_connection))
        return engine
    if backend == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        engine = create_engine(
            parsed,
            pool_pre_ping=True,
            connect_args={
                "options": "-c default_transaction_read_only=on",
                "connect_timeout": 5,
                "application_name": "posyandu-dashboard",
            },
        )
        event.listen(engine, "do_connect", lambda _dialect, _record, cargs, cparams: _connect_read_only(cargs, cparams))
        return engine
    raise UnsupportedDatabaseError(backend)


@lru_cache(maxsize=8)
def get_engine(url: str | None = None) -> Engine:
    """The shared read-only engine for ``url`` (default: :func:`data_access.settings.database_url`)."""
    return create_read_only_engine(url or database_url())


# --- one way to get a connection -----------------------------------------------------------------

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
