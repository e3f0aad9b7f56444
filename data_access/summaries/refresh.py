"""Building the summaries: every count of every region for every period cut, in one pass per cut.

For each cut (year Y at month M, with E <= today so the cutoff is E) the refresh runs the very same
family queries the dashboard runs, with a :class:`~data_access.metrics.base.DesaGrainScope` (each
desa/kelurahan its own target), and adds the per-desa counts up over every code-prefix ancestor --
the same rule ``belongs_to`` applies. Each posyandu lies in one desa, so the sums are exact; the one
count that is not a sum (indicators with volume > 0) is rolled up as a union of per-desa sets.
The region family counts regions, not posyandu, so each region's own flags are rolled up likewise.

The source is only read (through the read-only engine, in one snapshot on PostgreSQL); only the
summary store is written, in one transaction (PostgreSQL) or by replacing the side file atomically
(SQLite), so the dashboard sees the old summaries or the new ones, never half of each.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
import json
import logging
import math
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd
from sqlalchemy import Connection, Engine, create_engine, func, insert, select, text

from data_access.breakdowns.training import training_counts
from data_access.db import create_read_only_engine
from data_access.expressions import Dialect
from data_access.gaps import gap_facts
from data_access.loader import copy_text
from data_access.metrics.base import DESA_LEVEL, DesaGrainScope
from data_access.metrics.funding import funding_counts
from data_access.metrics.kader import kader_counts
from data_access.metrics.posyandu import posyandu_counts
from data_access.metrics.regions import region_flags
from data_access.metrics.services import served_indicators, service_counts
from data_access.models import Indicator, Posyandu
from data_access.models import Region as RegionRow
from data_access.quality import DEFAULT_LIMIT, _data_quality, data_quality_json, excluded_counts, quality_blob_key
from data_access.scope import FIRST_YEAR, Period, Scope
from data_access.scope import Region as RegionInfo
from data_access.settings import today as jakarta_today
from data_access.summaries import fingerprint as fp
from data_access.summaries.store import (
    BREAKDOWN_MAX_PARTS,
    FACT_PREFIX_PARTS,
    FORMAT_VERSION,
    GAP_STATUS_COUNTS,
    GROUPS,
    SCHEMA,
    Location,
    blob_table,
    breakdown_table,
    column_name,
    counts_table,
    cut_table,
    desa_rows_table,
    facts_table,
    location_for,
    metadata,
    schema_map,
    sqlite_path,
    stamp_table,
)

log = logging.getLogger(__name__)

PER_DESA_FAMILIES = (
    ("posyandu", posyandu_counts),
    ("kader", kader_counts),
    ("services", service_counts),
    ("funding", funding_counts),
    ("training", training_counts),
    ("excluded", excluded_counts),
)
STABLE_WAIT_SECONDS = 1.5
NEXT_SCHEMA = "posyandu_dashboard_next"
"""Where a PostgreSQL refresh builds the new generation before renaming it into ``SCHEMA``."""
assert NEXT_SCHEMA == SCHEMA + "_next"
# DDL on schema names cannot take bound parameters; these are constant statements, never formatted.
DROP_NEXT = text("DROP SCHEMA IF EXISTS posyandu_dashboard_next CASCADE")
CREATE_NEXT = text("CREATE SCHEMA posyandu_dashboard_next")
DROP_LIVE = text("DROP SCHEMA IF EXISTS posyandu_dashboard CASCADE")
RENAME_NEXT = text("ALTER SCHEMA posyandu_dashboard_next RENAME TO posyandu_dashboard")


@dataclass
class RefreshReport:
    """What a refresh built, for the command's output."""

    location: str
    cuts: list[tuple[int, int]] = field(default_factory=list)
    rows: int = 0
    seconds: float = 0.0
    changed_during_refresh: bool = False


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


def _prefixes(codes: pd.Series) -> pd.DataFrame:
    """Rows (code, target) for each code and each of its targets: '' and every dot-prefix of it."""
    parts = codes.str.split(".")
    frames = [pd.DataFrame({"code": codes, "target": ""})]
    for n in range(1, int(parts.map(len).max() or 0) + 1):
        has = parts.map(len) >= n
        frames.append(pd.DataFrame({"code": codes[has], "target": parts[has].map(lambda p, n=n: ".".join(p[:n]))}))
    return pd.concat(frames, ignore_index=True)


