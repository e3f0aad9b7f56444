"""The read-only engine has no way out (issue 15): each way a statement could turn read-only mode off,
attach another database, load code or write anyway is tried on a real engine, and must fail without
changing anything.

SQLite: a ``mode=ro`` connection with ``query_only`` still accepted ``ATTACH`` of a new file (creating
it), ``PRAGMA query_only = OFF`` and ``VACUUM INTO``. PostgreSQL, through a role that may write (the
test server's superuser): ``SET default_transaction_read_only = off``, ``SET SESSION CHARACTERISTICS``,
``set_config``, ``COMMIT`` + ``BEGIN READ WRITE``, several statements in one call, and functions that
write inside a read-only transaction (large objects). What no client setting can close (``dblink``,
reading server files, signalling backends) is checked to be closed by the role docs/security.md gives.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError

from data_access.db import create_read_only_engine, get_engine
from tests.conftest import postgres_admin_url
from tests.fixtures.tiny import TINY

POSYANDU_ROWS = 3  # rows of ``posyandu`` in TINY
SERVER_FILE = f"/tmp/posyandu-lockdown-{uuid.uuid4().hex[:8]}.csv"  # where COPY would write, on this host


@pytest.fixture
def tiny_url(backend: str, database_factory) -> str:
    return database_factory.build(backend, "tiny_lockdown", TINY)


@pytest.fixture
def sqlite_url(database_factory) -> str:
    return database_factory.build("sqlite", "tiny_lockdown", TINY)


@pytest.fixture
def postgres_url(database_factory) -> str:
    if not postgres_admin_url():
        pytest.skip("POSYANDU_TEST_POSTGRES_URL not set (run scripts/test.sh to start a PostgreSQL server)")
    return database_factory.build("postgresql", "tiny_lockdown", TINY)


@pytest.fixture
def engine(tiny_url: str) -> Iterator[Engine]:
    created = create_read_only_engine(tiny_url)
    yield created
    created.dispose()


def _refused(engine: Engine, *statements: str) -> str:
    """Run ``statements`` in one connection and one transaction, asking to commit at the end; return the
    refusal's message (the test fails if every statement went through)."""
    with pytest.raises(DBAPIError) as refusal, engine.connect() as conn:
        for statement in statements:
            conn.exec_driver_sql(statement)
        conn.commit()
    return str(refusal.value.orig)


def _posyandu_rows(url: str) -> int:
    """Counted through a plain engine, so the count does not depend on the engine under test."""
    plain = create_engine(url)
    try:
        with plain.connect() as conn:
            return int(conn.execute(text("SELECT COUNT(*) FROM posyandu")).scalar_one())
    finally:
        plain.dispose()


# --- SQLite ---------------------------------------------------------------------------------------------


def test_sqlite_attach_is_refused_and_creates_no_file(sqlite_url: str, tmp_path: Path) -> None:
    engine = create_read_only_engine(sqlite_url)
    target = tmp_path / "attached.sqlite"
    try:
        assert "not authorized" in _refused(engine, f"ATTACH DATABASE '{target}' AS other")
        _refused(engine, f"VACUUM INTO '{tmp_path / 'copy.sqlite'}'")  # attaches its target internally
    finally:
        engine.dispose()
    assert not target.exists()
    assert not (tmp_path / "copy.sqlite").exists()


def test_sqlite_query_only_cannot_be_turned_off(sqlite_url: str) -> None:
    engine = create_read_only_engine(sqlite_url)
    try:
        assert "not authorized" in _refused(engine, "PRAGMA query_only = OFF")
        _refused(engine, "PRAGMA main.query_only = 0")
        _refused(engine, "PRAGMA writable_schema = ON")
        _refused(engine, "PRAGMA journal_mode = DELETE")
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA query_only").scalar() == 1
    finally:
        engine.dispose()


def test_sqlite_extensions_cannot_be_loaded(sqlite_url: str) -> None:
    engine = create_read_only_engine(sqlite_url)
    try:
        assert "not authorized" in _refused(engine, "SELECT load_extension('/usr/lib/x86_64-linux-gnu/libm.so.6')")
        with engine.connect() as conn:
            loader = getattr(conn.connection.dbapi_connection, "load_extension", None)
            if loader is not None:  # Python built with extension loading: the C API is switched off too
                with pytest.raises(Exception, match="not authorized"):
                    loader("/usr/lib/x86_64-linux-gnu/libm.so.6")
    finally:
        engine.dispose()


