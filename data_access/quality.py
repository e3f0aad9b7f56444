"""Data-quality counts of METRICS.md, with the offending rows (ids and codes only).

A shared database written by many hands is dirty; the metrics exclude such rows silently, and this
module says how many were excluded and which, so the data-quality page can send people to fix
them. Counts are taken over the whole database, whatever region and period is on screen -- or,
for a user whose access is limited to one region (``within``), over the rows inside that region.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from dataclasses import dataclass, field

from shapely.geometry import shape
from sqlalchemy import Connection, Engine, Select, String, and_, cast, func, literal, not_, or_, select, union_all
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from data_access.expressions import Dialect
from data_access.metrics.funding import partnership_invalid
from data_access.metrics.renstra import valid_target_condition
from data_access.models import (
    Budget,
    Indicator,
    Kader,
    Partnership,
    Posyandu,
    Region,
    RegionBoundary,
    Regulation,
    RenstraTarget,
    ServiceReport,
    TimPembina,
    Training,
)
from data_access.scope import LEVEL_PARTS, Scope
from data_access.scope import Region as RegionInfo
from data_access.settings import today as jakarta_today

DATA_QUALITY_CHECKS: tuple[str, ...] = (
    "unplaced_posyandu",
    "invalid_service_values",
    "orphan_service_reports",
    "orphan_rows",
    "future_dated",
    "invalid_partnerships",
    "invalid_targets",
    "regions_without_boundary",
    "invalid_boundaries",
    "level_mismatch",
)

Offender = dict[str, object]


@dataclass(frozen=True)
class DataQuality:
    """Per check: how many rows, and (up to ``limit`` of) which."""

    counts: dict[str, int]
    offenders: dict[str, list[Offender]] = field(default_factory=dict)


def _text(value: object) -> object:
    """Dates and Decimals as plain JSON-friendly values; ids and codes unchanged."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _run(conn: Connection, statement: Select, limit: int | None) -> tuple[int, list[Offender]]:
    """Count a check's rows exactly and list the first ``limit`` of them."""
    sub = statement.subquery()
    count = int(conn.execute(select(func.count()).select_from(sub)).scalar() or 0)
    # Ordered by every column: without it the "first" offenders depend on the query plan, which
    # differs between runs and between the raw scan and the refresh that stores it.
    listing = select(sub).order_by(*sub.c)
    if limit is not None:
        listing = listing.limit(limit)
    rows = [{key: _text(value) for key, value in row._mapping.items()} for row in conn.execute(listing)]
    return count, rows


_INTEGER_KEYED = {"posyandu", "kader", "training", "partnership", "tim_pembina", "regulation"}


def _joined(*columns: ColumnElement) -> ColumnElement:
    """A composite key as one text ("12 2025 apbdes"), so every table fits one ``id`` column."""
    expression = cast(columns[0], String)
    for column in columns[1:]:
        expression = expression.concat(literal(" ")).concat(cast(column, String))
    return expression


def _typed_ids(rows: list[Offender]) -> list[Offender]:
    """Integer ids back to int for tables whose key is an integer id."""
    for row in rows:
        if row.get("table") in _INTEGER_KEYED and isinstance(row.get("id"), str):
            with contextlib.suppress(ValueError):
                row["id"] = int(str(row["id"]))
    return rows


@dataclass(frozen=True)
class _Inside:
    """Whether a row lies inside region ``within``, for each kind of row, by the kode wilayah it names
    (directly, or through its posyandu or kader) with the same code-prefix rule as every metric.
    A row naming a code under the region counts even when that code is missing from ``region``
    (the region's officer is who can fix it); a row whose posyandu or kader does not exist names no
    region and is inside none. ``within`` None (national) gives no condition at all."""

    within: RegionInfo | None

    def code(self, column: ColumnElement) -> ColumnElement | None:
        if self.within is None:
            return None
        prefix = self.within.code + "."
        return or_(column == self.within.code, func.substr(column, 1, len(prefix)) == prefix)

    def posyandu(self, column: ColumnElement) -> ColumnElement | None:
        if self.within is None:
            return None
        posyandu = aliased(Posyandu)
        return column.in_(select(posyandu.id).where(self.code(posyandu.region_code)))

    def kader(self, column: ColumnElement) -> ColumnElement | None:
        if self.within is None:
            return None
        kader = aliased(Kader)
        return column.in_(select(kader.id).where(self.posyandu(kader.posyandu_id)))


