"""Everything reaching SQL is bound, never formatted: a scan of the source that fails on the pattern.

The scan reads the syntax tree, not the text, so it is not fooled by line breaks or comments: any
call that hands SQL text to the database (``text``, ``literal_column``, ``exec_driver_sql``,
``execute``, ``executescript``) must get a plain string literal (or a SQLAlchemy construct), never an
f-string, ``%``-formatting, ``+`` concatenation or ``.format()``. Values then travel as bound parameters.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ["data_access", "dashboard", "streamlit_app.py"]
SQL_SINKS = {"text", "literal_column", "exec_driver_sql", "execute", "executescript", "executemany"}


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _is_formatted(node: ast.expr) -> bool:
    """An f-string, ``"..." % x``, ``"..." + x`` or ``"...".format(x)``."""
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
        return True
    if not (isinstance(node, ast.Call) and _name(node.func) == "format" and isinstance(node.func, ast.Attribute)):
        return False
    return not _is_psycopg_composition(node.func.value)


def _is_psycopg_composition(receiver: ast.expr) -> bool:
    """``sql.SQL("... {} ...").format(sql.Identifier(name))``: psycopg's composition quotes every
    identifier it inserts (the one safe way to name a schema or role, which cannot be bound)."""
    return isinstance(receiver, ast.Call) and _name(receiver.func) == "SQL"


TEXT_MODULES = {"sqlalchemy", "sa", "sql"}
"""``text`` is SQLAlchemy's only as a bare name or ``sqlalchemy.text``: ``st.text`` (Streamlit showing a
user's text as text -- the safe way) and a drawing canvas's ``.text`` are not SQL."""


def _is_sql_sink(func: ast.expr) -> bool:
    name = _name(func)
    if name != "text":
        return name in SQL_SINKS
    return isinstance(func, ast.Name) or (
        isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in TEXT_MODULES
    )


def formatted_sql_calls(source: str, filename: str = "<source>") -> list[str]:
    """``file:line call(...)`` for every SQL sink called with a formatted string."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Call) and _is_sql_sink(node.func) and node.args and _is_formatted(node.args[0]):
            found.append(f"{filename}:{node.lineno} {_name(node.func)}(...)")
    return found


def _python_files() -> list[Path]:
    files: list[Path] = []
    for entry in SCANNED:
        path = ROOT / entry
        files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return files


def test_no_sql_is_built_by_string_formatting() -> None:
    offenders = [hit for path in _python_files() for hit in formatted_sql_calls(path.read_text(), str(path))]
    assert not offenders, "SQL built by string formatting (bind the values instead):\n" + "\n".join(offenders)


@pytest.mark.parametrize(
    "snippet",
    [
        "conn.execute(text(f\"SELECT * FROM region WHERE code = '{code}'\"))",
        "conn.execute(text(\"SELECT * FROM region WHERE code = '%s'\" % code))",
        'conn.execute(text("SELECT * FROM region WHERE code = \'" + code + "\'"))',
        "conn.exec_driver_sql(\"SELECT * FROM region WHERE code = '{}'\".format(code))",
        'cursor.execute(f"SELECT {column} FROM region")',
        "conn.execute(sqlalchemy.text(f\"SELECT * FROM region WHERE code = '{code}'\"))",
    ],
)
def test_the_scan_catches_each_formatting_style(snippet: str) -> None:
    assert formatted_sql_calls(snippet)


def test_the_scan_lets_bound_sql_through() -> None:
    bound = 'conn.execute(text("SELECT * FROM region WHERE code = :code"), {"code": code})\nconn.execute(select(x))'
    assert not formatted_sql_calls(bound)
    composed = 'cursor.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(sql.Identifier(s), sql.Identifier(r)))'
    assert not formatted_sql_calls(composed)
    shown = 'st.text(f"Rapat berjalan: {title}")\ncanvas.text(10, 20, "Kota " + name)'
    assert not formatted_sql_calls(shown)  # a user's text shown as text, a drawing: not SQL
