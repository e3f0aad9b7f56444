"""Service-report family: six_bidang_pct, layanan_spm_pct, report_completeness_pct.

Only *valid* reports count: posyandu and indicator exist, the value is a number >= 0, and the
period lies between S and min(E, today). The period range is compared on the raw column so the
``(posyandu_id, period, indicator_code)`` primary key serves it on both backends.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, and_, case, distinct, func, literal, select
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import Subquery

from data_access.count_keys import SERVICE_COUNTS
from data_access.expressions import Dialect
from data_access.metrics.base import empty_counts, fill_counts, placed_posyandu
from data_access.metrics.codes import BIDANG, Metrics, percent
from data_access.models import Indicator, Posyandu, ServiceReport
from data_access.scope import Period, Scope

COUNTS = SERVICE_COUNTS


def report_in_period(dialect: Dialect, period: Period) -> ColumnElement[bool]:
    """The report's period lies in [S, min(E, today)] (whole days; a time suffix is tolerated)."""
    upper = period.cutoff + dt.timedelta(days=1)
    return and_(
        ServiceReport.period >= dialect.date_param(period.start),
        ServiceReport.period < dialect.date_param(upper),
    )


def valid_report(dialect: Dialect, period: Period) -> ColumnElement[bool]:
    """METRICS.md "valid report", less the existence joins the caller makes."""
    return and_(report_in_period(dialect, period), dialect.valid_value(ServiceReport.value))


def first_expected_month(dialect: Dialect, period: Period) -> ColumnElement[int]:
    """January, or the establishment month when the posyandu was established during year Y."""
    established = dialect.date_value(Posyandu.established_on)
    return case(
        (
            and_(established.is_not(None), established >= dialect.date_param(period.start)),
            dialect.month_of(Posyandu.established_on),
        ),
        else_=literal(1),
    )


def served_indicators(dialect: Dialect, scope: Scope) -> Subquery:
    """(pid, indicator_code) of every posyandu of the scope's region with a valid value > 0 on that
    indicator in the period: the base of ``layanan_spm_pct`` (a sum of valid values is > 0 exactly
    when one of them is)."""
    own = placed_posyandu(dialect, Scope(region=scope.region, children=(), period=scope.period))
    return (
        select(ServiceReport.posyandu_id.label("pid"), ServiceReport.indicator_code.label("indicator_code"))
        .select_from(own)
        .join(ServiceReport, ServiceReport.posyandu_id == own.c.pid)
        .join(Indicator, Indicator.code == ServiceReport.indicator_code)
        .where(valid_report(dialect, scope.period), ServiceReport.value > 0)
        .group_by(ServiceReport.posyandu_id, ServiceReport.indicator_code)
        .subquery("served_by_posyandu")
    )


def service_counts(conn: Connection, scope: Scope) -> dict[str, dict[str, int]]:
    """Per target: |P|, posyandu serving all six bidang, indicators with volume > 0, the expected
    (posyandu, month) pairs and those with at least one valid report."""
    dialect = Dialect(conn.dialect.name)
    period = scope.period
    p = placed_posyandu(dialect, scope)
    counts = empty_counts(scope, *COUNTS)

    start_month = first_expected_month(dialect, period)
    expected = (
        select(
            p.c.target,
            func.count().label("posyandu"),
            func.sum(literal(period.month) - start_month + 1).label("expected_months"),
        )
        .select_from(p)
        .join(Posyandu, Posyandu.id == p.c.pid)
        .group_by(p.c.target)
    )
    fill_counts(counts, conn.execute(expected), ("posyandu", "expected_months"))

    # Reports are aggregated per posyandu first (each report row read once, whatever the number of
    # targets), and only these small per-posyandu rows are then joined to the targets.
    own = placed_posyandu(dialect, Scope(region=scope.region, children=(), period=period))
    month = dialect.month_of(ServiceReport.period)
    per_posyandu = (
        select(
            ServiceReport.posyandu_id.label("pid"),
            func.count(
                distinct(case((and_(ServiceReport.value > 0, Indicator.bidang.in_(BIDANG)), Indicator.bidang)))
            ).label("bidang_served"),
            func.count(distinct(case((month >= start_month, month)))).label("reported_months"),
        )
        .select_from(own)
        .join(Posyandu, Posyandu.id == own.c.pid)
        .join(ServiceReport, ServiceReport.posyandu_id == own.c.pid)
        .join(Indicator, Indicator.code == ServiceReport.indicator_code)
        .where(valid_report(dialect, period))
        .group_by(ServiceReport.posyandu_id)
        .subquery("per_posyandu")
    )
    per_target = (
        select(
            p.c.target,
            func.sum(dialect.flag(per_posyandu.c.bidang_served == len(BIDANG))).label("six_bidang"),
            func.sum(per_posyandu.c.reported_months).label("reported_months"),
        )
        .select_from(p)
        .join(per_posyandu, per_posyandu.c.pid == p.c.pid)
        .group_by(p.c.target)
    )
    fill_counts(counts, conn.execute(per_target), ("six_bidang", "reported_months"))

    served_by_posyandu = served_indicators(dialect, scope)
    served = (
        select(p.c.target, func.count(distinct(served_by_posyandu.c.indicator_code)).label("indicators_served"))
        .select_from(p)
        .join(served_by_posyandu, served_by_posyandu.c.pid == p.c.pid)
        .group_by(p.c.target)
    )
    fill_counts(counts, conn.execute(served), ("indicators_served",))

    indicators = int(conn.execute(select(func.count()).select_from(Indicator)).scalar() or 0)
    for target_counts in counts.values():
        target_counts["indicators"] = indicators
    return counts


def service_metrics(counts: dict[str, int]) -> Metrics:
    """The family's METRICS.md codes from one target's counts."""
    total = counts["posyandu"]
    return {
        "six_bidang_pct": percent(counts["six_bidang"], total),
        "layanan_spm_pct": percent(counts["indicators_served"], counts["indicators"]) if total else None,
        "report_completeness_pct": percent(counts["reported_months"], counts["expected_months"]),
    }
