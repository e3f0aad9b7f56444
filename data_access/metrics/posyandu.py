"""Posyandu-flag family: posyandu_total, registered_pct, sk_pct, kelembagaan_pct, sarpras_pct.

All five come from the posyandu rows of P alone, so one grouped query serves them.
"""

from __future__ import annotations

from sqlalchemy import Connection, and_, func, select

from data_access.expressions import Dialect
from data_access.metrics.base import empty_counts, fill_counts, placed_posyandu
from data_access.metrics.codes import Metrics, percent
from data_access.models import Posyandu
from data_access.scope import Scope

COUNTS = ("posyandu", "registered", "with_sk", "kelembagaan", "sarpras", "with_sk_registered")


def registered_condition(dialect: Dialect, cutoff):
    """A present registration number whose ``registered_on`` counts."""
    return and_(
        dialect.present(Posyandu.registration_number), dialect.date_counts(Posyandu.registered_on, cutoff)
    )


def sk_condition(dialect: Dialect, cutoff):
    """A present SK kepengurusan number whose ``sk_date`` counts."""
    return and_(dialect.present(Posyandu.sk_number), dialect.date_counts(Posyandu.sk_date, cutoff))


def posyandu_counts(conn: Connection, scope: Scope) -> dict[str, dict[str, int]]:
    """Per target: |P| and how many of P are registered, have an SK, meet SS3 kelembagaan, have
    complete sarpras, and have both SK and registration (the readiness funnel's second step)."""
    dialect = Dialect(conn.dialect.name)
    cutoff = scope.period.cutoff
    p = placed_posyandu(dialect, scope)
    registered = registered_condition(dialect, cutoff)
    with_sk = sk_condition(dialect, cutoff)
    statement = (
        select(
            p.c.target,
            func.count().label("posyandu"),
            func.sum(dialect.flag(registered)).label("registered"),
            func.sum(dialect.flag(with_sk)).label("with_sk"),
            func.sum(
                dialect.flag(
                    and_(
                        registered,
                        dialect.is_true(Posyandu.has_secretariat),
                        dialect.is_true(Posyandu.admin_complete),
                    )
                )
            ).label("kelembagaan"),
            func.sum(dialect.flag(dialect.is_true(Posyandu.sarpras_complete))).label("sarpras"),
            func.sum(dialect.flag(and_(registered, with_sk))).label("with_sk_registered"),
        )
        .select_from(p)
        .join(Posyandu, Posyandu.id == p.c.pid)
        .group_by(p.c.target)
    )
    return fill_counts(empty_counts(scope, *COUNTS), conn.execute(statement), COUNTS)


def posyandu_metrics(counts: dict[str, int]) -> Metrics:
    """The family's METRICS.md codes from one target's counts."""
    total = counts["posyandu"]
    return {
        "posyandu_total": total,
        "registered_pct": percent(counts["registered"], total),
        "sk_pct": percent(counts["with_sk"], total),
        "kelembagaan_pct": percent(counts["kelembagaan"], total),
        "sarpras_pct": percent(counts["sarpras"], total),
    }
