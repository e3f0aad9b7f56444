"""Service breakdowns: volume per indicator (never summed across units), monthly trends, posyandu
active per bidang, and report completeness per month -- all over valid reports of P.

Each breakdown is counted per target by a ``*_rows`` query (the scope's region alone, or each
desa/kelurahan when the summary refresh runs it with a
:class:`~data_access.metrics.base.DesaGrainScope`): every count is of distinct posyandu, each of
which lies in one desa, so the refresh can add them up per region. The public functions read those
rows from the summaries when they are fresh (country, provinsi and kabupaten/kota; below that the
raw tables are quick) and build the same frames either way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, and_, distinct, func, select

from data_access.breakdowns.common import own_scope, to_float
from data_access.db import with_connection
from data_access.expressions import Dialect
from data_access.metrics.base import placed_posyandu
from data_access.metrics.codes import BIDANG
from data_access.metrics.services import first_expected_month, valid_report
from data_access.models import Indicator, Posyandu, ServiceReport
from data_access.scope import Scope
from data_access.summaries import read_through, summary_rows

Rows = list[dict[str, Any]]
"""Rows of one breakdown kind: ``target``, ``key`` (indicator or bidang, '' if none), ``m`` (month,
0 if none), ``total`` (an exact sum of values, or None) and ``n`` (a count of posyandu)."""

VOLUME_COLUMNS = ["indicator_code", "bidang", "name", "output", "unit", "volume", "posyandu_reporting"]
MONTHLY_COLUMNS = ["month", "indicator_code", "bidang", "unit", "volume", "posyandu_reporting"]


def volume_rows(conn: Connection, scope: Scope) -> Rows:
    """Per target and indicator: the sum of valid values > 0 over P between S and E (exact: NUMERIC on
    PostgreSQL), and how many posyandu reported it (> 0)."""
    dialect = Dialect(conn.dialect.name)
    p = placed_posyandu(dialect, own_scope(scope))
    statement = (
        select(
            p.c.target,
            ServiceReport.indicator_code.label("key"),
            func.sum(ServiceReport.value).label("total"),
            func.count(distinct(ServiceReport.posyandu_id)).label("n"),
        )
        .select_from(p)
        .join(ServiceReport, ServiceReport.posyandu_id == p.c.pid)
        .where(valid_report(dialect, scope.period), ServiceReport.value > 0)
        .group_by(p.c.target, ServiceReport.indicator_code)
    )
    return [{**row, "m": 0} for row in conn.execute(statement).mappings()]


def monthly_rows(conn: Connection, scope: Scope) -> Rows:
    """Per target, month and indicator of the catalogue: the sum of valid values over P and how many
    posyandu reported a valid value."""
    dialect = Dialect(conn.dialect.name)
    p = placed_posyandu(dialect, own_scope(scope))
    month = dialect.month_of(ServiceReport.period)
    statement = (
        select(
            p.c.target,
            month.label("m"),
            ServiceReport.indicator_code.label("key"),
            func.sum(ServiceReport.value).label("total"),
            func.count(distinct(ServiceReport.posyandu_id)).label("n"),
        )
        .select_from(p)
        .join(ServiceReport, ServiceReport.posyandu_id == p.c.pid)
        .join(Indicator, Indicator.code == ServiceReport.indicator_code)
        .where(valid_report(dialect, scope.period))
        .group_by(p.c.target, month, ServiceReport.indicator_code)
    )
    return [dict(row) for row in conn.execute(statement).mappings()]


def bidang_rows(conn: Connection, scope: Scope) -> Rows:
    """Per target and bidang: posyandu of P with a valid value > 0 on one of its indicators."""
    dialect = Dialect(conn.dialect.name)
    p = placed_posyandu(dialect, own_scope(scope))
    statement = (
        select(p.c.target, Indicator.bidang.label("key"), func.count(distinct(p.c.pid)).label("n"))
        .select_from(p)
        .join(ServiceReport, ServiceReport.posyandu_id == p.c.pid)
        .join(Indicator, Indicator.code == ServiceReport.indicator_code)
        .where(valid_report(dialect, scope.period), ServiceReport.value > 0, Indicator.bidang.in_(BIDANG))
        .group_by(p.c.target, Indicator.bidang)
    )
    return [{**row, "m": 0, "total": None} for row in conn.execute(statement).mappings()]


def start_rows(conn: Connection, scope: Scope) -> Rows:
    """Per target and first expected month (January, or the establishment month in year Y): posyandu of P."""
    dialect = Dialect(conn.dialect.name)
    p = placed_posyandu(dialect, own_scope(scope))
    start_month = first_expected_month(dialect, scope.period)
    statement = (
        select(p.c.target, start_month.label("m"), func.count().label("n"))
        .select_from(p)
        .join(Posyandu, Posyandu.id == p.c.pid)
        .group_by(p.c.target, start_month)
    )
    return [{**row, "key": "", "total": None} for row in conn.execute(statement).mappings()]


def reported_rows(conn: Connection, scope: Scope) -> Rows:
    """Per target and month: posyandu of P with a valid report that month (from their first expected month)."""
    dialect = Dialect(conn.dialect.name)
    period = scope.period
    p = placed_posyandu(dialect, own_scope(scope))
    start_month = first_expected_month(dialect, period)
    month = dialect.month_of(ServiceReport.period)
    statement = (
        select(p.c.target, month.label("m"), func.count(distinct(p.c.pid)).label("n"))
        .select_from(p)
        .join(Posyandu, Posyandu.id == p.c.pid)
        .join(ServiceReport, ServiceReport.posyandu_id == p.c.pid)
        .join(Indicator, Indicator.code == ServiceReport.indicator_code)
        .where(and_(valid_report(dialect, period), month >= start_month))
        .group_by(p.c.target, month)
    )
    return [{**row, "key": "", "total": None} for row in conn.execute(statement).mappings()]


BREAKDOWN_KINDS: dict[str, Callable[[Connection, Scope], Rows]] = {
    "volume": volume_rows,
    "monthly": monthly_rows,
    "bidang": bidang_rows,
    "start": start_rows,
    "reported": reported_rows,
}
"""Breakdown kind -> its per-target rows; the summaries store the same rows per region and cut."""


def _rows(conn: Connection, scope: Scope, kind: str) -> Rows:
    """The rows of ``kind`` for the scope's region: from the summaries when fresh, else the raw tables."""
    return read_through(lambda: summary_rows(conn, scope, kind), lambda: BREAKDOWN_KINDS[kind](conn, scope))