def _limited(statement: Select, condition: ColumnElement | None) -> Select:
    """``statement`` restricted by ``condition`` (unchanged when there is none: national access)."""
    return statement if condition is None else statement.where(condition)


def _unplaced(dialect: Dialect, inside: _Inside = _Inside(None)) -> Select:
    region = aliased(Region)
    statement = (
        select(Posyandu.id.label("id"), Posyandu.region_code.label("region_code"))
        .outerjoin(region, region.code == Posyandu.region_code)
        .where(or_(region.code.is_(None), region.level != "desa_kelurahan"))
    )
    return _limited(statement, inside.code(Posyandu.region_code))


def _invalid_values(dialect: Dialect, inside: _Inside = _Inside(None)) -> Select:
    statement = select(
        ServiceReport.posyandu_id,
        dialect.date_value(ServiceReport.period).label("period"),
        ServiceReport.indicator_code,
    ).where(not_(dialect.valid_value(ServiceReport.value)))
    return _limited(statement, inside.posyandu(ServiceReport.posyandu_id))


def _orphan_reports(dialect: Dialect, inside: _Inside = _Inside(None)) -> Select:
    posyandu = aliased(Posyandu)
    indicator = aliased(Indicator)
    statement = (
        select(
            ServiceReport.posyandu_id,
            dialect.date_value(ServiceReport.period).label("period"),
            ServiceReport.indicator_code,
        )
        .outerjoin(posyandu, posyandu.id == ServiceReport.posyandu_id)
        .outerjoin(indicator, indicator.code == ServiceReport.indicator_code)
        .where(or_(posyandu.id.is_(None), indicator.code.is_(None)))
    )
    return _limited(statement, inside.posyandu(ServiceReport.posyandu_id))


def _orphan_rows(dialect: Dialect, inside: _Inside = _Inside(None)) -> Select:
    """Rows whose posyandu, kader or region does not exist, as (table, key, missing reference).
    Inside a region only the region-keyed ones can be: a missing posyandu or kader names no region."""
    posyandu = aliased(Posyandu)
    kader = aliased(Kader)
    region = aliased(Region)

    def keyed(table: str, key: ColumnElement, reference: ColumnElement) -> list[ColumnElement]:
        return [
            literal(table).label("table"),
            cast(key, String).label("id"),
            cast(reference, String).label("missing"),
        ]

    parts = [
        _limited(
            select(*keyed("kader", Kader.id, Kader.posyandu_id))
            .outerjoin(posyandu, posyandu.id == Kader.posyandu_id)
            .where(posyandu.id.is_(None)),
            inside.posyandu(Kader.posyandu_id),
        ),
        _limited(
            select(*keyed("training", Training.id, Training.kader_id))
            .outerjoin(kader, kader.id == Training.kader_id)
            .where(kader.id.is_(None)),
            inside.kader(Training.kader_id),
        ),
        _limited(
            select(*keyed("partnership", Partnership.id, Partnership.posyandu_id))
            .outerjoin(posyandu, posyandu.id == Partnership.posyandu_id)
            .where(posyandu.id.is_(None)),
            inside.posyandu(Partnership.posyandu_id),
        ),
        _limited(
            select(
                *keyed(
                    "budget",
                    _joined(Budget.posyandu_id, Budget.year, Budget.source),
                    Budget.posyandu_id,
                )
            )
            .outerjoin(posyandu, posyandu.id == Budget.posyandu_id)
            .where(posyandu.id.is_(None)),
            inside.posyandu(Budget.posyandu_id),
        ),
        _limited(
            select(*keyed("tim_pembina", TimPembina.id, TimPembina.region_code))
            .outerjoin(region, region.code == TimPembina.region_code)
            .where(region.code.is_(None)),
            inside.code(TimPembina.region_code),
        ),
        _limited(
            select(*keyed("regulation", Regulation.id, Regulation.region_code))
            .outerjoin(region, region.code == Regulation.region_code)
            .where(region.code.is_(None)),
            inside.code(Regulation.region_code),
        ),
        _limited(
            select(
                *keyed(
                    "renstra_target",
                    _joined(RenstraTarget.region_code, RenstraTarget.year, RenstraTarget.metric),
                    RenstraTarget.region_code,
                )
            )
            .outerjoin(region, region.code == RenstraTarget.region_code)
            .where(region.code.is_(None)),
            inside.code(RenstraTarget.region_code),
        ),
    ]
    return select(union_all(*parts).subquery("orphans"))


