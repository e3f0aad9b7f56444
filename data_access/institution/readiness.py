"""Where the readiness funnel leaks: each desa/kelurahan and the step it is stuck at.

The funnel counts per region (:mod:`.funnel`) cannot say *where* it leaks, so :func:`desa_readiness`
gives the same counts per desa/kelurahan and the step each one is stuck at:

- ``posyandu``: the desa/kelurahan has no posyandu in P at all;
- ``sk``: it has posyandu, but not every one of them has an SK kepengurusan that counts;
- ``registered``: every posyandu has its SK, but not every one is registered as well;
- ``tim_pembina``: every posyandu has SK and registration, but the desa/kelurahan has no Tim Pembina
  whose SK counts;
- ``siap``: every step passed.

A desa is stuck at the *first* step some of its posyandu do not pass, so each desa has exactly one
step and the steps partition the desa of the subtree.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlalchemy import Connection, Engine, and_, exists, func, or_, select
from sqlalchemy.orm import aliased

from data_access.breakdowns.common import own_scope
from data_access.count_keys import NO_POSYANDU, NO_SK, NO_TIM_PEMBINA, NOT_REGISTERED, READY, STUCK_STEPS
from data_access.db import with_connection
from data_access.expressions import Dialect
from data_access.institution.funnel import FUNNEL_COUNTS
from data_access.metrics.base import DESA_LEVEL, in_subtree, placed_posyandu
from data_access.metrics.posyandu import desa_tp_condition, registered_condition, sk_condition
from data_access.models import Posyandu, TimPembina
from data_access.models import Region as RegionRow
from data_access.scope import Scope, ancestor_codes
from data_access.summaries import read_through, summary_counts, summary_desa_rows

__all__ = [
    "NOT_READY",
    "READINESS_COLUMNS",
    "READY",
    "STUCK_COLUMNS",
    "STUCK_STEPS",
    "desa_readiness",
    "readiness_kind",
    "readiness_rows",
    "stuck_by_region",
    "stuck_step",
    "stuck_summary",
]

READINESS_COLUMNS = [
    "desa_code",
    "desa_name",
    "kecamatan_code",
    "kecamatan_name",
    "child_code",
    *FUNNEL_COUNTS,
    "tp_formed",
    "stuck_at",
]

NOT_READY: tuple[str, ...] = tuple(step for step in STUCK_STEPS if step != READY)
"""The steps the Kelembagaan page lists by default: every desa/kelurahan not yet ``siap``."""

READINESS_KIND = "readiness"
"""Stored per-desa rows of :func:`desa_readiness` are of kind ``readiness.<step>`` (see
``data_access.summaries.store.desa_rows_table``)."""

StepCounts = dict[str, dict[str, int]]
"""Desa/kelurahan per stuck step (:data:`STUCK_STEPS`) per target code, as the summaries keep them."""


def stuck_step(posyandu: int, with_sk: int, with_sk_registered: int, tp_formed: bool) -> str:
    """The first funnel step a desa/kelurahan does not pass for all its posyandu (see the module doc)."""
    if posyandu == 0:
        return NO_POSYANDU
    if with_sk < posyandu:
        return NO_SK
    if with_sk_registered < posyandu:
        return NOT_REGISTERED
    if not tp_formed:
        return NO_TIM_PEMBINA
    return READY


def readiness_kind(step: str) -> str:
    """The stored kind of the desa stuck at ``step``."""
    return f"{READINESS_KIND}.{step}"


def desa_readiness(
    engine: Engine | Connection,
    scope: Scope,
    steps: Iterable[str] | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """One row per desa/kelurahan of the region's subtree (those without posyandu included), by code.

    Columns: :data:`READINESS_COLUMNS` -- the desa's funnel counts over its posyandu of P, whether its
    own Tim Pembina counts (``tp_formed``), the step it is stuck at, its kecamatan (by code prefix)
    and ``child_code``, the child region of the scope it lies in (None at desa level, or for a desa
    whose code lies under no child). Summed over a child's desa the counts equal the child's funnel
    counts in ``compute_metrics``.

    ``steps`` keeps only the desa stuck at one of them (every desa when None or empty) and ``limit``
    the first that many by code, so a page need not build the country's 83,000 rows to show a few.

    From the summaries when they are fresh: a desa's row does not depend on the region asked for
    (its posyandu are in P of any region holding the desa, its Tim Pembina is its own, its kecamatan
    is a prefix of its code), so the refresh stores the country's rows once per cut, under each
    desa's code prefixes and split by step (``readiness.<step>``), and a region's rows are an indexed
    lookup; only ``child_code`` is derived here, from the scope, on either path.
    """
    chosen = set(steps or ())
    wanted = [step for step in STUCK_STEPS if not chosen or step in chosen]

    def raw(conn: Connection) -> list[dict[str, object]]:
        rows = [row for row in readiness_rows(conn, scope) if row["stuck_at"] in wanted]
        return rows if limit is None else rows[:limit]

    def work(conn: Connection) -> pd.DataFrame:
        if not wanted or (limit is not None and limit <= 0):
            return _readiness_frame([], scope)
        kinds = [readiness_kind(step) for step in wanted]
        return _readiness_frame(
            read_through(lambda: summary_desa_rows(conn, scope, kinds, limit), lambda: raw(conn)), scope
        )

    return with_connection(engine, work)


def readiness_rows(conn: Connection, scope: Scope) -> list[dict[str, object]]:
    """The rows of :func:`desa_readiness` for the region's subtree (every step), by desa code, from
    the raw tables and without ``child_code``: what the summary refresh stores for the country."""
    dialect = Dialect(conn.dialect.name)
    cutoff = scope.period.cutoff
    p = placed_posyandu(dialect, own_scope(scope))
    registered = registered_condition(dialect, cutoff)
    with_sk = sk_condition(dialect, cutoff)
    per_desa = (
        select(
            Posyandu.region_code.label("desa_code"),
            func.count().label("posyandu"),
            func.sum(dialect.flag(with_sk)).label("with_sk"),
            func.sum(dialect.flag(and_(with_sk, registered))).label("with_sk_registered"),
            func.sum(dialect.flag(and_(with_sk, registered, desa_tp_condition(dialect, cutoff)))).label(
                "with_sk_registered_tp"
            ),
        )
        .select_from(p)
        .join(Posyandu, Posyandu.id == p.c.pid)
        .group_by(Posyandu.region_code)
        .subquery("per_desa")
    )
    desa = aliased(RegionRow)
    tp_formed = exists().where(
        TimPembina.region_code == desa.code,
        dialect.present(TimPembina.sk_number),
        dialect.date_counts(TimPembina.sk_date, cutoff),
    )
    statement = (
        select(
            desa.code.label("desa_code"),
            desa.name.label("desa_name"),
            *(func.coalesce(per_desa.c[name], 0).label(name) for name in FUNNEL_COUNTS),
            dialect.flag(tp_formed).label("tp_formed"),
        )
        .select_from(desa)
        .outerjoin(per_desa, per_desa.c.desa_code == desa.code)
        .where(desa.level == DESA_LEVEL, in_subtree(desa.code, scope.region_code))
        .order_by(desa.code)
    )
    rows = conn.execute(statement).all()
    if not rows:
        return []
    kecamatan = _kecamatan_names(conn, scope)
    records: list[dict[str, object]] = []
    for row in rows:
        counts = {name: int(row._mapping[name] or 0) for name in FUNNEL_COUNTS}
        tp = bool(row.tp_formed)
        kecamatan_code = _kecamatan_of(row.desa_code)
        records.append(
            {
                "desa_code": row.desa_code,
                "desa_name": row.desa_name,
                "kecamatan_code": kecamatan_code if kecamatan_code in kecamatan else None,
                "kecamatan_name": kecamatan.get(kecamatan_code),
                **counts,
                "tp_formed": tp,
                "stuck_at": stuck_step(counts["posyandu"], counts["with_sk"], counts["with_sk_registered"], tp),
            }
        )
    return records


def _readiness_frame(rows: list[dict[str, object]], scope: Scope) -> pd.DataFrame:
    """The frame of :func:`desa_readiness` from its rows (raw or stored), with each desa's child region."""
    if not rows:
        return pd.DataFrame(columns=READINESS_COLUMNS)
    children = {child.code for child in scope.children}
    records = [
        row | {"child_code": next((code for code in ancestor_codes(str(row["desa_code"])) if code in children), None)}
        for row in rows
    ]
    return pd.DataFrame(records, columns=READINESS_COLUMNS)


