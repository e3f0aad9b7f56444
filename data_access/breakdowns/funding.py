"""Funding breakdowns: budgets in Rupiah by source and year, and partnerships by partner type.

Each breakdown is counted per target by a ``*_rows`` query, like the service breakdowns
(:mod:`data_access.breakdowns.services`): the scope's region alone, or each desa/kelurahan when the
summary refresh runs it with a :class:`~data_access.metrics.base.DesaGrainScope`. Every count is of
distinct posyandu or of rows, and each posyandu lies in one desa, so the refresh adds them up per
region; budget sums are exact (PostgreSQL ``NUMERIC``) and turned into a float only at the end, so
the country's total read from the summaries is the same float as the raw query's. The public
functions read those rows from the summaries when they are fresh (country, provinsi and
kabupaten/kota; below that the raw tables answer quickly) and build the same frames either way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, distinct, func, literal, not_, or_, select

from data_access.breakdowns.common import own_scope, to_float
from data_access.db import with_connection
from data_access.expressions import Dialect
from data_access.metrics.base import placed_posyandu
from data_access.metrics.funding import partnership_invalid
from data_access.models import Budget, Partnership
from data_access.scope import Scope
from data_access.summaries import read_through, summary_rows

Rows = list[dict[str, Any]]
"""Rows of one breakdown kind, as in :mod:`data_access.breakdowns.services`: ``target``, ``key``,
``m``, ``total`` (an exact sum, or a count) and ``n`` (a count of posyandu)."""

BUDGET_KIND, PARTNERSHIP_KIND = "budget", "partnership"
BUDGET_COLUMNS = ["year", "source", "amount", "posyandu"]
PARTNERSHIP_COLUMNS = ["partner_type", "partnerships", "posyandu"]


def budget_rows(conn: Connection, scope: Scope, years: Iterable[int] | None = None) -> Rows:
    """Per target, source (``key``) and budget year (``m``): the exact sum of the numeric amounts of
    P (``total``: NUMERIC on PostgreSQL, SQLite's own sum) and how many posyandu have them (``n``).
    Every year when ``years`` is None (the summaries keep them all: the page asks for three)."""
    dialect = Dialect(conn.dialect.name)
    p = placed_posyandu(dialect, own_scope(scope))
    conditions = [dialect.is_number(Budget.amount)]
    if years is not None:
        conditions.append(Budget.year.in_(tuple(years)))
    elif dialect.sqlite:
        # Only a stored integer can equal a year asked for (SQLite keeps a non-integral value as it
        # is in an INTEGER column): the summaries must not keep rows the raw filter never matches.
        conditions.append(func.typeof(Budget.year) == literal("integer"))
    statement = (
        select(
            p.c.target,
            Budget.source.label("key"),
            Budget.year.label("m"),
            func.sum(Budget.amount).label("total"),
            func.count(distinct(Budget.posyandu_id)).label("n"),
        )
        .select_from(p)
        .join(Budget, Budget.posyandu_id == p.c.pid)
        .where(*conditions)
        .group_by(p.c.target, Budget.source, Budget.year)
    )
    return [dict(row) for row in conn.execute(statement).mappings()]


def partnership_rows(conn: Connection, scope: Scope) -> Rows:
    """Per target and partner type (``key``): valid partnerships of P running in the period
    (``total``) and the posyandu that have one (``n``)."""
    dialect = Dialect(conn.dialect.name)
    period = scope.period
    p = placed_posyandu(dialect, own_scope(scope))
    ended = dialect.date_value(Partnership.ended_on)
    statement = (
        select(
            p.c.target,
            Partnership.partner_type.label("key"),
            func.count(Partnership.id).label("total"),
            func.count(distinct(Partnership.posyandu_id)).label("n"),
        )
        .select_from(p)
        .join(Partnership, Partnership.posyandu_id == p.c.pid)
        .where(
            dialect.date_counts(Partnership.started_on, period.cutoff),
            or_(ended.is_(None), ended >= dialect.date_param(period.start)),
            not_(partnership_invalid(dialect)),
        )
        .group_by(p.c.target, Partnership.partner_type)
    )
    return [{**row, "m": 0} for row in conn.execute(statement).mappings()]


FUNDING_KINDS: dict[str, Callable[[Connection, Scope], Rows]] = {
    BUDGET_KIND: budget_rows,
    PARTNERSHIP_KIND: partnership_rows,
}
"""Breakdown kind -> its per-target rows; the summaries store them (``breakdown_rows``) per region
and cut beside the service breakdowns."""


def budget_by_source(engine: Engine | Connection, scope: Scope, years: Iterable[int] | None = None) -> pd.DataFrame:
    """Summed numeric budget amounts of P per (year, source); default years Y-1 and Y.

    Columns: year, source, amount (Rupiah, float of the exact sum), posyandu (with such a budget);
    sorted by year and source. From the summaries when they are fresh (every budget year is stored
    per cut, filtered here), else from the raw tables."""
    wanted = tuple(years or (scope.period.year - 1, scope.period.year))

    def stored(conn: Connection) -> Rows | None:
        rows = summary_rows(conn, scope, BUDGET_KIND)
        return None if rows is None else [row for row in rows if row["m"] in wanted]

    def work(conn: Connection) -> pd.DataFrame:
        rows = read_through(lambda: stored(conn), lambda: budget_rows(conn, scope, wanted))
        records = sorted(
            (
                {
                    "year": int(row["m"]),
                    "source": row["key"],
                    "amount": to_float(row["total"]),
                    "posyandu": int(row["n"]),
                }
                for row in rows
            ),
            key=lambda record: (record["year"], record["source"]),
        )
        return pd.DataFrame(records, columns=BUDGET_COLUMNS)

    return with_connection(engine, work)


def partnerships_by_type(engine: Engine | Connection, scope: Scope) -> pd.DataFrame:
    """Valid partnerships of P running in the period, per partner type: partnerships and posyandu.

    Sorted by partner type. From the summaries when they are fresh, else from the raw tables."""

    def work(conn: Connection) -> pd.DataFrame:
        rows = read_through(lambda: summary_rows(conn, scope, PARTNERSHIP_KIND), lambda: partnership_rows(conn, scope))
        records = sorted(
            (
                {"partner_type": row["key"], "partnerships": int(row["total"]), "posyandu": int(row["n"])}
                for row in rows
            ),
            key=lambda record: record["partner_type"],
        )
        return pd.DataFrame(records, columns=PARTNERSHIP_COLUMNS)

    return with_connection(engine, work)
