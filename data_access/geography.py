"""Region boundaries for offline maps, straight from ``region_boundary`` (no tile server).

Invalid geometry is a named dirty case: a self-intersecting polygon is repaired with shapely's
``make_valid`` so the region still shows on the map (and is listed on the data-quality page);
a boundary that is not a polygon at all, or not JSON, is left out, as is a region with none.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from shapely.geometry import mapping, shape
from shapely.validation import make_valid
from sqlalchemy import Connection, Engine, select

from data_access.breakdowns.common import with_connection
from data_access.models import RegionBoundary
from data_access.quality import boundary_problem
from data_access.scope import Region


@dataclass(frozen=True)
class RegionShapes:
    """A GeoJSON FeatureCollection of regions (properties ``code`` and ``name``), its bounds, and
    the codes that could not be drawn."""

    feature_collection: dict
    bounds: tuple[float, float, float, float] | None
    missing: list[str]


def _polygonal(geometry: object) -> object | None:
    """Keep only the polygon parts of a repaired geometry (make_valid may add lines or points)."""
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    if geometry.geom_type == "GeometryCollection":
        from shapely.ops import unary_union

        parts = [part for part in geometry.geoms if part.geom_type in ("Polygon", "MultiPolygon")]
        return unary_union(parts) if parts else None
    return None


def region_shapes(engine: Engine | Connection, regions: list[Region] | tuple[Region, ...]) -> RegionShapes:
    """Boundaries of ``regions`` as one FeatureCollection, with their overall lon/lat bounds."""

    def work(conn: Connection) -> RegionShapes:
        codes = [region.code for region in regions]
        names = {region.code: region.name for region in regions}
        rows = (
            conn.execute(
                select(RegionBoundary.region_code, RegionBoundary.geojson).where(RegionBoundary.region_code.in_(codes))
            ).all()
            if codes
            else []
        )
        features = []
        bounds: list[float] | None = None
        found = set()
        for code, geojson in rows:
            problem = boundary_problem(geojson)
            if problem not in (None, "geometri tidak valid"):
                continue
            geometry = shape(json.loads(geojson))
            if problem is not None:
                geometry = _polygonal(make_valid(geometry))
                if geometry is None or geometry.is_empty:
                    continue
            found.add(code)
            minx, miny, maxx, maxy = geometry.bounds
            bounds = (
                [minx, miny, maxx, maxy]
                if bounds is None
                else [min(bounds[0], minx), min(bounds[1], miny), max(bounds[2], maxx), max(bounds[3], maxy)]
            )
            features.append(
                {
                    "type": "Feature",
                    "id": code,
                    "properties": {"code": code, "name": names.get(code, code)},
                    "geometry": mapping(geometry),
                }
            )
        features.sort(key=lambda feature: feature["id"])
        return RegionShapes(
            feature_collection={"type": "FeatureCollection", "features": features},
            bounds=tuple(bounds) if bounds else None,
            missing=[code for code in codes if code not in found],
        )

    return with_connection(engine, work)
