"""Partnership-and-budget family: kemitraan_pct, budget_up_pct.

Budgets are yearly, so the month cut does not apply to them (it still shapes P).
"""

from __future__ import annotations

from sqlalchemy import Connection, and_, case, exists, func, literal, not_, or_, select
from sqlalchemy.sql.elements import ColumnElement

from data_access.count_keys import FUNDING_COUNTS
from data_access.expressions import Dialect
from data_access.metrics.base import empty_counts, fill_counts, placed_posyandu
from data_access.metrics.codes import Metrics, percent
from data_access.models import Budget, Partnership
from data_access.scope import Scope

COUNTS = FUNDING_COUNTS


def partnership_invalid(dialect: Dialect) -> ColumnElement[bool]:
    """A partnership that ends before it starts."""
    started = dialect.date_value(Partnership.started_on)
    ended = dialect.date_value(Partnership.ended_on)
    return and_(started.is_not(None), ended.is_not(None), ended < started)


def funding_counts(conn: Connection, scope: Scope) -> dict[str, dict[str, int]]:
    """Per target: |P|, posyandu with a valid partnership running in the period, and posyandu whose
    budget for Y exceeds that of Y-1 (a year without rows sums to 0)."""
    dialect = Dialect(conn.dialect.name)
    period = scope.period
    p = placed_posyandu(dialect, scope)
    ended = dialect.date_value(Partnership.ended_on)
    running = exists().where(
        Partnership.posyandu_id == p.c.pid,
        dialect.date_counts(Partnership.started_on, period.cutoff),
        or_(ended.is_(None), ended >= dialect.date_param(period.start)),
        not_(partnership_invalid(dialect)),
    )
    year = period.year
    amount = Budget.amount
    per_posyandu = (
        select(
            p.c.target,
            p.c.pid,
            func.max(dialect.flag(running)).label("with_partnership"),
            func.coalesce(func.sum(case((Budget.year == year, amount), else_=literal(0))), 0).label("this_year"),
            func.coalesce(func.sum(case((Budget.year == year - 1, amount), else_=literal(0))), 0).label("last_year"),
        )
        .select_from(p)
        .outerjoin(
            Budget,
            and_(Budget.posyandu_id == p.c.pid, Budget.year.in_((year, year - 1)), dialect.is_number(Budget.amount)),
        )
        .group_by(p.c.target, p.c.pid)
        .subquery("per_posyandu")
    )
    statement = select(
        per_posyandu.c.target,
        func.count().label("posyandu"),
        func.sum(per_posyandu.c.with_partnership).label("with_partnership"),
        func.sum(dialect.flag(per_posyandu.c.this_year > per_posyandu.c.last_year)).label("budget_up"),
    ).group_by(per_posyandu.c.target)
    return fill_counts(empty_counts(scope, *COUNTS), conn.execute(statement), COUNTS)


def funding_metrics(counts: dict[str, int]) -> Metrics:
    """The family's METRICS.md codes from one target's counts."""
    total = counts["posyandu"]
    return {
        "kemitraan_pct": percent(counts["with_partnership"], total),
        "budget_up_pct": percent(counts["budget_up"], total),
    }