def _future_dated(dialect: Dialect, today: dt.date, inside: _Inside = _Inside(None)) -> Select:
    """One row per dated field after today, among exactly the fields METRICS.md lists."""

    def dated(
        table: str, key: ColumnElement, column: ColumnElement, name: str, condition: ColumnElement | None
    ) -> Select:
        statement = select(
            literal(table).label("table"),
            cast(key, String).label("id"),
            literal(name).label("column"),
            cast(dialect.date_value(column), String).label("date"),
        ).where(dialect.date_after(column, today))
        return _limited(statement, condition)

    report_key = _joined(ServiceReport.posyandu_id, ServiceReport.indicator_code)
    posyandu_inside = inside.code(Posyandu.region_code)
    parts = [
        dated("posyandu", Posyandu.id, Posyandu.established_on, "established_on", posyandu_inside),
        dated("posyandu", Posyandu.id, Posyandu.registered_on, "registered_on", posyandu_inside),
        dated("posyandu", Posyandu.id, Posyandu.sk_date, "sk_date", posyandu_inside),
        dated("tim_pembina", TimPembina.id, TimPembina.sk_date, "sk_date", inside.code(TimPembina.region_code)),
        dated("kader", Kader.id, Kader.joined_on, "joined_on", inside.posyandu(Kader.posyandu_id)),
        dated("training", Training.id, Training.completed_on, "completed_on", inside.kader(Training.kader_id)),
        dated("service_report", report_key, ServiceReport.period, "period", inside.posyandu(ServiceReport.posyandu_id)),
    ]
    return select(union_all(*parts).subquery("future"))


def _invalid_partnerships(dialect: Dialect, inside: _Inside = _Inside(None)) -> Select:
    statement = select(Partnership.id, Partnership.posyandu_id).where(partnership_invalid(dialect))
    return _limited(statement, inside.posyandu(Partnership.posyandu_id))


def _invalid_targets(dialect: Dialect, inside: _Inside = _Inside(None)) -> Select:
    statement = select(RenstraTarget.region_code, RenstraTarget.year, RenstraTarget.metric).where(
        not_(valid_target_condition(dialect))
    )
    return _limited(statement, inside.code(RenstraTarget.region_code))


def _without_boundary(dialect: Dialect, inside: _Inside = _Inside(None)) -> Select:
    statement = (
        select(Region.code.label("region_code"), Region.level)
        .outerjoin(RegionBoundary, RegionBoundary.region_code == Region.code)
        .where(RegionBoundary.region_code.is_(None))
    )
    return _limited(statement, inside.code(Region.code))


def _level_mismatch(dialect: Dialect, inside: _Inside = _Inside(None)) -> Select:
    parts = func.length(Region.code) - func.length(func.replace(Region.code, ".", "")) + 1
    matches = or_(*(and_(Region.level == level, parts == count) for level, count in LEVEL_PARTS.items()))
    statement = select(Region.code.label("region_code"), Region.level).where(not_(matches))
    return _limited(statement, inside.code(Region.code))


