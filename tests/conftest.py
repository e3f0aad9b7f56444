"""Shared fixtures: every metric test runs on SQLite and on a real PostgreSQL server.

PostgreSQL comes from ``POSYANDU_TEST_POSTGRES_URL`` (an admin URL such as
``postgresql+psycopg://postgres@127.0.0.1:54329/postgres``), which ``scripts/test.sh`` sets after
starting its own server. Without it the PostgreSQL half is skipped -- except under ``CI=true``,
where a missing server is a failure, so CI can never go green on SQLite alone.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from data_access.loader import LoadReport, load_dataset
from data_access.models import TABLES

ROOT = Path(__file__).resolve().parents[1]
POSTGRES_URL_ENV = "POSYANDU_TEST_POSTGRES_URL"
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]

Dataset = Mapping[str, Iterable[Mapping[str, object]]]

# A refresh on PostgreSQL waits for the row counters to stand still (data_access.summaries.refresh.job):
# 11 s in production, for a loader's idle connection; the tests' writers disconnect, which publishes at
# once, so 1.5 s is enough and keeps the PostgreSQL half of the suite from waiting minutes in all.
os.environ.setdefault("POSYANDU_SUMMARY_STATS_QUIET_SECONDS", "1.5")

ALTERED_ON_PURPOSE = {
    "tiny_broken_contract": "tests/data_access/test_health.py drops a table and a column to break the contract",
    "handmade_stale": "tests/data_access/test_summaries.py adds a Posyandu to make its summaries stale",
    **{
        name: "tests/data_access/test_summaries_incremental.py writes rows, then refreshes incrementally"
        for name in ("incr_new_month", "incr_old_report", "incr_deleted", "incr_posyandu", "incr_sample")
    },
}
"""Shared PostgreSQL databases a test changes on purpose: the only ones not checksummed at the end."""

Checksums = dict[str, tuple[int, str]]


def table_checksums(url: str) -> Checksums:
    """Row count and an order-independent md5 of every contract table present, one aggregate query per table
    (cheap enough to run at setup and teardown of a database holding the whole sample)."""
    engine = create_engine(url)
    sums: Checksums = {}
    try:
        with engine.connect() as conn:
            present = set(inspect(conn).get_table_names())
            quote = conn.dialect.identifier_preparer.quote
            for table in TABLES:
                if table.name not in present:
                    continue
                row = conn.execute(
                    text(  # a contract table's name from the models, quoted by the dialect: not input
                        "SELECT count(*), coalesce(md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))), '') "
                        f"FROM {quote(table.name)} t"
                    )
                ).one()
                sums[table.name] = (int(row[0]), str(row[1]))
    finally:
        engine.dispose()
    return sums


def checksum_differences(name: str, before: Checksums, after: Checksums) -> list[str]:
    """One readable line per contract table whose rows changed (or that appeared or vanished)."""
    lines = []
    for table in sorted(set(before) | set(after)):
        if before.get(table) != after.get(table):
            was, now = before.get(table), after.get(table)
            lines.append(
                f"{name}.{table}: "
                + (f"{was[0]} rows md5 {was[1]}" if was else "absent")
                + " -> "
                + (f"{now[0]} rows md5 {now[1]}" if now else "absent")
            )
    return lines


def postgres_admin_url() -> str | None:
    return os.environ.get(POSTGRES_URL_ENV) or None


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Parametrises a test over SQLite and PostgreSQL."""
    name = request.param
    if name == "postgresql" and not postgres_admin_url():
        if os.environ.get("CI"):
            pytest.fail(f"CI=true but {POSTGRES_URL_ENV} is not set: PostgreSQL tests cannot be skipped in CI")
        pytest.skip(f"{POSTGRES_URL_ENV} not set (run scripts/test.sh to start a PostgreSQL server)")
    return name


