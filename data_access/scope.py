"""Region and period: what "R" and "the period" of METRICS.md are, resolved once per request.

Everything else in ``data_access`` takes a :class:`Scope`, so the rules for unknown regions,
years with no data and the default month live here and nowhere else.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Row, func, select
from sqlalchemy.sql.elements import ColumnElement

from data_access.db import with_connection
from data_access.expressions import Dialect
from data_access.models import Region as RegionRow
from data_access.models import ServiceReport
from data_access.settings import today as jakarta_today

LEVELS: tuple[str, ...] = ("provinsi", "kabupaten_kota", "kecamatan", "desa_kelurahan")
"""Region levels from the top down; the child level of one is the next."""

LEVEL_PARTS: dict[str, int] = {level: index + 1 for index, level in enumerate(LEVELS)}
"""How many dot-separated parts a kode wilayah of each level has."""

FIRST_YEAR = 2024
"""The first year the dashboard offers (the Posyandu transformation's data start in 2024)."""


class UnknownRegionError(LookupError):
    """A region code that is not in ``region``: METRICS.md makes this the caller's error."""

    def __init__(self, code: str) -> None:
        super().__init__(f"kode wilayah tidak dikenal: {code}")
        self.code = code


class NoDataYearError(LookupError):
    """A year with no ``service_report`` row at all."""

    def __init__(self, year: int) -> None:
        super().__init__(f"tidak ada data laporan untuk tahun {year}")
        self.year = year


class InvalidPeriodError(ValueError):
    """A month outside 1-12 or a year that is not a plausible calendar year."""


@dataclass(frozen=True)
class Region:
    """One row of ``region``."""

    code: str
    name: str
    level: str
    parent_code: str | None
    kind: str | None


@dataclass(frozen=True)
class Period:
    """Year Y cut at month M: 1 January Y to the end of month M (never month M alone)."""

    year: int
    month: int
    today: dt.date

    @property
    def start(self) -> dt.date:
        """S, the first day of the year."""
        return dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:
        """E, the last day of month M."""
        return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def cutoff(self) -> dt.date:
        """min(E, today): a dated fact after this does not count."""
        return min(self.end, self.today)

    def previous_year(self) -> Period:
        """The same cut one year earlier, for the "change" breakdown."""
        return Period(year=self.year - 1, month=self.month, today=self.today)


@dataclass(frozen=True)
class Scope:
    """A region (None = the whole country), its child regions and a period."""

    region: Region | None
    children: tuple[Region, ...]
    period: Period

    @property
    def region_code(self) -> str | None:
        return self.region.code if self.region else None

    @property
    def target_codes(self) -> tuple[str, ...]:
        """The codes every metric query groups by: R itself ('' for the country) and each child."""
        return (self.region.code if self.region else "",) + tuple(child.code for child in self.children)

    def with_period(self, period: Period) -> Scope:
        return Scope(region=self.region, children=self.children, period=period)


def child_level(level: str | None) -> str | None:
    """The level one below ``level`` (None = country, whose children are provinsi)."""
    if level is None:
        return LEVELS[0]
    if level not in LEVELS:
        return None
    index = LEVELS.index(level)
    return LEVELS[index + 1] if index + 1 < len(LEVELS) else None


def _region_from_row(row: Row[*tuple[Any, ...]]) -> Region:
    return Region(code=row.code, name=row.name, level=row.level, parent_code=row.parent_code, kind=row.kind)


_REGION_COLUMNS = (RegionRow.code, RegionRow.name, RegionRow.level, RegionRow.parent_code, RegionRow.kind)


def get_region(conn: Connection, code: str) -> Region:
    """The region with ``code``, or :class:`UnknownRegionError`."""
    row = conn.execute(select(*_REGION_COLUMNS).where(RegionRow.code == code)).first()
    if row is None:
        raise UnknownRegionError(code)
    return _region_from_row(row)


def child_regions(conn: Connection, region: Region | None) -> tuple[Region, ...]:
    """Regions one level below ``region`` (by ``region.level``) inside its code-prefix subtree."""
    level = child_level(region.level if region else None)
    if level is None:
        return ()
    statement = select(*_REGION_COLUMNS).where(RegionRow.level == level)
    if region is not None:
        prefix = region.code + "."
        statement = statement.where(func.substr(RegionRow.code, 1, len(prefix)) == prefix)
    rows = conn.execute(statement.order_by(RegionRow.code)).all()
    return tuple(_region_from_row(row) for row in rows)


def ancestor_codes(code: str) -> list[str]:
    """``code`` and every code-prefix ancestor, nearest first: 36.73.01 -> [36.73.01, 36.73, 36]."""
    parts = code.split(".")
    return [".".join(parts[:n]) for n in range(len(parts), 0, -1)]


def region_path(conn: Connection, code: str | None) -> list[Region]:
    """The breadcrumb from the top to ``code`` (existing ancestors only), for navigation."""
    if code is None:
        return []
    codes = ancestor_codes(code)
    rows = conn.execute(select(*_REGION_COLUMNS).where(RegionRow.code.in_(codes))).all()
    by_code = {row.code: _region_from_row(row) for row in rows}
    if code not in by_code:
        raise UnknownRegionError(code)
    return [by_code[c] for c in reversed(codes) if c in by_code]


def _period_upper(dialect: Dialect, year: int, month: int) -> ColumnElement:
    """First day after month ``month`` of ``year``, as a bound parameter."""
    first_after = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
    return dialect.date_param(first_after)


def year_has_reports(conn: Connection, year: int) -> bool:
    """Whether any ``service_report`` row falls in ``year`` (METRICS.md's "years present")."""
    dialect = Dialect(conn.dialect.name)
    statement = (
        select(ServiceReport.posyandu_id)
        .where(
            ServiceReport.period >= dialect.date_param(dt.date(year, 1, 1)),
            ServiceReport.period < _period_upper(dialect, year, 12),
        )
        .limit(1)
    )
    return conn.execute(statement).first() is not None


def available_years(conn: Connection, *, today: dt.date | None = None) -> list[int]:
    """Years from :data:`FIRST_YEAR` to today's year that have report rows (for the year picker)."""
    last = (today or jakarta_today()).year
    return [year for year in range(FIRST_YEAR, last + 1) if year_has_reports(conn, year)]


def default_month(conn: Connection, year: int, today: dt.date) -> int:
    """M when none is given: December for a past year; for the current year the latest month up to
    today's that has any report row (today's month if none)."""
    if year != today.year:
        return 12
    dialect = Dialect(conn.dialect.name)
    latest = conn.execute(
        select(func.max(ServiceReport.period)).where(
            ServiceReport.period >= dialect.date_param(dt.date(year, 1, 1)),
            ServiceReport.period < _period_upper(dialect, year, today.month),
        )
    ).scalar()
    if latest is None:
        return today.month
    if isinstance(latest, dt.date):
        return latest.month
    try:
        return int(str(latest).strip()[5:7])
    except ValueError:
        return today.month


def resolve_scope(
    engine: Engine | Connection,
    *,
    region_code: str | None,
    year: int,
    month: int | None = None,
    today: dt.date | None = None,
    require_data: bool = True,
) -> Scope:
    """Validate a (region, year, month) request and resolve it into a :class:`Scope`.

    Raises :class:`UnknownRegionError` for a code not in ``region``, :class:`NoDataYearError` for a
    year with no report rows (unless ``require_data`` is false, as for the previous-year change),
    and :class:`InvalidPeriodError` for an impossible month or year.
    """
    day = today or jakarta_today()
    if not 1900 <= year <= 2200:
        raise InvalidPeriodError(f"tahun tidak valid: {year}")
    if month is not None and not 1 <= month <= 12:
        raise InvalidPeriodError(f"bulan tidak valid: {month}")
    return with_connection(engine, lambda conn: _resolve(conn, region_code, year, month, day, require_data))


def _resolve(
    conn: Connection, region_code: str | None, year: int, month: int | None, day: dt.date, require_data: bool
) -> Scope:
    region = get_region(conn, region_code) if region_code is not None else None
    if require_data and not year_has_reports(conn, year):
        raise NoDataYearError(year)
    resolved_month = month if month is not None else default_month(conn, year, day)
    period = Period(year=year, month=resolved_month, today=day)
    return Scope(region=region, children=child_regions(conn, region), period=period)
