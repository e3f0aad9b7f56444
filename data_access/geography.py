"""Region boundaries for offline maps, straight from ``region_boundary`` (no tile server).

Invalid geometry is a named dirty case: a self-intersecting polygon is repaired with GEOS
``make_valid`` (through geopandas) so the region still shows on the map -- it stays listed on the
data-quality page; a boundary that is not a polygon at all, or not JSON, is left out, as is a
region with none. Those codes are returned as ``missing`` so the page can name them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import geopandas as gpd
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry
from sqlalchemy import Connection, Engine, select

from data_access.db import with_connection
from data_access.models import RegionBoundary
from data_access.quality import boundary_problem
from data_access.scope import Region

REPAIRABLE = "geometri tidak valid"
CODES_PER_QUERY = 900
"""Region codes bound in one IN list: under SQLite's old limit of 999 host parameters per statement
(32,766 since 3.32) and PostgreSQL's 65,535; a page's map asks for a few dozen, one query."""


@dataclass(frozen=True)
class RegionShapes:
    """A GeoJSON FeatureCollection of regions (``id`` and properties ``code``, ``name``), its
    lon/lat bounds (minx, miny, maxx, maxy), and the codes that could not be drawn."""

    feature_collection: dict
    bounds: tuple[float, float, float, float] | None
    missing: list[str]


def region_shapes(engine: Engine | Connection, regions: list[Region] | tuple[Region, ...]) -> RegionShapes:
    """Boundaries of ``regions`` as one FeatureCollection, with their overall bounds."""

    def work(conn: Connection) -> RegionShapes:
        codes = [region.code for region in regions]
        names = {region.code: region.name for region in regions}
        rows = _boundary_rows(conn, codes)
        usable = [(code, geojson) for code, geojson in rows if boundary_problem(geojson) in (None, REPAIRABLE)]
        if not usable:
            return RegionShapes({"type": "FeatureCollection", "features": []}, None, codes)
        frame = gpd.GeoDataFrame(
            {"code": [code for code, _ in usable], "name": [names.get(code, code) for code, _ in usable]},
            geometry=[shape(json.loads(geojson)) for _, geojson in usable],
            crs="EPSG:4326",
        )
        frame["geometry"] = frame.geometry.make_valid()
        frame = frame[frame.geometry.geom_type.isin(["Polygon", "MultiPolygon", "GeometryCollection"])]
        frame["geometry"] = [_polygonal(geometry) for geometry in frame.geometry]
        frame = frame[frame.geometry.notna() & ~frame.geometry.is_empty].sort_values("code")
        collection = json.loads(frame.set_index(frame["code"]).to_json(drop_id=False))
        for feature in collection["features"]:
            feature["id"] = feature["properties"]["code"]
        found = set(frame["code"])
        bounds = None
        if len(frame):
            min_x, min_y, max_x, max_y = (float(value) for value in frame.total_bounds)
            bounds = (min_x, min_y, max_x, max_y)
        return RegionShapes(collection, bounds, [code for code in codes if code not in found])

    return with_connection(engine, work)


def _boundary_rows(conn: Connection, codes: list[str]) -> list[tuple[str, str]]:
    """(region_code, geojson) of every code that has a boundary row, asked in chunks of
    :data:`CODES_PER_QUERY`: one IN list of every desa of the country (83,762 at nasional size) is
    more bound parameters than a statement may carry (PostgreSQL's protocol stops at 65,535)."""
    unique = list(dict.fromkeys(codes))
    rows: list[tuple[str, str]] = []
    for start in range(0, len(unique), CODES_PER_QUERY):
        chunk = unique[start : start + CODES_PER_QUERY]
        statement = select(RegionBoundary.region_code, RegionBoundary.geojson).where(
            RegionBoundary.region_code.in_(chunk)
        )
        rows += [(row.region_code, row.geojson) for row in conn.execute(statement)]
    return rows


def _polygonal(geometry: BaseGeometry) -> BaseGeometry | None:
    """Only the polygon parts of a repaired geometry (make_valid may add lines or points)."""
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    parts = [part for part in getattr(geometry, "geoms", []) if part.geom_type in ("Polygon", "MultiPolygon")]
    if not parts:
        return None
    return gpd.GeoSeries(parts).union_all()
