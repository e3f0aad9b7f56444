"""Breakdowns the pages need beyond the headline metrics, computed by the same rules (METRICS.md).

Each function takes a resolved :class:`~data_access.scope.Scope` and returns a pandas DataFrame
aggregated in the database, for the scope's region (``own``) or per child region.
"""

from data_access.breakdowns.funding import budget_by_source, partnerships_by_type
from data_access.breakdowns.services import bidang_activity, monthly_completeness, monthly_volumes, service_volumes
from data_access.breakdowns.training import training_by_type

__all__ = [
    "bidang_activity",
    "budget_by_source",
    "monthly_completeness",
    "monthly_volumes",
    "partnerships_by_type",
    "service_volumes",
    "training_by_type",
]
