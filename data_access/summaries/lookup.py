"""Reading the summaries -- only when they are there, fresh, and cover the period asked for.

:func:`summary_counts` returns the counts of a scope exactly as the raw family queries would, or
None; the caller then runs the raw queries. Every reason for None but "switched off" is logged as a
warning (once per reason per hour and process), so a slow page can be traced to a missing or stale
summary. Freshness -- the stored fingerprint against the live one -- is checked at most every
:data:`CHECK_SECONDS` per database and process.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, Select, inspect, select
from sqlalchemy.exc import SQLAlchemyError

from data_access.db import DatabaseUnavailableError, create_read_only_engine
from data_access.expressions import codepoint_order
from data_access.scope import Scope
from data_access.summaries import fingerprint as fp
from data_access.summaries.store import (
    BREAKDOWN_MAX_PARTS,
    FACT_PREFIX_PARTS,
    FORMAT_VERSION,
    GROUPS,
    SCHEMA,
    TODAY_GROUPS,
    Location,
    blob_table,
    breakdown_table,
    column_name,
    counts_table,
    cut_table,
    desa_rows_table,
    facts_table,
    location_for,
    schema_map,
    sqlite_path,
    stamp_table,
)

log = logging.getLogger("data_access.summaries")

Record = dict[str, Any]
"""A stored row as the raw query gives it: column -> a value from the driver or from JSON."""

SUMMARIES_ENV = "POSYANDU_SUMMARIES"
"""Set to ``off`` to read the raw tables only (the figures are the same; only slower)."""
CHECK_SECONDS = 60.0
"""How long a freshness verdict is trusted before the fingerprint is compared again."""
WARN_REPEAT_SECONDS = 3600.0
"""How often the same fallback warning may repeat in one process."""

T = TypeVar("T")

_local = threading.local()


def enabled() -> bool:
    if getattr(_local, "disabled", False):
        return False
    return os.environ.get(SUMMARIES_ENV, "").strip().lower() not in ("off", "0", "false", "no")


@contextmanager
def raw_tables_only() -> Iterator[None]:
    """Within the block (this thread), every figure comes from the raw tables: for tests and checks."""
    previous = getattr(_local, "disabled", False)
    _local.disabled = True
    try:
        yield
    finally:
        _local.disabled = previous


@dataclass
class Verdict:
    """Whether the store of a database may answer now (``usable``, else ``reason``), and which cuts
    (``(year, month)`` -> catalogue size) and refresh day it holds."""

    checked_at: float
    usable: bool
    reason: str
    cuts: dict[tuple[int, int], int] = field(default_factory=dict)
    today: str | None = None
    data_version: str = ""
    """Names the data the figures come from: the live fingerprint, and the refresh when the
    summaries answer. It changes when the data does or a refresh publishes (see :func:`data_version`)."""


_verdicts: dict[str, Verdict] = {}
_warned: dict[str, float] = {}
_engines: dict[str, Engine] = {}
_lock = threading.Lock()


def forget() -> None:
    """Drop every cached verdict (the next lookup compares fingerprints again)."""
    with _lock:
        _verdicts.clear()
        _warned.clear()
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()


def _source_url(conn: Connection) -> str:
    return conn.engine.url.render_as_string(hide_password=False)


@contextmanager
def _store_connection(conn: Connection, location: Location) -> Iterator[Connection]:
    """The connection to read the store with: the source's own for a schema of the same database."""
    if location.same_database:
        yield conn.execution_options(schema_translate_map=schema_map(location))
        return
    with _lock:
        engine = _engines.get(location.url)
        if engine is None:
            engine = _engines[location.url] = create_read_only_engine(location.url)
    with engine.connect() as store:
        yield store.execution_options(schema_translate_map=schema_map(location))


