"""Data-quality counts of METRICS.md, with the offending rows (ids and codes only).

A shared database written by many hands is dirty; the metrics exclude such rows silently, and this
package says how many were excluded and which, so the data-quality page can send people to fix them:

- :mod:`.checks` -- what each check selects (the orphan rows and future dates driven by tables of specs);
- :mod:`.scan` -- running them over the whole database or one region, through the summaries;
- :mod:`.excluded` -- the dirty rows left out of one region's figures for one period.
"""

from data_access.count_keys import EXCLUDED_COUNTS
from data_access.quality.checks import DATA_QUALITY_CHECKS, boundary_problem
from data_access.quality.excluded import excluded_counts, excluded_in_scope
from data_access.quality.scan import (
    DEFAULT_LIMIT,
    DataQuality,
    Offender,
    data_quality,
    data_quality_json,
    quality_blob_key,
    scan_data_quality,
)

__all__ = [
    "DATA_QUALITY_CHECKS",
    "DEFAULT_LIMIT",
    "EXCLUDED_COUNTS",
    "DataQuality",
    "Offender",
    "boundary_problem",
    "data_quality",
    "data_quality_json",
    "excluded_counts",
    "excluded_in_scope",
    "quality_blob_key",
    "scan_data_quality",
]
