"""Institutional readiness and the camat's Posyandu list: the Kelembagaan and Daftar Posyandu pages.

- :mod:`.funnel` -- the readiness funnel and kelembagaan figures per region, from ``compute_metrics``;
- :mod:`.readiness` -- each desa/kelurahan and the funnel step it is stuck at (where the funnel leaks);
- :mod:`.worklist` -- the camat's list ordered "perlu perhatian" first, and posyandu per gap status;
- :mod:`.changes` -- what changed since the previous month (registration, SK, stopped reporting).

Everything public is importable from here, as it was when this was one module.
"""

from __future__ import annotations

from data_access.count_keys import STUCK_STEPS
from data_access.institution.changes import (
    CHANGE_COLUMNS,
    CHANGES,
    NEW_REGISTRATION,
    NEW_SK,
    STOPPED_REPORTING,
    posyandu_changes,
    previous_month,
)
from data_access.institution.funnel import (
    FUNNEL_COUNTS,
    INSTITUTION_INDICATORS,
    STAGES,
    institution_indicators,
    readiness_by_region,
)
from data_access.institution.readiness import (
    NOT_READY,
    READINESS_COLUMNS,
    READINESS_KIND,
    READY,
    STUCK_COLUMNS,
    desa_readiness,
    readiness_kind,
    readiness_rows,
    stuck_by_region,
    stuck_step,
    stuck_summary,
)
from data_access.institution.worklist import (
    STATUS_ORDER,
    gap_counts,
    gap_status_by_child,
    gap_status_summary,
    posyandu_worklist,
    status_counts,
    status_summary,
)

DESA_LIST_LIMIT = 1000
"""How many desa/kelurahan the Kelembagaan page lists above kabupaten/kota level (see
:func:`desa_list_limit`). Defined here, beside the function that reads it, so that setting it on
this package (as a test does) is what the function sees."""


def desa_list_limit(level: str | None) -> int | None:
    """How many desa/kelurahan the Kelembagaan page lists at ``level`` (None = the country): the first
    :data:`DESA_LIST_LIMIT` at the country and at a provinsi, all of them below.

    The country has some 83,000 desa and a provinsi up to 8,500: no list to read on screen, and
    building, sending and drawing every row costs seconds per view. The counts per step and per
    child (:func:`stuck_by_region`) still cover every desa; a kabupaten/kota (at most some hundreds
    of desa) and below show the whole list, which is where a TP Posyandu chases desa one by one."""
    return DESA_LIST_LIMIT if level in (None, "provinsi") else None


__all__ = [
    "CHANGES",
    "CHANGE_COLUMNS",
    "DESA_LIST_LIMIT",
    "FUNNEL_COUNTS",
    "INSTITUTION_INDICATORS",
    "NEW_REGISTRATION",
    "NEW_SK",
    "NOT_READY",
    "READINESS_COLUMNS",
    "READINESS_KIND",
    "READY",
    "STAGES",
    "STATUS_ORDER",
    "STOPPED_REPORTING",
    "STUCK_COLUMNS",
    "STUCK_STEPS",
    "desa_list_limit",
    "desa_readiness",
    "gap_counts",
    "gap_status_by_child",
    "gap_status_summary",
    "institution_indicators",
    "posyandu_changes",
    "posyandu_worklist",
    "previous_month",
    "readiness_by_region",
    "readiness_kind",
    "readiness_rows",
    "status_counts",
    "status_summary",
    "stuck_by_region",
    "stuck_step",
    "stuck_summary",
]
