"""The dashboard never writes to the shared database: every page, on databases it cannot write.

(a) A copy of the sample in a folder that is read-only on disk (file 0444, folder 0555; as root,
    whom permission bits do not stop, the file and folder are also made immutable with ``chattr +i``).
    Every page must render, and the file's bytes must be unchanged, with no journal beside it.
(b) The sample on PostgreSQL, read through a role that has ``SELECT`` on the contract tables and
    nothing else. Every page must render, and every table's row count and checksum must be unchanged.

Plus the SQLite corner that needs ``immutable``: a WAL-mode file in a read-only folder.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from data_access.db import create_read_only_engine
from data_access.models import TABLES, Posyandu
from tests.conftest import ROOT, postgres_admin_url
from tests.dashboard.apptest import run_page, use_database
from tests.dashboard.test_faults_pages import PAGES
from tests.fixtures.tiny import TINY

LEVELS = ["36", "36.73.01"]  # a provinsi and a kecamatan of the sample


def _chattr(flag: str, *paths: Path) -> bool:
    if shutil.which("chattr") is None:
        return False
    return subprocess.run(["chattr", flag, *map(str, paths)], capture_output=True).returncode == 0


@contextmanager
def read_only_on_disk(folder: Path) -> Iterator[None]:
    """Make ``folder`` and its files unwritable for this process for the duration; undo afterwards."""
    files = [path for path in folder.iterdir() if path.is_file()]
    for path in files:
        path.chmod(0o444)
    folder.chmod(0o555)
    immutable = False
    if os.geteuid() == 0:
        immutable = _chattr("+i", *files, folder)
        if not immutable:
            folder.chmod(0o755)
            pytest.skip("running as root without chattr +i: the folder cannot be made read-only for this process")
    try:
        assert not os.access(folder, os.W_OK) and not any(os.access(path, os.W_OK) for path in files)
        yield
    finally:
        if immutable:
            _chattr("-i", *files, folder)
        folder.chmod(0o755)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _assert_page_renders(page: str, region: str) -> None:
    at = run_page(page, region=region, year="2025")
    assert not at.exception, (page, region, [exception.value for exception in at.exception])
    assert not at.error, (page, region, [error.value for error in at.error])


@pytest.fixture(scope="module")
def read_only_sample(sample_sqlite_url: str) -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="posyandu-ro-"))
    path = folder / "posyandu_sample.sqlite"
    shutil.copy(make_url(sample_sqlite_url).database or "", path)
    try:
        with read_only_on_disk(folder):
            yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("region", LEVELS)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_on_a_read_only_sqlite_file(
    page: str, region: str, read_only_sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _digest(read_only_sample)
    use_database(monkeypatch, f"sqlite:///{read_only_sample}")
    _assert_page_renders(page, region)
    assert _digest(read_only_sample) == before
    assert sorted(p.name for p in read_only_sample.parent.iterdir()) == ["posyandu_sample.sqlite"]


def test_wal_mode_file_in_a_read_only_folder_opens(tmp_path: Path) -> None:
    """SQLite wants a ``-shm`` file beside a WAL database even to read it; with no writer present the
    engine opens it ``immutable`` instead of failing with "attempt to write a readonly database"."""
    folder = tmp_path / "wal"
    folder.mkdir()
    path = folder / "wal.sqlite"
    writer = create_engine(f"sqlite:///{path}")
    from data_access.loader import load_dataset

    load_dataset(writer, TINY)
    writer.dispose()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode=WAL").fetchone() == ("wal",)
    assert sorted(p.name for p in folder.iterdir()) == ["wal.sqlite"]  # checkpointed on close
    with read_only_on_disk(folder):
        engine = create_read_only_engine(f"sqlite:///{path}")
        try:
            with engine.connect() as conn:
                assert conn.execute(select(func.count()).select_from(Posyandu)).scalar() == 3
        finally:
            engine.dispose()
        assert sorted(p.name for p in folder.iterdir()) == ["wal.sqlite"]


# --- PostgreSQL: a role with SELECT only ----------------------------------------------------------


def _checksums(url: str) -> dict[str, tuple[int, str]]:
    """Row count and an order-independent checksum of every contract table (read as the admin)."""
    engine = create_engine(url)
    sums = {}
    with engine.connect() as conn:
        for table in TABLES:
            row = conn.execute(
                text(
                    "SELECT count(*), coalesce(md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))), '') "
                    f'FROM "{table.name}" t'  # contract table names from the models, not input
                )
            ).one()
            sums[table.name] = (row[0], row[1])
    engine.dispose()
    return sums


@pytest.fixture(scope="module")
def select_only_sample() -> Iterator[tuple[str, str]]:
    """(admin URL, SELECT-only URL) of the sample loaded into a fresh PostgreSQL database."""
    admin = postgres_admin_url()
    if not admin:
        if os.environ.get("CI"):
            pytest.fail("CI=true but POSYANDU_TEST_POSTGRES_URL is not set")
        pytest.skip("POSYANDU_TEST_POSTGRES_URL not set (run scripts/test.sh to start a PostgreSQL server)")
    suffix = uuid.uuid4().hex[:8]
    database, role = f"t_sample_ro_{suffix}", f"select_only_{suffix}"
    server = create_engine(admin, isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{database}"'))  # generated names, not input
    admin_url = make_url(admin).set(database=database).render_as_string(hide_password=False)
    try:
        subprocess.run(
            [sys.executable, "-m", "sample_data.build", "--database-url", admin_url],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
            timeout=900,
        )
        owner = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with owner.connect() as conn:
            conn.execute(text(f"CREATE ROLE {role} LOGIN"))
            conn.execute(text(f'GRANT CONNECT ON DATABASE "{database}" TO {role}'))
            conn.execute(text(f"GRANT USAGE ON SCHEMA public TO {role}"))
            for table in TABLES:
                conn.execute(text(f'GRANT SELECT ON "{table.name}" TO {role}'))
        owner.dispose()
        yield admin_url, make_url(admin_url).set(username=role, password=None).render_as_string(hide_password=False)
    finally:
        with server.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
            conn.execute(text(f"DROP ROLE IF EXISTS {role}"))
        server.dispose()


@pytest.mark.postgres
def test_the_role_really_cannot_write(select_only_sample: tuple[str, str]) -> None:
    """Without the engine's read-only session, the role alone refuses writes (the test's premise)."""
    _, reader_url = select_only_sample
    plain = create_engine(reader_url)
    try:
        with pytest.raises(DBAPIError, match="permission denied"), plain.begin() as conn:
            conn.execute(text("DELETE FROM service_report"))
    finally:
        plain.dispose()


@pytest.mark.postgres
def test_every_page_through_a_select_only_role_changes_nothing(
    select_only_sample: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    admin_url, reader_url = select_only_sample
    before = _checksums(admin_url)
    assert before["service_report"][0] > 0
    use_database(monkeypatch, reader_url)
    for region in LEVELS:
        for page in PAGES:
            _assert_page_renders(page, region)
    assert _checksums(admin_url) == before
