"""Read-only access to the shared Posyandu database: every figure the dashboard shows.

All SQL and all metric logic live in this package (pages only call these functions). Entry points:

- :func:`get_engine` -- the read-only engine (URL from ``POSYANDU_DATABASE_URL``, Streamlit secrets,
  or the bundled sample).
- :func:`resolve_scope` -- validate a (region, year, month) request.
- :func:`compute_metrics` -- every METRICS.md metric for a region and its children.
- :func:`data_quality` -- the data-quality counts and offending rows.
- :func:`build_summary` -- the machine-readable summary (``python -m data_access summary``).
"""

from data_access.db import DatabaseUnavailableError, get_engine
from data_access.metrics import METRIC_CODES, PERCENT_METRICS, MetricsResult, RegionMetrics, compute_metrics
from data_access.quality import DATA_QUALITY_CHECKS, DataQuality, data_quality
from data_access.scope import (
    InvalidPeriodError,
    NoDataYearError,
    Period,
    Region,
    Scope,
    UnknownRegionError,
    available_years,
    region_path,
    resolve_scope,
)
from data_access.summary import build_summary

__all__ = [
    "DATA_QUALITY_CHECKS",
    "METRIC_CODES",
    "PERCENT_METRICS",
    "DataQuality",
    "DatabaseUnavailableError",
    "InvalidPeriodError",
    "MetricsResult",
    "NoDataYearError",
    "Period",
    "Region",
    "RegionMetrics",
    "Scope",
    "UnknownRegionError",
    "available_years",
    "build_summary",
    "compute_metrics",
    "data_quality",
    "get_engine",
    "region_path",
    "resolve_scope",
]
