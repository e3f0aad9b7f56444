"""The contract check and the failure classifier, on real SQLite files and a real PostgreSQL server.

Every failure here is produced for real (a closed port, a dropped table, a file of garbage), so the
classifier is tested against what the drivers actually say, not against invented exceptions.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import make_url

from data_access.db import create_read_only_engine
from data_access.health import (
    ContractMismatchError,
    ProblemKind,
    contract_gaps,
    diagnose,
    require_contract,
)
from data_access.models import Posyandu, Region, ServiceReport
from tests.conftest import postgres_admin_url
from tests.fixtures.tiny import TINY


def _failure(url: str, statement=None) -> BaseException:
    """The exception reading ``statement`` (default: the region table) raises on ``url``."""
    try:
        engine = create_read_only_engine(url)
        with engine.connect() as conn:
            conn.execute(statement if statement is not None else select(Region.code)).fetchall()
    except Exception as error:  # the point is to capture whatever the driver raises
        return error
    raise AssertionError(f"reading {url} did not fail")


def _closed_port() -> int:
    """A port nothing listens on (bound once, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def broken_url(backend: str, database_factory) -> str:
    """The tiny database without ``service_report`` and without ``posyandu.sk_number``."""
    url = database_factory.build(backend, "tiny_broken_contract", TINY)
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS service_report"))
        if "sk_number" in {column["name"] for column in inspect(conn).get_columns("posyandu")}:
            conn.execute(text("ALTER TABLE posyandu DROP COLUMN sk_number"))
    engine.dispose()
    return url


def test_complete_database_has_no_gaps(backend: str, database_factory) -> None:
    engine = create_read_only_engine(database_factory.build(backend, "tiny_health", TINY))
    try:
        assert contract_gaps(engine).ok
        require_contract(engine)
    finally:
        engine.dispose()


def test_missing_table_and_column_are_named(broken_url: str) -> None:
    engine = create_read_only_engine(broken_url)
    try:
        gaps = contract_gaps(engine)
        assert gaps.missing_tables == ("service_report",)
        assert gaps.missing_columns == {"posyandu": ("sk_number",)}
        with pytest.raises(ContractMismatchError) as raised:
            require_contract(engine)
    finally:
        engine.dispose()
    problem = diagnose(raised.value, broken_url)
    assert problem.kind is ProblemKind.CONTRACT_MISMATCH
    assert "`service_report`" in problem.message and "`posyandu.sk_number`" in problem.message
    assert problem.message.startswith("Tabel `service_report` tidak ada")


def test_a_query_on_a_missing_table_or_column_names_it(broken_url: str) -> None:
    table = diagnose(_failure(broken_url, select(ServiceReport.value)), broken_url)
    assert (table.kind, table.tables) == (ProblemKind.CONTRACT_MISMATCH, ("service_report",))
    column = diagnose(_failure(broken_url, select(Posyandu.sk_number)), broken_url)
    assert column.kind is ProblemKind.CONTRACT_MISMATCH
    assert column.columns and column.columns[0].endswith("sk_number")
    assert "Kolom `" in column.message


def test_closed_port_is_unreachable() -> None:
    port = _closed_port()
    url = f"postgresql+psycopg://reader:rahasia-sekali@127.0.0.1:{port}/posyandu"
    problem = diagnose(_failure(url), url)
    assert problem.kind is ProblemKind.UNREACHABLE
    assert f"Server database di 127.0.0.1:{port} tidak menjawab" in problem.message
    assert "rahasia-sekali" not in problem.message


def test_unknown_host() -> None:
    url = "postgresql+psycopg://reader@server-posyandu.invalid:5432/posyandu"
    problem = diagnose(_failure(url), url)
    assert problem.kind is ProblemKind.HOST_UNKNOWN
    assert "`server-posyandu.invalid`" in problem.message


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_unknown_role_and_database(backend: str) -> None:
    admin = make_url(postgres_admin_url())
    role_url = admin.set(username="tidak_ada_pengguna").render_as_string(hide_password=False)
    role = diagnose(_failure(role_url), role_url)
    assert role.kind is ProblemKind.ROLE_UNKNOWN and "`tidak_ada_pengguna`" in role.message
    db_url = admin.set(database="tidak_ada_database").render_as_string(hide_password=False)
    database = diagnose(_failure(db_url), db_url)
    assert database.kind is ProblemKind.DATABASE_MISSING and "`tidak_ada_database`" in database.message


def test_missing_unreadable_and_garbage_sqlite_files(tmp_path: Path) -> None:
    missing = f"sqlite:///{tmp_path / 'tidak-ada.sqlite'}"
    problem = diagnose(_failure(missing), missing)
    assert problem.kind is ProblemKind.FILE_MISSING
    assert "tidak-ada.sqlite` tidak ditemukan" in problem.message
    assert not (tmp_path / "tidak-ada.sqlite").exists()  # never created by trying

    garbage_path = tmp_path / "bukan.sqlite"
    garbage_path.write_text("ini bukan database " * 100)
    garbage = f"sqlite:///{garbage_path}"
    assert diagnose(_failure(garbage), garbage).kind is ProblemKind.NOT_A_DATABASE

    folder = tmp_path / "folder.sqlite"
    folder.mkdir()  # exists, but cannot be opened as a file
    unreadable = f"sqlite:///file:{folder}?mode=ro&uri=true"
    assert diagnose(_failure(unreadable), unreadable).kind in (ProblemKind.FILE_UNREADABLE, ProblemKind.UNKNOWN)


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        (
            'connection failed: connection to server at "10.0.0.5", port 5432 failed: timeout expired',
            ProblemKind.UNREACHABLE,
        ),
        ("server closed the connection unexpectedly", ProblemKind.UNREACHABLE),
        ('FATAL:  no pg_hba.conf entry for host "10.0.0.9", user "reader"', ProblemKind.AUTH_FAILED),
        ("fe_sendauth: no password supplied", ProblemKind.AUTH_FAILED),
        ('could not translate host name "db" to address', ProblemKind.HOST_UNKNOWN),
    ],
)
def test_libpq_wordings_that_need_a_remote_server(message: str, kind: ProblemKind) -> None:
    """libpq messages this machine cannot provoke (a firewall, a remote pg_hba.conf): the classifier
    reads their documented wording."""
    problem = diagnose(RuntimeError(message), "postgresql+psycopg://reader:pw@10.0.0.5/posyandu")
    assert problem.kind is kind
    assert "pw@" not in problem.message
