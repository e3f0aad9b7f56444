"""Funding breakdowns: budgets in Rupiah by source and year, and partnerships by partner type."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, Engine, distinct, func, not_, or_, select

from data_access.breakdowns.common import own_scope, to_float, with_connection
from data_access.expressions import Dialect
from data_access.metrics.base import placed_posyandu
from data_access.metrics.funding import partnership_invalid
from data_access.models import Budget, Partnership
from data_access.scope import Scope


def budget_by_source(engine: Engine | Connection, scope: Scope, years: list[int] | None = None) -> pd.DataFrame:
    """Summed numeric budget amounts of P per (year, source); default years Y-1 and Y."""
    wanted = years or [scope.period.year - 1, scope.period.year]

    def work(conn: Connection) -> pd.DataFrame:
        dialect = Dialect(conn.dialect.name)
        p = placed_posyandu(dialect, own_scope(scope))
        statement = (
            select(
                Budget.year,
                Budget.source,
                dialect.as_float(func.sum(Budget.amount)).label("amount"),
                func.count(distinct(Budget.posyandu_id)).label("posyandu"),
            )
            .select_from(p)
            .join(Budget, Budget.posyandu_id == p.c.pid)
            .where(Budget.year.in_(wanted), dialect.is_number(Budget.amount))
            .group_by(Budget.year, Budget.source)
            .order_by(Budget.year, Budget.source)
        )
        frame = pd.DataFrame(conn.execute(statement).mappings().all(), columns=["year", "source", "amount", "posyandu"])
        frame["amount"] = frame["amount"].map(to_float)
        return frame

    return with_connection(engine, work)


def partnerships_by_type(engine: Engine | Connection, scope: Scope) -> pd.DataFrame:
    """Valid partnerships of P running in the period, per partner type: partnerships and posyandu."""

    def work(conn: Connection) -> pd.DataFrame:
        dialect = Dialect(conn.dialect.name)
        period = scope.period
        p = placed_posyandu(dialect, own_scope(scope))
        ended = dialect.date_value(Partnership.ended_on)
        statement = (
            select(
                Partnership.partner_type,
                func.count(Partnership.id).label("partnerships"),
                func.count(distinct(Partnership.posyandu_id)).label("posyandu"),
            )
            .select_from(p)
            .join(Partnership, Partnership.posyandu_id == p.c.pid)
            .where(
                dialect.date_counts(Partnership.started_on, period.cutoff),
                or_(ended.is_(None), ended >= dialect.date_param(period.start)),
                not_(partnership_invalid(dialect)),
            )
            .group_by(Partnership.partner_type)
            .order_by(Partnership.partner_type)
        )
        return pd.DataFrame(
            conn.execute(statement).mappings().all(), columns=["partner_type", "partnerships", "posyandu"]
        )

    return with_connection(engine, work)