def test_sqlite_no_write_of_any_kind(sqlite_url: str) -> None:
    engine = create_read_only_engine(sqlite_url)
    try:
        for statement in (
            "DELETE FROM posyandu",
            "UPDATE posyandu SET name = 'x'",
            "CREATE TEMP TABLE scratch (x INTEGER)",
            "CREATE TABLE scratch (x INTEGER)",
            "DROP TABLE posyandu",
            "ANALYZE",
            "SAVEPOINT escape",
        ):
            _refused(engine, statement)
    finally:
        engine.dispose()
    assert _posyandu_rows(sqlite_url) == POSYANDU_ROWS


def test_sqlite_every_pooled_connection_is_closed(sqlite_url: str) -> None:
    """Not just the first connection: several open at once, after a dispose, and the shared engine."""
    engine = create_read_only_engine(sqlite_url)
    try:
        connections = [engine.connect() for _ in range(3)]
        for conn in connections:
            with pytest.raises(DBAPIError, match="not authorized"):
                conn.exec_driver_sql("PRAGMA query_only = OFF")
            conn.close()
        engine.dispose()
        _refused(engine, "ATTACH DATABASE ':memory:' AS other")
    finally:
        engine.dispose()
    shared = get_engine(sqlite_url)
    _refused(shared, "ATTACH DATABASE ':memory:' AS other")


def test_sqlite_reads_and_reflection_still_work(sqlite_url: str) -> None:
    """What the dashboard does keeps working: SELECT, recursive CTEs, the pragmas SQLAlchemy reflects with."""
    engine = create_read_only_engine(sqlite_url)
    try:
        reflected = inspect(engine)
        assert "posyandu" in reflected.get_table_names()
        assert reflected.get_columns("posyandu")
        reflected.get_indexes("posyandu")
        reflected.get_foreign_keys("posyandu")
        with engine.connect() as conn:
            counted = (
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3) SELECT COUNT(*) FROM n"
            )
            assert conn.exec_driver_sql(counted).scalar() == 3
            assert conn.execute(text("SELECT COUNT(*) FROM posyandu")).scalar() == POSYANDU_ROWS
    finally:
        engine.dispose()


# --- PostgreSQL, through a role that may write --------------------------------------------------------

ESCAPES = {
    "set the session default off, then commit": (
        "SET default_transaction_read_only = off",
        "COMMIT",
        "DELETE FROM posyandu",
    ),
    "set the transaction read-write first": ("SET TRANSACTION READ WRITE", "DELETE FROM posyandu"),
    "session characteristics": ("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE", "DELETE FROM posyandu"),
    "set_config, then a new transaction": (
        "SELECT set_config('default_transaction_read_only', 'off', false)",
        "COMMIT",
        "BEGIN READ WRITE",
        "DELETE FROM posyandu",
    ),
    "set_config of the running transaction": ("SELECT set_config('transaction_read_only', 'off', true)",),
    "several statements in one call": ("SET default_transaction_read_only = off; COMMIT; DELETE FROM posyandu",),
    "a read, then several statements": ("SELECT 1; DELETE FROM posyandu",),
    "reset": ("RESET ALL", "DELETE FROM posyandu"),
    "a comment in front": ("/* a /* nested */ comment */ SET default_transaction_read_only = off",),
    "a writing CTE": ("WITH gone AS (DELETE FROM posyandu RETURNING 1) SELECT COUNT(*) FROM gone",),
    "select into": ("SELECT * INTO copied FROM posyandu",),
    "a DO block": ("DO $$ BEGIN DELETE FROM posyandu; END $$",),
    "copy to a server file": (f"COPY posyandu TO '{SERVER_FILE}'",),
}


@pytest.mark.postgres
@pytest.mark.parametrize("escape", ESCAPES, ids=list(ESCAPES))
def test_postgres_read_only_cannot_be_turned_off(postgres_url: str, escape: str) -> None:
    engine = create_read_only_engine(postgres_url)  # the test server's superuser: a role that may write
    try:
        _refused(engine, *ESCAPES[escape])
        with engine.connect() as conn:  # the same pooled connection, one transaction later
            assert conn.exec_driver_sql("SHOW default_transaction_read_only").scalar() == "on"
            assert conn.exec_driver_sql("SHOW transaction_read_only").scalar() == "on"
        _refused(engine, "DELETE FROM posyandu")
    finally:
        engine.dispose()
    assert _posyandu_rows(postgres_url) == POSYANDU_ROWS
    assert not Path(SERVER_FILE).exists()