def judge(conn: Connection) -> Verdict:
    """Whether the store of ``conn``'s database is usable now, and which cuts it holds."""
    now = time.monotonic()
    live = fp.dumps(fp.source_fingerprint(conn))
    location = location_for(_source_url(conn))
    if location is None:
        return Verdict(now, False, "no place for summaries (in-memory database)", data_version=live)
    if location.sqlite:
        path = sqlite_path(location.url)
        if path is None or not path.is_file():
            return Verdict(now, False, f"summaries missing ({location.describe()})", data_version=live)
    try:
        with _store_connection(conn, location) as store:
            if not location.sqlite and not inspect(store).has_table(stamp_table.name, schema=SCHEMA):
                return Verdict(now, False, f"summaries missing ({location.describe()})", data_version=live)
            stamp = {row.key: row.value for row in store.execute(select(stamp_table.c.key, stamp_table.c.value))}
            cuts = {(int(r.year), int(r.month)): int(r.indicators) for r in store.execute(select(cut_table))}
    except (SQLAlchemyError, DatabaseUnavailableError) as error:
        reason = f"summaries unreadable ({location.describe()}): {error.__class__.__name__}"
        return Verdict(now, False, reason, data_version=live)
    if stamp.get("format_version") != FORMAT_VERSION:
        return Verdict(now, False, f"summaries of another format ({location.describe()})", data_version=live)
    if json.loads(stamp.get("fingerprint", "null")) != json.loads(live):
        reason = f"summaries stale: the data changed after the refresh of {stamp.get('refreshed_at')}"
        return Verdict(now, False, reason, data_version=live)
    version = f"{live} refreshed {stamp.get('refreshed_at')}"
    return Verdict(now, True, "fresh", cuts=cuts, today=stamp.get("today"), data_version=version)


def _verdict(conn: Connection) -> Verdict:
    cached = _cached_verdict(_source_url(conn))
    if cached is not None:
        return cached
    verdict = judge(conn)
    with _lock:
        _verdicts[_source_url(conn)] = verdict
    return verdict


def _cached_verdict(key: str) -> Verdict | None:
    """The verdict on the database named ``key`` if it was judged less than :data:`CHECK_SECONDS` ago."""
    with _lock:
        cached = _verdicts.get(key)
    if cached is not None and time.monotonic() - cached.checked_at < CHECK_SECONDS:
        return cached
    return None


def data_version(engine: Engine) -> str:
    """A name for the data behind ``engine``'s figures as this process sees it now: it changes when the
    source's fingerprint does and when a summaries refresh publishes. The dashboard keys its cached
    figures by it, so new data (or a new refresh) is shown, and prepared, within :data:`CHECK_SECONDS`
    instead of when the cache expires. No query while the last verdict is fresh; then one judgement."""
    cached = _cached_verdict(engine.url.render_as_string(hide_password=False))
    if cached is not None:
        return cached.data_version
    with engine.connect() as conn:
        return _verdict(conn).data_version


def published_at(engine: Engine) -> dt.datetime | None:
    """When the summaries of ``engine``'s database were last published (None: none readable). A
    process may go on trusting its verdict from before for up to :data:`CHECK_SECONDS` after this."""
    with engine.connect() as conn:
        location = location_for(_source_url(conn))
        if location is None or (location.sqlite and not (sqlite_path(location.url) or Path()).is_file()):
            return None
        try:
            with _store_connection(conn, location) as store:
                if not location.sqlite and not inspect(store).has_table(stamp_table.name, schema=SCHEMA):
                    return None
                value = store.execute(
                    select(stamp_table.c.value).where(stamp_table.c.key == "refreshed_at")
                ).scalar_one_or_none()
        except (SQLAlchemyError, DatabaseUnavailableError):
            return None
    return None if value is None else dt.datetime.fromisoformat(value)


def _warn(message: str) -> None:
    """Log ``message`` once per :data:`WARN_REPEAT_SECONDS` per process: a dashboard left on the
    bundled sample (no summaries) would otherwise repeat the same line every minute all day."""
    now = time.monotonic()
    with _lock:
        last = _warned.get(message)
        if last is not None and now - last < WARN_REPEAT_SECONDS:
            return
        _warned[message] = now
    log.warning("%s; reading the raw tables instead (figures are the same, only slower)", message)


def _read_store(conn: Connection, read: Callable[[Connection], T]) -> T | None:
    """``read(store)`` on the summary store of ``conn``'s database, or None when it cannot be read
    (logged): the store was judged usable a moment ago, but a file or schema can vanish meanwhile."""
    location = location_for(_source_url(conn))
    assert location is not None  # judged usable, so it has a location
    try:
        with _store_connection(conn, location) as store:
            return read(store)
    except (SQLAlchemyError, DatabaseUnavailableError) as error:
        _warn(f"summaries unreadable: {error.__class__.__name__}")
        return None


