"""Writing one new generation of the summary tables where the dashboard cannot see it half-done.

SQLite: a temporary file beside the live one, moved into place (``os.replace`` is atomic). PostgreSQL:
a schema ``posyandu_dashboard_next`` filled by ``COPY``, then renamed over the live schema in one
transaction. Either way the dashboard reads the old summaries or the new ones, never half of each.
"""

from __future__ import annotations

import io
import os
import typing
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy import Table, create_engine, insert, text

from data_access.loader import copy_text
from data_access.summaries.store import SCHEMA, Location, metadata, schema_map, sqlite_path

NEXT_SCHEMA = "posyandu_dashboard_next"
"""Where a PostgreSQL refresh builds the new generation before renaming it into ``SCHEMA``."""
assert NEXT_SCHEMA == SCHEMA + "_next"
# DDL on schema names cannot take bound parameters; these are constant statements, never formatted.
DROP_NEXT = text("DROP SCHEMA IF EXISTS posyandu_dashboard_next CASCADE")
CREATE_NEXT = text("CREATE SCHEMA posyandu_dashboard_next")
DROP_LIVE = text("DROP SCHEMA IF EXISTS posyandu_dashboard CASCADE")
RENAME_NEXT = text("ALTER SCHEMA posyandu_dashboard_next RENAME TO posyandu_dashboard")


class GenerationWriter:
    """Writes one new generation of the summary tables (see the module doc): :meth:`write` the rows,
    then :meth:`publish` them -- or :meth:`abandon` them on any failure."""

    def __init__(self, location: Location, grant_to: str | None) -> None:
        self.location = location
        self.grant_to = grant_to
        if location.sqlite:
            target = sqlite_path(location.url)
            assert target is not None
            self.final_path = target
            self.temp_path = target.with_name(f"{target.name}.tmp-{os.getpid()}")
            self.temp_path.unlink(missing_ok=True)
            self.engine = create_engine(f"sqlite:///{self.temp_path}")
            self.translate: dict[str | None, str | None] = schema_map(location)
        else:
            self.engine = create_engine(location.url)
            self.translate = {SCHEMA: NEXT_SCHEMA}
            with self.engine.begin() as conn:
                conn.execute(DROP_NEXT)
                conn.execute(CREATE_NEXT)
        with self.engine.begin() as conn:
            metadata.create_all(conn.execution_options(schema_translate_map=self.translate))

    def write(self, table: Table, records: Iterable[dict[str, object]]) -> int:
        """Add ``records`` to ``table`` of the new generation; how many rows were written."""
        rows = list(records)
        if not rows:
            return 0
        if self.engine.dialect.name == "postgresql":
            self._copy(table, rows)
        else:
            with self.engine.begin() as conn:
                conn.execution_options(schema_translate_map=self.translate).execute(insert(table), rows)
        return len(rows)

    def _copy(self, table: Table, rows: list[dict[str, object]]) -> None:
        """PostgreSQL ``COPY`` into the next schema: the fastest way in for millions of rows."""
        columns = [column.name for column in table.columns]
        buffer = io.StringIO()
        for row in rows:
            # COPY's text format reads backslash escapes: a JSON fact with an escaped quote
            # (idn-area-data has a desa named Soka"an, in JSON "Soka\"an") must keep its backslash.
            buffer.write("\t".join(copy_text(row[c]) for c in columns) + "\n")
        statement = sql.SQL("COPY {}.{} ({}) FROM STDIN").format(
            sql.Identifier(NEXT_SCHEMA),
            sql.Identifier(table.name),
            sql.SQL(", ").join(map(sql.Identifier, columns)),
        )
        with self._psycopg() as conn, conn.cursor() as cursor, cursor.copy(statement) as copy:
            copy.write(buffer.getvalue())

    def publish(self) -> None:
        """Make the new generation the live one, atomically."""
        if self.location.sqlite:
            self.engine.dispose()
            os.replace(self.temp_path, self.final_path)
            return
        with self._psycopg() as conn, conn.cursor() as cursor:
            cursor.execute(str(DROP_LIVE))
            cursor.execute(str(RENAME_NEXT))
            if self.grant_to:
                role, schema = sql.Identifier(self.grant_to), sql.Identifier(SCHEMA)
                cursor.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(schema, role))
                cursor.execute(sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA {} TO {}").format(schema, role))
        self.engine.dispose()

    @contextmanager
    def _psycopg(self) -> Iterator[psycopg.Connection[Any]]:
        """A pooled connection as psycopg's own (``COPY``, composed identifiers), committed at the end
        of the block and returned to the pool either way."""
        raw = self.engine.raw_connection()
        try:
            yield typing.cast(psycopg.Connection[Any], raw.driver_connection)
            raw.commit()
        finally:
            raw.close()

    def abandon(self) -> None:
        """Drop the unpublished generation (the live one stays as it was)."""
        if self.location.sqlite:
            self.engine.dispose()
            self.temp_path.unlink(missing_ok=True)
        else:
            with self.engine.begin() as conn:
                conn.execute(DROP_NEXT)
            self.engine.dispose()