@pytest.mark.postgres
def test_postgres_what_a_select_writes_is_rolled_back(postgres_url: str) -> None:
    """Large objects can be created inside a read-only transaction, by any role; asking the engine to
    commit still rolls back, so none is left behind."""
    plain = create_engine(postgres_url)
    count = "SELECT COUNT(*) FROM pg_largeobject_metadata"
    engine = create_read_only_engine(postgres_url)
    try:
        with plain.connect() as conn:
            before = conn.exec_driver_sql(count).scalar()
        with engine.begin() as conn:  # begin() commits on the way out
            assert conn.exec_driver_sql("SELECT lo_from_bytea(0, 'x'::bytea)").scalar()
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT lo_create(0)")
            conn.commit()
        with plain.connect() as conn:
            assert conn.exec_driver_sql(count).scalar() == before
    finally:
        engine.dispose()
        plain.dispose()


@pytest.mark.postgres
def test_postgres_named_cursors_and_autocommit_are_checked_too(postgres_url: str) -> None:
    engine = create_read_only_engine(postgres_url)
    try:
        with engine.connect() as conn:  # a named (server-side) cursor: DECLARE ... FOR <the statement>
            rows = conn.execution_options(yield_per=2).execute(text("SELECT name FROM posyandu")).all()
            assert len(rows) == POSYANDU_ROWS
        with pytest.raises(DBAPIError), engine.connect() as conn:
            conn.execution_options(stream_results=True).exec_driver_sql("DELETE FROM posyandu")
        with pytest.raises(DBAPIError), engine.connect() as conn:  # autocommit would skip BEGIN READ ONLY
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("SELECT 1")
        with engine.connect() as conn:  # the pool gives the connection back in its read-only state
            assert conn.exec_driver_sql("SELECT COUNT(*) FROM posyandu").scalar() == POSYANDU_ROWS
    finally:
        engine.dispose()
    assert _posyandu_rows(postgres_url) == POSYANDU_ROWS


@pytest.fixture
def select_only_role(postgres_url: str) -> Iterator[str]:
    """The role docs/security.md asks for: LOGIN, CONNECT, USAGE on the schema, SELECT on the tables."""
    role = f"lockdown_reader_{uuid.uuid4().hex[:8]}"
    database = make_url(postgres_url).database
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("CREATE EXTENSION IF NOT EXISTS dblink"))
        conn.execute(text(f"CREATE ROLE {role} LOGIN"))  # generated name, not input
        conn.execute(text(f'GRANT CONNECT ON DATABASE "{database}" TO {role}'))
        conn.execute(text(f"GRANT USAGE ON SCHEMA public TO {role}"))
        conn.execute(text(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}"))
    try:
        yield make_url(postgres_url).set(username=role, password=None).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP OWNED BY {role}"))
            conn.execute(text(f"DROP ROLE {role}"))
        admin.dispose()


@pytest.mark.postgres
def test_postgres_what_only_the_role_closes(postgres_url: str, select_only_role: str) -> None:
    """Server functions a SELECT may call act outside the engine's transaction (``dblink`` opens another
    session) or on the server itself; no client setting stops them for a superuser. The select-only role
    of docs/security.md is refused each of them by the server."""
    url = make_url(postgres_url)
    other_session = f"dbname={url.database} host={url.host} port={url.port} user={url.username}"
    outside = {
        "dblink": f"SELECT dblink_exec('{other_session}', 'DELETE FROM posyandu')",
        "server files": "SELECT pg_read_file('/etc/hostname')",
        "large object from a server file": "SELECT lo_import('/etc/hostname')",
        "other backends": "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid()",
    }
    engine = create_read_only_engine(select_only_role)
    try:
        for name, statement in outside.items():
            message = _refused(engine, statement)
            assert "permission denied" in message or "password is required" in message or "must be" in message, name
    finally:
        engine.dispose()
    assert _posyandu_rows(postgres_url) == POSYANDU_ROWS


def test_writes_refused_on_both_backends(engine: Engine, tiny_url: str) -> None:
    _refused(engine, "DELETE FROM posyandu")
    assert _posyandu_rows(tiny_url) == POSYANDU_ROWS