def _usable_cut(conn: Connection, scope: Scope, what: str) -> Verdict | None:
    """The verdict when the summaries may answer ``what`` for the scope's cut, else None (logged)."""
    verdict = _verdict(conn)
    if not verdict.usable:
        _warn(verdict.reason)
        return None
    period = scope.period
    if period.cutoff != period.end:
        _warn(f"no summary for {period.year}-{period.month:02d}: the month has not ended yet")
        return None
    if (period.year, period.month) not in verdict.cuts:
        _warn(f"no summary for {period.year}-{period.month:02d}: not built by the last refresh")
        return None
    if what in TODAY_GROUPS and verdict.today != period.today.isoformat():
        _warn(f"no '{what}' summary for {period.today}: it counts dates after its day {verdict.today}")
        return None
    return verdict


def summary_rows(conn: Connection, scope: Scope, kind: str) -> list[Record] | None:
    """The stored rows of a service breakdown ``kind`` for the scope's region (as the ``*_rows``
    queries of :mod:`data_access.breakdowns.services` give them), or None: below kabupaten/kota
    level by design (quietly), or when the summaries cannot answer (logged)."""
    if not enabled():
        return None
    code = scope.region_code or ""
    if code.count(".") >= BREAKDOWN_MAX_PARTS:
        return None
    if _usable_cut(conn, scope, kind) is None:
        return None
    statement = select(breakdown_table.c.key, breakdown_table.c.m, breakdown_table.c.total, breakdown_table.c.n).where(
        breakdown_table.c.year == scope.period.year,
        breakdown_table.c.month == scope.period.month,
        breakdown_table.c.target == code,
        breakdown_table.c.kind == kind,
    )
    rows = _read_store(conn, lambda store: store.execute(statement).all())
    if rows is None:
        return None
    return [
        {
            "target": scope.region_code or "",
            "key": row.key,
            "m": int(row.m),
            "total": None if row.total is None else Decimal(row.total),
            "n": int(row.n),
        }
        for row in rows
    ]


def summary_counts(conn: Connection, scope: Scope, group: str) -> dict[str, dict[str, int]] | None:
    """The counts of ``group`` (a key of :data:`~data_access.summaries.store.GROUPS`) per target code
    of ``scope``, keyed as the raw family queries key them -- or None when they must be computed
    from the raw tables (summaries off, missing, stale, or not covering this period)."""
    if not enabled():
        return None
    verdict = _usable_cut(conn, scope, group)
    if verdict is None:
        return None
    period = scope.period
    cut = (period.year, period.month)
    keys = GROUPS[group]
    prefix = group + "."
    columns = [counts_table.c[column_name(key)] for key in keys]
    statement = select(counts_table.c.target, *columns).where(
        counts_table.c.year == period.year,
        counts_table.c.month == period.month,
        counts_table.c.target.in_(scope.target_codes),
    )
    rows = _read_store(conn, lambda store: store.execute(statement).all())
    if rows is None:
        return None
    names = [key if group == "metrics" else key[len(prefix) :] for key in keys]
    result = {code: dict.fromkeys(names, 0) for code in scope.target_codes}
    for row in rows:
        result[row[0]] = {name: int(value) for name, value in zip(names, row[1:], strict=True)}
    if group == "metrics":
        for counts in result.values():
            counts["services.indicators"] = verdict.cuts[cut]
    return result


def summary_blob(conn: Connection, key: str, today: dt.date) -> object | None:
    """The JSON value stored under ``key`` by the refresh of ``today`` (fresh), else None (logged)."""
    if not enabled():
        return None
    verdict = _verdict(conn)
    if not verdict.usable:
        _warn(verdict.reason)
        return None
    if verdict.today != today.isoformat():
        _warn(f"no '{key}' summary for {today}: the last refresh ran for {verdict.today}")
        return None
    statement = select(blob_table.c.value).where(blob_table.c.key == key)
    value = _read_store(conn, lambda store: store.execute(statement).scalar())
    return None if value is None else json.loads(value)


