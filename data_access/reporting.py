"""Which desa/kelurahan stopped reporting: the DPMD data officer's list of villages to call.

Report completeness says *how much* is missing; this says *where* a village that used to report went
quiet, which is usually a kader who left, a broken phone or an app account that expired -- something
a phone call fixes, unlike a village that never reported at all (that one needs training, not a call).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection, Engine, and_, func, select
from sqlalchemy.orm import aliased

from data_access.breakdowns.common import own_scope
from data_access.db import with_connection
from data_access.expressions import Dialect
from data_access.metrics.base import DESA_LEVEL, belongs_to, placed_posyandu
from data_access.models import Indicator, Posyandu, Region, ServiceReport
from data_access.scope import Scope
from data_access.summaries import read_through, summary_desa_rows

STOPPED_KIND = "stopped_reporting"
"""The summaries' kind of per-desa rows (``desa_cut_rows``) holding the country's list."""

LOOKBACK_MONTHS = 12
"""How far before month M a village must have reported to count as having *stopped*."""

STOPPED_COLUMNS = [
    "desa_code",
    "desa_name",
    "kecamatan_code",
    "kecamatan_name",
    "posyandu",
    "last_report_period",
    "months_silent",
]


def lookback_start(year: int, month: int) -> dt.date:
    """First day of the month ``LOOKBACK_MONTHS`` before month ``month`` of ``year``."""
    index = year * 12 + (month - 1) - LOOKBACK_MONTHS
    return dt.date(index // 12, index % 12 + 1, 1)


def months_between(earlier: dt.date, year: int, month: int) -> int:
    """Whole calendar months from ``earlier``'s month to month ``month`` of ``year`` (same month = 0)."""
    return (year * 12 + month) - (earlier.year * 12 + earlier.month)


def _as_date(value: object) -> dt.date | None:
    """A report period from either backend (date on PostgreSQL, ISO text on SQLite) as a date."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value).strip()[:10])


def stopped_reporting(engine: Engine | Connection, scope: Scope, *, summaries: bool = True) -> pd.DataFrame:
    """Desa/kelurahan of the scope's region subtree (children ignored) that stopped reporting in month M.

    Precisely, with P the posyandu set of METRICS.md for the region and period (active, placed on an
    existing desa/kelurahan of the subtree, established by the cutoff min(E, today)), and a *valid
    report* a ``service_report`` row of a posyandu of P on an existing indicator whose value is a
    number >= 0 (0 is a report: the kader reported and nothing happened), a desa/kelurahan D is listed
    when, over the posyandu of P placed on D taken together:

    - at least one valid report has a period in the ``LOOKBACK_MONTHS`` (12) calendar months before
      month M -- from the first day of month M-12 up to, not including, the first day of month M (for
      M = January that is January to December of Y-1); and
    - no valid report has a period from the first day of month M up to the cutoff min(E, today).

    So a village where one posyandu still reports is not listed (the posyandu gaps list names the
    silent posyandu), nor is one that has not reported for over a year or never did (the
    completeness figure covers those). Columns:

    - ``desa_code``, ``desa_name``; ``kecamatan_code``, ``kecamatan_name`` -- the kecamatan whose code
      prefixes the desa code (null if that kecamatan is missing from ``region``);
    - ``posyandu`` -- how many posyandu of P stand on the desa (all of them are silent in month M);
    - ``last_report_period`` -- ISO date of the latest valid report of any posyandu of P on the desa up
      to the cutoff, of any year. For a listed desa it necessarily lies in the look-back window, which
      is why the query only reads reports from the window's start (and so stays fast on 30M rows);
    - ``months_silent`` -- calendar months from the month of that report to M: 1 when the desa
      reported in the month before M, up to 12.

    Sorted by desa code. Two aggregates (posyandu per desa, latest valid report per desa) joined in
    one query; everything is bound parameters. A desa's row does not depend on the region asked for,
    so the summaries (:mod:`data_access.summaries`) keep the country's list per cut and a region's
    list is the rows under its code (``summaries=False``: the raw tables only, for the refresh).
    """

    def work(conn: Connection) -> pd.DataFrame:
        stored = (lambda: summary_desa_rows(conn, scope, STOPPED_KIND)) if summaries else None
        return pd.DataFrame(read_through(stored, lambda: stopped_rows(conn, scope)), columns=STOPPED_COLUMNS)

    return with_connection(engine, work)


def stopped_rows(conn: Connection, scope: Scope) -> list[dict[str, object]]:
    """The rows of :func:`stopped_reporting` from the raw tables, by desa code: what the summary
    refresh stores for the country (kind :data:`STOPPED_KIND`)."""
    dialect = Dialect(conn.dialect.name)
    period = scope.period
    month_start = dt.date(period.year, period.month, 1)
    window_start = lookback_start(period.year, period.month)
    upper = period.cutoff + dt.timedelta(days=1)
    p = placed_posyandu(dialect, own_scope(scope))

    posyandu_per_desa = (
        select(Posyandu.region_code.label("desa_code"), func.count().label("posyandu"))
        .select_from(p)
        .join(Posyandu, Posyandu.id == p.c.pid)
        .group_by(Posyandu.region_code)
        .subquery("posyandu_per_desa")
    )
    # The period is compared on the raw column (as the metrics do) so the report index serves it.
    latest_period = func.max(ServiceReport.period)
    latest = (
        select(Posyandu.region_code.label("desa_code"), latest_period.label("last_period"))
        .select_from(p)
        .join(Posyandu, Posyandu.id == p.c.pid)
        .join(ServiceReport, ServiceReport.posyandu_id == p.c.pid)
        .join(Indicator, Indicator.code == ServiceReport.indicator_code)
        .where(
            ServiceReport.period >= dialect.date_param(window_start),
            ServiceReport.period < dialect.date_param(upper),
            dialect.valid_value(ServiceReport.value),
        )
        .group_by(Posyandu.region_code)
        .having(latest_period < dialect.date_param(month_start))
        .subquery("latest")
    )
    desa = aliased(Region)
    kecamatan = aliased(Region)
    statement = (
        select(
            desa.code.label("desa_code"),
            desa.name.label("desa_name"),
            kecamatan.code.label("kecamatan_code"),
            kecamatan.name.label("kecamatan_name"),
            posyandu_per_desa.c.posyandu,
            latest.c.last_period,
        )
        .select_from(latest)
        .join(posyandu_per_desa, posyandu_per_desa.c.desa_code == latest.c.desa_code)
        .join(desa, and_(desa.code == latest.c.desa_code, desa.level == DESA_LEVEL))
        .outerjoin(kecamatan, and_(kecamatan.level == "kecamatan", belongs_to(desa.code, kecamatan.code)))
        .order_by(desa.code)
    )
    records = []
    for row in conn.execute(statement):
        last = _as_date(row.last_period)
        records.append(
            {
                "desa_code": row.desa_code,
                "desa_name": row.desa_name,
                "kecamatan_code": row.kecamatan_code,
                "kecamatan_name": row.kecamatan_name,
                "posyandu": int(row.posyandu),
                "last_report_period": last.isoformat() if last else None,
                "months_silent": months_between(last, period.year, period.month) if last else None,
            }
        )
    return records
