"""What each cut was built from: signatures of the source rows, and which cuts must be rebuilt.

An incremental refresh may copy a cut from the previous generation only if every row that can change
that cut's figures is the same as when it was built. Which rows can change a cut:

- **service_report** (the table that grows every month): every query of a cut (year Y cut at month M,
  cutoff E = the last day of M) reads reports only up to E -- ``period < E + 1 day`` on the raw column,
  a window that starts at January of Y or a few months back, or ``max(period)`` below E + 1 day --
  plus, for the dirty rows left out, reports dated after the refresh day. So a report dated in month
  k (a well-formed date, ``YYYY-MM-DD...`` with a real month and day, on or before the refresh day)
  can change only the cuts of month k and later. Every other report (after the refresh day,
  malformed, not text) lands in the bucket ``other``, which can change every cut.
- **every other contract table** (posyandu, kader, training, budget, partnership, region, indicator,
  ...): its rows meet the reports in joins, are counted "as of the cutoff" by several date columns
  and "after the refresh day" by others, so any change to such a table rebuilds every cut. Its rows
  fall in two buckets, ``*`` and ``future`` (a date column after the refresh day): a row whose date
  passes the refresh day between two refreshes moves bucket, so the cuts whose dirty-row counts
  ("dated after today") it changes are rebuilt too.

The reports are summarised **in the database**, one aggregate query grouped by report month and
indicator (tens of millions of rows at nasional size): count, and sums of the posyandu id, its
square, the day of month, the value and their products, and the text lengths. A change of a row
changes one of them except for contrived coincidences (values swapped between two rows of one
posyandu, one indicator and one month *on the same day* -- which the key forbids). The other tables
are small beside it and are hashed row by row (64-bit BLAKE2b of every column, summed), exactly.

Whatever is not shown to be unchanged is rebuilt: the bucket ``other``, a table added or dropped, a
previous generation of another format or without signatures (then everything is rebuilt).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import BigInteger, Connection, Date, Float, Integer, Table, Text, case, cast, func, literal, select
from sqlalchemy.sql.elements import ColumnElement

from data_access.models import TABLES, ServiceReport

Signatures = dict[tuple[str, str], str]
"""(source table, bucket) -> signature text (compared with ``==``)."""

REPORT_TABLE = ServiceReport.__tablename__
EVERY_CUT = "*"
"""Bucket of the rows of a table other than the reports, none of whose dates lies after the refresh day."""
FUTURE = "future"
"""Bucket of the rows of a table other than the reports with a date after the refresh day."""
OTHER = "other"
"""Bucket of the reports that are not a well-formed date on or before the refresh day."""
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_ISO_DAY_GLOB = "[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]*"
_MASK = (1 << 64) - 1


def is_month(bucket: str) -> bool:
    return bool(_MONTH.match(bucket))


def cut_key(cut: tuple[int, int]) -> str:
    return f"{cut[0]:04d}-{cut[1]:02d}"


def source_signatures(conn: Connection, today: dt.date) -> Signatures:
    """The signatures of every contract table on ``conn`` for a refresh on ``today``."""
    signatures = report_signatures(conn, today)
    for table in TABLES:
        if table.name != REPORT_TABLE:
            signatures.update(table_signatures(conn, table, today))
    return signatures


def _report_bucket(conn: Connection, today: dt.date) -> ColumnElement[str]:
    """The report month ``YYYY-MM`` of a well-formed period on or before ``today``, else ``other``.

    On SQLite the period is text and the queries compare it raw, so only a string that starts with a
    real ``YYYY-MM-DD`` sorts where its month says; anything else may fall in any cut's window."""
    period = ServiceReport.period
    if conn.dialect.name == "sqlite":
        month = func.substr(period, 6, 2)
        day = func.substr(period, 9, 2)
        well_formed = (
            (func.glob(literal(_ISO_DAY_GLOB), period) == 1)
            & month.between(literal("01"), literal("12"))
            & day.between(literal("01"), literal("31"))
            & (func.substr(period, 1, 10) <= literal(today.isoformat()))
        )
        return case((well_formed, func.substr(period, 1, 7)), else_=literal(OTHER))
    return case((period <= literal(today, Date), func.to_char(period, literal("YYYY-MM"))), else_=literal(OTHER))