def _catalogue(conn: Connection) -> list[dict[str, object]]:
    statement = select(Indicator.code, Indicator.bidang, Indicator.name, Indicator.output, Indicator.unit).order_by(
        Indicator.bidang, Indicator.code
    )
    return [dict(row) for row in conn.execute(statement).mappings()]


def service_volumes(engine: Engine | Connection, scope: Scope) -> pd.DataFrame:
    """Every indicator of the catalogue with its summed valid volume over P between S and E and the
    number of posyandu reporting it (> 0); indicators nobody served show 0."""

    def work(conn: Connection) -> pd.DataFrame:
        found = {row["key"]: row for row in _rows(conn, scope, "volume")}
        records = []
        for indicator in _catalogue(conn):
            row = found.get(indicator["code"])
            records.append(
                {
                    "indicator_code": indicator["code"],
                    "bidang": indicator["bidang"],
                    "name": indicator["name"],
                    "output": indicator["output"],
                    "unit": indicator["unit"],
                    "volume": to_float(row["total"]) if row else 0.0,
                    "posyandu_reporting": int(row["n"]) if row else 0,
                }
            )
        return pd.DataFrame(records, columns=VOLUME_COLUMNS)

    return with_connection(engine, work)


def monthly_volumes(engine: Engine | Connection, scope: Scope) -> pd.DataFrame:
    """Per month 1..M and indicator: summed valid volume over P (months with no value are absent)."""

    def work(conn: Connection) -> pd.DataFrame:
        catalogue = {row["code"]: row for row in _catalogue(conn)}
        records = [
            {
                "month": int(row["m"]),
                "indicator_code": row["key"],
                "bidang": catalogue[row["key"]]["bidang"],
                "unit": catalogue[row["key"]]["unit"],
                "volume": to_float(row["total"]),
                "posyandu_reporting": int(row["n"]),
            }
            for row in _rows(conn, scope, "monthly")
            if row["key"] in catalogue
        ]
        records.sort(key=lambda record: (record["month"], record["indicator_code"]))
        return pd.DataFrame(records, columns=MONTHLY_COLUMNS)

    return with_connection(engine, work)


def bidang_activity(engine: Engine | Connection, scope: Scope) -> pd.DataFrame:
    """Per bidang: how many posyandu of P reported a valid value > 0 on one of its indicators."""

    def work(conn: Connection) -> pd.DataFrame:
        found = {row["key"]: int(row["n"]) for row in _rows(conn, scope, "bidang")}
        return pd.DataFrame({"bidang": list(BIDANG), "posyandu_active": [found.get(b, 0) for b in BIDANG]})

    return with_connection(engine, work)


def monthly_completeness(engine: Engine | Connection, scope: Scope) -> pd.DataFrame:
    """Per month 1..M: posyandu expected to report (established by then), those with a valid report,
    and the share -- report_completeness_pct month by month."""

    def work(conn: Connection) -> pd.DataFrame:
        by_start = {int(row["m"]): int(row["n"]) for row in _rows(conn, scope, "start")}
        by_month = {int(row["m"]): int(row["n"]) for row in _rows(conn, scope, "reported")}
        rows = []
        for m in range(1, scope.period.month + 1):
            expected = sum(count for start, count in by_start.items() if start <= m)
            got = by_month.get(m, 0)
            rows.append(
                {
                    "month": m,
                    "expected": expected,
                    "reported": got,
                    "completeness_pct": (100.0 * got / expected) if expected else None,
                }
            )
        return pd.DataFrame(rows, columns=["month", "expected", "reported", "completeness_pct"])

    return with_connection(engine, work)
