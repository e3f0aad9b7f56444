"""``python -m sample_data.build``: deterministic, replaces the default file, and equal on PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from data_access import compute_metrics, resolve_scope, settings
from data_access.db import create_read_only_engine
from sample_data.build import build
from tests.conftest import POSTGRES_URL_ENV, postgres_admin_url
from tests.sample_data.conftest import TODAY, MetricsFor, build_with_cli, table_checksums

pytestmark = pytest.mark.slow


def quiet(_line: str) -> None:
    """Progress lines are for people; tests keep the output clean."""


def test_default_build_replaces_the_file_and_equals_the_cli_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, raw_sample: Engine
) -> None:
    """Building twice gives identical content, and the default target is created or replaced."""
    target = tmp_path / "build" / "posyandu_sample.sqlite"
    target.parent.mkdir()
    target.write_bytes(b"an old, broken file")  # a stale sample must be replaced, not appended to
    monkeypatch.setattr(settings, "SAMPLE_DATABASE_PATH", target)
    result = build(progress=quiet)

    assert result.written["service_report"] > 100_000
    assert not target.with_name(target.name + ".building").exists()
    engine = create_engine(f"sqlite:///{target}")
    try:
        assert table_checksums(engine) == table_checksums(raw_sample)
    finally:
        engine.dispose()


def test_another_seed_gives_another_sample_of_the_same_shape(tmp_path: Path, raw_sample: Engine) -> None:
    path = tmp_path / "seed7.sqlite"
    completed = build_with_cli(f"sqlite:///{path}", "--seed", "7")
    assert completed.returncode == 0, completed.stderr
    engine = create_engine(f"sqlite:///{path}")
    try:
        other, ours = table_checksums(engine), table_checksums(raw_sample)
    finally:
        engine.dispose()
    assert other["indicator"] == ours["indicator"]
    assert other["posyandu"] != ours["posyandu"] and other["service_report"] != ours["service_report"]


def test_unreachable_database_is_a_one_line_error_with_exit_2() -> None:
    completed = build_with_cli("postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert completed.returncode == 2
    assert completed.stderr.startswith("sample_data.build: cannot write the database:")
    assert len(completed.stderr.strip().splitlines()) == 1


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, uniquely named PostgreSQL database, dropped afterwards."""
    admin = postgres_admin_url()
    if not admin:
        if os.environ.get("CI"):
            pytest.fail(f"CI=true but {POSTGRES_URL_ENV} is not set: PostgreSQL tests cannot be skipped in CI")
        pytest.skip(f"{POSTGRES_URL_ENV} not set")
    name = f"t_sample_{uuid.uuid4().hex[:10]}"
    admin_engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with admin_engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))  # generated above, not user input
    try:
        yield make_url(admin).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin_engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin_engine.dispose()


@pytest.mark.postgres
def test_postgresql_build_gives_the_same_metrics_as_sqlite(postgres_url: str, metrics_for: MetricsFor) -> None:
    result = build(postgres_url, progress=quiet)
    # Only the SQLite-only dirt is lost: text in the numeric service value column.
    assert result.dropped == {"service_report": 3}

    engine = create_read_only_engine(postgres_url)
    try:
        ours = compute_metrics(engine, resolve_scope(engine, region_code="36.73", year=2025, today=TODAY))
    finally:
        engine.dispose()
    reference = metrics_for("36.73", 2025)
    pairs = [(ours.region, reference.region), *zip(ours.children, reference.children, strict=True)]
    for got, expected in pairs:
        assert got.code == expected.code
        assert set(got.metrics) == set(expected.metrics)
        for metric, value in expected.metrics.items():
            if value is None:
                assert got.metrics[metric] is None, (got.code, metric)
            else:
                assert got.metrics[metric] == pytest.approx(value, abs=1e-9), (got.code, metric)