def summary_facts(conn: Connection, scope: Scope) -> list[Record] | None:
    """The stored gap facts of every posyandu of P in the scope's region (as
    :func:`data_access.gaps.gap_facts` gives them), or None when the summaries cannot answer (logged)."""
    return _read_facts(conn, scope, "facts", lambda statement, backend: statement)


def summary_under5(conn: Connection, scope: Scope, *, below: int, limit: int | None = None) -> list[Record] | None:
    """The stored gap facts of the posyandu of P in the scope's region with fewer than ``below``
    active kader -- fewest first, then by desa code, name and id, at most ``limit`` (None = all) --
    or None when the summaries cannot answer (logged). Filtered, ordered and cut in SQL on the plain
    ``kader_count``, ``desa_code`` and ``name`` columns: only the JSON of the rows returned is parsed."""

    def narrow(statement: Select, backend: str) -> Select:
        statement = statement.where(facts_table.c.kader_count < below).order_by(
            facts_table.c.kader_count,
            codepoint_order(facts_table.c.desa_code, backend),
            codepoint_order(facts_table.c.name, backend),
            facts_table.c.posyandu_id,
        )
        return statement if limit is None else statement.limit(limit)

    return _read_facts(conn, scope, "facts_under5", narrow)


def _read_facts(
    conn: Connection, scope: Scope, what: str, narrow: Callable[[Select, str], Select]
) -> list[Record] | None:
    """The stored facts of the scope's region's posyandu selected by ``narrow(statement, backend of
    the store)``, parsed in one go; None when the summaries cannot answer (logged)."""
    if not enabled():
        return None
    code = scope.region_code
    parts = 0 if code is None else code.count(".") + 1
    if parts > FACT_PREFIX_PARTS:
        return None
    if _usable_cut(conn, scope, what) is None:
        return None
    statement = select(facts_table.c.facts).where(
        facts_table.c.year == scope.period.year, facts_table.c.month == scope.period.month
    )
    if code is not None:
        statement = statement.where(facts_table.c[f"p{parts}"] == code)
    stored = _read_store(conn, lambda store: [row[0] for row in store.execute(narrow(statement, store.dialect.name))])
    if stored is None:
        return None
    return json.loads("[" + ",".join(stored) + "]")  # one parse for every posyandu


def summary_desa_rows(
    conn: Connection, scope: Scope, kind: str | Sequence[str], limit: int | None = None
) -> list[Record] | None:
    """The stored rows of a per-desa list under the scope's region, in their stored order, or None
    when the summaries cannot answer (logged). ``kind`` may name several kinds (``readiness.<step>``
    for some steps): their rows are merged in ``seq`` order. ``limit`` keeps the first rows only --
    each kind is read in ``seq`` order up to ``limit`` on its index, so the first rows of the
    country's 83,000 desa cost what a few do, and only the rows kept are parsed."""
    if not enabled():
        return None
    kinds = (kind,) if isinstance(kind, str) else tuple(kind)
    code = scope.region_code
    parts = 0 if code is None else code.count(".") + 1
    if parts > FACT_PREFIX_PARTS:
        return None
    if _usable_cut(conn, scope, kinds[0] if len(kinds) == 1 else "desa rows") is None:
        return None

    def read(store: Connection) -> list[tuple[int, str]]:
        found: list[tuple[int, str]] = []
        for one in kinds:
            statement = (
                select(desa_rows_table.c.seq, desa_rows_table.c.row)
                .where(
                    desa_rows_table.c.year == scope.period.year,
                    desa_rows_table.c.month == scope.period.month,
                    desa_rows_table.c.kind == one,
                )
                .order_by(desa_rows_table.c.seq)
            )
            if code is not None:
                statement = statement.where(desa_rows_table.c[f"p{parts}"] == code)
            if limit is not None:
                statement = statement.limit(limit)
            found.extend((int(row[0]), row[1]) for row in store.execute(statement))
        return found

    found = _read_store(conn, read)
    if found is None:
        return None
    if len(kinds) > 1:
        found.sort(key=lambda pair: pair[0])
    if limit is not None:
        found = found[:limit]
    return json.loads("[" + ",".join(row for _, row in found) + "]")  # one parse for every row
