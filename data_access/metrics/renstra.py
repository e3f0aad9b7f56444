"""Renstra Posyandu 2025-2029 targets: resolution by nearest ancestor, attainment and status.

A target row is valid when its region exists, its metric is a percentage metric and its value is a
number within 0-100; invalid rows are ignored here and counted in data quality.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, and_, select
from sqlalchemy.sql.elements import ColumnElement

from data_access.expressions import Dialect
from data_access.metrics.codes import PERCENT_METRICS
from data_access.models import Region, RenstraTarget
from data_access.scope import ancestor_codes
from data_access.vocabulary import MENDEKATI, TANPA_TARGET, TERCAPAI, TERTINGGAL

_EPSILON = 1e-9  # percentages are float quotients: 79.99999999 of a target of 80 has reached it


def valid_target_condition(dialect: Dialect) -> ColumnElement[bool]:
    """A ``renstra_target`` row the contract accepts (region existence is joined separately)."""
    return and_(
        RenstraTarget.metric.in_(PERCENT_METRICS),
        dialect.is_number(RenstraTarget.target),
        RenstraTarget.target >= 0,
        RenstraTarget.target <= 100,
    )


def resolve_targets(
    conn: Connection, codes: Iterable[str], years: Iterable[int]
) -> dict[tuple[str, int], dict[str, float]]:
    """For each (region code, year): metric -> target, taken from the region's own valid row or
    else from its nearest code-prefix ancestor with one. The country ('') has no target."""
    codes = [code for code in codes if code]
    years = list(years)
    result: dict[tuple[str, int], dict[str, float]] = {(code, year): {} for code in codes for year in years}
    if not codes or not years:
        return result
    dialect = Dialect(conn.dialect.name)
    candidates = sorted({ancestor for code in codes for ancestor in ancestor_codes(code)})
    statement = (
        select(
            RenstraTarget.region_code,
            RenstraTarget.year,
            RenstraTarget.metric,
            dialect.as_float(RenstraTarget.target).label("target"),
        )
        .join(Region, Region.code == RenstraTarget.region_code)
        .where(
            RenstraTarget.region_code.in_(candidates),
            RenstraTarget.year.in_(years),
            valid_target_condition(dialect),
        )
    )
    found: dict[tuple[str, int], dict[str, float]] = {}
    for row in conn.execute(statement):
        found.setdefault((row.region_code, int(row.year)), {})[row.metric] = float(row.target)
    for code in codes:
        for year in years:
            resolved = result[(code, year)]
            for ancestor in ancestor_codes(code):  # nearest first
                for metric, target in found.get((ancestor, year), {}).items():
                    resolved.setdefault(metric, target)
    return result


def attainment(actual: float | None, target: float | None) -> float | None:
    """actual / target as a percentage; None without a target or an actual, or for a target of 0."""
    if actual is None or target is None or target == 0:
        return None
    return 100.0 * actual / target


def attainment_status(actual: float | None, target: float | None) -> str:
    """tercapai at >= 100 % of target (always for a target of 0), mendekati at >= 80 %,
    tertinggal below; tanpa target without a target or an actual."""
    if actual is None or target is None:
        return TANPA_TARGET
    if target == 0:
        return TERCAPAI
    ratio = actual / target
    if ratio >= 1 - _EPSILON:
        return TERCAPAI
    if ratio >= 0.8 - _EPSILON:
        return MENDEKATI
    return TERTINGGAL
