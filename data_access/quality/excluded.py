"""Dirty rows left out of the figures of one region and period, shown beside them.

Unlike the checks (:mod:`.checks`, over the whole database), these follow the scope: service reports
of the region's posyandu with an invalid value in the period, and dated facts of its posyandu, kader
and trainings that lie after today -- so nobody mistakes a gap for zero.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, Select, func, not_, select

from data_access.count_keys import EXCLUDED_COUNTS
from data_access.db import with_connection
from data_access.expressions import Dialect
from data_access.metrics.base import empty_counts, placed_posyandu
from data_access.metrics.services import report_in_period
from data_access.models import Kader, Posyandu, ServiceReport, Training
from data_access.scope import Scope
from data_access.summaries import read_through, summary_counts


def excluded_in_scope(engine: Engine | Connection, scope: Scope) -> dict[str, int]:
    """Dirty rows left out of the figures of ``scope``'s region and period (:data:`EXCLUDED_COUNTS`).
    Read from the summaries when they are fresh and were built today (:mod:`data_access.summaries`)."""
    own = Scope(region=scope.region, children=(), period=scope.period)

    def work(conn: Connection) -> dict[str, int]:
        counts = read_through(lambda: summary_counts(conn, own, "excluded"), lambda: excluded_counts(conn, own))
        return dict(counts[own.target_codes[0]])

    return with_connection(engine, work)


def excluded_counts(conn: Connection, scope: Scope) -> dict[str, dict[str, int]]:
    """The counts behind :func:`excluded_in_scope` per target of ``scope`` (additive over posyandu,
    so the summary refresh can run it per desa/kelurahan and add up)."""
    dialect = Dialect(conn.dialect.name)
    period = scope.period
    own = placed_posyandu(dialect, scope)
    invalid_values = (
        select(own.c.target, func.count().label("n"))
        .select_from(own)
        .join(ServiceReport, ServiceReport.posyandu_id == own.c.pid)
        .where(report_in_period(dialect, period), not_(dialect.valid_value(ServiceReport.value)))
        .group_by(own.c.target)
    )
    future_reports = (
        select(own.c.target, func.count().label("n"))
        .select_from(own)
        .join(ServiceReport, ServiceReport.posyandu_id == own.c.pid)
        .where(dialect.date_after(ServiceReport.period, period.today))
        .group_by(own.c.target)
    )
    future_posyandu = (
        select(
            own.c.target,
            (
                func.sum(dialect.flag(dialect.date_after(Posyandu.registered_on, period.today)))
                + func.sum(dialect.flag(dialect.date_after(Posyandu.sk_date, period.today)))
            ).label("n"),
        )
        .select_from(own)
        .join(Posyandu, Posyandu.id == own.c.pid)
        .group_by(own.c.target)
    )
    future_training = (
        select(own.c.target, func.count().label("n"))
        .select_from(own)
        .join(Kader, Kader.posyandu_id == own.c.pid)
        .join(Training, Training.kader_id == Kader.id)
        .where(dialect.date_after(Training.completed_on, period.today))
        .group_by(own.c.target)
    )
    counts = empty_counts(scope, *EXCLUDED_COUNTS)
    statements: dict[str, tuple[Select, ...]] = {
        "invalid_service_values": (invalid_values,),
        "future_dated": (future_reports, future_posyandu, future_training),
    }
    for name, parts in statements.items():
        for statement in parts:
            for row in conn.execute(statement):
                if row.target in counts:
                    counts[row.target][name] += int(row.n or 0)
    return counts
