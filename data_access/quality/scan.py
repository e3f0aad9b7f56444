"""Running the data-quality checks: how many rows each finds, and the first of them.

Counts are taken over the whole database, whatever region and period is on screen -- or, for a user
whose access is limited to one region (``within``), over the rows inside that region. The
whole-database scan and each provinsi's are kept by the summary refresh (:func:`scan_data_quality`
is what it stores), since a scan reads every row.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, Select, func, select

from data_access.db import with_connection
from data_access.expressions import Dialect
from data_access.models import RegionBoundary
from data_access.quality.checks import (
    DATA_QUALITY_CHECKS,
    GEOMETRY_CHECK,
    SQL_CHECKS,
    Inside,
    boundary_problem,
    limited,
)
from data_access.scope import Region as RegionInfo
from data_access.settings import today as jakarta_today
from data_access.summaries import read_through, summary_blob

Offender = dict[str, object]

DEFAULT_LIMIT = 1000
"""Offenders listed per check by default -- and the only limit the summaries keep."""


@dataclass(frozen=True)
class DataQuality:
    """Per check: how many rows, and (up to ``limit`` of) which."""

    counts: dict[str, int]
    offenders: dict[str, list[Offender]] = field(default_factory=dict)


def _text(value: object) -> object:
    """Dates and Decimals as plain JSON-friendly values; ids and codes unchanged."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _run(conn: Connection, statement: Select, limit: int | None) -> tuple[int, list[Offender]]:
    """Count a check's rows exactly and list the first ``limit`` of them."""
    sub = statement.subquery()
    count = int(conn.execute(select(func.count()).select_from(sub)).scalar() or 0)
    # Ordered by every column: without it the "first" offenders depend on the query plan, which
    # differs between runs and between the raw scan and the refresh that stores it.
    listing = select(sub).order_by(*sub.c)
    if limit is not None:
        listing = listing.limit(limit)
    rows = [{key: _text(value) for key, value in row._mapping.items()} for row in conn.execute(listing)]
    return count, rows


_INTEGER_KEYED = {"posyandu", "kader", "training", "partnership", "tim_pembina", "regulation"}


def _typed_ids(rows: list[Offender]) -> list[Offender]:
    """Integer ids back to int for tables whose key is an integer id (``id`` is text to fit every table)."""
    for row in rows:
        if row.get("table") in _INTEGER_KEYED and isinstance(row.get("id"), str):
            with contextlib.suppress(ValueError):
                row["id"] = int(str(row["id"]))
    return rows


def _invalid_boundaries(conn: Connection, limit: int | None, inside: Inside) -> tuple[int, list[Offender]]:
    """Checked in Python with shapely (no SQL can validate geometry portably), streamed in chunks."""
    count = 0
    offenders: list[Offender] = []
    statement = limited(
        select(RegionBoundary.region_code, RegionBoundary.geojson), inside.code(RegionBoundary.region_code)
    )
    result = conn.execution_options(yield_per=2000).execute(statement)
    for row in result:
        problem = boundary_problem(row.geojson)
        if problem is None:
            continue
        count += 1
        if limit is None or len(offenders) < limit:
            offenders.append({"region_code": row.region_code, "problem": problem})
    return count, offenders


def scan_data_quality(
    conn: Connection, today: dt.date, limit: int | None, within: RegionInfo | None = None
) -> DataQuality:
    """Every check run on the raw tables: what :func:`data_quality` computes when the summaries
    cannot answer, and what the summary refresh stores."""
    dialect = Dialect(conn.dialect.name)
    inside = Inside(within)
    counts: dict[str, int] = {}
    offenders: dict[str, list[Offender]] = {}
    for check in DATA_QUALITY_CHECKS:
        if check == GEOMETRY_CHECK:
            counts[check], offenders[check] = _invalid_boundaries(conn, limit, inside)
        else:
            counts[check], rows = _run(conn, SQL_CHECKS[check](dialect, today, inside), limit)
            offenders[check] = _typed_ids(rows)
    return DataQuality(counts=counts, offenders=offenders)


def quality_blob_key(within: RegionInfo | None) -> str | None:
    """The summary key of the scan over ``within``: the whole database, or one provinsi (what a
    provincial Tim Pembina account sees: a raw scan of a province costs nearly the whole database's
    scan, seconds at national size); below provinsi level the raw scan reads few enough rows."""
    if within is None:
        return "data_quality"
    if within.level == "provinsi":
        return f"data_quality:{within.code}"
    return None


def data_quality_json(quality: DataQuality) -> str:
    """The JSON the summary refresh stores (ids, codes and ISO dates only: it round-trips exactly)."""
    return json.dumps({"counts": quality.counts, "offenders": quality.offenders}, sort_keys=True)


def _stored(conn: Connection, today: dt.date, limit: int | None, within: RegionInfo | None) -> DataQuality | None:
    """The scan the summaries keep for ``within`` and ``today``, or None: they keep only the scans of
    :func:`quality_blob_key` with :data:`DEFAULT_LIMIT` offenders."""
    key = quality_blob_key(within)
    if key is None or limit != DEFAULT_LIMIT:
        return None
    stored = summary_blob(conn, key, today)
    if not isinstance(stored, dict):
        return None
    return DataQuality(counts=stored["counts"], offenders=stored["offenders"])


def data_quality(
    engine: Engine | Connection,
    *,
    today: dt.date | None = None,
    limit: int | None = DEFAULT_LIMIT,
    within: RegionInfo | None = None,
) -> DataQuality:
    """Every data-quality count over the whole database -- or, with ``within``, over the rows inside
    that region only (a user scoped to it sees nothing of other regions; rows that name no region
    at all are left to national users) -- with up to ``limit`` offenders per check.

    A scan of every row: the whole-database scan (and each provinsi's) with the default ``limit``
    is read from the summaries when they are fresh and were refreshed for ``today``
    (:mod:`data_access.summaries`)."""
    day = today or jakarta_today()

    def work(conn: Connection) -> DataQuality:
        return read_through(
            lambda: _stored(conn, day, limit, within), lambda: scan_data_quality(conn, day, limit, within)
        )

    return with_connection(engine, work)
