"""The machine-readable summary of METRICS.md, built from the same functions the pages use."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from data_access.metrics import compute_metrics
from data_access.quality import data_quality
from data_access.scope import resolve_scope


def build_summary(
    engine: Engine, *, region_code: str | None, year: int, month: int | None = None, today: dt.date | None = None
) -> dict[str, object]:
    """``{"region", "year", "month", "metrics", "children", "data_quality"}`` for one scope.

    Raises the scope errors (unknown region, year with no data) for the caller to report.
    """
    scope = resolve_scope(engine, region_code=region_code, year=year, month=month, today=today)
    result = compute_metrics(engine, scope)
    quality = data_quality(engine, today=scope.period.today, limit=0)
    return {
        "region": scope.region_code,
        "year": scope.period.year,
        "month": scope.period.month,
        "metrics": dict(result.metrics),
        "children": [
            {"code": child.code, "name": child.name, "metrics": dict(child.metrics)} for child in result.children
        ],
        "data_quality": dict(quality.counts),
    }
