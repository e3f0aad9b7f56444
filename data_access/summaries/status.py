"""``status``: what the dashboard would do with the summaries of a database right now."""

from __future__ import annotations

import os

from data_access.db import create_read_only_engine
from data_access.summaries import lookup
from data_access.summaries.store import SUMMARY_URL_ENV


def describe(source_url: str, summary_url: str | None = None) -> tuple[str, bool]:
    """(one line of text, whether the summaries are usable)."""
    if summary_url:
        os.environ[SUMMARY_URL_ENV] = summary_url
    engine = create_read_only_engine(source_url)
    try:
        with engine.connect() as conn:
            verdict = lookup.judge(conn)
    finally:
        engine.dispose()
    if verdict.usable:
        cuts = sorted(verdict.cuts)
        span = f"{cuts[0][0]}-{cuts[0][1]:02d} .. {cuts[-1][0]}-{cuts[-1][1]:02d}" if cuts else "no cuts"
        return f"summaries fresh: {len(cuts)} cuts ({span})", True
    return verdict.reason, False
