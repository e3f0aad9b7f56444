"""The Posyandu gaps of METRICS.md: what each posyandu of P lacks -- the camat's list and the map points.

Gaps (each counts once): registration, SK, 5 kader, a trained kader, a report in the last month of
the period, and the six bidang (lacking at least one of them in the period; the missing bidang are
listed). Status: ``lengkap`` with no gap, ``kurang`` with 1-2, ``perlu perhatian`` with 3 or more.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, Select, Subquery, and_, func, select
from sqlalchemy.orm import aliased

from data_access.db import with_connection
from data_access.expressions import Dialect, codepoint_order
from data_access.metrics.base import placed_posyandu
from data_access.metrics.codes import BIDANG, TECHNICAL_TRAININGS
from data_access.metrics.kader import trained_exists
from data_access.metrics.posyandu import registered_condition, sk_condition
from data_access.metrics.services import valid_report
from data_access.models import Indicator, Kader, Posyandu, Region, ServiceReport
from data_access.scope import Scope
from data_access.summaries import read_through, summary_facts, summary_under5
from data_access.vocabulary import KURANG, LENGKAP, PERLU_PERHATIAN

Fact = dict[str, Any]
"""One posyandu's facts (:data:`FACT_COLUMNS`): values as the driver gives them, or as JSON gives
them back when read from the summaries."""

GAPS: tuple[str, ...] = ("registration", "sk", "kader_5", "trained_kader", "last_month_report", "six_bidang")
KADER_MINIMUM = 5
"""A posyandu with fewer active kader than this has the ``kader_5`` gap (METRICS.md ``kader_under5_count``)."""

_POSYANDU_FACTS = [
    "posyandu_id",
    "name",
    "location",
    "desa_code",
    "desa_name",
    "latitude",
    "longitude",
    "registered",
    "has_sk",
    "kader_count",
    "trained_kader_count",
]
"""The facts of a posyandu that the gaps list shows as they are (the list and the facts share them)."""

COLUMNS = [
    *_POSYANDU_FACTS,
    "bidang_served",
    "bidang_missing",
    "reported_last_month",
    "last_report_period",
    "gaps",
    "gap_count",
    "status",
]


def gap_status(gap_count: int) -> str:
    """lengkap / kurang / perlu perhatian from the number of gaps."""
    if gap_count == 0:
        return LENGKAP
    return KURANG if gap_count <= 2 else PERLU_PERHATIAN


def date_text(value: object) -> str | None:
    """A date from either backend (a date on PostgreSQL, text on SQLite) as ISO text, None for none."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()[:10] or None


def posyandu_gaps(engine: Engine | Connection, scope: Scope) -> pd.DataFrame:
    """One row per posyandu of P in the scope's region (children ignored), sorted by desa and name.

    The per-posyandu facts come from the summaries when they are fresh (:mod:`data_access.summaries`),
    else from the raw tables; the gaps and status are derived from them the same way either way."""

    def work(conn: Connection) -> pd.DataFrame:
        return gaps_frame(read_through(lambda: summary_facts(conn, scope), lambda: gap_facts(conn, scope)))

    return with_connection(engine, work)


FACT_COLUMNS = [
    *_POSYANDU_FACTS,
    "served",
    "reported_last_month",
    "last_report_period",
]
"""What :func:`gap_facts` gives per posyandu: everything the gaps are derived from (``served`` is the
sorted list of bidang with a valid value > 0 in the period)."""


