"""Summaries the dashboard keeps for speed, in a place of its own -- and the same figures without them.

Design (issue 4; see docs/performance.md "Summaries and indexes"):

- **What**: every count behind ``compute_metrics`` and ``training_by_type``, per region code at every
  level (and the country), per period cut (year Y at month M, for every month that has ended). The
  headline metrics, the previous-year change, the Renstra trajectory, the readiness funnel and the
  training breakdown then cost one indexed lookup instead of a scan of every posyandu, kader and
  report.
- **Where**: PostgreSQL schema ``posyandu_dashboard`` (same database by default; the dashboard's
  read-only role needs ``USAGE``/``SELECT`` on it), or a SQLite side file ``<name>.summaries.sqlite``.
  ``POSYANDU_SUMMARY_URL`` points elsewhere (a side database).
- **Refresh**: ``python -m data_access.summaries refresh --database-url URL [--summary-url URL]``, run
  with a writer role after each load (or nightly); it reads the source read-only and publishes the new
  generation atomically.
- **Freshness**: the refresh stores a fingerprint of the source (:mod:`.fingerprint`); the dashboard
  compares it with the live one at most once a minute. Missing, stale, or a period the summaries do
  not cover (a month not yet ended): the figures come from the raw tables, and a warning says so.

Layers (``tests/test_architecture.py`` holds them): :mod:`.store`, :mod:`.fingerprint`,
:mod:`.lookup` and :mod:`.read_through` are the *storage layer*, below every module that computes a
figure -- they import none of them, and this package's ``__init__`` imports only them. The refresh
job (:mod:`.refresh`) is the *batch layer* above those modules: it runs their raw queries and
writes what they return; nothing that computes a figure imports it.
"""

from data_access.summaries.lookup import (
    data_version,
    enabled,
    forget,
    published_at,
    raw_tables_only,
    summary_blob,
    summary_counts,
    summary_desa_rows,
    summary_facts,
    summary_rows,
    summary_under5,
)
from data_access.summaries.read_through import read_through

__all__ = [
    "data_version",
    "enabled",
    "forget",
    "published_at",
    "raw_tables_only",
    "read_through",
    "summary_blob",
    "summary_counts",
    "summary_desa_rows",
    "summary_facts",
    "summary_rows",
    "summary_under5",
]
