"""Writing the contract's schema and rows -- for the sample builder and the tests only.

The dashboard never imports this module: it is the one place that writes, and it writes only
to databases the project builds itself (the sample, the test fixtures, the scale generator).

Rows are plain dicts keyed by column name, with dates as ISO text and booleans as 0/1, the way
the contract describes SQLite. On PostgreSQL the values are converted to the column types, and a
row that PostgreSQL cannot hold at all (text in a numeric column, a blank date that is not NULL,
a boolean that is not 0/1) is converted where the contract gives it a meaning (a blank date is
null) or else dropped and reported -- such dirt exists only in SQLite databases.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from psycopg import sql
from sqlalchemy import Engine, Index, Table, insert

from data_access.models import Base, Kader, Region, ServiceReport, Training

Row = Mapping[str, object]


@dataclass
class LoadReport:
    """How many rows were written, and which were dropped because the backend cannot hold them."""

    written: dict[str, int] = field(default_factory=dict)
    dropped: dict[str, list[Row]] = field(default_factory=dict)


QUERY_INDEXES: tuple[Index, ...] = (
    Index("ix_region_level_code", Region.level, Region.code),
    Index("ix_training_kader_type", Training.kader_id, Training.training_type, Training.completed_on),
    Index("ix_kader_posyandu_active", Kader.posyandu_id, Kader.active, Kader.role),
    Index("ix_service_report_indicator_period", ServiceReport.indicator_code, ServiceReport.period),
)
"""Indexes the dashboard's queries need beyond the keys (measured in docs/performance.md):

- ``region (level, code)``: child regions and the region family pick regions by level;
- ``training (kader_id, training_type, completed_on)``: "has a training of these types that counts"
  is an EXISTS per kader, answered from the index alone;
- ``kader (posyandu_id, active, role)``: K per posyandu without reading the kader rows;
- ``service_report (indicator_code, period)``: the orphan-indicator check and per-indicator scans.

The dashboard never creates them (it cannot write); the loader does for the databases it builds, and
``python -m data_access.summaries indexes`` does for a shared database, run with a role that may."""


def create_indexes(engine: Engine) -> list[str]:
    """Create the :data:`QUERY_INDEXES` that do not exist yet (the keys' own come with the tables);
    returns their names. Run after a bulk load: building an index once is faster than keeping it."""
    for index in QUERY_INDEXES:
        index.create(engine, checkfirst=True)
    return [str(index.name) for index in QUERY_INDEXES]


def create_schema(engine: Engine, *, drop_first: bool = False) -> None:
    """Create every contract table (and the keys' indexes) on ``engine``."""
    if drop_first:
        Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)


_DATE_COLUMNS = {
    (table.name, column.name)
    for table in Base.metadata.sorted_tables
    for column in table.columns
    if column.type.__class__.__name__ == "Date"
}
_BOOL_COLUMNS = {
    (table.name, column.name)
    for table in Base.metadata.sorted_tables
    for column in table.columns
    if column.type.__class__.__name__ == "Boolean"
}
_NUMERIC_COLUMNS = {
    (table.name, column.name)
    for table in Base.metadata.sorted_tables
    for column in table.columns
    if column.type.__class__.__name__ == "Numeric"
}


class _Unrepresentable(ValueError):
    pass


def _to_postgres(table: str, column: str, value: object) -> object:
    """Convert one SQLite-style value to what a PostgreSQL column of the contract can hold."""
    key = (table, column)
    if value is None:
        return None
    if key in _DATE_COLUMNS:
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        if text == "":
            return None
        try:
            return dt.date.fromisoformat(text[:10])
        except ValueError as exc:
            raise _Unrepresentable(f"{column}={value!r}") from exc
    if key in _BOOL_COLUMNS:
        if value in (0, 1, True, False):
            return bool(value)
        return False  # "any other stored value is false"
    if key in _NUMERIC_COLUMNS:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _Unrepresentable(f"{column}={value!r}")
        return value
    return value


def copy_text(value: object) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def insert_rows(engine: Engine, table: Table | str, rows: Iterable[Row], *, batch: int = 50_000) -> LoadReport:
    """Insert ``rows`` into ``table``; PostgreSQL through ``COPY``, SQLite through executemany."""
    table_obj = Base.metadata.tables[table] if isinstance(table, str) else table
    columns = [column.name for column in table_obj.columns]
    report = LoadReport(written={table_obj.name: 0}, dropped={table_obj.name: []})
    postgres = engine.dialect.name == "postgresql"
    buffer: list[Row] = []

    def flush() -> None:
        if not buffer:
            return
        if postgres:
            out = io.StringIO()
            for row in buffer:
                try:
                    values = [_to_postgres(table_obj.name, c, row.get(c)) for c in columns]
                except _Unrepresentable:
                    report.dropped[table_obj.name].append(row)
                    continue
                out.write("\t".join(copy_text(v) for v in values) + "\n")
                report.written[table_obj.name] += 1
            statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
                sql.Identifier(table_obj.name), sql.SQL(", ").join(map(sql.Identifier, columns))
            )
            raw = engine.raw_connection()
            try:
                cursor = raw.cursor()
                with cursor.copy(statement) as copy:
                    copy.write(out.getvalue())
                raw.commit()
            finally:
                raw.close()
        else:
            with engine.begin() as conn:
                conn.execute(insert(table_obj), [{c: row.get(c) for c in columns} for row in buffer])
            report.written[table_obj.name] += len(buffer)
        buffer.clear()

    for row in rows:
        buffer.append(row)
        if len(buffer) >= batch:
            flush()
    flush()
    return report


def load_dataset(engine: Engine, dataset: Mapping[str, Iterable[Row]], *, drop_first: bool = False) -> LoadReport:
    """Create the schema and load ``{table name: rows}``; returns what was written and dropped."""
    create_schema(engine, drop_first=drop_first)
    total = LoadReport()
    for name, rows in dataset.items():
        part = insert_rows(engine, name, rows)
        total.written.update(part.written)
        total.dropped.update(part.dropped)
    create_indexes(engine)
    return total