def boundary_problem(geojson: object) -> str | None:
    """Why a ``region_boundary.geojson`` value is unusable, or None when it is a valid polygon."""
    try:
        geometry = json.loads(str(geojson))
    except (TypeError, ValueError):
        return "bukan JSON"
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        return "bukan Polygon/MultiPolygon"
    try:
        shp = shape(geometry)
    except Exception:
        return "koordinat rusak"
    if shp.is_empty or not shp.is_valid:
        return "geometri tidak valid"
    return None


def _invalid_boundaries(
    conn: Connection, limit: int | None, inside: _Inside = _Inside(None)
) -> tuple[int, list[Offender]]:
    """Checked in Python with shapely (no SQL can validate geometry portably), streamed in chunks."""
    count = 0
    offenders: list[Offender] = []
    statement = _limited(
        select(RegionBoundary.region_code, RegionBoundary.geojson), inside.code(RegionBoundary.region_code)
    )
    result = conn.execution_options(yield_per=2000).execute(statement)
    for row in result:
        problem = boundary_problem(row.geojson)
        if problem is None:
            continue
        count += 1
        if limit is None or len(offenders) < limit:
            offenders.append({"region_code": row.region_code, "problem": problem})
    return count, offenders


def data_quality(
    engine: Engine | Connection,
    *,
    today: dt.date | None = None,
    limit: int | None = 1000,
    within: RegionInfo | None = None,
) -> DataQuality:
    """Every data-quality count over the whole database -- or, with ``within``, over the rows inside
    that region only (a user scoped to it sees nothing of other regions; rows that name no region
    at all are left to national users) -- with up to ``limit`` offenders per check.

    A scan of every row: the whole-database scan with the default ``limit`` is read from the
    summaries when they are fresh and were refreshed for ``today`` (:mod:`data_access.summaries`)."""
    if isinstance(engine, Engine):
        with engine.connect() as conn:
            return _summarised_or_raw(conn, today or jakarta_today(), limit, within)
    return _summarised_or_raw(engine, today or jakarta_today(), limit, within)


DEFAULT_LIMIT = 1000


def quality_blob_key(within: RegionInfo | None) -> str | None:
    """The summary key of the scan over ``within``: the whole database, or one provinsi (what a
    provincial Tim Pembina account sees: a raw scan of a province costs nearly the whole database's
    scan, seconds at national size); below provinsi level the raw scan reads few enough rows."""
    if within is None:
        return "data_quality"
    if within.level == "provinsi":
        return f"data_quality:{within.code}"
    return None


def _summarised_or_raw(conn: Connection, today: dt.date, limit: int | None, within: RegionInfo | None) -> DataQuality:
    key = quality_blob_key(within)
    if limit == DEFAULT_LIMIT and key is not None:
        from data_access.summaries import summary_blob

        stored = summary_blob(conn, key, today)
        if isinstance(stored, dict):
            return DataQuality(counts=stored["counts"], offenders=stored["offenders"])
    return _data_quality(conn, today, limit, within)


def data_quality_json(quality: DataQuality) -> str:
    """The JSON the summary refresh stores (ids, codes and ISO dates only: it round-trips exactly)."""
    return json.dumps({"counts": quality.counts, "offenders": quality.offenders}, sort_keys=True)