class DatabaseFactory:
    """Builds each named test database once per session and per backend, and drops them at the end.

    The PostgreSQL ones are the suite's shared databases on that backend (the sample among them, built by
    ``sample_data.build`` into a database the factory handed out empty), so, as for the SQLite sample file,
    whatever the tests did must leave them as they were: every contract table is checksummed when the factory
    filled the database (or, for one handed out empty and filled by its first test, when it is asked for
    again) and compared before the database is dropped; a difference fails the run, naming the tables.
    """

    def __init__(self, tmp_dir: Path) -> None:
        self._tmp_dir = tmp_dir
        self._built: dict[tuple[str, str], tuple[str, LoadReport]] = {}
        self._pg_databases: list[str] = []
        self._baselines: dict[str, tuple[str, Checksums]] = {}
        """PostgreSQL URL -> (test database name, checksums at setup)."""

    def build(self, backend: str, name: str, dataset: Dataset | Callable[[], Dataset]) -> str:
        """Return a (writable) URL of database ``name`` on ``backend``, loading ``dataset`` once."""
        return self.build_with_report(backend, name, dataset)[0]

    def build_with_report(
        self, backend: str, name: str, dataset: Dataset | Callable[[], Dataset]
    ) -> tuple[str, LoadReport]:
        key = (backend, name)
        if key not in self._built:
            data = dataset() if callable(dataset) else dataset
            url = self._new_url(backend, name)
            engine = create_engine(url)
            try:
                report = load_dataset(engine, data)
            finally:
                engine.dispose()
            self._built[key] = (url, report)
            if data:
                self._take_baseline(backend, name, url)
        else:
            self._take_baseline(backend, name, self._built[key][0])
        return self._built[key]

    def _take_baseline(self, backend: str, name: str, url: str) -> None:
        if backend == "postgresql" and name not in ALTERED_ON_PURPOSE and url not in self._baselines:
            self._baselines[url] = (name, table_checksums(url))

    def changed_databases(self) -> list[str]:
        """What changed in the shared PostgreSQL databases since their baseline (empty when nothing did)."""
        lines = []
        for url, (name, before) in self._baselines.items():
            lines += checksum_differences(name, before, table_checksums(url))
        return lines

    def _new_url(self, backend: str, name: str) -> str:
        safe = re.sub(r"[^a-z0-9_]", "_", name.lower())
        if backend == "sqlite":
            return f"sqlite:///{self._tmp_dir / (safe + '.sqlite')}"
        admin = postgres_admin_url()
        assert admin, "PostgreSQL requested without a server"
        db_name = f"t_{safe}_{uuid.uuid4().hex[:8]}"
        admin_engine = create_engine(admin, isolation_level="AUTOCOMMIT")
        with admin_engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{db_name}"'))  # name is generated above, not user input
        admin_engine.dispose()
        self._pg_databases.append(db_name)
        return make_url(admin).set(database=db_name).render_as_string(hide_password=False)

    def close(self) -> None:
        from data_access.db import get_engine

        get_engine.cache_clear()
        admin = postgres_admin_url()
        if not admin or not self._pg_databases:
            return
        try:
            changed = self.changed_databases()
        finally:
            self._drop_all()
        if changed:
            raise AssertionError("the suite changed its shared PostgreSQL databases:\n" + "\n".join(changed))

    def _drop_all(self) -> None:
        admin = postgres_admin_url()
        assert admin is not None
        admin_engine = create_engine(admin, isolation_level="AUTOCOMMIT")
        with admin_engine.connect() as conn:
            for db_name in self._pg_databases:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)'))
        admin_engine.dispose()


@pytest.fixture(scope="session")
def database_factory(tmp_path_factory: pytest.TempPathFactory):
    factory = DatabaseFactory(tmp_path_factory.mktemp("databases"))
    yield factory
    factory.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="session")
def sample_sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample database (``python -m sample_data.build``), built once per session into a temp file.

    Page tests (AppTest and the browser), the briefing, the load harness and the Tindak Lanjut store
    tests run on it: real regions, real scale, every dirty case. It is the suite's shared database,
    so after the last test that used it, it must be byte-identical to what was built: whatever the
    dashboard wrote (follow-ups, summaries) went somewhere else. A difference fails the run."""
    path = tmp_path_factory.mktemp("sample") / "posyandu_sample.sqlite"
    url = f"sqlite:///{path}"
    subprocess.run(
        [sys.executable, "-m", "sample_data.build", "--database-url", url],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    built = _digest(path)
    yield url
    assert _digest(path) == built, f"the suite changed the shared sample database {path}"
