"""Read-only access to the shared Posyandu database: every figure the dashboard shows.

All SQL and all metric logic live in this package (pages only call these functions). Entry points:

- :func:`get_engine` -- the read-only engine (URL from ``POSYANDU_DATABASE_URL``, Streamlit secrets,
  or the bundled sample).
- :func:`resolve_scope` -- validate a (region, year, month) request.
- :func:`compute_metrics` -- every METRICS.md metric for a region and its children.
- :func:`data_quality` -- the data-quality counts and offending rows.
- :func:`build_summary` -- the machine-readable summary (``python -m data_access summary``).

Layers, lowest first (``tests/test_architecture.py`` holds them; no module imports one above it):

1. **Foundations** -- ``vocabulary``, ``count_keys`` (import nothing but the vocabulary), ``settings``,
   ``db`` (engines; :func:`~data_access.db.with_connection`, the one way from ``Engine | Connection``
   to a connection), ``models``, ``expressions`` (SQL that means the same on both backends), ``scope``.
2. **Summary storage** -- ``summaries`` (``store``, ``fingerprint``, ``lookup``, ``read_through``):
   where the stored counts live and how they are read; it names its columns from ``count_keys``
   and imports no module that computes a figure.
3. **Domain** -- ``metrics``, ``breakdowns``, ``gaps``, ``institution``, ``quality``, ``reporting``,
   ``progress``, ``geography``, ``map_points``, ``access``, ``health``, ``summary``: every figure,
   each public function reading the summaries first through
   :func:`~data_access.summaries.read_through` and the raw tables otherwise.
4. **Batch** -- ``summaries.refresh`` (and the ``summaries`` CLI): runs the domain's raw queries and
   writes the store; nothing in the domain imports it. ``loader`` writes the sample's tables.
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
