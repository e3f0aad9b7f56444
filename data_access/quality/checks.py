"""The data-quality checks of METRICS.md, one SQL statement each (the geometry check aside).

Each check selects the offending rows -- ids and codes only -- of the whole database, or of the rows
inside one region (:class:`Inside`). They are only defined here; :mod:`.scan` counts and lists them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from shapely.geometry import shape
from sqlalchemy import Select, String, and_, cast, func, literal, not_, or_, select, union_all
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from data_access.expressions import Dialect, SqlColumn
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
from data_access.scope import LEVEL_PARTS
from data_access.scope import Region as RegionInfo

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
"""Every check, in the order the data-quality page lists them."""

GEOMETRY_CHECK = "invalid_boundaries"
"""The one check that is not a SQL statement: no SQL can validate geometry portably (see :func:`boundary_problem`)."""

Parent = Literal["posyandu", "kader", "region"]
"""What a row refers to: a posyandu id, a kader id, or a kode wilayah."""


@dataclass(frozen=True)
class Inside:
    """Whether a row lies inside region ``within``, for each kind of row, by the kode wilayah it names
    (directly, or through its posyandu or kader) with the same code-prefix rule as every metric.
    A row naming a code under the region counts even when that code is missing from ``region``
    (the region's officer is who can fix it); a row whose posyandu or kader does not exist names no
    region and is inside none. ``within`` None (national) gives no condition at all."""

    within: RegionInfo | None

    def code(self, column: SqlColumn) -> ColumnElement[bool] | None:
        """A row naming the kode wilayah ``column``."""
        return None if self.within is None else _code_under(self.within.code, column)

    def posyandu(self, column: SqlColumn) -> ColumnElement[bool] | None:
        """A row of the posyandu ``column``."""
        return None if self.within is None else _posyandu_under(self.within.code, column)

    def kader(self, column: SqlColumn) -> ColumnElement[bool] | None:
        """A row of the kader ``column``."""
        if self.within is None:
            return None
        kader = aliased(Kader)
        return column.in_(select(kader.id).where(_posyandu_under(self.within.code, kader.posyandu_id)))

    def by(self, parent: Parent, column: SqlColumn) -> ColumnElement[bool] | None:
        """A row whose ``column`` refers to a ``parent``."""
        return {"posyandu": self.posyandu, "kader": self.kader, "region": self.code}[parent](column)


def _code_under(code: str, column: SqlColumn) -> ColumnElement[bool]:
    prefix = code + "."
    return or_(column == code, func.substr(column, 1, len(prefix)) == prefix)


def _posyandu_under(code: str, column: SqlColumn) -> ColumnElement[bool]:
    posyandu = aliased(Posyandu)
    return column.in_(select(posyandu.id).where(_code_under(code, posyandu.region_code)))


NATIONAL = Inside(None)


def limited(statement: Select, condition: ColumnElement[bool] | None) -> Select:
    """``statement`` restricted by ``condition`` (unchanged when there is none: national access)."""
    return statement if condition is None else statement.where(condition)


def key_text(*columns: SqlColumn) -> ColumnElement[str]:
    """A row's key as one text -- a composite key joined by spaces ("12 2025 apbdes") -- so every
    table's offenders fit one ``id`` column."""
    expression: ColumnElement[str] = cast(columns[0], String)
    for column in columns[1:]:
        expression = expression.concat(literal(" ")).concat(cast(column, String))
    return expression if len(columns) == 1 else cast(expression, String)


# --- one statement per check ----------------------------------------------------------------------


def unplaced(dialect: Dialect, today: dt.date, inside: Inside = NATIONAL) -> Select:
    """Posyandu on a code that is not an existing desa/kelurahan."""
    region = aliased(Region)
    statement = (
        select(Posyandu.id.label("id"), Posyandu.region_code.label("region_code"))
        .outerjoin(region, region.code == Posyandu.region_code)
        .where(or_(region.code.is_(None), region.level != "desa_kelurahan"))
    )
    return limited(statement, inside.code(Posyandu.region_code))


def invalid_values(dialect: Dialect, today: dt.date, inside: Inside = NATIONAL) -> Select:
    """Service reports whose value is not a number >= 0."""
    statement = select(
        ServiceReport.posyandu_id,
        dialect.date_value(ServiceReport.period).label("period"),
        ServiceReport.indicator_code,
    ).where(not_(dialect.valid_value(ServiceReport.value)))
    return limited(statement, inside.posyandu(ServiceReport.posyandu_id))


def orphan_reports(dialect: Dialect, today: dt.date, inside: Inside = NATIONAL) -> Select:
    """Service reports of a posyandu or on an indicator that does not exist."""
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
    return limited(statement, inside.posyandu(ServiceReport.posyandu_id))


@dataclass(frozen=True)
class OrphanSpec:
    """One table whose rows may refer to a parent that does not exist."""

    table: str
    """The table's name, as the offender rows name it."""
    key: tuple[SqlColumn, ...]
    """The row's key (several columns for a composite key, joined into one text)."""
    reference: SqlColumn
    """The column that refers to the parent."""
    parent: Parent


ORPHAN_SPECS: tuple[OrphanSpec, ...] = (
    OrphanSpec("kader", (Kader.id,), Kader.posyandu_id, "posyandu"),
    OrphanSpec("training", (Training.id,), Training.kader_id, "kader"),
    OrphanSpec("partnership", (Partnership.id,), Partnership.posyandu_id, "posyandu"),
    OrphanSpec("budget", (Budget.posyandu_id, Budget.year, Budget.source), Budget.posyandu_id, "posyandu"),
    OrphanSpec("tim_pembina", (TimPembina.id,), TimPembina.region_code, "region"),
    OrphanSpec("regulation", (Regulation.id,), Regulation.region_code, "region"),
    OrphanSpec(
        "renstra_target",
        (RenstraTarget.region_code, RenstraTarget.year, RenstraTarget.metric),
        RenstraTarget.region_code,
        "region",
    ),
)
"""The ``orphan_rows`` check, table by table (service reports have a check of their own)."""


_PARENT_KEYS: dict[Parent, tuple[type[Posyandu] | type[Kader] | type[Region], str]] = {
    "posyandu": (Posyandu, "id"),
    "kader": (Kader, "id"),
    "region": (Region, "code"),
}
"""Each kind of parent: its table and the key a reference points at."""


def _orphans_of(spec: OrphanSpec, inside: Inside) -> Select:
    """The rows of one table whose parent does not exist, as (table, id, missing reference)."""
    model, key_name = _PARENT_KEYS[spec.parent]
    parent = aliased(model)
    parent_key = getattr(parent, key_name)
    statement = (
        select(
            literal(spec.table).label("table"),
            key_text(*spec.key).label("id"),
            cast(spec.reference, String).label("missing"),
        )
        .outerjoin(parent, parent_key == spec.reference)
        .where(parent_key.is_(None))
    )
    return limited(statement, inside.by(spec.parent, spec.reference))


def orphan_rows(dialect: Dialect, today: dt.date, inside: Inside = NATIONAL) -> Select:
    """Rows whose posyandu, kader or region does not exist (:data:`ORPHAN_SPECS`), as (table, key,
    missing reference). Inside a region only the region-keyed ones can be: a missing posyandu or
    kader names no region."""
    return select(union_all(*(_orphans_of(spec, inside) for spec in ORPHAN_SPECS)).subquery("orphans"))


@dataclass(frozen=True)
class DatedField:
    """One dated field METRICS.md lists for the ``future_dated`` check."""

    table: str
    key: tuple[SqlColumn, ...]
    column: SqlColumn
    name: str
    reference: SqlColumn
    """What places the row in a region (see :class:`Inside`)."""
    parent: Parent


DATED_FIELDS: tuple[DatedField, ...] = (
    DatedField("posyandu", (Posyandu.id,), Posyandu.established_on, "established_on", Posyandu.region_code, "region"),
    DatedField("posyandu", (Posyandu.id,), Posyandu.registered_on, "registered_on", Posyandu.region_code, "region"),
    DatedField("posyandu", (Posyandu.id,), Posyandu.sk_date, "sk_date", Posyandu.region_code, "region"),
    DatedField("tim_pembina", (TimPembina.id,), TimPembina.sk_date, "sk_date", TimPembina.region_code, "region"),
    DatedField("kader", (Kader.id,), Kader.joined_on, "joined_on", Kader.posyandu_id, "posyandu"),
    DatedField("training", (Training.id,), Training.completed_on, "completed_on", Training.kader_id, "kader"),
    DatedField(
        "service_report",
        (ServiceReport.posyandu_id, ServiceReport.indicator_code),
        ServiceReport.period,
        "period",
        ServiceReport.posyandu_id,
        "posyandu",
    ),
)
"""Exactly the dated fields METRICS.md lists for ``future_dated``."""


def future_dated(dialect: Dialect, today: dt.date, inside: Inside = NATIONAL) -> Select:
    """One row per dated field (:data:`DATED_FIELDS`) after today."""
    parts = [
        limited(
            select(
                literal(field.table).label("table"),
                key_text(*field.key).label("id"),
                literal(field.name).label("column"),
                cast(dialect.date_value(field.column), String).label("date"),
            ).where(dialect.date_after(field.column, today)),
            inside.by(field.parent, field.reference),
        )
        for field in DATED_FIELDS
    ]
    return select(union_all(*parts).subquery("future"))


def invalid_partnerships(dialect: Dialect, today: dt.date, inside: Inside = NATIONAL) -> Select:
    """Partnerships that end before they start."""
    statement = select(Partnership.id, Partnership.posyandu_id).where(partnership_invalid(dialect))
    return limited(statement, inside.posyandu(Partnership.posyandu_id))


def invalid_targets(dialect: Dialect, today: dt.date, inside: Inside = NATIONAL) -> Select:
    """Renstra targets on a metric that has none, or not a number within 0-100."""
    statement = select(RenstraTarget.region_code, RenstraTarget.year, RenstraTarget.metric).where(
        not_(valid_target_condition(dialect))
    )
    return limited(statement, inside.code(RenstraTarget.region_code))


def without_boundary(dialect: Dialect, today: dt.date, inside: Inside = NATIONAL) -> Select:
    """Regions with no ``region_boundary`` row."""
    statement = (
        select(Region.code.label("region_code"), Region.level)
        .outerjoin(RegionBoundary, RegionBoundary.region_code == Region.code)
        .where(RegionBoundary.region_code.is_(None))
    )
    return limited(statement, inside.code(Region.code))


def level_mismatch(dialect: Dialect, today: dt.date, inside: Inside = NATIONAL) -> Select:
    """Regions whose code has the wrong number of parts for their level."""
    parts = func.length(Region.code) - func.length(func.replace(Region.code, ".", "")) + 1
    matches = or_(*(and_(Region.level == level, parts == count) for level, count in LEVEL_PARTS.items()))
    statement = select(Region.code.label("region_code"), Region.level).where(not_(matches))
    return limited(statement, inside.code(Region.code))


CheckStatement = Callable[[Dialect, dt.date, Inside], Select]

SQL_CHECKS: dict[str, CheckStatement] = {
    "unplaced_posyandu": unplaced,
    "invalid_service_values": invalid_values,
    "orphan_service_reports": orphan_reports,
    "orphan_rows": orphan_rows,
    "future_dated": future_dated,
    "invalid_partnerships": invalid_partnerships,
    "invalid_targets": invalid_targets,
    "regions_without_boundary": without_boundary,
    "level_mismatch": level_mismatch,
}
"""Every check but :data:`GEOMETRY_CHECK` -> its statement (for the whole database, or ``inside``)."""
assert set(SQL_CHECKS) | {GEOMETRY_CHECK} == set(DATA_QUALITY_CHECKS)


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