def gap_facts(conn: Connection, scope: Scope) -> list[Fact]:
    """The facts (:data:`FACT_COLUMNS`) of every posyandu of P in the scope's region, from the raw tables."""
    dialect = Dialect(conn.dialect.name)
    period = scope.period
    own = Scope(region=scope.region, children=(), period=period)
    p = placed_posyandu(dialect, own)
    desa = aliased(Region)

    base = (
        select(
            Posyandu.id.label("posyandu_id"),
            Posyandu.name,
            Posyandu.location,
            desa.code.label("desa_code"),
            desa.name.label("desa_name"),
            Posyandu.latitude,
            Posyandu.longitude,
            dialect.flag(registered_condition(dialect, period.cutoff)).label("registered"),
            dialect.flag(sk_condition(dialect, period.cutoff)).label("has_sk"),
        )
        .select_from(p)
        .join(Posyandu, Posyandu.id == p.c.pid)
        .join(desa, desa.code == Posyandu.region_code)
    )
    posyandu = {row.posyandu_id: dict(row._mapping) for row in conn.execute(base)}
    if not posyandu:
        return []

    kader = kader_per_posyandu(dialect, p, period.cutoff)
    kader_counts = {row.pid: (int(row.kader_count), int(row.trained or 0)) for row in conn.execute(kader)}

    last_month_start = dt.date(period.year, period.month, 1)
    reports = (
        select(
            p.c.pid,
            Indicator.bidang,
            func.max(dialect.flag(ServiceReport.value > 0)).label("served"),
            func.max(dialect.flag(ServiceReport.period >= dialect.date_param(last_month_start))).label("in_last_month"),
        )
        .select_from(p)
        .join(ServiceReport, ServiceReport.posyandu_id == p.c.pid)
        .join(Indicator, Indicator.code == ServiceReport.indicator_code)
        .where(valid_report(dialect, period))
        .group_by(p.c.pid, Indicator.bidang)
    )
    served: dict[int, set[str]] = {}
    last_month: set[int] = set()
    for row in conn.execute(reports):
        if row.served and row.bidang in BIDANG:
            served.setdefault(row.pid, set()).add(row.bidang)
        if row.in_last_month:
            last_month.add(row.pid)

    latest = (
        select(p.c.pid, func.max(ServiceReport.period).label("last_period"))
        .select_from(p)
        .join(ServiceReport, ServiceReport.posyandu_id == p.c.pid)
        .join(Indicator, Indicator.code == ServiceReport.indicator_code)
        .where(
            dialect.valid_value(ServiceReport.value),
            ServiceReport.period < dialect.date_param(period.cutoff + dt.timedelta(days=1)),
        )
        .group_by(p.c.pid)
    )
    last_period = {row.pid: date_text(row.last_period) for row in conn.execute(latest)}

    facts = []
    for pid, found in posyandu.items():
        kader_count, trained = kader_counts.get(pid, (0, 0))
        facts.append(
            found
            | {
                "registered": bool(found["registered"]),
                "has_sk": bool(found["has_sk"]),
                "kader_count": kader_count,
                "trained_kader_count": trained,
                "served": sorted(served.get(pid, set())),
                "reported_last_month": pid in last_month,
                "last_report_period": last_period.get(pid),
            }
        )
    return facts


def kader_per_posyandu(dialect: Dialect, p: Subquery, cutoff: dt.date) -> Select:
    """Per posyandu of ``p`` with active kader: ``kader_count`` (active kader) and ``trained`` (those
    with a technical training by ``cutoff``) -- one definition for the gaps list and the under-5 list,
    so the two cannot count kader differently."""
    return (
        select(
            p.c.pid,
            func.count(Kader.id).label("kader_count"),
            func.sum(dialect.flag(trained_exists(dialect, TECHNICAL_TRAININGS, cutoff))).label("trained"),
        )
        .select_from(p)
        .join(Kader, and_(Kader.posyandu_id == p.c.pid, dialect.is_true(Kader.active)))
        .group_by(p.c.pid)
    )


def gap_list(fact: Fact) -> list[str]:
    """The gaps of one posyandu (in :data:`GAPS` order) from its facts."""
    missing = (
        not fact["registered"],
        not fact["has_sk"],
        int(fact["kader_count"]) < KADER_MINIMUM,
        int(fact["trained_kader_count"]) == 0,
        not fact["reported_last_month"],
        len(fact["served"]) < len(BIDANG),
    )
    return [gap for gap, lacking in zip(GAPS, missing, strict=True) if lacking]


def gaps_frame(facts: list[Fact]) -> pd.DataFrame:
    """The gaps list (:data:`COLUMNS`) from the per-posyandu facts, sorted by desa, name and id.

    Built column by column: at provinsi size there are tens of thousands of posyandu."""
    if not facts:
        return pd.DataFrame(columns=COLUMNS)
    columns: dict[str, list[Any]] = {name: [fact[name] for fact in facts] for name in FACT_COLUMNS if name != "served"}
    served = [set(fact["served"]) for fact in facts]
    gaps = [gap_list(fact) for fact in facts]
    columns["bidang_served"] = [len(bidang) for bidang in served]
    columns["bidang_missing"] = [[code for code in BIDANG if code not in bidang] for bidang in served]
    columns["gaps"] = gaps
    columns["gap_count"] = [len(found) for found in gaps]
    columns["status"] = [gap_status(len(found)) for found in gaps]
    frame = pd.DataFrame({name: columns[name] for name in COLUMNS}, columns=COLUMNS)
    return frame.sort_values(["desa_code", "name", "posyandu_id"], ignore_index=True)


