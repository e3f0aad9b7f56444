"""The Posyandu gaps of METRICS.md: what each posyandu of P lacks -- the camat's list and the map points.

Gaps (each counts once): registration, SK, 5 kader, a trained kader, a report in the last month of
the period, and the six bidang (lacking at least one of them in the period; the missing bidang are
listed). Status: ``lengkap`` with no gap, ``kurang`` with 1-2, ``perlu perhatian`` with 3 or more.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection, Engine, and_, func, select
from sqlalchemy.orm import aliased

from data_access.expressions import Dialect
from data_access.metrics.base import placed_posyandu
from data_access.metrics.codes import BIDANG, TECHNICAL_TRAININGS
from data_access.metrics.kader import trained_exists
from data_access.metrics.posyandu import registered_condition, sk_condition
from data_access.metrics.services import valid_report
from data_access.models import Indicator, Kader, Posyandu, Region, ServiceReport
from data_access.scope import Scope

GAPS: tuple[str, ...] = ("registration", "sk", "kader_5", "trained_kader", "last_month_report", "six_bidang")
LENGKAP, KURANG, PERLU_PERHATIAN = "lengkap", "kurang", "perlu perhatian"

COLUMNS = [
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


def _period_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()[:10] or None


def posyandu_gaps(engine: Engine | Connection, scope: Scope) -> pd.DataFrame:
    """One row per posyandu of P in the scope's region (children ignored), sorted by desa and name.

    The per-posyandu facts come from the summaries when they are fresh (:mod:`data_access.summaries`),
    else from the raw tables; the gaps and status are derived from them the same way either way."""
    if isinstance(engine, Engine):
        with engine.connect() as conn:
            return _posyandu_gaps(conn, scope)
    return _posyandu_gaps(engine, scope)


FACT_COLUMNS = [
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
    "served",
    "reported_last_month",
    "last_report_period",
]
"""What :func:`gap_facts` gives per posyandu: everything the gaps are derived from (``served`` is the
sorted list of bidang with a valid value > 0 in the period)."""


def _posyandu_gaps(conn: Connection, scope: Scope) -> pd.DataFrame:
    from data_access.summaries import summary_facts

    facts = summary_facts(conn, scope)
    if facts is None:
        facts = gap_facts(conn, scope)
    return gaps_frame(facts)


def gap_facts(conn: Connection, scope: Scope) -> list[dict[str, object]]:
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
    rows = {row.posyandu_id: dict(row._mapping) for row in conn.execute(base)}
    if not rows:
        return []

    kader = (
        select(
            p.c.pid,
            func.count(Kader.id).label("kader_count"),
            func.sum(dialect.flag(trained_exists(dialect, TECHNICAL_TRAININGS, period.cutoff))).label("trained"),
        )
        .select_from(p)
        .join(Kader, and_(Kader.posyandu_id == p.c.pid, dialect.is_true(Kader.active)))
        .group_by(p.c.pid)
    )
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
    last_period = {row.pid: _period_text(row.last_period) for row in conn.execute(latest)}

    facts = []
    for pid, row in rows.items():
        kader_count, trained = kader_counts.get(pid, (0, 0))
        facts.append(
            row
            | {
                "registered": bool(row["registered"]),
                "has_sk": bool(row["has_sk"]),
                "kader_count": kader_count,
                "trained_kader_count": trained,
                "served": sorted(served.get(pid, set())),
                "reported_last_month": pid in last_month,
                "last_report_period": last_period.get(pid),
            }
        )
    return facts


def gap_list(fact: dict[str, object]) -> list[str]:
    """The gaps of one posyandu (in :data:`GAPS` order) from its facts."""
    missing = (
        not fact["registered"],
        not fact["has_sk"],
        int(fact["kader_count"]) < 5,  # type: ignore[call-overload]
        int(fact["trained_kader_count"]) == 0,  # type: ignore[call-overload]
        not fact["reported_last_month"],
        len(fact["served"]) < len(BIDANG),  # type: ignore[arg-type]
    )
    return [gap for gap, lacking in zip(GAPS, missing, strict=True) if lacking]


def gaps_frame(facts: list[dict[str, object]]) -> pd.DataFrame:
    """The gaps list (:data:`COLUMNS`) from the per-posyandu facts, sorted by desa, name and id.

    Built column by column: at provinsi size there are tens of thousands of posyandu."""
    if not facts:
        return pd.DataFrame(columns=COLUMNS)
    columns: dict[str, list[object]] = {
        name: [fact[name] for fact in facts] for name in FACT_COLUMNS if name != "served"
    }
    served = [set(fact["served"]) for fact in facts]  # type: ignore[call-overload]
    gaps = [gap_list(fact) for fact in facts]
    columns["bidang_served"] = [len(bidang) for bidang in served]
    columns["bidang_missing"] = [[code for code in BIDANG if code not in bidang] for bidang in served]
    columns["gaps"] = gaps  # type: ignore[assignment]
    columns["gap_count"] = [len(found) for found in gaps]
    columns["status"] = [gap_status(len(found)) for found in gaps]
    frame = pd.DataFrame({name: columns[name] for name in COLUMNS}, columns=COLUMNS)
    return frame.sort_values(["desa_code", "name", "posyandu_id"], ignore_index=True)


__all__ = ["GAPS", "KURANG", "LENGKAP", "PERLU_PERHATIAN", "gap_status", "posyandu_gaps"]
