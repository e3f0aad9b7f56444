"""PostgreSQL faults through AppTest, on a private server the test stops, restarts and locks.

- The server goes down while the app runs: the page says which server does not answer; when it is
  back, the same app session (same process, same cached engine) shows the figures again.
- A password is rejected: the page names the user and the server, never the password.
- A role without ``SELECT``: the page names the table and the ``GRANT`` to ask for.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import streamlit as st
from sqlalchemy import create_engine

from data_access.loader import load_dataset
from tests.dashboard.apptest import metric_values, run_page, use_database
from tests.dashboard.private_postgres import PrivatePostgres, postgres_bin
from tests.dashboard.test_faults_pages import assert_shows_only
from tests.fixtures.tiny import TINY

pytestmark = pytest.mark.postgres

DATABASE = "posyandu_faults"
READER, PASSWORD = "pembaca_faults", "Sandi-Benar-123"
NO_GRANT = "tanpa_hak"


@pytest.fixture(scope="module")
def server() -> Iterator[PrivatePostgres]:
    if postgres_bin() is None:
        if os.environ.get("CI"):
            pytest.fail("CI=true but PostgreSQL is not installed")
        pytest.skip("PostgreSQL is not installed")
    pg = PrivatePostgres()
    try:
        pg.admin([f'CREATE DATABASE "{DATABASE}"'])
        writer = create_engine(pg.url(DATABASE))
        load_dataset(writer, TINY)
        writer.dispose()
        pg.admin(
            [
                f"CREATE ROLE {READER} LOGIN PASSWORD '{PASSWORD}'",
                f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {READER}",
                f"CREATE ROLE {NO_GRANT} LOGIN",
            ],
            database=DATABASE,
        )
        pg.require_password(READER)
        yield pg
    finally:
        pg.destroy()


def test_server_down_then_back_without_restarting_the_app(
    server: PrivatePostgres, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_database(monkeypatch, server.url(DATABASE, READER, PASSWORD))
    at = run_page("ringkasan.py", year="2025")
    assert not at.exception and not at.error
    figures = metric_values(at)
    assert figures["Jumlah Posyandu"] == "3"

    server.stop()
    try:
        # Figures already computed stay cached for CACHE_TTL_SECONDS; clearing the cache stands in for
        # that time passing, so the next run really asks the stopped server.
        st.cache_data.clear()
        at.run()
        assert_shows_only(at, f"Server database di 127.0.0.1:{server.port} tidak menjawab", "muat ulang")
    finally:
        server.start()

    at.run()  # the same AppTest: same process, same cached engine whose pooled connections died
    assert not at.exception and not at.error
    assert metric_values(at) == figures


def test_wrong_password_names_the_user_not_the_password(
    server: PrivatePostgres, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_database(monkeypatch, server.url(DATABASE, READER, "Sandi-Salah-999"))
    at = run_page("kader.py")
    message = assert_shows_only(
        at, f"Kata sandi database ditolak untuk pengguna `{READER}` di server 127.0.0.1:{server.port}", "pg_hba.conf"
    )
    assert "Sandi-Salah-999" not in message and PASSWORD not in message
    shown = " ".join(str(element.value) for element in at.main if hasattr(element, "value"))
    assert "Sandi-Salah-999" not in shown

    use_database(monkeypatch, server.url(DATABASE, READER, PASSWORD))  # the right one: the page works
    at = run_page("kader.py", year="2025")
    assert not at.exception and not at.error and at.metric


def test_role_without_select_gets_the_grant_to_ask_for(
    server: PrivatePostgres, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_database(monkeypatch, server.url(DATABASE, NO_GRANT))
    at = run_page()
    assert_shows_only(at, f"Pengguna database `{NO_GRANT}` tidak punya izin membaca tabel", f"TO {NO_GRANT};")


def test_missing_database_on_a_running_server(server: PrivatePostgres, monkeypatch: pytest.MonkeyPatch) -> None:
    use_database(monkeypatch, server.url("posyandu_salah_nama", READER, PASSWORD))
    assert_shows_only(run_page(), f"Database `posyandu_salah_nama` tidak ada di server 127.0.0.1:{server.port}")
