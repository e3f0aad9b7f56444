"""Posyandu-flag family: posyandu_total, registered_pct, sk_pct, kelembagaan_pct, sarpras_pct.

All five come from the posyandu rows of P alone, so one grouped query serves them.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, and_, exists, func, select
from sqlalchemy.sql.elements import ColumnElement

from data_access.count_keys import POSYANDU_COUNTS
from data_access.expressions import Dialect
from data_access.metrics.base import empty_counts, fill_counts, placed_posyandu
from data_access.metrics.codes import Metrics, percent
from data_access.models import Posyandu, TimPembina
from data_access.scope import Scope

COUNTS = POSYANDU_COUNTS


def registered_condition(dialect: Dialect, cutoff: dt.date) -> ColumnElement[bool]:
    """A present registration number whose ``registered_on`` counts."""
    return and_(dialect.present(Posyandu.registration_number), dialect.date_counts(Posyandu.registered_on, cutoff))


def sk_condition(dialect: Dialect, cutoff: dt.date) -> ColumnElement[bool]:
    """A present SK kepengurusan number whose ``sk_date`` counts."""
    return and_(dialect.present(Posyandu.sk_number), dialect.date_counts(Posyandu.sk_date, cutoff))


def desa_tp_condition(dialect: Dialect, cutoff: dt.date) -> ColumnElement[bool]:
    """The posyandu's desa/kelurahan has a Tim Pembina whose SK counts (the funnel's last step)."""
    return exists().where(
        TimPembina.region_code == Posyandu.region_code,
        dialect.present(TimPembina.sk_number),
        dialect.date_counts(TimPembina.sk_date, cutoff),
    )


def posyandu_counts(conn: Connection, scope: Scope) -> dict[str, dict[str, int]]:
    """Per target: |P| and how many of P are registered, have an SK, meet SS3 kelembagaan, have
    complete sarpras, and the readiness funnel: with SK, with SK and registered, and those standing in
    a desa/kelurahan whose Tim Pembina counts."""
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
            func.sum(dialect.flag(and_(registered, with_sk, desa_tp_condition(dialect, cutoff)))).label(
                "with_sk_registered_tp"
            ),
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
