"""The refresh job: every summary of a database rebuilt in one pass per cut, then published at once.

For each cut (year Y at month M, with E <= today so the cutoff is E) the job runs the very same raw
queries the dashboard runs -- with a :class:`~data_access.metrics.base.DesaGrainScope` for the counts
(:mod:`.counts`), for the whole country for the per-desa lists (:mod:`.rows`) -- and writes what they
return (:mod:`.writer`). The source is only read (through the read-only engine, in one snapshot on
PostgreSQL); only the summary store is written.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, select

from data_access.db import create_read_only_engine
from data_access.gaps import gap_facts
from data_access.institution.readiness import readiness_rows
from data_access.metrics.base import DESA_LEVEL
from data_access.models import Region as RegionRow
from data_access.quality import DEFAULT_LIMIT, data_quality_json, quality_blob_key, scan_data_quality
from data_access.scope import FIRST_YEAR, Period, Scope, available_years, default_month
from data_access.scope import Region as RegionInfo
from data_access.settings import today as jakarta_today
from data_access.summaries import fingerprint as fp
from data_access.summaries.refresh.counts import count_records, cut_counts, fill_group, gap_status_counts, stuck_counts
from data_access.summaries.refresh.rows import breakdown_records, fact_records, readiness_records, stopped_records
from data_access.summaries.refresh.signature import UNCHANGED, Plan, Signatures, plan_cuts, source_signatures
from data_access.summaries.refresh.writer import GenerationWriter, previous_generation
from data_access.summaries.store import (
    FORMAT_VERSION,
    Location,
    blob_table,
    breakdown_table,
    counts_table,
    cut_table,
    desa_rows_table,
    facts_table,
    location_for,
    signature_table,
    stamp_table,
)

log = logging.getLogger("data_access.summaries.refresh")

STABLE_WAIT_SECONDS = 1.5
"""How often the PostgreSQL row counters are read while waiting for them to settle."""

STATS_QUIET_ENV = "POSYANDU_SUMMARY_STATS_QUIET_SECONDS"
STATS_QUIET_SECONDS = 11.0
"""How long PostgreSQL's row counters must stand still before the refresh stamps them. A backend that
commits and then sits idle (a loader's pooled connection) publishes its counters only when its idle
timer fires, 10 s later (PostgreSQL 15's ``PGSTAT_IDLE_INTERVAL``, measured here: 10.5 s for a
20,305-row delete). A stamp taken sooner lacks that write: the dashboard then judges the summaries
stale and reads the raw tables until the next refresh. The tests lower it (their writers disconnect,
which publishes at once) through :data:`STATS_QUIET_ENV`."""


@dataclass
class RefreshReport:
    """What a refresh built, for the command's output."""

    location: str
    cuts: list[tuple[int, int]] = field(default_factory=list)
    rows: int = 0
    seconds: float = 0.0
    changed_during_refresh: bool = False
    mode: str = "full"
    """``full`` or ``incremental``; with :attr:`why_full` when an incremental refresh could not be."""
    why_full: str = ""
    reasons: dict[tuple[int, int], str] = field(default_factory=dict)
    """Per cut: ``rebuilt: new month``, ``rebuilt: rows changed in tables X``, ``unchanged (copied)``..."""
    signature_seconds: float = 0.0

    @property
    def rebuilt(self) -> list[tuple[int, int]]:
        return [cut for cut in self.cuts if self.reasons.get(cut) != UNCHANGED]


def period_cuts(today: dt.date, first_year: int = FIRST_YEAR - 1) -> list[tuple[int, int]]:
    """Every (Y, M) from January of ``first_year`` whose month ends on or before ``today``: for these
    the cutoff min(E, today) is E whatever day the dashboard runs on later. ``first_year`` defaults to
    the year before the first the dashboard offers, for the previous-year change."""
    cuts = []
    for year in range(first_year, today.year + 1):
        for month in range(1, 13):
            if dt.date(year, month, calendar.monthrange(year, month)[1]) <= today:
                cuts.append((year, month))
    return cuts


def first_view_cuts(conn: Connection, today: dt.date) -> list[tuple[int, int]]:
    """The cuts the pages open on before anyone picks a period: the latest year with reports at its
    default month, the same month a year earlier (the change on last year) and that year's December
    (its Renstra year-end). A quick refresh of these alone (``refresh --first-views``) makes the first
    page a newcomer opens read the summaries, in seconds instead of a full refresh's minutes."""
    years = available_years(conn, today=today)
    if not years:
        return []
    year = years[-1]
    month = default_month(conn, year, today)
    wanted = {(year, month), (year - 1, month), (year - 1, 12)}
    return sorted(cut for cut in wanted if cut in set(period_cuts(today, first_year=year - 1)))


def refresh(
    source_url: str,
    *,
    summary_url: str | None = None,
    today: dt.date | None = None,
    first_year: int | None = None,
    cuts: Iterable[tuple[int, int]] | None = None,
    grant_to: str | None = None,
    incremental: bool = False,
) -> RefreshReport:
    """Rebuild the summaries of ``source_url`` (read-only) into its summary store (written).

    ``cuts`` limits the (year, month) cuts built (tests; a quick partial refresh): any other period
    is then read from the raw tables. Cuts whose month has not ended by ``today`` are never built.

    ``incremental``: rebuild only the cuts whose source rows changed since the live generation was
    built (:mod:`.signature`), plus the cuts it lacks, and copy the others from it; the new generation
    holds the same cuts, with the same figures, as a full refresh would. Without a live generation to
    build on (none, another format, no signatures) it is a full refresh, and the report says why."""
    location = location_for(source_url, summary_url)
    if location is None:
        raise ValueError("an in-memory database has nowhere to keep summaries")
    day = today or jakarta_today()
    possible = period_cuts(day, first_year if first_year is not None else FIRST_YEAR - 1)
    chosen = possible if cuts is None else sorted(set(cuts) & set(possible))
    report = RefreshReport(location=location.describe(), cuts=chosen)
    started = time.monotonic()
    source = create_read_only_engine(source_url)
    try:
        before = _stable_fingerprint(source)
        with source.connect() as conn:
            snapshot = _one_snapshot(conn)
            signatures = source_signatures(snapshot, day)
            report.signature_seconds = time.monotonic() - started
            plan = _plan(location, chosen, signatures, report) if incremental else None
            if plan is None:
                why = report.why_full or "asked for"
                report.reasons = {cut: f"rebuilt: full refresh ({why})" for cut in chosen}
            writer = GenerationWriter(location, grant_to, keep=plan.copied if plan else ())
            try:
                _write_every_cut(snapshot, writer, report, day, started)
                with source.connect() as other:
                    report.changed_during_refresh = fp.source_fingerprint(other) != before
                if _one_snapshot_read(source) or not report.changed_during_refresh:
                    # On SQLite each read sees the latest rows: cuts built from rows written after the
                    # signatures were taken (and perhaps undone since) must not be copied on their
                    # strength, so no signatures and the next refresh is full. On PostgreSQL the
                    # signatures and every cut were read in one snapshot: they describe the same rows
                    # whatever was written meanwhile (and the counters may only now show an earlier write).
                    writer.write(signature_table, _signature_rows(signatures))
                writer.write(stamp_table, _stamp(before, day))
                writer.publish()
            except BaseException:
                writer.abandon()
                raise
    finally:
        source.dispose()
    report.seconds = time.monotonic() - started
    return report


def _plan(
    location: Location, chosen: list[tuple[int, int]], signatures: Signatures, report: RefreshReport
) -> Plan | None:
    """The incremental plan against the live generation (None, and ``report.why_full``, without one)."""
    previous = previous_generation(location)
    if isinstance(previous, str):
        report.why_full = previous
        return None
    plan = plan_cuts(chosen, previous.cuts, previous.signatures, signatures)
    report.mode = "incremental"
    report.reasons = plan.reasons
    return plan


def _signature_rows(signatures: Signatures) -> list[dict[str, object]]:
    return [
        {"source_table": table, "bucket": bucket, "signature": signature}
        for (table, bucket), signature in sorted(signatures.items())
    ]


def _one_snapshot_read(engine: Engine) -> bool:
    """Whether :func:`_one_snapshot` gives every read of a refresh the same snapshot (PostgreSQL)."""
    return engine.dialect.name == "postgresql"


def _one_snapshot(conn: Connection) -> Connection:
    """On PostgreSQL, one snapshot for every cut: the counts of all cuts then describe the same data."""
    if conn.dialect.name == "postgresql":
        return conn.execution_options(isolation_level="REPEATABLE READ")
    return conn


def _write_every_cut(
    conn: Connection, writer: GenerationWriter, report: RefreshReport, day: dt.date, started: float
) -> None:
    """Every cut of ``report``, then the data-quality scans of ``day``."""
    desa_codes = _desa_codes(conn)
    for year, month in report.cuts:
        if report.reasons.get((year, month)) == UNCHANGED:
            continue
        targets = _write_cut(conn, writer, report, Period(year=year, month=month, today=day), desa_codes)
        log.info(
            "summaries: %d-%02d done (%d targets, %.0f s so far)", year, month, targets, time.monotonic() - started
        )
    _write_data_quality(conn, writer, day)
    log.info("summaries: data quality done (%.0f s so far)", time.monotonic() - started)


def _write_cut(
    conn: Connection, writer: GenerationWriter, report: RefreshReport, period: Period, desa_codes: tuple[str, ...]
) -> int:
    """Every table's rows of one cut; how many targets its counts cover."""
    country = Scope(region=None, children=(), period=period)
    facts = gap_facts(conn, country)
    readiness = readiness_rows(conn, country)
    frame, indicators = cut_counts(conn, period, desa_codes)
    fill_group(frame, gap_status_counts(facts), "gapstatus")
    fill_group(frame, stuck_counts(readiness), "stuck")
    report.rows += writer.write(counts_table, count_records(period, frame))
    writer.write(cut_table, [{"year": period.year, "month": period.month, "indicators": indicators}])
    report.rows += writer.write(breakdown_table, breakdown_records(conn, period, desa_codes))
    report.rows += writer.write(facts_table, fact_records(period, facts))
    report.rows += writer.write(desa_rows_table, stopped_records(conn, period))
    report.rows += writer.write(desa_rows_table, readiness_records(period, readiness))
    return len(frame)


def _write_data_quality(conn: Connection, writer: GenerationWriter, day: dt.date) -> None:
    """The data-quality scan of the whole database and of each provinsi, as ``data_quality`` reads them."""
    for within in (None, *_provinsi(conn)):
        quality = scan_data_quality(conn, day, DEFAULT_LIMIT, within)
        writer.write(blob_table, [{"key": quality_blob_key(within), "value": data_quality_json(quality)}])


def _stamp(fingerprint: dict[str, Any], day: dt.date) -> list[dict[str, object]]:
    """The ``summary_stamp`` rows: what the dashboard compares before trusting the summaries."""
    stamp = {
        "format_version": FORMAT_VERSION,
        "fingerprint": fp.dumps(fingerprint),
        "refreshed_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "today": day.isoformat(),
    }
    return [{"key": key, "value": value} for key, value in stamp.items()]


def _stable_fingerprint(source: Engine) -> dict[str, Any]:
    """The source fingerprint once it has stood still for :data:`STATS_QUIET_SECONDS` (PostgreSQL
    publishes a writer's row counters up to 10 s after its commit, so a write just before the refresh
    must be counted before it is stamped); at most a minute, PostgreSQL's longest delay."""
    with source.connect() as conn:
        current = fp.source_fingerprint(conn)
    if source.dialect.name != "postgresql":
        return current
    quiet = _stats_quiet_seconds()
    started = still_since = time.monotonic()
    while time.monotonic() - still_since < quiet and time.monotonic() - started < 60:
        time.sleep(min(STABLE_WAIT_SECONDS, quiet))
        with source.connect() as conn:
            again = fp.source_fingerprint(conn)
        if again != current:
            current, still_since = again, time.monotonic()
    return current


def _stats_quiet_seconds() -> float:
    try:
        return max(0.0, float(os.environ.get(STATS_QUIET_ENV, STATS_QUIET_SECONDS)))
    except ValueError:
        return STATS_QUIET_SECONDS


def _provinsi(conn: Connection) -> list[RegionInfo]:
    """Every provinsi of the database: each gets its own stored data-quality scan."""
    rows = conn.execute(
        select(RegionRow.code, RegionRow.name, RegionRow.level)
        .where(RegionRow.level == "provinsi")
        .order_by(RegionRow.code)
    )
    return [RegionInfo(row.code, row.name, row.level, None, None) for row in rows]


def _desa_codes(conn: Connection) -> tuple[str, ...]:
    rows = conn.execute(select(RegionRow.code).where(RegionRow.level == DESA_LEVEL).order_by(RegionRow.code))
    return tuple(row.code for row in rows)
