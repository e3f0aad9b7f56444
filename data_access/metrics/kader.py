"""Kader-and-training family: kader_total, kader_trained_pct, pengurus_trained_pct,
pengurus_complete_pct, kader_under5_count.

K = active kader of any role on a posyandu of P (``joined_on`` is not used); G = the pengurus
among them. Trainings count when their ``completed_on`` is not after the period's cutoff.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, and_, case, distinct, exists, func, select
from sqlalchemy.sql.elements import ColumnElement

from data_access.count_keys import KADER_COUNTS
from data_access.expressions import Dialect
from data_access.metrics.base import empty_counts, fill_counts, placed_posyandu
from data_access.metrics.codes import (
    BIDANG,
    MANAGERIAL_TRAINING,
    PENGURUS_ROLES,
    TECHNICAL_TRAININGS,
    Metrics,
    percent,
)
from data_access.models import Kader, Training
from data_access.scope import Scope

COUNTS = KADER_COUNTS


def trained_exists(dialect: Dialect, training_types: tuple[str, ...], cutoff: dt.date) -> ColumnElement[bool]:
    """EXISTS a training of one of ``training_types`` for the current kader row that counts."""
    return exists().where(
        Training.kader_id == Kader.id,
        Training.training_type.in_(training_types),
        dialect.date_counts(Training.completed_on, cutoff),
    )


def kader_counts(conn: Connection, scope: Scope) -> dict[str, dict[str, int]]:
    """Per target: |K|, trained members of K, |G|, G with managerial training, and per-posyandu
    board completeness and the under-5-kader count (over P, so a posyandu with no kader counts)."""
    dialect = Dialect(conn.dialect.name)
    cutoff = scope.period.cutoff
    p = placed_posyandu(dialect, scope)
    is_pengurus = Kader.role.in_(PENGURUS_ROLES)
    people = (
        select(
            p.c.target,
            func.count(Kader.id).label("kader"),
            func.sum(dialect.flag(trained_exists(dialect, TECHNICAL_TRAININGS, cutoff))).label("kader_trained"),
            func.sum(dialect.flag(is_pengurus)).label("pengurus"),
            func.sum(dialect.flag(and_(is_pengurus, trained_exists(dialect, (MANAGERIAL_TRAINING,), cutoff)))).label(
                "pengurus_trained"
            ),
        )
        .select_from(p)
        .join(Kader, and_(Kader.posyandu_id == p.c.pid, dialect.is_true(Kader.active)))
        .group_by(p.c.target)
    )
    counts = fill_counts(empty_counts(scope, *COUNTS), conn.execute(people), COUNTS[:4])

    board = (
        select(
            p.c.target,
            p.c.pid,
            func.count(Kader.id).label("members"),
            func.max(dialect.flag(Kader.role == "ketua")).label("ketua"),
            func.max(dialect.flag(Kader.role == "sekretaris")).label("sekretaris"),
            func.max(dialect.flag(Kader.role == "bendahara")).label("bendahara"),
            func.count(
                distinct(case((and_(Kader.role == "ketua_bidang", Kader.bidang.in_(BIDANG)), Kader.bidang)))
            ).label("bidang_heads"),
        )
        .select_from(p)
        .outerjoin(Kader, and_(Kader.posyandu_id == p.c.pid, dialect.is_true(Kader.active)))
        .group_by(p.c.target, p.c.pid)
        .subquery("board")
    )
    complete = and_(
        board.c.ketua == 1,
        board.c.sekretaris == 1,
        board.c.bendahara == 1,
        board.c.bidang_heads == len(BIDANG),
    )
    boards = select(
        board.c.target,
        func.count().label("posyandu"),
        func.sum(dialect.flag(complete)).label("pengurus_complete"),
        func.sum(dialect.flag(board.c.members < 5)).label("under5"),
    ).group_by(board.c.target)
    return fill_counts(counts, conn.execute(boards), COUNTS[4:])


def kader_metrics(counts: dict[str, int]) -> Metrics:
    """The family's METRICS.md codes from one target's counts."""
    return {
        "kader_total": counts["kader"],
        "kader_trained_pct": percent(counts["kader_trained"], counts["kader"]),
        "pengurus_trained_pct": percent(counts["pengurus_trained"], counts["pengurus"]),
        "pengurus_complete_pct": percent(counts["pengurus_complete"], counts["posyandu"]),
        "kader_under5_count": counts["under5"],
    }
