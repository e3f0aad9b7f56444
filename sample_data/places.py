"""Coordinates for Posyandu: points drawn inside the real desa/kelurahan polygon.

A map point outside its own village would be the first thing a camat notices, so points are drawn
by rejection sampling inside the polygon (shapely, vectorised), with the candidates coming from the
given random generator so that the sample stays deterministic.
"""

from __future__ import annotations

import json
import random

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

COORDINATE_DECIMALS = 6
"""About 0.1 m: as precise as a phone GPS reading, no more."""


def geometry_from_geojson(text: str) -> BaseGeometry:
    geometry = shape(json.loads(text))
    shapely.prepare(geometry)
    return geometry


def points_inside(rng: random.Random, geometry: BaseGeometry, count: int) -> list[tuple[float, float]]:
    """``count`` (latitude, longitude) pairs inside ``geometry``, in drawing order.

    Candidates are drawn in batches from the bounding box; thin or ragged villages just need more
    batches. A polygon too small to hit after many tries falls back to its representative point.
    """
    if count <= 0:
        return []
    min_x, min_y, max_x, max_y = geometry.bounds
    found: list[tuple[float, float]] = []
    for _attempt in range(50):
        batch = max(16, 4 * (count - len(found)))
        xs = [rng.uniform(min_x, max_x) for _ in range(batch)]
        ys = [rng.uniform(min_y, max_y) for _ in range(batch)]
        inside = shapely.contains_xy(geometry, xs, ys)
        for x, y, hit in zip(xs, ys, inside, strict=True):
            if not hit:
                continue
            point = (round(y, COORDINATE_DECIMALS), round(x, COORDINATE_DECIMALS))
            if shapely.contains_xy(geometry, point[1], point[0]):
                found.append(point)
            if len(found) == count:
                return found
    fallback = geometry.representative_point()
    while len(found) < count:
        found.append((round(fallback.y, COORDINATE_DECIMALS), round(fallback.x, COORDINATE_DECIMALS)))
    return found
