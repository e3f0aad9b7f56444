"""Monthly service reports, January 2024 to October 2026, for the 26 indicators.

A Posyandu reports most months (more reliably when it is further along), and within a report only
the bidang it already serves. Each indicator has its own habit: KS01 visits every month in the
tens to hundreds, vitamin A mostly in February and August (the national vitamin A months), a
rehabilitated house or well now and then, waste in fractional kilograms, water network in
fractional kilometres. Six-bidang pilot Posyandu report every indicator every month, so every
indicator has data in every month of the sample.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from sample_data.indicators import IndicatorRecord
from sample_data.posyandu import PosyanduPlan, reporting_start
from sample_data.timeline import REPORT_MONTHS

VITAMIN_A_MONTHS = (2, 8)


@dataclass(frozen=True)
class ValueProfile:
    """How one indicator is reported: monthly chance of a row, and the value's range and form."""

    chance: float
    low: float
    high: float
    form: str = "count"
    """``count`` (whole people/families/children, scaled by Posyandu size), ``small`` (whole units,
    cases or activities, not scaled), ``kg`` (one decimal, scaled) or ``km`` (two decimals)."""
    zero_chance: float = 0.0
    """Chance that a row reports 0 (a rujukan month without cases is still a report)."""

    def draw(self, rng: random.Random, size: float, month: int, code: str) -> float | int:
        low, high = self.low, self.high
        if code == "KS07" and month not in VITAMIN_A_MONTHS:
            low, high = 1, max(2, high / 8)
        if self.zero_chance and rng.random() < self.zero_chance:
            return 0
        if self.form == "km":
            return round(rng.uniform(low, high), 2)
        if self.form == "kg":
            return round(rng.uniform(low, high) * size, 1)
        if self.form == "small":
            return rng.randint(int(low), int(high))
        return max(1, round(rng.triangular(low, high, low + (high - low) / 3) * size))

    def positive(self, value: float | int) -> float | int:
        """A pilot's value, never 0 (pilots are what guarantees every indicator has data)."""
        if value > 0:
            return value
        if self.form == "km":
            return round(max(self.low, 0.05), 2)
        return max(1, int(self.low))


PROFILES: dict[str, ValueProfile] = {
    "PD01": ValueProfile(0.80, 8, 40),
    "PD02": ValueProfile(0.45, 1, 1, "small"),
    "PD03": ValueProfile(0.40, 1, 3, "small"),
    "PD04": ValueProfile(0.30, 1, 6, "small"),
    "KS01": ValueProfile(0.98, 40, 180),
    "KS02": ValueProfile(0.85, 10, 60),
    "KS03": ValueProfile(0.80, 10, 80),
    "KS04": ValueProfile(0.60, 1, 5, "small", zero_chance=0.3),
    "KS05": ValueProfile(0.60, 5, 40),
    "KS06": ValueProfile(0.85, 2, 15),
    "KS07": ValueProfile(0.90, 20, 80),
    "KS08": ValueProfile(0.70, 5, 30),
    "PU01": ValueProfile(0.60, 5, 40),
    "PU02": ValueProfile(0.60, 40.0, 600.0, "kg"),
    "PU03": ValueProfile(0.15, 1, 2, "small"),
    "PU04": ValueProfile(0.30, 0.10, 2.50, "km"),
    "PU05": ValueProfile(0.15, 1, 3, "small"),
    "PU06": ValueProfile(0.20, 0.20, 3.00, "km"),
    "PR01": ValueProfile(0.12, 1, 2, "small"),
    "PR02": ValueProfile(0.60, 5, 30),
    "TR01": ValueProfile(0.20, 2, 20),
    "TR02": ValueProfile(0.40, 10, 50),
    "TR03": ValueProfile(0.50, 1, 6, "small", zero_chance=0.35),
    "SO01": ValueProfile(0.50, 10, 50),
    "SO02": ValueProfile(0.50, 5, 60),
    "SO03": ValueProfile(0.60, 10, 80),
}


def reports_for(
    plan: PosyanduPlan,
    *,
    seed: int,
    indicators: tuple[IndicatorRecord, ...],
    months: tuple[dt.date, ...] = REPORT_MONTHS,
    month_factor: float = 1.0,
    indicator_factor: float = 1.0,
) -> list[dict[str, object]]:
    """Every ``service_report`` row of one Posyandu, month by month in indicator order.

    ``months`` narrows the calendar (the ``nasional`` size keeps the last twelve); ``month_factor``
    and ``indicator_factor`` scale the chance of a monthly report and of each indicator within it,
    which the scale sizes use to thin reports to real sparsity (about 80 % of months and 60 % of the
    indicators of the bidang served). The defaults leave the sample exactly as it always was.
    """
    rng = random.Random(f"{seed}/reports/{plan.id}")
    start = reporting_start(plan)
    stop = plan.inactive_since
    completeness = 1.0 if plan.pilot else (0.70 + 0.27 * plan.propensity) * month_factor
    serving = [
        (indicator, PROFILES[indicator.code], plan.bidang_since[indicator.bidang], PROFILES[indicator.code].chance)
        for indicator in indicators
    ]
    if indicator_factor != 1.0:
        serving = [
            (indicator, profile, since, chance * indicator_factor) for indicator, profile, since, chance in serving
        ]
    rows: list[dict[str, object]] = []
    for month in months:
        if month < start or (stop is not None and month > stop):
            continue
        if rng.random() >= completeness:
            continue
        period = month.isoformat()
        for indicator, profile, since, chance in serving:
            if since is None or (since.year, since.month) > (month.year, month.month):
                continue
            if not plan.pilot and rng.random() >= chance:
                continue
            value = profile.draw(rng, plan.size, month.month, indicator.code)
            if plan.pilot:
                value = profile.positive(value)
            rows.append({"posyandu_id": plan.id, "period": period, "indicator_code": indicator.code, "value": value})
    return rows
