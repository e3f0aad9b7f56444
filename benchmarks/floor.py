"""The floor: the bare SQL of the heaviest kind of query, with nothing of the dashboard around it.

The report-completeness family (``data_access.metrics.services.service_counts``) reads every service
report of the year in the region; the issue's measurements put its ``COUNT(DISTINCT (posyandu,
month))`` among the costliest statements at national size. The floor is that aggregate written by
hand as one ``select()``: distinct months with a valid report per posyandu in [S, min(E, today)] over
the region's subtree, then summed. It skips what the real query adds (the placed-posyandu set with
its region and "active" joins, the per-child fan-out, Python around it), so no page that shows
completeness can be faster than this without a summary table -- which is what makes it a floor.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, Select, distinct, func, select

from data_access.expressions import Dialect
from data_access.metrics.base import in_subtree
from data_access.metrics.services import valid_report
from data_access.models import Posyandu, ServiceReport
from data_access.scope import Scope


def floor_statement(dialect: Dialect, scope: Scope) -> Select:
    """One row: posyandu with a valid report in the period, and their (posyandu, month) pairs."""
    month = dialect.month_of(ServiceReport.period)
    per_posyandu = (
        select(ServiceReport.posyandu_id.label("pid"), func.count(distinct(month)).label("months"))
        .select_from(ServiceReport)
        .join(Posyandu, Posyandu.id == ServiceReport.posyandu_id)
        .where(valid_report(dialect, scope.period), in_subtree(Posyandu.region_code, scope.region_code))
        .group_by(ServiceReport.posyandu_id)
        .subquery("per_posyandu")
    )
    return select(func.count().label("posyandu"), func.sum(per_posyandu.c.months).label("months"))


def floor_counts(engine: Engine | Connection, scope: Scope) -> tuple[int, int]:
    """Run :func:`floor_statement`: (posyandu reporting, (posyandu, month) pairs)."""

    def work(conn: Connection) -> tuple[int, int]:
        row = conn.execute(floor_statement(Dialect(conn.dialect.name), scope)).one()
        return int(row.posyandu or 0), int(row.months or 0)

    if isinstance(engine, Engine):
        with engine.connect() as conn:
            return work(conn)
    return work(engine)
