"""Where the summaries live, and their tables.

The shared database is read-only for the dashboard, so the summaries live in a place the dashboard
owns, written only by the refresh command (run with a writer role):

- **PostgreSQL**: the schema ``posyandu_dashboard`` of the same database (default), or of the database
  given by ``POSYANDU_SUMMARY_URL`` / ``--summary-url`` (a side database). The read-only dashboard
  role only needs ``USAGE`` on the schema and ``SELECT`` on its tables.
- **SQLite**: a side file beside the database, ``<name>.summaries.sqlite`` (default), or the file of
  ``POSYANDU_SUMMARY_URL``; the dashboard opens it read-only, like the database itself.

Every table is declared in the ``posyandu_dashboard`` schema; on a SQLite side file (which has no
schemas) the schema is translated away at execution time.

This is the storage layer: it names its columns after the count keys of :mod:`data_access.count_keys`
and imports no module that computes a figure, so every such module may read its counts back from here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from sqlalchemy import Column, Index, Integer, MetaData, Table, Text
from sqlalchemy.engine import make_url

from data_access.count_keys import (
    EXCLUDED_COUNTS,
    FUNDING_COUNTS,
    GAP_STATUS_COUNTS,
    KADER_COUNTS,
    POSYANDU_COUNTS,
    REGION_COUNTS,
    SERVICE_COUNTS,
    STUCK_STEPS,
    TRAINING_COUNTS,
)

SCHEMA = "posyandu_dashboard"
FACT_PREFIX_PARTS = 4
SUMMARY_URL_ENV = "POSYANDU_SUMMARY_URL"
SIDE_FILE_SUFFIX = ".summaries.sqlite"
FORMAT_VERSION = "7"
"""Bumped whenever the tables change meaning: a store of another version counts as missing."""

METRIC_FAMILIES: dict[str, tuple[str, ...]] = {
    "posyandu": POSYANDU_COUNTS,
    "kader": KADER_COUNTS,
    "services": SERVICE_COUNTS,
    "funding": FUNDING_COUNTS,
    "regions": REGION_COUNTS,
}
"""The count families of ``compute_metrics``; their merged keys are ``<family>.<name>``."""

GROUPS: dict[str, tuple[str, ...]] = {
    "metrics": tuple(f"{family}.{name}" for family, names in METRIC_FAMILIES.items() for name in names),
    "training": tuple(f"training.{name}" for name in TRAINING_COUNTS),
    "excluded": tuple(f"excluded.{name}" for name in EXCLUDED_COUNTS),
    "gapstatus": tuple(f"gapstatus.{name}" for name in GAP_STATUS_COUNTS),
    "stuck": tuple(f"stuck.{step}" for step in STUCK_STEPS),
}
"""Summary group -> the count keys it stores (one column each, ``.`` written as ``__``).

``excluded`` (dirty rows left out, shown on every page) counts dates after *today*, so it is used only
on the day of the refresh (``TODAY_GROUPS``); the others hold for any day after the cut's month.
``stuck`` counts the desa/kelurahan of a region by the readiness step each is stuck at
(``data_access.institution.stuck_step``): a desa's step does not depend on the region asked for, so
the counts add up over desa like the rest, and the Kelembagaan page's counts per child need no
per-desa rows."""

TODAY_GROUPS = frozenset({"excluded"})


def column_name(key: str) -> str:
    return key.replace(".", "__")


metadata = MetaData(schema=SCHEMA)

stamp_table = Table(
    "summary_stamp",
    metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)
"""``format_version``, ``fingerprint`` (JSON of the source fingerprint), ``refreshed_at``, ``today``."""

cut_table = Table(
    "summary_cut",
    metadata,
    Column("year", Integer, primary_key=True, autoincrement=False),
    Column("month", Integer, primary_key=True, autoincrement=False),
    Column("indicators", Integer, nullable=False),
)
"""The period cuts (year Y cut at month M) the counts cover, with the catalogue size at that time."""

counts_table = Table(
    "region_cut_counts",
    metadata,
    Column("year", Integer, primary_key=True, autoincrement=False),
    Column("month", Integer, primary_key=True, autoincrement=False),
    Column("target", Text, primary_key=True),
    *(Column(column_name(key), Integer, nullable=False) for group in GROUPS.values() for key in group),
)
"""One row per (cut, region code at any level, '' = the country): every count of every group.