def _roll_up(per_code: pd.DataFrame, prefixes: pd.DataFrame) -> pd.DataFrame:
    """Sum per-code count columns onto every target the code belongs to."""
    if per_code.empty:
        return pd.DataFrame(columns=per_code.columns).set_index("code")
    joined = prefixes.merge(per_code, on="code", how="inner")
    return joined.drop(columns="code").groupby("target").sum()


def _prefix_columns(desa_code: object) -> dict[str, str | None]:
    parts = str(desa_code).split(".")
    return {f"p{n}": ".".join(parts[:n]) if len(parts) >= n else None for n in range(1, FACT_PREFIX_PARTS + 1)}


def _fact_records(period: Period, facts: list[dict[str, object]]) -> Iterator[dict[str, object]]:
    """Every posyandu of P with its gap facts, keyed by the prefixes of its desa code, and the plain
    columns a list filters and orders on in SQL (its desa code, name, active kader and gap count)."""
    from data_access.gaps import gap_list

    for fact in facts:
        yield {
            "year": period.year,
            "month": period.month,
            "posyandu_id": fact["posyandu_id"],
            **_prefix_columns(fact["desa_code"]),
            "desa_code": fact["desa_code"],
            "name": fact["name"],
            "kader_count": int(fact["kader_count"]),  # type: ignore[call-overload]
            "gap_count": len(gap_list(fact)),
            "facts": json.dumps(fact, default=_json_value),
        }


def _gap_status_counts(facts: list[dict[str, object]]) -> pd.DataFrame:
    """Posyandu per gap status per target (rolled up from each posyandu's desa)."""
    from data_access.gaps import gap_list, gap_status

    if not facts:
        return pd.DataFrame()
    per_posyandu = pd.DataFrame(
        {
            "code": [fact["desa_code"] for fact in facts],
            "status": [gap_status(len(gap_list(fact))).replace(" ", "_") for fact in facts],
        }
    )
    per_desa = pd.crosstab(per_posyandu["code"], per_posyandu["status"]).reset_index()
    per_desa.columns.name = None
    per_desa = per_desa.rename(columns={name: f"gapstatus.{name}" for name in GAP_STATUS_COUNTS})
    return _roll_up(per_desa, _prefixes(per_desa["code"]))


def _stopped_records(conn: Connection, period: Period) -> Iterator[dict[str, object]]:
    """The country's list of desa that stopped reporting in month M, row by row with its prefixes."""
    from data_access.reporting import stopped_reporting

    frame = stopped_reporting(conn, Scope(region=None, children=(), period=period), summaries=False)
    for seq, row in enumerate(frame.to_dict(orient="records")):
        yield {
            "year": period.year,
            "month": period.month,
            "kind": "stopped_reporting",
            "seq": seq,
            **_prefix_columns(row["desa_code"]),
            "row": json.dumps(row, default=_json_value),
        }


def _readiness(conn: Connection, period: Period) -> tuple[list[dict[str, object]], pd.DataFrame]:
    """The country's ``desa_readiness`` rows of one cut as stored rows (kind ``readiness.<step>``,
    ``seq`` in desa-code order over every step), and the desa per stuck step per target (rolled up
    from each desa onto every code prefix, as ``stuck.<step>`` columns)."""
    from data_access.institution import readiness_kind, readiness_rows

    rows = readiness_rows(conn, Scope(region=None, children=(), period=period))
    records = [
        {
            "year": period.year,
            "month": period.month,
            "kind": readiness_kind(str(row["stuck_at"])),
            "seq": seq,
            **_prefix_columns(row["desa_code"]),
            "row": json.dumps(row, default=_json_value),
        }
        for seq, row in enumerate(rows)
    ]
    if not rows:
        return records, pd.DataFrame()
    per_desa = pd.DataFrame({"code": [row["desa_code"] for row in rows], "step": [row["stuck_at"] for row in rows]})
    counts = pd.crosstab(per_desa["code"], per_desa["step"]).reset_index()
    counts.columns.name = None
    counts = counts.rename(columns={step: f"stuck.{step}" for step in counts.columns if step != "code"})
    return records, _roll_up(counts, _prefixes(counts["code"]))


def _json_value(value: object) -> object:
    """Values JSON cannot take as they are (a PostgreSQL Decimal coordinate): as float, as the page sees it."""
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"not JSON: {value!r}")


