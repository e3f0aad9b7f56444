"""Incremental summaries refresh against a full one, after one new month of reports (issue 14 item 4).

    python -m benchmarks.refresh_incremental --database-url sqlite:////tmp/provinsi.sqlite [--today 2026-11-23]

On a database it may write (a scale copy: ``python -m sample_data.build --size provinsi --database-url URL``):

1. holds back the reports of the last ended month (deleted, kept in memory),
2. full refresh (store A, the default place),
3. puts the month back and runs an **incremental** refresh into store A (timed),
4. a **full** refresh into store B, a side file / database of its own (timed),
5. compares every summary table of A and B row by row (the figures every page reads) and prints the
   times, the ratio and what the incremental refresh rebuilt and why.

It exits 1 when the two stores differ. The database ends as it started (the month is put back).

Wall and CPU time are both printed: on SQLite the refresh's whole cost is this process's CPU, which
a busy machine does not inflate as it does the wall time (on PostgreSQL the server's share is not in it).

``--no-compare`` skips steps 4 and 5: the full refresh of step 2 (every cut but the held-back month's
rows) is then the reference time. That halves a run at provinsi size (a full refresh of every cut is
tens of minutes there); the figures' identity is what tests/data_access/test_summaries_incremental.py
checks on the hand-made database and the sample, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time

from sqlalchemy import Engine, create_engine, delete, insert, select
from sqlalchemy.engine import make_url
from sqlalchemy.sql.elements import ColumnElement

from data_access.models import ServiceReport
from data_access.summaries.refresh import refresh
from data_access.summaries.refresh.job import RefreshReport
from data_access.summaries.store import TABLES, location_for, schema_map, stamp_table

SKIPPED_STAMP_KEYS = {"refreshed_at"}
"""The one stored value that differs between two refreshes of the same data: when each ran."""


def _month_bounds(today: dt.date) -> tuple[dt.date, dt.date]:
    """The first day of the last month that has ended by ``today``, and of the month after it."""
    this_month = today.replace(day=1)
    start = (this_month - dt.timedelta(days=1)).replace(day=1)
    return start, this_month


def _in_month(engine: Engine, start: dt.date, end: dt.date) -> ColumnElement[bool]:
    if engine.dialect.name == "sqlite":
        return (ServiceReport.period >= start.isoformat()) & (ServiceReport.period < end.isoformat())
    return (ServiceReport.period >= start) & (ServiceReport.period < end)


def _second_store(url: str) -> str:
    """Where the comparison's full refresh goes: a side file beside A's, or a database of its own."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        location = location_for(url)
        assert location is not None
        return location.url.replace(".summaries.sqlite", ".summaries-full.sqlite")
    raise SystemExit("on PostgreSQL give --second-store URL (a database for the comparison's full refresh)")


def _store_rows(url: str | None, source_url: str) -> dict[str, list[tuple[object, ...]]]:
    location = location_for(source_url, url)
    assert location is not None
    engine = create_engine(location.url)
    rows: dict[str, list[tuple[object, ...]]] = {}
    try:
        with engine.connect() as raw:
            conn = raw.execution_options(schema_translate_map=schema_map(location))
            for table in TABLES:
                statement = select(*table.columns).order_by(*table.primary_key.columns)
                found = [tuple(row) for row in conn.execute(statement)]
                if table is stamp_table:
                    found = [row for row in found if row[0] not in SKIPPED_STAMP_KEYS]
                rows[table.name] = found
    finally:
        engine.dispose()
    return rows


def _print_report(label: str, report: RefreshReport) -> None:
    print(
        f"{label}: {report.seconds:.1f} s ({report.mode}{', ' + report.why_full if report.why_full else ''}), "
        f"{len(report.rebuilt)} of {len(report.cuts)} cuts rebuilt, signatures {report.signature_seconds:.1f} s"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True, help="a database this benchmark may write (a scale copy)")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date(2026, 11, 23))
    parser.add_argument("--first-year", type=int, default=None, help="first year to summarise (default 2023)")
    parser.add_argument("--second-store", default=None, help="summary URL for the comparison's full refresh")
    parser.add_argument(
        "--no-compare", action="store_true", help="time against step 2's full refresh; no second full refresh"
    )
    args = parser.parse_args(argv)
    url, today = args.database_url, args.today
    second = None if args.no_compare else args.second_store or _second_store(url)
    start, end = _month_bounds(today)
    writer = create_engine(url)
    print(f"database {make_url(url).render_as_string(hide_password=True)}, today {today}, load {os.getloadavg()}")

    with writer.begin() as conn:
        held = [
            dict(row._mapping)
            for row in conn.execute(select(ServiceReport.__table__).where(_in_month(writer, start, end)))
        ]
        conn.execute(delete(ServiceReport).where(_in_month(writer, start, end)))
    print(f"held back {len(held):,} reports of {start:%Y-%m}")
    try:
        started, cpu = time.monotonic(), time.process_time()
        before = refresh(url, today=today, first_year=args.first_year)
        before_wall, before_cpu = time.monotonic() - started, time.process_time() - cpu
        _print_report("full refresh without the month", before)
    finally:
        with writer.begin() as conn:
            for chunk in range(0, len(held), 50_000):
                conn.execute(insert(ServiceReport), held[chunk : chunk + 50_000])
        writer.dispose()
    print(f"put back {len(held):,} reports of {start:%Y-%m}")

    started, cpu = time.monotonic(), time.process_time()
    incremental = refresh(url, today=today, first_year=args.first_year, incremental=True)
    incremental_wall, incremental_cpu = time.monotonic() - started, time.process_time() - cpu
    _print_report("incremental refresh", incremental)
    for (year, month), reason in incremental.reasons.items():
        if reason != "unchanged (copied)":
            print(f"  {year}-{month:02d}: {reason}")
    if second is None:
        print(
            f"incremental {incremental_wall:.1f} s / full (without the month) {before_wall:.1f} s = "
            f"{100 * incremental_wall / before_wall:.1f} % of the wall time; CPU {incremental_cpu:.1f} s / "
            f"{before_cpu:.1f} s = {100 * incremental_cpu / before_cpu:.1f} %; figures not compared here "
            f"(--no-compare); load {os.getloadavg()}"
        )
        return 0
    started, cpu = time.monotonic(), time.process_time()
    full = refresh(url, summary_url=second, today=today, first_year=args.first_year)
    full_wall, full_cpu = time.monotonic() - started, time.process_time() - cpu
    _print_report("full refresh", full)

    a, b = _store_rows(None, url), _store_rows(second, url)
    differing = [name for name in a if a[name] != b[name]]
    compared = sum(len(rows) for rows in a.values())
    print(
        f"figures: {'identical' if not differing else 'DIFFERENT in ' + ', '.join(differing)} "
        f"({compared:,} stored rows compared, every summary table)"
    )
    print(
        f"incremental {incremental_wall:.1f} s / full {full_wall:.1f} s = {100 * incremental_wall / full_wall:.1f} %"
        f" of the wall time; CPU {incremental_cpu:.1f} s / {full_cpu:.1f} s = {100 * incremental_cpu / full_cpu:.1f} %"
        f"; load {os.getloadavg()}"
    )
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