Counts are those of METRICS.md for the region's subtree -- sums over its desa/kelurahan of exact
per-desa counts (each posyandu lies in one desa, so distinct counts stay exact), except
``services.indicators_served``, rolled up as a set union of the indicators served."""

blob_table = Table(
    "summary_blob",
    metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)
"""Whole-database results as JSON, valid on the refresh day only: ``data_quality`` (every check with
up to ``quality.DEFAULT_LIMIT`` offenders), a scan of every row the dashboard would repeat per process."""


breakdown_table = Table(
    "breakdown_rows",
    metadata,
    Column("year", Integer, primary_key=True, autoincrement=False),
    Column("month", Integer, primary_key=True, autoincrement=False),
    Column("target", Text, primary_key=True),
    Column("kind", Text, primary_key=True),
    Column("key", Text, primary_key=True),
    Column("m", Integer, primary_key=True, autoincrement=False),
    Column("total", Text, nullable=True),
    Column("n", Integer, nullable=False),
)
"""The service breakdowns (``data_access.breakdowns.services.BREAKDOWN_KINDS``) and the funding ones
(``data_access.breakdowns.funding.FUNDING_KINDS``: ``budget`` with key = source, m = budget year --
every year, filtered on reading --, total = the exact sum, n = posyandu; ``partnership`` with key =
partner type, total = partnerships, n = posyandu) per cut, for the country, each provinsi and each
kabupaten/kota (:data:`BREAKDOWN_MAX_PARTS`): below that a region's rows are few and the raw tables
answer quickly. ``total`` is an exact sum (or a count) as text."""

BREAKDOWN_MAX_PARTS = 2

facts_table = Table(
    "posyandu_cut_facts",
    metadata,
    Column("year", Integer, primary_key=True, autoincrement=False),
    Column("month", Integer, primary_key=True, autoincrement=False),
    Column("posyandu_id", Integer, primary_key=True, autoincrement=False),
    *(Column(f"p{n}", Text, nullable=True) for n in range(1, FACT_PREFIX_PARTS + 1)),
    Column("desa_code", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("kader_count", Integer, nullable=False),
    Column("gap_count", Integer, nullable=False),
    Column("facts", Text, nullable=False),
    Index("ix_posyandu_cut_facts_kader", "year", "month", "kader_count"),
    Index("ix_posyandu_cut_facts_p1", "year", "month", "p1", "kader_count"),
    Index("ix_posyandu_cut_facts_p2", "year", "month", "p2", "kader_count"),
    Index("ix_posyandu_cut_facts_p3", "year", "month", "p3", "kader_count"),
    Index("ix_posyandu_cut_facts_p4", "year", "month", "p4", "kader_count"),
)
"""Per cut, each posyandu of P with the facts its gaps derive from (``data_access.gaps.FACT_COLUMNS``,
as JSON, which round-trips every stored value exactly) -- the camat's list, the map points and the gap
status per child region. ``p<n>`` is the desa code's first n parts, so a region's posyandu are an
equality lookup on an index (``p<parts of R>`` = R's code).

``desa_code``, ``name``, ``kader_count`` (active kader) and ``gap_count`` repeat facts as plain
columns, so a list that needs only some posyandu (the kader page's under-5 list: ``kader_count`` < 5,
fewest first, the first N) is filtered, ordered and cut in SQL -- on the same index, ``kader_count``
being its last column -- and only the JSON of the rows shown is parsed."""

desa_rows_table = Table(
    "desa_cut_rows",
    metadata,
    Column("year", Integer, primary_key=True, autoincrement=False),
    Column("month", Integer, primary_key=True, autoincrement=False),
    Column("kind", Text, primary_key=True),
    Column("seq", Integer, primary_key=True, autoincrement=False),
    *(Column(f"p{n}", Text, nullable=True) for n in range(1, FACT_PREFIX_PARTS + 1)),
    Column("row", Text, nullable=False),
    Index("ix_desa_cut_rows_p1", "year", "month", "kind", "p1"),
    Index("ix_desa_cut_rows_p2", "year", "month", "kind", "p2"),
    Index("ix_desa_cut_rows_p3", "year", "month", "kind", "p3"),
    Index("ix_desa_cut_rows_p4", "year", "month", "kind", "p4"),
)
"""Per cut, rows of a per-desa list computed for the whole country, in their order (``seq``), as JSON,
with the desa code's prefixes: a desa's row does not depend on the region asked for, so a region's
list is the rows under its code. Kinds: ``stopped_reporting``, and ``readiness.<step>`` -- the
``desa_readiness`` rows (without ``child_code``, which depends on the scope) split by the step each
desa is stuck at, so a list of the desa stuck at some steps, or its first N, is an indexed lookup
(``seq`` runs over every step of the cut in desa-code order)."""

signature_table = Table(
    "summary_signature",
    metadata,
    Column("source_table", Text, primary_key=True),
    Column("bucket", Text, primary_key=True),
    Column("signature", Text, nullable=False),
)
"""What the summaries were built from, for the next incremental refresh: per contract table and bucket
(a report month ``YYYY-MM``, or a bucket whose rows may touch every cut), a signature of its rows (see
``data_access.summaries.refresh.signature``). The dashboard never reads it."""

CUT_TABLES = (cut_table, counts_table, breakdown_table, facts_table, desa_rows_table)
"""The tables keyed by cut (``year``, ``month``): what an incremental refresh copies or rebuilds per cut."""

TABLES = (
    stamp_table,
    cut_table,
    counts_table,
    blob_table,
    breakdown_table,
    facts_table,
    desa_rows_table,
    signature_table,
)


@dataclass(frozen=True)
class Location:
    """Where the summaries of one source database are: a URL, and whether it is the source itself."""

    url: str
    same_database: bool

    @property
    def sqlite(self) -> bool:
        return make_url(self.url).get_backend_name() == "sqlite"

    def describe(self) -> str:
        safe = make_url(self.url).render_as_string(hide_password=True)
        return f"schema {SCHEMA} of {safe}" if not self.sqlite else f"side file {make_url(self.url).database}"


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL, plain or the read-only ``file:...?mode=ro`` URI form; None in memory."""
    database = make_url(url).database or ""
    if database.startswith("file:"):
        database = unquote(database[len("file:") :])
    if database in ("", ":memory:"):
        return None
    return Path(database).resolve()


def side_file_url(source_url: str) -> str | None:
    """``sqlite:///dir/name.summaries.sqlite`` beside a SQLite file (None for an in-memory database)."""
    path = sqlite_path(source_url)
    if path is None:
        return None
    return f"sqlite:///{path.with_name(path.stem + SIDE_FILE_SUFFIX)}"


def location_for(source_url: str, summary_url: str | None = None) -> Location | None:
    """Where the summaries of ``source_url`` live: ``summary_url``, else ``POSYANDU_SUMMARY_URL``,
    else the schema of the same PostgreSQL database / the side file beside a SQLite file."""
    explicit = summary_url or os.environ.get(SUMMARY_URL_ENV)
    if explicit:
        return Location(url=explicit, same_database=_same(explicit, source_url))
    backend = make_url(source_url).get_backend_name()
    if backend == "postgresql":
        return Location(url=source_url, same_database=True)
    if backend == "sqlite":
        side = side_file_url(source_url)
        return Location(url=side, same_database=False) if side else None
    return None


def _same(first: str, second: str) -> bool:
    a, b = make_url(first), make_url(second)
    return (a.get_backend_name(), a.host, a.port, a.database) == (b.get_backend_name(), b.host, b.port, b.database)


def schema_map(location: Location) -> dict[str | None, str | None]:
    """``schema_translate_map`` for reading or writing the store (SQLite files have no schemas)."""
    return {SCHEMA: None} if location.sqlite else {}
