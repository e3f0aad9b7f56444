"""The sample database, built once per test session through its real command line.

Building takes a few seconds, so every sample test shares one SQLite build (in a temporary
directory, never the developer's ``sample_data/build`` file) and one cache of computed metrics.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, inspect, text

from data_access import MetricsResult, compute_metrics, resolve_scope
from data_access.db import create_read_only_engine

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 23)
"""A fixed "today" after the sample's last month (October 2026), so results never depend on the clock."""

MetricsFor = Callable[[str, int], MetricsResult]


def build_with_cli(url: str, *extra: str) -> subprocess.CompletedProcess[str]:
    """``python -m sample_data.build --database-url URL``, as a user runs it."""
    env = {key: value for key, value in os.environ.items() if key != "POSYANDU_DATABASE_URL"}
    return subprocess.run(
        [sys.executable, "-m", "sample_data.build", "--database-url", url, *extra],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
    )


def table_checksums(engine: Engine) -> dict[str, str]:
    """SHA-256 of every contract table's rows, sorted, so two builds can be compared exactly."""
    checksums = {}
    with engine.connect() as conn:
        for table in sorted(inspect(conn).get_table_names()):
            rows = conn.execute(text(f'SELECT * FROM "{table}"')).all()  # names come from the schema itself
            digest = hashlib.sha256()
            for row in sorted(repr(tuple(row)) for row in rows):
                digest.update(row.encode())
            checksums[table] = digest.hexdigest()
    return checksums


@pytest.fixture(scope="session")
def sample_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sample") / "posyandu_sample.sqlite"
    result = build_with_cli(f"sqlite:///{path}")
    assert result.returncode == 0, result.stderr
    assert "Done in" in result.stdout
    return path


@pytest.fixture(scope="session")
def sample_engine(sample_path: Path) -> Iterator[Engine]:
    """Read-only, as the dashboard opens it."""
    engine = create_read_only_engine(f"sqlite:///{sample_path}")
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def raw_sample(sample_path: Path) -> Iterator[Engine]:
    """A plain engine for checks that look at stored values the metric API deliberately hides."""
    engine = create_engine(f"sqlite:///{sample_path}")
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def metrics_for(sample_engine: Engine) -> MetricsFor:
    """(region code, year) -> :class:`MetricsResult` on the sample, computed once each."""

    @cache
    def compute(code: str, year: int) -> MetricsResult:
        return compute_metrics(sample_engine, resolve_scope(sample_engine, region_code=code, year=year, today=TODAY))

    return compute