def _exact(value: object) -> Decimal | None:
    """A sum from the database as an exact decimal (a float's exact binary value), None for none."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return Decimal(value)  # type: ignore[arg-type]


def _breakdown_records(conn: Connection, period: Period, desa_codes: tuple[str, ...]) -> list[dict[str, object]]:
    """Every service and funding breakdown kind, per desa then summed onto the country, provinsi and
    kab/kota (budget sums exactly, as decimals)."""
    from data_access.breakdowns.funding import FUNDING_KINDS
    from data_access.breakdowns.services import BREAKDOWN_KINDS

    # Grouped by kabupaten/kota in SQL: the only targets stored are the country, provinsi and
    # kabupaten/kota, and per-desa rows (desa x indicator x month) are tens of millions at nasional size.
    scope = DesaGrainScope(region=None, children=(), period=period, desa_codes=desa_codes, kabupaten_grain=True)
    records: list[dict[str, object]] = []
    for kind, rows_of in {**BREAKDOWN_KINDS, **FUNDING_KINDS}.items():
        rows = pd.DataFrame(rows_of(conn, scope), columns=["target", "key", "m", "total", "n"])
        if rows.empty:
            continue
        rows = rows.rename(columns={"target": "code"})
        has_total = rows["total"].notna().any()
        rows["total"] = rows["total"].map(_exact)
        prefixes = _prefixes(rows["code"].drop_duplicates())
        prefixes = prefixes[prefixes["target"].map(lambda t: t == "" or t.count(".") < BREAKDOWN_MAX_PARTS)]
        joined = prefixes.merge(rows, on="code")
        grouped = joined.groupby(["target", "key", "m"], sort=True)
        n = grouped["n"].sum()
        totals = grouped["total"].agg(lambda values: sum(values, Decimal(0))) if has_total else None
        for (target, key, m), count in n.items():
            total = None if totals is None else str(totals[(target, key, m)])
            records.append(
                {
                    "year": period.year,
                    "month": period.month,
                    "target": target,
                    "kind": kind,
                    "key": key,
                    "m": int(m),
                    "total": total,
                    "n": int(count),
                }
            )
    return records


def _cut_counts(conn: Connection, period: Period, desa_codes: tuple[str, ...]) -> tuple[pd.DataFrame, int]:
    """Every count column of :data:`GROUPS` per target code for one cut, and the catalogue size."""
    dialect = Dialect(conn.dialect.name)
    scope = DesaGrainScope(region=None, children=(), period=period, desa_codes=desa_codes)
    per_desa: dict[str, dict[str, int]] = {code: {} for code in desa_codes}
    for family, compute in PER_DESA_FAMILIES:
        for code, counts in compute(conn, scope).items():
            per_desa[code].update({f"{family}.{name}": value for name, value in counts.items()})
    desa_frame = pd.DataFrame.from_dict(per_desa, orient="index").rename_axis("code").reset_index()
    desa_frame = desa_frame.drop(columns=["services.indicators_served", "services.indicators"], errors="ignore")
    rolled = _roll_up(desa_frame, _prefixes(desa_frame["code"])) if len(desa_frame) else pd.DataFrame()

    indicators_served = _indicators_served(conn, scope)

    regions = pd.DataFrame(conn.execute(region_flags(dialect, period.cutoff)).mappings().all())
    if len(regions):
        regions = regions.rename(columns={c: f"regions.{c}" for c in regions.columns if c != "code"})
        region_rolled = _roll_up(regions, _prefixes(regions["code"]))
    else:
        region_rolled = pd.DataFrame()

    frame = rolled.join(region_rolled, how="outer") if len(rolled) else region_rolled
    frame = frame.copy()
    frame["services.indicators_served"] = indicators_served.reindex(frame.index).fillna(0)
    frame["services.indicators"] = 0
    columns = [key for group in GROUPS.values() for key in group]
    frame = frame.reindex(columns=columns).fillna(0).astype("int64")
    indicators = int(conn.execute(select(func.count()).select_from(Indicator)).scalar() or 0)
    return frame, indicators


def _indicators_served(conn: Connection, scope: DesaGrainScope) -> pd.Series:
    """Indicators with a volume > 0 per target, rolled up as a set union (the one count that is not a
    sum). The (desa, indicator) pairs -- millions at nasional size -- are streamed into one bit mask
    per desa, and the masks OR-ed onto every code-prefix ancestor, so memory stays per desa."""
    dialect = Dialect(conn.dialect.name)
    served = served_indicators(dialect, scope)
    statement = (
        select(Posyandu.region_code.label("code"), served.c.indicator_code)
        .select_from(served)
        .join(Posyandu, Posyandu.id == served.c.pid)
        .distinct()
    )
    bits: dict[str, int] = {}
    masks: dict[str, int] = {}
    result = conn.execution_options(stream_results=True, yield_per=50_000).execute(statement)
    for code, indicator in result:
        bit = bits.setdefault(indicator, len(bits))
        masks[code] = masks.get(code, 0) | (1 << bit)
    rolled: dict[str, int] = {}
    for code, mask in masks.items():
        parts = code.split(".")
        for target in ("", *(".".join(parts[:n]) for n in range(1, len(parts) + 1))):
            rolled[target] = rolled.get(target, 0) | mask
    return pd.Series({target: mask.bit_count() for target, mask in rolled.items()}, dtype="int64")


def _stable_fingerprint(source: Engine) -> dict:
    """The source fingerprint once it stops moving: PostgreSQL publishes its row counters within about
    a second of a commit, so a write just before the refresh must be counted before it is stamped."""
    with source.connect() as conn:
        current = fp.source_fingerprint(conn)
    if source.dialect.name != "postgresql":
        return current
    for _ in range(20):
        time.sleep(STABLE_WAIT_SECONDS)
        with source.connect() as conn:
            again = fp.source_fingerprint(conn)
        if again == current:
            return current
        current = again
    return current


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


def _records(year: int, month: int, frame: pd.DataFrame) -> Iterator[dict[str, object]]:
    columns = [column_name(key) for key in frame.columns]
    for target, values in zip(frame.index, frame.itertuples(index=False, name=None), strict=True):
        yield {"year": year, "month": month, "target": target, **dict(zip(columns, values, strict=True))}


class _Writer:
    """Writes one new generation of the summary tables where the dashboard cannot see it half-done:
    a temporary SQLite file moved into place, or a PostgreSQL schema renamed into place."""

    def __init__(self, location: Location, grant_to: str | None) -> None:
        self.location = location
        self.grant_to = grant_to
        if location.sqlite:
            target = sqlite_path(location.url)
            assert target is not None
            self.final_path = target
            self.temp_path = target.with_name(f"{target.name}.tmp-{os.getpid()}")
            self.temp_path.unlink(missing_ok=True)
            self.engine = create_engine(f"sqlite:///{self.temp_path}")
            self.translate: dict[str | None, str | None] = schema_map(location)
        else:
            self.engine = create_engine(location.url)
            self.translate = {SCHEMA: NEXT_SCHEMA}
            with self.engine.begin() as conn:
                conn.execute(DROP_NEXT)
                conn.execute(CREATE_NEXT)
        with self.engine.begin() as conn:
            metadata.create_all(conn.execution_options(schema_translate_map=self.translate))

    def write(self, table, records: Iterable[dict[str, object]]) -> int:  # type: ignore[no-untyped-def]
        rows = list(records)
        if not rows:
            return 0
        if self.engine.dialect.name == "postgresql":
            self._copy(table, rows)
        else:
            with self.engine.begin() as conn:
                conn.execution_options(schema_translate_map=self.translate).execute(insert(table), rows)
        return len(rows)

    def _copy(self, table, rows: list[dict[str, object]]) -> None:  # type: ignore[no-untyped-def]
        from psycopg import sql

        columns = [column.name for column in table.columns]
        buffer = io.StringIO()
        for row in rows:
            # COPY's text format reads backslash escapes: a JSON fact with an escaped quote
            # (idn-area-data has a desa named Soka"an, in JSON "Soka\"an") must keep its backslash.
            buffer.write("\t".join(copy_text(row[c]) for c in columns) + "\n")
        statement = sql.SQL("COPY {}.{} ({}) FROM STDIN").format(
            sql.Identifier(NEXT_SCHEMA),
            sql.Identifier(table.name),
            sql.SQL(", ").join(map(sql.Identifier, columns)),
        )
        raw = self.engine.raw_connection()
        try:
            with raw.cursor() as cursor, cursor.copy(statement) as copy:
                copy.write(buffer.getvalue())
            raw.commit()
        finally:
            raw.close()

    def publish(self) -> None:
        """Make the new generation the live one, atomically."""
        if self.location.sqlite:
            self.engine.dispose()
            os.replace(self.temp_path, self.final_path)
            return
        from psycopg import sql

        raw = self.engine.raw_connection()
        try:
            with raw.cursor() as cursor:
                cursor.execute(str(DROP_LIVE))
                cursor.execute(str(RENAME_NEXT))
                if self.grant_to:
                    role, schema = sql.Identifier(self.grant_to), sql.Identifier(SCHEMA)
                    cursor.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(schema, role))
                    cursor.execute(sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA {} TO {}").format(schema, role))
            raw.commit()
        finally:
            raw.close()
        self.engine.dispose()

    def abandon(self) -> None:
        if self.location.sqlite:
            self.engine.dispose()
            self.temp_path.unlink(missing_ok=True)
        else:
            with self.engine.begin() as conn:
                conn.execute(DROP_NEXT)
            self.engine.dispose()


def refresh(
    source_url: str,
    *,
    summary_url: str | None = None,
    today: dt.date | None = None,
    first_year: int | None = None,
    cuts: Iterable[tuple[int, int]] | None = None,
    grant_to: str | None = None,
) -> RefreshReport:
    """Rebuild every summary of ``source_url`` (read-only) into its summary store (written).

    ``cuts`` limits the (year, month) cuts built (tests; a quick partial refresh): any other period
    is then read from the raw tables. Cuts whose month has not ended by ``today`` are never built."""
    location = location_for(source_url, summary_url)
    if location is None:
        raise ValueError("an in-memory database has nowhere to keep summaries")
    day = today or jakarta_today()
    possible = period_cuts(day, first_year if first_year is not None else FIRST_YEAR - 1)
    cuts = possible if cuts is None else sorted(set(cuts) & set(possible))
    report = RefreshReport(location=location.describe(), cuts=cuts)
    started = time.monotonic()
    source = create_read_only_engine(source_url)
    writer = _Writer(location, grant_to)
    try:
        before = _stable_fingerprint(source)
        with source.connect() as conn:
            if conn.dialect.name == "postgresql":
                conn = conn.execution_options(isolation_level="REPEATABLE READ")  # one snapshot for every cut
            desa_codes = _desa_codes(conn)
            for year, month in cuts:
                period = Period(year=year, month=month, today=day)
                facts = gap_facts(conn, Scope(region=None, children=(), period=period))
                frame, indicators = _cut_counts(conn, period, desa_codes)
                statuses = _gap_status_counts(facts)
                for column in GROUPS["gapstatus"]:
                    if column in statuses.columns:
                        frame[column] = statuses[column].reindex(frame.index).fillna(0).astype("int64")
                readiness, stuck = _readiness(conn, period)
                for column in GROUPS["stuck"]:
                    if column in stuck.columns:
                        frame[column] = stuck[column].reindex(frame.index).fillna(0).astype("int64")
                report.rows += writer.write(counts_table, _records(year, month, frame))
                writer.write(cut_table, [{"year": year, "month": month, "indicators": indicators}])
                report.rows += writer.write(breakdown_table, _breakdown_records(conn, period, desa_codes))
                report.rows += writer.write(facts_table, _fact_records(period, facts))
                report.rows += writer.write(desa_rows_table, _stopped_records(conn, period))
                report.rows += writer.write(desa_rows_table, readiness)
                log.info(
                    "summaries: %d-%02d done (%d targets, %.0f s so far)",
                    year,
                    month,
                    len(frame),
                    time.monotonic() - started,
                )
            quality = _data_quality(conn, day, DEFAULT_LIMIT)
            writer.write(blob_table, [{"key": "data_quality", "value": data_quality_json(quality)}])
            for provinsi in _provinsi(conn):
                quality = _data_quality(conn, day, DEFAULT_LIMIT, within=provinsi)
                key = quality_blob_key(provinsi)
                writer.write(blob_table, [{"key": key, "value": data_quality_json(quality)}])
            log.info("summaries: data quality done (%.0f s so far)", time.monotonic() - started)
        with source.connect() as conn:
            after = fp.source_fingerprint(conn)
        report.changed_during_refresh = after != before
        stamp = {
            "format_version": FORMAT_VERSION,
            "fingerprint": fp.dumps(before),
            "refreshed_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "today": day.isoformat(),
        }
        writer.write(stamp_table, [{"key": key, "value": value} for key, value in stamp.items()])
        writer.publish()
    except BaseException:
        writer.abandon()
        raise
    finally:
        source.dispose()
    report.seconds = time.monotonic() - started
    return report
