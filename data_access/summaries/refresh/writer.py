"""Writing one new generation of the summary tables where the dashboard cannot see it half-done.

SQLite: a temporary file beside the live one, moved into place (``os.replace`` is atomic). PostgreSQL:
a schema ``posyandu_dashboard_next`` filled by ``COPY``, then renamed over the live schema in one
transaction. Either way the dashboard reads the old summaries or the new ones, never half of each.
"""

from __future__ import annotations

import io
import os
import shutil
import typing
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy import Connection, MetaData, Table, create_engine, delete, insert, inspect, not_, select, text, tuple_

from data_access.loader import copy_text
from data_access.summaries.store import (
    CUT_TABLES,
    FORMAT_VERSION,
    SCHEMA,
    Location,
    blob_table,
    cut_table,
    metadata,
    schema_map,
    signature_table,
    sqlite_path,
    stamp_table,
)

NEXT_SCHEMA = "posyandu_dashboard_next"
"""Where a PostgreSQL refresh builds the new generation before renaming it into ``SCHEMA``."""
assert NEXT_SCHEMA == SCHEMA + "_next"
# DDL on schema names cannot take bound parameters; these are constant statements, never formatted.
DROP_NEXT = text("DROP SCHEMA IF EXISTS posyandu_dashboard_next CASCADE")
CREATE_NEXT = text("CREATE SCHEMA posyandu_dashboard_next")
DROP_LIVE = text("DROP SCHEMA IF EXISTS posyandu_dashboard CASCADE")
RENAME_NEXT = text("ALTER SCHEMA posyandu_dashboard_next RENAME TO posyandu_dashboard")


@dataclass(frozen=True)
class Previous:
    """The live generation as an incremental refresh needs it: its cuts and the source signatures
    they were built from."""

    cuts: tuple[tuple[int, int], ...]
    signatures: dict[tuple[str, str], str]


def previous_generation(location: Location) -> Previous | str:
    """The live generation's cuts and signatures, or why there is none to build on (then the refresh
    rebuilds everything): no store, another format, no signatures (a store of an older release)."""
    if location.sqlite:
        path = sqlite_path(location.url)
        if path is None or not path.exists():
            return "no previous generation"
        engine = create_engine(f"sqlite:///{path}")
    else:
        engine = create_engine(location.url)
    try:
        with engine.connect() as raw:
            conn = raw.execution_options(schema_translate_map=schema_map(location))
            names = set(inspect(raw).get_table_names(schema=None if location.sqlite else SCHEMA))
            if stamp_table.name not in names:
                return "no previous generation"
            if signature_table.name not in names:
                return "the previous generation has no signatures"
            return _read_previous(conn)
    finally:
        engine.dispose()


def _read_previous(conn: Connection) -> Previous | str:
    stamp = {row.key: row.value for row in conn.execute(select(stamp_table.c.key, stamp_table.c.value))}
    if stamp.get("format_version") != FORMAT_VERSION:
        return f"the previous generation has format {stamp.get('format_version')}, this release writes {FORMAT_VERSION}"
    rows = conn.execute(select(signature_table.c.source_table, signature_table.c.bucket, signature_table.c.signature))
    signatures = {(row.source_table, row.bucket): row.signature for row in rows}
    if not signatures:
        return "the previous generation has no signatures"
    cuts = tuple((int(row.year), int(row.month)) for row in conn.execute(select(cut_table.c.year, cut_table.c.month)))
    return Previous(cuts=tuple(sorted(cuts)), signatures=signatures)


class GenerationWriter:
    """Writes one new generation of the summary tables (see the module doc): :meth:`write` the rows,
    then :meth:`publish` them -- or :meth:`abandon` them on any failure.

    ``keep``: the cuts whose rows the new generation takes over from the live one unchanged (an
    incremental refresh); the data-quality blobs, the stamp and the signatures are always written anew."""

    def __init__(self, location: Location, grant_to: str | None, keep: Sequence[tuple[int, int]] = ()) -> None:
        self.location = location
        self.grant_to = grant_to
        if location.sqlite:
            target = sqlite_path(location.url)
            assert target is not None
            self.final_path = target
            self.temp_path = target.with_name(f"{target.name}.tmp-{os.getpid()}")
            self.temp_path.unlink(missing_ok=True)
            if keep:
                # A copy of the live file, then the rows not kept deleted: far quicker than reinserting.
                shutil.copyfile(self.final_path, self.temp_path)
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
        if keep:
            self._keep(list(keep))

    def _keep(self, keep: list[tuple[int, int]]) -> None:
        """The live rows of the ``keep`` cuts, and nothing else, in the new generation."""
        with self.engine.begin() as conn:
            if self.location.sqlite:
                local = conn.execution_options(schema_translate_map=self.translate)
                for table in CUT_TABLES:
                    local.execute(delete(table).where(not_(tuple_(table.c.year, table.c.month).in_(keep))))
                for table in (stamp_table, blob_table, signature_table):
                    local.execute(delete(table))
                return
            following = MetaData(schema=NEXT_SCHEMA)
            for table in CUT_TABLES:
                target = table.to_metadata(following, schema=NEXT_SCHEMA)
                columns = [column.name for column in table.columns]
                kept = select(*table.columns).where(tuple_(table.c.year, table.c.month).in_(keep))
                conn.execute(insert(target).from_select(columns, kept))

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