def _data_quality(conn: Connection, today: dt.date, limit: int | None, within: RegionInfo | None = None) -> DataQuality:
    dialect = Dialect(conn.dialect.name)
    inside = _Inside(within)
    statements: dict[str, Select] = {
        "unplaced_posyandu": _unplaced(dialect, inside),
        "invalid_service_values": _invalid_values(dialect, inside),
        "orphan_service_reports": _orphan_reports(dialect, inside),
        "orphan_rows": _orphan_rows(dialect, inside),
        "future_dated": _future_dated(dialect, today, inside),
        "invalid_partnerships": _invalid_partnerships(dialect, inside),
        "invalid_targets": _invalid_targets(dialect, inside),
        "regions_without_boundary": _without_boundary(dialect, inside),
        "level_mismatch": _level_mismatch(dialect, inside),
    }
    counts: dict[str, int] = {}
    offenders: dict[str, list[Offender]] = {}
    for check in DATA_QUALITY_CHECKS:
        if check == "invalid_boundaries":
            counts[check], offenders[check] = _invalid_boundaries(conn, limit, inside)
        else:
            counts[check], rows = _run(conn, statements[check], limit)
            offenders[check] = _typed_ids(rows)
    return DataQuality(counts=counts, offenders=offenders)


EXCLUDED_COUNTS: tuple[str, ...] = ("invalid_service_values", "future_dated")


def excluded_in_scope(engine: Engine | Connection, scope: Scope) -> dict[str, int]:
    """Dirty rows left out of the figures of ``scope``'s region and period: service reports of its
    posyandu with an invalid value in the period, and dated facts of its posyandu, kader and
    trainings that lie after today. Shown beside the figures so nobody mistakes a gap for zero.
    Read from the summaries when they are fresh and were built today (:mod:`data_access.summaries`)."""
    if isinstance(engine, Engine):
        with engine.connect() as conn:
            return _excluded_in_scope(conn, scope)
    return _excluded_in_scope(engine, scope)


def _excluded_in_scope(conn: Connection, scope: Scope) -> dict[str, int]:
    from data_access.summaries import summary_counts

    own = Scope(region=scope.region, children=(), period=scope.period)
    counts = summary_counts(conn, own, "excluded")
    if counts is None:
        counts = excluded_counts(conn, own)
    return dict(counts[own.target_codes[0]])


def excluded_counts(conn: Connection, scope: Scope) -> dict[str, dict[str, int]]:
    """The counts behind :func:`excluded_in_scope` per target of ``scope`` (additive over posyandu,
    so the summary refresh can run it per desa/kelurahan and add up)."""
    from data_access.metrics.base import empty_counts, placed_posyandu
    from data_access.metrics.services import report_in_period

    dialect = Dialect(conn.dialect.name)
    period = scope.period
    own = placed_posyandu(dialect, scope)
    invalid_values = (
        select(own.c.target, func.count().label("n"))
        .select_from(own)
        .join(ServiceReport, ServiceReport.posyandu_id == own.c.pid)
        .where(report_in_period(dialect, period), not_(dialect.valid_value(ServiceReport.value)))
        .group_by(own.c.target)
    )
    future_reports = (
        select(own.c.target, func.count().label("n"))
        .select_from(own)
        .join(ServiceReport, ServiceReport.posyandu_id == own.c.pid)
        .where(dialect.date_after(ServiceReport.period, period.today))
        .group_by(own.c.target)
    )
    future_posyandu = (
        select(
            own.c.target,
            (
                func.sum(dialect.flag(dialect.date_after(Posyandu.registered_on, period.today)))
                + func.sum(dialect.flag(dialect.date_after(Posyandu.sk_date, period.today)))
            ).label("n"),
        )
        .select_from(own)
        .join(Posyandu, Posyandu.id == own.c.pid)
        .group_by(own.c.target)
    )
    future_training = (
        select(own.c.target, func.count().label("n"))
        .select_from(own)
        .join(Kader, Kader.posyandu_id == own.c.pid)
        .join(Training, Training.kader_id == Kader.id)
        .where(dialect.date_after(Training.completed_on, period.today))
        .group_by(own.c.target)
    )
    counts = empty_counts(scope, *EXCLUDED_COUNTS)
    for name, statements in (
        ("invalid_service_values", (invalid_values,)),
        ("future_dated", (future_reports, future_posyandu, future_training)),
    ):
        for statement in statements:
            for row in conn.execute(statement):
                if row.target in counts:
                    counts[row.target][name] += int(row.n or 0)
    return counts
