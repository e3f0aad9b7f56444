"""Which regions and which year to measure, and how big the database is.

By default one region per level -- the country, then the first provinsi, kabupaten/kota and kecamatan
by code that have Posyandu -- and the latest year with reports, so the same command gives comparable
numbers on any database. Kode wilayah parts are fixed-width, so the smallest desa code carrying a
Posyandu has, as its prefixes, the first region of every level above it that has one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict

from sqlalchemy import Connection, func, select

from benchmarks.calls import Level
from data_access import available_years
from data_access.metrics.base import DESA_LEVEL
from data_access.models import TABLES, Posyandu
from data_access.models import Region as RegionRow
from data_access.scope import LEVELS, ancestor_codes, child_regions, get_region

COUNTRY = "country"
MEASURED_LEVELS = ("provinsi", "kabupaten_kota", "kecamatan")


def first_regions(conn: Connection) -> list[str]:
    """Codes of the first provinsi, kabupaten/kota and kecamatan (by code) that have Posyandu."""
    smallest = conn.execute(
        select(func.min(Posyandu.region_code))
        .join(RegionRow, RegionRow.code == Posyandu.region_code)
        .where(RegionRow.level == DESA_LEVEL)
    ).scalar()
    if smallest is None:
        return []
    codes = {code.count(".") + 1: code for code in ancestor_codes(smallest)}
    wanted = []
    for name in MEASURED_LEVELS:
        code = codes.get(LEVELS.index(name) + 1)
        if code and conn.execute(select(RegionRow.code).where(RegionRow.code == code)).first():
            wanted.append(code)
    return wanted


def describe(conn: Connection, code: str | None) -> Level:
    """The :class:`Level` of ``code`` (None = the country)."""
    region = get_region(conn, code) if code else None
    has_children = bool(child_regions(conn, region))
    if region is None:
        return Level(name=COUNTRY, code=None, region_name="Indonesia", has_children=has_children)
    return Level(name=region.level, code=region.code, region_name=region.name, has_children=has_children)


def parse_regions(text: str | None) -> list[str | None] | None:
    """``--regions country,36,36.73`` -> [None, "36", "36.73"]; None when not given."""
    if text is None:
        return None
    tokens = [token.strip() for token in text.split(",")]
    return [None if token.lower() in ("", COUNTRY, "id", "indonesia") else token for token in tokens]


def discover(conn: Connection, *, today: dt.date, year: int | None, regions: list[str | None] | None) -> dict:
    """Year, levels and backend to measure (``year``/``regions`` override the defaults)."""
    years = available_years(conn, today=today)
    if year is None:
        if not years:
            raise SystemExit("the database has no service reports: nothing to measure")
        year = years[-1]
    codes = regions if regions is not None else [None, *first_regions(conn)]
    levels = [describe(conn, code) for code in dict.fromkeys(codes)]
    return {"year": year, "years": years, "levels": [asdict(level) for level in levels]}


def table_sizes(conn: Connection) -> dict[str, int]:
    """Row count of every contract table (read last: counting reads whole tables into the cache)."""
    return {table.name: int(conn.execute(select(func.count()).select_from(table)).scalar() or 0) for table in TABLES}