def _kecamatan_of(desa_code: str) -> str:
    """The kecamatan code a desa/kelurahan code lies under: its first three parts."""
    return ".".join(desa_code.split(".")[:3])


def _kecamatan_names(conn: Connection, scope: Scope) -> dict[str, str]:
    """Names of the kecamatan in the subtree, or above it (the region's own kecamatan at desa level)."""
    above = ancestor_codes(scope.region_code) if scope.region_code else []
    statement = select(RegionRow.code, RegionRow.name).where(
        RegionRow.level == "kecamatan",
        or_(in_subtree(RegionRow.code, scope.region_code), RegionRow.code.in_(above)),
    )
    return {row.code: row.name for row in conn.execute(statement)}


STUCK_COLUMNS = ["code", "name", "is_region", "desa", *STUCK_STEPS]


def stuck_summary(readiness: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """How many desa/kelurahan are stuck at each step: the region itself (first row, ``is_region``
    true: every desa of the subtree), then each child region. Columns: code ('' for the country),
    name, is_region, desa, then one count column per :data:`STUCK_STEPS`."""
    return _stuck_frame(_step_counts(readiness, scope), scope)


def stuck_by_region(engine: Engine | Connection, scope: Scope) -> pd.DataFrame:
    """``stuck_summary(desa_readiness(engine, scope), scope)`` -- the desa/kelurahan per stuck step
    of the region and each child -- without building every desa's row when the summaries are fresh.

    A desa's step does not depend on the region asked for and each desa lies under one child, so the
    counts add up over desa: the refresh rolls them up onto every code prefix (the region group
    ``stuck``) and the country's counts per provinsi are one lookup of a few rows instead of 83,000
    desa rows built per view. The figures are the same either way."""

    def raw(conn: Connection) -> StepCounts:
        return _step_counts(_readiness_frame(readiness_rows(conn, scope), scope), scope)

    def work(conn: Connection) -> pd.DataFrame:
        return _stuck_frame(read_through(lambda: summary_counts(conn, scope, "stuck"), lambda: raw(conn)), scope)

    return with_connection(engine, work)


def _step_counts(readiness: pd.DataFrame, scope: Scope) -> StepCounts:
    """Desa per stuck step of the region (every desa of the frame) and of each child."""

    def tally(steps: pd.Series) -> dict[str, int]:
        return {step: int((steps == step).sum()) for step in STUCK_STEPS}

    counts = {scope.target_codes[0]: tally(readiness["stuck_at"])}
    for child in scope.children:
        counts[child.code] = tally(readiness.loc[readiness["child_code"] == child.code, "stuck_at"])
    return counts


def _stuck_frame(counts: StepCounts, scope: Scope) -> pd.DataFrame:
    """Rows of :func:`stuck_summary` from the counts per step of the region (first) and each child."""
    names = {child.code: child.name for child in scope.children}
    region = scope.region
    rows = []
    for index, code in enumerate(scope.target_codes):
        is_region = index == 0
        steps = {step: int(counts[code][step]) for step in STUCK_STEPS}
        name = (region.name if region else "Indonesia") if is_region else names[code]
        rows.append({"code": code, "name": name, "is_region": is_region, "desa": sum(steps.values())} | steps)
    return pd.DataFrame(rows, columns=STUCK_COLUMNS)