def report_signatures(conn: Connection, today: dt.date) -> Signatures:
    """One aggregate query over ``service_report``: per report month (and indicator) the count and
    sums that any change of a row moves (see the module doc)."""
    sqlite = conn.dialect.name == "sqlite"
    pid = cast(ServiceReport.posyandu_id, BigInteger)
    day = (
        cast(func.substr(ServiceReport.period, 9, 2), Integer)
        if sqlite
        else cast(func.extract("day", ServiceReport.period), BigInteger)
    )
    value = ServiceReport.value
    number = cast(value, Float) if sqlite else value
    bucket = _report_bucket(conn, today).label("bucket")
    measures = (
        func.count(),
        func.count(value),
        func.sum(pid),
        func.sum(pid * pid),
        func.sum(day),
        func.sum(pid * day),
        func.sum(number),
        func.sum(number * pid),
        func.sum(number * day),
        func.sum(func.length(cast(value, Text))),
        func.sum(func.length(cast(ServiceReport.period, Text))),
    )
    statement = (
        select(bucket, ServiceReport.indicator_code, *measures)
        .group_by(bucket, ServiceReport.indicator_code)
        .order_by(bucket, ServiceReport.indicator_code)
    )
    parts: dict[str, list[str]] = {}
    for row in conn.execute(statement):
        parts.setdefault(row[0], []).append(repr(tuple(row[1:])))
    return {(REPORT_TABLE, bucket): _digest("\n".join(rows)) for bucket, rows in parts.items()}


def _after(value: object, today: dt.date) -> bool:
    """Whether a date column's value lies after ``today`` as ``Dialect.date_after`` decides it
    (SQLite: the first 10 characters of the trimmed text, compared as text)."""
    if value is None:
        return False
    if isinstance(value, dt.datetime):
        return value.date() > today
    if isinstance(value, dt.date):
        return value > today
    text = str(value).strip()[:10]
    return text != "" and text > today.isoformat()


def table_signatures(conn: Connection, table: Table, today: dt.date) -> Signatures:
    """A contract table other than the reports, hashed row by row (every column) into its two buckets."""
    dates = [index for index, column in enumerate(table.columns) if isinstance(column.type, Date)]
    totals: dict[str, list[int]] = {}
    result = conn.execution_options(stream_results=True, yield_per=50_000).execute(select(*table.columns))
    for row in result:
        values = tuple(row)
        bucket = FUTURE if any(_after(values[i], today) for i in dates) else EVERY_CUT
        digest = int.from_bytes(hashlib.blake2b(repr(values).encode(), digest_size=8).digest(), "big")
        entry = totals.setdefault(bucket, [0, 0])
        entry[0] += 1
        entry[1] = (entry[1] + digest) & _MASK
    return {(table.name, bucket): f"{count}:{total:016x}" for bucket, (count, total) in totals.items()}


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


@dataclass(frozen=True)
class Plan:
    """What an incremental refresh does with each cut: ``reasons`` says why per cut; ``copied`` are the
    cuts taken over unchanged from the previous generation."""

    reasons: dict[tuple[int, int], str]
    copied: tuple[tuple[int, int], ...]

    @property
    def rebuilt(self) -> list[tuple[int, int]]:
        return [cut for cut in self.reasons if cut not in self.copied]


UNCHANGED = "unchanged (copied)"


def plan_cuts(
    chosen: Iterable[tuple[int, int]],
    previous_cuts: Iterable[tuple[int, int]],
    previous: Mapping[tuple[str, str], str],
    current: Mapping[tuple[str, str], str],
) -> Plan:
    """Which of the ``chosen`` cuts can be copied from the previous generation, which are rebuilt, and why."""
    changed = {key for key in set(previous) | set(current) if previous.get(key) != current.get(key)}
    everywhere = sorted({table for table, bucket in changed if table != REPORT_TABLE or not is_month(bucket)})
    months = sorted(bucket for table, bucket in changed if table == REPORT_TABLE and is_month(bucket))
    built = set(previous_cuts)
    latest = max(built) if built else None
    reasons: dict[tuple[int, int], str] = {}
    for cut in sorted(set(chosen)):
        if cut not in built:
            is_new = latest is None or cut > latest
            reasons[cut] = "rebuilt: new month" if is_new else "rebuilt: not in the previous generation"
        elif everywhere:
            reasons[cut] = f"rebuilt: rows changed in tables {', '.join(everywhere)}"
        elif touching := [month for month in months if month <= cut_key(cut)]:
            shown = ", ".join(touching[:3]) + (f" and {len(touching) - 3} more" if len(touching) > 3 else "")
            reasons[cut] = f"rebuilt: rows changed in tables {REPORT_TABLE} (months {shown})"
        else:
            reasons[cut] = UNCHANGED
    return Plan(reasons, tuple(cut for cut, reason in reasons.items() if reason == UNCHANGED))
