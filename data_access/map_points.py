"""Posyandu as points on the map: each posyandu of P with its gap status and whether its
coordinates can be drawn.

Coordinates are typed in by hand in the field, so the map must not trust them blindly: a point is
drawn only when it is a real WGS84 position inside (or on the edge of) its own desa/kelurahan
boundary, or when that desa has no boundary to check against. Every other posyandu is still
returned, with the reason it is not drawn, so the page can list it as data to fix rather than
silently dropping it or plotting it in the sea.
"""

from __future__ import annotations

import math
from typing import SupportsFloat

import pandas as pd
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry
from sqlalchemy import Connection, Engine

from data_access.db import with_connection
from data_access.gaps import COLUMNS as GAP_COLUMNS
from data_access.gaps import posyandu_gaps
from data_access.geography import region_shapes
from data_access.scope import Region, Scope

INSIDE = "inside"
"""Inside or on the edge of its own desa/kelurahan boundary: drawn."""
NO_BOUNDARY = "no_boundary"
"""Valid coordinates, but the desa/kelurahan has no usable boundary to check them against: drawn."""
OUTSIDE = "outside"
"""Valid coordinates outside its own desa/kelurahan boundary: not drawn, listed."""
MISSING = "missing"
"""No latitude or no longitude: not drawn, listed."""
INVALID = "invalid"
"""Not a WGS84 position (latitude outside -90..90, longitude outside -180..180, not a number), or
exactly (0, 0), the usual placeholder of a blank GPS field: not drawn, listed."""

PLACEMENTS: tuple[str, ...] = (INSIDE, NO_BOUNDARY, OUTSIDE, MISSING, INVALID)
DRAWN: tuple[str, ...] = (INSIDE, NO_BOUNDARY)
COLUMNS: list[str] = [*GAP_COLUMNS, "placement"]


def _number(value: object) -> float | None:
    """None for a blank value (pandas turns a NULL into NaN), NaN for one that is not a finite
    number (text SQLite let in, an infinity)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if not isinstance(value, SupportsFloat | str):
        return math.nan
    try:
        number = float(value)
    except ValueError:
        return math.nan
    return number if math.isfinite(number) else math.nan


def coordinate_placement(latitude: object, longitude: object, boundary: BaseGeometry | None) -> str:
    """Where a posyandu's coordinates stand against its desa ``boundary`` (a shapely geometry or
    None): one of :data:`PLACEMENTS`."""
    lat, lon = _number(latitude), _number(longitude)
    if lat is None or lon is None:
        return MISSING
    if math.isnan(lat) or math.isnan(lon) or not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat == 0 and lon == 0):
        return INVALID
    if boundary is None:
        return NO_BOUNDARY
    return INSIDE if boundary.covers(Point(lon, lat)) else OUTSIDE


def posyandu_points(engine: Engine | Connection, scope: Scope) -> pd.DataFrame:
    """The rows of :func:`~data_access.gaps.posyandu_gaps` for the scope's region (children ignored)
    with a ``placement`` column (see :data:`PLACEMENTS`); draw those in :data:`DRAWN`."""

    def work(conn: Connection) -> pd.DataFrame:
        gaps = posyandu_gaps(conn, scope)
        if gaps.empty:
            return pd.DataFrame(columns=COLUMNS)
        desa = gaps[["desa_code", "desa_name"]].drop_duplicates("desa_code")
        regions = [Region(code, name, "desa_kelurahan", None, None) for code, name in desa.itertuples(index=False)]
        shapes = region_shapes(conn, regions)
        boundaries = {
            feature["properties"]["code"]: shape(feature["geometry"])
            for feature in shapes.feature_collection["features"]
        }
        frame = gaps.copy()
        frame["placement"] = [
            coordinate_placement(lat, lon, boundaries.get(code))
            for lat, lon, code in zip(frame["latitude"], frame["longitude"], frame["desa_code"], strict=True)
        ]
        return frame[COLUMNS]

    return with_connection(engine, work)


__all__ = [
    "COLUMNS",
    "DRAWN",
    "INSIDE",
    "INVALID",
    "MISSING",
    "NO_BOUNDARY",
    "OUTSIDE",
    "PLACEMENTS",
    "coordinate_placement",
    "posyandu_points",
]
