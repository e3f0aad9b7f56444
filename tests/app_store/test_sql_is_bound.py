"""The store's SQL is bound, never formatted: the same scan as ``data_access`` and ``dashboard`` get
(``tests/data_access/test_health_sql_is_bound.py``), over ``app_store`` and its migrations."""

from __future__ import annotations

from pathlib import Path

from tests.data_access.test_health_sql_is_bound import formatted_sql_calls

PACKAGE = Path(__file__).resolve().parents[2] / "app_store"


def test_no_sql_in_the_store_is_built_by_string_formatting() -> None:
    files = sorted(PACKAGE.rglob("*.py"))
    assert any(path.parent.name == "versions" for path in files)
    offenders = [hit for path in files for hit in formatted_sql_calls(path.read_text(), str(path))]
    assert not offenders, "SQL built by string formatting (bind the values instead):\n" + "\n".join(offenders)
