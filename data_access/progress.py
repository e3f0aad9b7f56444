"""Progress over time: change against the previous year, the Renstra trajectory and pace to 2029,
and the ranking of child regions most behind / ahead of their targets.

These compose :func:`~data_access.metrics.compute_metrics` over several periods; the only SQL
they add is the target lookup, so they follow METRICS.md by construction.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection, Engine

from data_access.db import with_connection
from data_access.metrics import MetricsResult, RegionMetrics, compute_metrics
from data_access.metrics.codes import METRIC_CODES, PERCENT_METRICS
from data_access.metrics.renstra import attainment_status, resolve_targets
from data_access.scope import Period, Scope, year_has_reports

RENSTRA_FIRST_YEAR = 2025
RENSTRA_LAST_YEAR = 2029


def change_against_previous_year(current: MetricsResult, previous: MetricsResult) -> dict[str, float | None]:
    """Per metric: current minus the same metric for Y-1 cut at the same month (points for
    percentages, a count for counts); None where either side is null."""
    changes: dict[str, float | None] = {}
    for code in METRIC_CODES:
        now, before = current.metrics[code], previous.metrics[code]
        changes[code] = None if now is None or before is None else float(now) - float(before)
    return changes


def previous_year(engine: Engine | Connection, scope: Scope) -> MetricsResult:
    """The scope's figures for Y-1 at the same month cut (no error if that year has no data)."""
    return compute_metrics(engine, scope.with_period(scope.period.previous_year()))


@dataclass(frozen=True)
class Pace:
    """Renstra pace of one metric for one region."""

    metric: str
    first_year: int | None
    first_actual: float | None
    current_year: int
    current_month: int
    current_actual: float | None
    target_2029: float | None
    achieved_per_year: float | None
    needed_per_year: float | None


def renstra_trajectory(engine: Engine | Connection, scope: Scope) -> pd.DataFrame:
    """Rows (year, month, metric, actual, target, status) for the region, from 2025 to 2029: actuals
    for years up to Y with data (Y itself at its month cut, never extrapolated), targets for all."""

    def work(conn: Connection) -> pd.DataFrame:
        code = scope.region_code or ""
        years = list(range(RENSTRA_FIRST_YEAR, RENSTRA_LAST_YEAR + 1))
        targets = resolve_targets(conn, [code], years)
        rows = []
        for year in years:
            actual_metrics = None
            month = 12
            if year < scope.period.year and year_has_reports(conn, year):
                own = Scope(region=scope.region, children=(), period=Period(year, 12, scope.period.today))
                actual_metrics = compute_metrics(conn, own).metrics
            elif year == scope.period.year:
                month = scope.period.month
                own = Scope(region=scope.region, children=(), period=scope.period)
                actual_metrics = compute_metrics(conn, own).metrics
            for metric in PERCENT_METRICS:
                actual = actual_metrics[metric] if actual_metrics else None
                target = targets.get((code, year), {}).get(metric)
                rows.append(
                    {
                        "year": year,
                        "month": month,
                        "metric": metric,
                        "actual": actual,
                        "target": target,
                        "status": attainment_status(actual, target) if actual_metrics else None,
                    }
                )
        return pd.DataFrame(rows, columns=["year", "month", "metric", "actual", "target", "status"])

    return with_connection(engine, work)


def renstra_pace(trajectory: pd.DataFrame, scope: Scope) -> list[Pace]:
    """Points per year needed from now to reach each 2029 target, beside points per year achieved
    since the first year with data (2025 at the earliest)."""
    paces = []
    current_year = scope.period.year
    for metric in PERCENT_METRICS:
        rows = trajectory[trajectory["metric"] == metric].set_index("year")
        with_actual = rows[rows["actual"].notna()]
        first_year = int(with_actual.index.min()) if not with_actual.empty else None
        first_actual = float(with_actual.loc[first_year, "actual"]) if first_year is not None else None
        current = rows["actual"].get(current_year)
        current_actual = None if current is None or pd.isna(current) else float(current)
        target = rows["target"].get(RENSTRA_LAST_YEAR)
        target_2029 = None if target is None or pd.isna(target) else float(target)
        achieved = None
        if (
            first_year is not None
            and first_actual is not None
            and current_actual is not None
            and current_year > first_year
        ):
            achieved = (current_actual - first_actual) / (current_year - first_year)
        needed = None
        if target_2029 is not None and current_actual is not None:
            remaining_years = RENSTRA_LAST_YEAR - current_year
            needed = (target_2029 - current_actual) / remaining_years if remaining_years > 0 else None
        paces.append(
            Pace(
                metric,
                first_year,
                first_actual,
                current_year,
                scope.period.month,
                current_actual,
                target_2029,
                achieved,
                needed,
            )
        )
    return paces


def rank_children(result: MetricsResult, metric: str) -> pd.DataFrame:
    """Children ranked most behind first: by points below target where targets exist, else by the
    value itself (lowest first). Children with a null value come last."""
    rows = []
    for child in result.children:
        value = child.metrics.get(metric)
        target = child.targets.get(metric) if metric in PERCENT_METRICS else None
        gap = None if value is None or target is None else float(target) - float(value)
        rows.append(_rank_row(child, metric, value, target, gap))
    frame = pd.DataFrame(rows, columns=["code", "name", "value", "target", "gap", "status"])
    if frame.empty:
        return frame
    uses_targets = frame["gap"].notna().any()
    key = "gap" if uses_targets else "value"
    ascending = not uses_targets
    return frame.sort_values([key, "code"], ascending=[ascending, True], na_position="last", ignore_index=True)


def _rank_row(child: RegionMetrics, metric: str, value: object, target: object, gap: float | None) -> dict:
    return {
        "code": child.code,
        "name": child.name,
        "value": value,
        "target": target,
        "gap": gap,
        "status": child.status.get(metric),
    }