# --- the posyandu with fewer than 5 kader (the kader page) ----------------------------------------

UNDER5_COLUMNS = [
    "posyandu_id",
    "name",
    "location",
    "desa_code",
    "desa_name",
    "kader_count",
    "trained_kader_count",
]


def posyandu_under5(engine: Engine | Connection, scope: Scope, limit: int | None = None) -> pd.DataFrame:
    """The posyandu of P in the scope's region (children ignored) with fewer than
    :data:`KADER_MINIMUM` active kader: fewest kader first, then by desa code, name and id; at most
    ``limit`` rows (None = all). Columns: :data:`UNDER5_COLUMNS`.

    Filtered, ordered and cut in SQL -- on the stored facts' plain columns when the summaries are
    fresh, else on the raw tables -- so the country's list costs the rows shown, not 300,000 posyandu
    parsed into a frame. Without a limit the list has ``kader_under5_count`` rows."""
    if limit is not None and limit < 0:
        raise ValueError(f"limit must be None or >= 0, not {limit}")
    return with_connection(engine, lambda conn: _posyandu_under5(conn, scope, limit))


def _posyandu_under5(conn: Connection, scope: Scope, limit: int | None) -> pd.DataFrame:
    rows = read_through(
        lambda: summary_under5(conn, scope, below=KADER_MINIMUM, limit=limit),
        lambda: _under5_rows(conn, scope, limit),
    )
    if not rows:
        return pd.DataFrame(columns=UNDER5_COLUMNS)
    frame = pd.DataFrame([{name: row[name] for name in UNDER5_COLUMNS} for row in rows], columns=UNDER5_COLUMNS)
    for name in ("posyandu_id", "kader_count", "trained_kader_count"):
        frame[name] = frame[name].astype("int64")
    return frame


def _under5_rows(conn: Connection, scope: Scope, limit: int | None) -> list[Fact]:
    """The raw path of :func:`posyandu_under5`: the kader counted per posyandu of P as
    :func:`gap_facts` counts them, kept below the minimum by a WHERE on the count, in SQL."""
    dialect = Dialect(conn.dialect.name)
    period = scope.period
    p = placed_posyandu(dialect, Scope(region=scope.region, children=(), period=period))
    desa = aliased(Region)
    kader = kader_per_posyandu(dialect, p, period.cutoff).subquery("kader_per_posyandu")
    kader_count = func.coalesce(kader.c.kader_count, 0)
    statement = (
        select(
            Posyandu.id.label("posyandu_id"),
            Posyandu.name,
            Posyandu.location,
            desa.code.label("desa_code"),
            desa.name.label("desa_name"),
            kader_count.label("kader_count"),
            func.coalesce(kader.c.trained, 0).label("trained_kader_count"),
        )
        .select_from(p)
        .join(Posyandu, Posyandu.id == p.c.pid)
        .join(desa, desa.code == Posyandu.region_code)
        .outerjoin(kader, kader.c.pid == p.c.pid)
        .where(kader_count < KADER_MINIMUM)
        .order_by(
            kader_count,
            codepoint_order(desa.code, dialect.name),
            codepoint_order(Posyandu.name, dialect.name),
            Posyandu.id,
        )
    )
    if limit is not None:
        statement = statement.limit(limit)
    return [
        dict(row._mapping) | {"kader_count": int(row.kader_count), "trained_kader_count": int(row.trained_kader_count)}
        for row in conn.execute(statement)
    ]


__all__ = [
    "GAPS",
    "KADER_MINIMUM",
    "KURANG",
    "LENGKAP",
    "PERLU_PERHATIAN",
    "UNDER5_COLUMNS",
    "gap_status",
    "posyandu_gaps",
    "posyandu_under5",
]
