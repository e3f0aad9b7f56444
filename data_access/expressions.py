"""SQL expression builders that mean the same thing on SQLite and PostgreSQL.

METRICS.md defines "present" text, dates that "count", true booleans and "valid" service values in
ways that must survive a dirty database. SQLite stores dates as text and lets any column hold any
value; PostgreSQL has real types. Each helper here hides that difference so the metric modules read
like the contract, and every value reaching SQL stays a bound parameter.
"""

from __future__ import annotations

import datetime as dt
import typing
from typing import Any

from sqlalchemy import (
    Date,
    Float,
    Integer,
    Numeric,
    SQLColumnExpression,
    String,
    and_,
    case,
    cast,
    func,
    literal,
    or_,
    true,
)
from sqlalchemy.sql.elements import ColumnElement

SqlColumn = SQLColumnExpression[Any]
"""What the helpers take: a mapped column (``Posyandu.sk_date``), a table or subquery column, or any
SQL expression built on one -- SQLAlchemy's own name for "anything that acts as a column"."""

# Characters METRICS.md removes before deciding whether a text is "present".
_BLANKS = (" ", "\t", "\r", "\n")


def as_element(column: SqlColumn) -> ColumnElement[Any]:
    """``column`` as the column element it stands for. A mapped attribute (``Posyandu.sk_date``) acts
    as its column wherever SQLAlchemy takes one -- ``label``, comparisons, functions -- but its type
    stubs do not say so; this says it once, for the helpers that return a column as it is."""
    return typing.cast(ColumnElement[Any], column)


def codepoint_order(column: SqlColumn, backend: str) -> SqlColumn:
    """``column`` compared by code point, as Python (and pandas) compare text: PostgreSQL's default
    collation is the database locale's (which ignores dots and case at first), SQLite's is already
    binary. Lists cut at N rows must cut at the same row on every backend and on either path (the
    raw tables, or the summary store, whose backend may differ from the source's)."""
    return column.collate("C") if backend == "postgresql" else column


class Dialect:
    """Expression builders for one backend (``sqlite`` or ``postgresql``)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.sqlite = name == "sqlite"

    # --- text --------------------------------------------------------------------------------
    def present(self, column: SqlColumn) -> ColumnElement[bool]:
        """Not null and not empty once spaces, tabs, CR and LF are removed."""
        stripped: SqlColumn = column
        for blank in _BLANKS:
            stripped = func.replace(stripped, literal(blank), literal(""))
        return and_(column.is_not(None), stripped != literal(""))

    # --- booleans ----------------------------------------------------------------------------
    def is_true(self, column: SqlColumn) -> ColumnElement[bool]:
        """True only for a stored true (1 on SQLite); any other stored value is false."""
        if self.sqlite:
            return and_(func.typeof(column).in_(("integer", "real")), column == 1)
        return column == true()

    # --- dates -------------------------------------------------------------------------------
    def date_value(self, column: SqlColumn) -> ColumnElement[Any]:
        """The column as a comparable date: first 10 characters of trimmed text on SQLite, blank = null."""
        if self.sqlite:
            return func.nullif(func.substr(func.trim(column), 1, 10), literal(""))
        return as_element(column)

    def date_param(self, value: dt.date) -> ColumnElement:
        """A bound date parameter comparable with :meth:`date_value`."""
        if self.sqlite:
            return literal(value.isoformat())
        return literal(value, Date)

    def date_counts(self, column: SqlColumn, cutoff: dt.date) -> ColumnElement[bool]:
        """A dated fact counts when its date is null (unknown) or not after ``cutoff`` = min(E, today)."""
        value = self.date_value(column)
        return or_(value.is_(None), value <= self.date_param(cutoff))

    def date_between(self, column: SqlColumn, start: dt.date, end: dt.date) -> ColumnElement[bool]:
        """A known date within [start, end]."""
        value = self.date_value(column)
        return and_(value.is_not(None), value >= self.date_param(start), value <= self.date_param(end))

    def date_after(self, column: SqlColumn, day: dt.date) -> ColumnElement[bool]:
        """A known date strictly after ``day`` (for the future-dated data-quality count)."""
        value = self.date_value(column)
        return and_(value.is_not(None), value > self.date_param(day))

    def month_of(self, column: SqlColumn) -> ColumnElement[int]:
        """Month number 1-12 of a date column."""
        if self.sqlite:
            return cast(func.substr(func.trim(column), 6, 2), Integer)
        return cast(func.extract("month", column), Integer)

    # --- codes -------------------------------------------------------------------------------
    def dot_position(self, text: SqlColumn) -> ColumnElement[int]:
        """1-based position of the first ``.`` in ``text``, 0 when there is none (``instr`` /
        ``strpos``: the one string search both backends -- and Citus -- have under different names)."""
        if self.sqlite:
            return func.instr(text, literal("."))
        return func.strpos(text, literal("."))

    def code_prefix2(self, code: SqlColumn) -> ColumnElement:
        """The first two dot-parts of a region code (``32.01`` of ``32.01.05.2003``), or the code
        itself when it has fewer parts: its kabupaten/kota-level ancestor by the code-prefix rule
        ``belongs_to`` applies, computed in SQL so a summary refresh can group by it."""
        first = self.dot_position(code)
        rest = func.substr(code, first + 1)
        second = self.dot_position(rest)
        return case(
            (first == 0, code),
            (second == 0, code),
            else_=func.substr(code, 1, first + second - 1),
        )

    # --- numbers -----------------------------------------------------------------------------
    def is_number(self, column: SqlColumn) -> ColumnElement[bool]:
        """A stored number: not null, not text, not NaN/infinite."""
        if self.sqlite:
            return and_(func.typeof(column).in_(("integer", "real")), func.abs(column) < 1e308)
        return and_(
            column.is_not(None),
            column > cast(literal("-Infinity", String), Numeric),
            column < cast(literal("Infinity", String), Numeric),
        )

    def valid_value(self, column: SqlColumn) -> ColumnElement[bool]:
        """METRICS.md "valid report" value: a number >= 0 (fractions allowed)."""
        return and_(self.is_number(column), column >= 0)

    def as_float(self, expression: SqlColumn) -> ColumnElement:
        """Cast an aggregate to a float so PostgreSQL ``NUMERIC`` never reaches Python as Decimal."""
        return cast(expression, Float)

    @staticmethod
    def flag(condition: ColumnElement[bool]) -> ColumnElement[int]:
        """1 when ``condition`` holds, else 0 -- for summing counts of a condition."""
        return case((condition, 1), else_=0)
