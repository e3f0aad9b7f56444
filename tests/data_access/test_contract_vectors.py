"""The shared contract test vectors (``shared/contract/vectors``): six cases, every metric code.

Why: ``expected.json`` was worked out by another, independent reading of METRICS.md on a dirty
database (``dirty.sql``) that the figures will also be checked against; agreeing with it as well as
with our own hand-made database makes a misreading on either side visible. On SQLite the script is
loaded as it is; on PostgreSQL its rows are read back and loaded through the project's loader
(blank dates become NULL, text service values are dropped -- neither can change a metric).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from data_access import compute_metrics, get_engine, resolve_scope
from tests.fixtures.handmade import TODAY

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
VECTORS = SHARED / "contract" / "vectors"
DIRTY_SQL = VECTORS / "dirty.sql"
EXPECTED_JSON = VECTORS / "expected.json"

pytestmark = pytest.mark.skipif(
    not (DIRTY_SQL.is_file() and EXPECTED_JSON.is_file()),
    reason=f"shared contract vectors not found at {VECTORS} (the shared folder sits beside the repository)",
)


def _cases() -> list[dict]:
    if not EXPECTED_JSON.is_file():
        return []
    return json.loads(EXPECTED_JSON.read_text(encoding="utf-8"))


def _case_id(case: dict) -> str:
    return f"{case['region'] or 'country'}-{case['year']}-m{case['month']}"


@pytest.fixture(scope="module")
def sqlite_vectors(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``dirty.sql`` executed into a fresh SQLite file."""
    path = tmp_path_factory.mktemp("vectors") / "dirty.sqlite"
    connection = sqlite3.connect(path)
    try:
        connection.executescript(DIRTY_SQL.read_text(encoding="utf-8"))
        connection.commit()
    finally:
        connection.close()
    return path


def _read_tables(path: Path) -> dict[str, list[dict[str, object]]]:
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    try:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {table: [dict(row) for row in connection.execute(f'SELECT * FROM "{table}"')] for table in tables}
    finally:
        connection.close()


@pytest.fixture
def vectors_url(backend: str, sqlite_vectors: Path, database_factory) -> str:
    if backend == "sqlite":
        return f"sqlite:///{sqlite_vectors}"
    return database_factory.build(backend, "vectors", lambda: _read_tables(sqlite_vectors))


@pytest.mark.parametrize("case", _cases(), ids=_case_id)
def test_contract_vector(vectors_url: str, case: dict) -> None:
    engine = get_engine(vectors_url)
    scope = resolve_scope(engine, region_code=case["region"], year=case["year"], month=case["month"], today=TODAY)
    assert scope.period.month == case["month"]
    actual = compute_metrics(engine, scope).metrics
    expected: dict[str, float | int | None] = case["metrics"]
    assert set(expected) <= set(actual)
    wrong = []
    for code, want in expected.items():
        got = actual[code]
        if want is None or got is None:
            ok = want is None and got is None
        else:
            ok = got == pytest.approx(want, abs=0.05)
        if not ok:
            wrong.append(f"{code}: expected {want!r}, got {got!r}")
    assert not wrong, f"{_case_id(case)}:\n  " + "\n  ".join(wrong)
