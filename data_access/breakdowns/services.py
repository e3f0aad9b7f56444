"""Service breakdowns: volume per indicator (never summed across units), monthly trends, posyandu
active per bidang, and report completeness per month -- all over valid reports of P."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, Engine, and_, distinct, func, select

from data_access.breakdowns.common import own_scope, to_float, with_connection
from data_access.expressions import Dialect
from data_access.metrics.base import placed_posyandu
from data_access.metrics.codes import BIDANG
from data_access.metrics.services import first_expected_month, valid_report
from data_access.models import Indicator, Posyandu, ServiceReport
from data_access.scope import Scope


def service_volumes(engine: Engine | Connection, scope: Scope) -> pd.DataFrame:
    """Every indicator of the catalogue with its summed valid volume over P between S and E and the
    number of posyandu reporting it (> 0); indicators nobody served show 0."""

    def work(conn: Connection) -> pd.DataFrame:
        dialect = Dialect(conn.dialect.name)
        p = placed_posyandu(dialect, own_scope(scope))
        sums = (
            select(
                ServiceReport.indicator_code.label("code"),
                func.sum(ServiceReport.value).label("volume"),
                func.count(distinct(ServiceReport.posyandu_id)).label("posyandu_reporting"),
            )
            .select_from(p)
            .join(ServiceReport, ServiceReport.posyandu_id == p.c.pid)
            .where(valid_report(dialect, scope.period), ServiceReport.value > 0)
            .group_by(ServiceReport.indicator_code)
            .subquery("sums")
        )
        statement = (
            select(
                Indicator.code.label("indicator_code"),
                Indicator.bidang,
                Indicator.name,
                Indicator.output,
                Indicator.unit,
                dialect.as_float(func.coalesce(sums.c.volume, 0)).label("volume"),
                func.coalesce(sums.c.posyandu_reporting, 0).label("posyandu_reporting"),
            )
            .outerjoin(sums, sums.c.code == Indicator.code)
            .order_by(Indicator.bidang, Indicator.code)
        )
        frame = pd.DataFrame(conn.execute(statement).mappings().all())
        if frame.empty:
            return pd.DataFrame(
                columns=["indicator_code", "bidang", "name", "output", "unit", "volume", "posyandu_reporting"]
            )
        frame["volume"] = frame["volume"].map(to_float)
        return frame

    return with_connection(engine, work)


def monthly_volumes(engine: Engine | Connection, scope: Scope) -> pd.DataFrame:
    """Per month 1..M and indicator: summed valid volume over P (months with no value are absent)."""

    def work(conn: Connection) -> pd.DataFrame:
        dialect = Dialect(conn.dialect.name)
        p = placed_posyandu(dialect, own_scope(scope))
        month = dialect.month_of(ServiceReport.period)
        statement = (
            select(
                month.label("month"),
                ServiceReport.indicator_code.label("indicator_code"),
                Indicator.bidang,
                Indicator.unit,
                dialect.as_float(func.sum(ServiceReport.value)).label("volume"),
                func.count(distinct(ServiceReport.posyandu_id)).label("posyandu_reporting"),
            )
            .select_from(p)
            .join(ServiceReport, ServiceReport.posyandu_id == p.c.pid)
            .join(Indicator, Indicator.code == ServiceReport.indicator_code)
            .where(valid_report(dialect, scope.period))
            .group_by(month, ServiceReport.indicator_code, Indicator.bidang, Indicator.unit)
            .order_by(month, ServiceReport.indicator_code)
        )
        columns = ["month", "indicator_code", "bidang", "unit", "volume", "posyandu_reporting"]
        return pd.DataFrame(conn.execute(statement).mappings().all(), columns=columns)

    return with_connection(engine, work)


def bidang_activity(engine: Engine | Connection, scope: Scope) -> pd.DataFrame:
    """Per bidang: how many posyandu of P reported a valid value > 0 on one of its indicators."""

    def work(conn: Connection) -> pd.DataFrame:
        dialect = Dialect(conn.dialect.name)
        p = placed_posyandu(dialect, own_scope(scope))
        statement = (
            select(Indicator.bidang, func.count(distinct(p.c.pid)).label("posyandu_active"))
            .select_from(p)
            .join(ServiceReport, ServiceReport.posyandu_id == p.c.pid)
            .join(Indicator, Indicator.code == ServiceReport.indicator_code)
            .where(valid_report(dialect, scope.period), ServiceReport.value > 0, Indicator.bidang.in_(BIDANG))
            .group_by(Indicator.bidang)
        )
        found = {row.bidang: int(row.posyandu_active) for row in conn.execute(statement)}
        return pd.DataFrame({"bidang": list(BIDANG), "posyandu_active": [found.get(b, 0) for b in BIDANG]})

    return with_connection(engine, work)


def monthly_completeness(engine: Engine | Connection, scope: Scope) -> pd.DataFrame:
    """Per month 1..M: posyandu expected to report (established by then), those with a valid report,
    and the share -- report_completeness_pct month by month."""

    def work(conn: Connection) -> pd.DataFrame:
        dialect = Dialect(conn.dialect.name)
        period = scope.period
        p = placed_posyandu(dialect, own_scope(scope))
        start_month = first_expected_month(dialect, period)
        starts = (
            select(start_month.label("start_month"), func.count().label("posyandu"))
            .select_from(p)
            .join(Posyandu, Posyandu.id == p.c.pid)
            .group_by(start_month)
        )
        by_start = {int(row.start_month): int(row.posyandu) for row in conn.execute(starts)}
        month = dialect.month_of(ServiceReport.period)
        reported = (
            select(month.label("month"), func.count(distinct(p.c.pid)).label("reported"))
            .select_from(p)
            .join(Posyandu, Posyandu.id == p.c.pid)
            .join(ServiceReport, ServiceReport.posyandu_id == p.c.pid)
            .join(Indicator, Indicator.code == ServiceReport.indicator_code)
            .where(and_(valid_report(dialect, period), month >= start_month))
            .group_by(month)
        )
        by_month = {int(row.month): int(row.reported) for row in conn.execute(reported)}
        rows = []
        for m in range(1, period.month + 1):
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
