"""Kader training breakdown: the trained share of K per training type, per target region."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, Engine, and_, func, select

from data_access.count_keys import TRAINING_COUNTS
from data_access.db import with_connection
from data_access.expressions import Dialect
from data_access.metrics.base import empty_counts, fill_counts, placed_posyandu
from data_access.metrics.codes import MANAGERIAL_TRAINING, PENGURUS_ROLES, TRAINING_TYPES
from data_access.metrics.kader import trained_exists
from data_access.models import Kader
from data_access.scope import Scope
from data_access.summaries import read_through, summary_counts

COUNTS = TRAINING_COUNTS
"""Per target: |K|, |G|, and ``t<i>`` = members trained in ``TRAINING_TYPES[i]`` (pengurus for manajerial)."""


def training_counts(conn: Connection, scope: Scope) -> dict[str, dict[str, int]]:
    """The counts behind :func:`training_by_type`, per target code (all additive over posyandu)."""
    dialect = Dialect(conn.dialect.name)
    cutoff = scope.period.cutoff
    p = placed_posyandu(dialect, scope)
    columns = [
        p.c.target,
        func.count(Kader.id).label("kader"),
        func.sum(dialect.flag(Kader.role.in_(PENGURUS_ROLES))).label("pengurus"),
    ]
    for index, training_type in enumerate(TRAINING_TYPES):
        condition = trained_exists(dialect, (training_type,), cutoff)
        if training_type == MANAGERIAL_TRAINING:
            condition = and_(Kader.role.in_(PENGURUS_ROLES), condition)
        columns.append(func.sum(dialect.flag(condition)).label(f"t{index}"))
    statement = (
        select(*columns)
        .select_from(p)
        .join(Kader, and_(Kader.posyandu_id == p.c.pid, dialect.is_true(Kader.active)))
        .group_by(p.c.target)
    )
    return fill_counts(empty_counts(scope, *COUNTS), conn.execute(statement), COUNTS)


def training_frame(counts: dict[str, dict[str, int]], scope: Scope) -> pd.DataFrame:
    """Rows (code, training_type, trained, base, trained_pct) from :func:`training_counts`."""
    rows = []
    for code in scope.target_codes:
        row = counts.get(code, {})
        for index, training_type in enumerate(TRAINING_TYPES):
            base = int(row.get("pengurus" if training_type == MANAGERIAL_TRAINING else "kader", 0))
            trained = int(row.get(f"t{index}", 0))
            rows.append(
                {
                    "code": code or None,
                    "training_type": training_type,
                    "trained": trained,
                    "base": base,
                    "trained_pct": (100.0 * trained / base) if base else None,
                }
            )
    return pd.DataFrame(rows, columns=["code", "training_type", "trained", "base", "trained_pct"])


def training_by_type(engine: Engine | Connection, scope: Scope) -> pd.DataFrame:
    """Rows (code, training_type, trained, base, trained_pct) for the region ('' code = country)
    and each child. For ``manajerial`` the base is the pengurus (G), as in pengurus_trained_pct;
    for technical types it is all of K. Read from the summaries when they are fresh
    (:mod:`data_access.summaries`), else from the raw tables -- the same figures either way."""

    def work(conn: Connection) -> pd.DataFrame:
        counts = read_through(lambda: summary_counts(conn, scope, "training"), lambda: training_counts(conn, scope))
        return training_frame(counts, scope)

    return with_connection(engine, work)
