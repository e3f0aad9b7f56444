"""Every page, on a broken database: a specific Indonesian message, no traceback, and recovery.

The faults are real: a SQLite file without a contract table or column, a path with no file, a port
nothing listens on. Each page must say what is wrong and what to check, show no figures, and raise
nothing; once the database is fixed, the same app session shows the figures without a restart.
(The PostgreSQL faults -- a stopped server, a rejected password -- are in ``test_faults_postgres.py``.)
"""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from streamlit.testing.v1 import AppTest

from dashboard.registry import LISTED
from tests.dashboard.apptest import metric_values, run_page, use_database
from tests.fixtures.tiny import TINY

PAGES = [page.file for page in LISTED]


def assert_shows_only(at: AppTest, *fragments: str) -> str:
    """The page raised nothing, shows one error containing every fragment, and no figures."""
    assert not at.exception, [exception.value for exception in at.exception]
    errors = [error.value for error in at.error]
    assert len(errors) == 1, errors
    for fragment in fragments:
        assert fragment in errors[0], (fragment, errors[0])
    assert "Traceback" not in errors[0] and "sqlalche.me" not in errors[0]
    assert not at.metric
    return errors[0]


def _broken_copy(database_factory, tmp_path: Path, name: str, *statements: str) -> str:
    """A copy of the tiny database with ``statements`` applied (DROP TABLE, DROP COLUMN)."""
    source = Path(make_url(database_factory.build("sqlite", "tiny_faults", TINY)).database or "")
    target = tmp_path / f"{name}.sqlite"
    shutil.copy(source, target)
    engine = create_engine(f"sqlite:///{target}")
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))
    engine.dispose()
    return f"sqlite:///{target}"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("page", PAGES)
def test_missing_table_is_named_on_every_page(
    page: str, database_factory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_database(monkeypatch, _broken_copy(database_factory, tmp_path, "no_report", "DROP TABLE service_report"))
    at = run_page(page, region="31.71", year="2025")
    assert_shows_only(at, "Tabel `service_report` tidak ada di berkas SQLite", "no_report.sqlite", "periksa")


def test_missing_column_is_named(database_factory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = _broken_copy(database_factory, tmp_path, "no_sk", "ALTER TABLE posyandu DROP COLUMN sk_number")
    use_database(monkeypatch, url)
    assert_shows_only(run_page("kelembagaan.py"), "Kolom `posyandu.sk_number` tidak ada", "kontrak skema")


def test_several_gaps_are_named_together(database_factory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = _broken_copy(
        database_factory,
        tmp_path,
        "gaps",
        "DROP TABLE training",
        "DROP TABLE budget",
        "ALTER TABLE kader DROP COLUMN bidang",
    )
    use_database(monkeypatch, url)
    assert_shows_only(run_page(), "Tabel-tabel `budget`, `training` tidak ada; kolom `kader.bidang` tidak ada")


@pytest.mark.parametrize("page", ["ringkasan.py", "peta.py", "kualitas.py"])
def test_unreachable_server_names_host_and_port(page: str, monkeypatch: pytest.MonkeyPatch) -> None:
    port = _closed_port()
    use_database(monkeypatch, f"postgresql+psycopg://pembaca:sandi-rahasia@127.0.0.1:{port}/posyandu")
    at = run_page(page)
    message = assert_shows_only(at, f"Server database di 127.0.0.1:{port} tidak menjawab", "sedang berjalan")
    assert "sandi-rahasia" not in message


def test_missing_file_then_recovery_without_restart(
    database_factory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file is missing at first; once it is in place, the same session shows the figures."""
    path = tmp_path / "nanti.sqlite"
    use_database(monkeypatch, f"sqlite:///{path}")
    at = run_page("ringkasan.py", year="2025")
    assert_shows_only(at, f"Berkas database SQLite `{path}` tidak ditemukan", "sample_data.build")
    assert not path.exists()  # opening read-only never creates the file

    shutil.copy(make_url(database_factory.build("sqlite", "tiny_faults", TINY)).database or "", path)
    at.run()
    assert not at.exception and not at.error
    assert metric_values(at)["Jumlah Posyandu"] == "3"


def test_garbage_file_is_called_not_a_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "rusak.sqlite"
    path.write_bytes(b"bukan database " * 200)
    use_database(monkeypatch, f"sqlite:///{path}")
    assert_shows_only(run_page(), "rusak.sqlite` bukan database SQLite")


def test_database_file_replaced_after_a_failure_is_read_again(
    database_factory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An operator fixes a broken file by swapping in a good one (an atomic rename, as
    ``sample_data.build`` does): the same session reads the new file, not the old one it had open."""
    url = _broken_copy(database_factory, tmp_path, "swapped", "DROP TABLE indicator")
    use_database(monkeypatch, url)
    at = run_page("layanan.py", year="2025")
    assert_shows_only(at, "Tabel `indicator` tidak ada")

    good = tmp_path / "good.sqlite"
    shutil.copy(make_url(database_factory.build("sqlite", "tiny_faults", TINY)).database or "", good)
    good.replace(make_url(url).database or "")
    at.run()
    assert not at.exception and not at.error, [error.value for error in at.error]
    assert at.metric


@pytest.mark.parametrize(
    "url",
    [
        "bukan sebuah alamat",
        "postgres://pembaca:sandi-rahasia@db/posyandu",
        "mysql://pembaca:sandi-rahasia@db/posyandu",
    ],
    ids=["unparsable", "postgres-scheme", "unsupported-backend"],
)
def test_unusable_url_says_how_to_write_one(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    use_database(monkeypatch, url)
    message = assert_shows_only(run_page(), "tidak dapat dipakai", "postgresql+psycopg://")
    assert "sandi-rahasia" not in message
