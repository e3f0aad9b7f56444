"""Posyandu map points on the hand-made database: which posyandu are drawn and why the others are
not, worked out from the fixture's boundaries (``tests/fixtures/handmade.py``).

Desa 36.04.01.2001 is the square lon 106.20-106.25, lat -6.10 to -6.05; desa 36.04.01.2002 has no
boundary. In the variant below posyandu 1 stands inside its desa, 2 far outside it, 3 at (0, 0),
4 has no coordinates and 5 (in the desa without boundary) has valid ones.
"""

from __future__ import annotations

import copy
import math

import pytest
from shapely.geometry import box

from data_access import get_engine, resolve_scope
from data_access.gaps import posyandu_gaps
from data_access.map_points import (
    COLUMNS,
    INSIDE,
    INVALID,
    MISSING,
    NO_BOUNDARY,
    OUTSIDE,
    coordinate_placement,
    posyandu_points,
)
from tests.fixtures.handmade import HANDMADE, TODAY

MOVED = {1: (-6.08, 106.22), 2: (-6.3, 106.0), 3: (0.0, 0.0), 4: (None, None), 5: (-6.2, 106.3)}


def _variant() -> dict:
    data = copy.deepcopy(HANDMADE)
    for row in data["posyandu"]:
        if row["id"] in MOVED:
            row["latitude"], row["longitude"] = MOVED[row["id"]]
    return data


def _scope(engine, region: str, year: int = 2025):
    return resolve_scope(engine, region_code=region, year=year, today=TODAY)


def test_placement_of_each_posyandu(backend: str, database_factory) -> None:
    engine = get_engine(database_factory.build(backend, "handmade_map_points", _variant))
    frame = posyandu_points(engine, _scope(engine, "36.04.01"))
    assert list(frame.columns) == COLUMNS
    # P of kecamatan 36.04.01 in 2025: 1, 2, 3 (desa 2001) and 4, 5 (desa 2002; 5 established April 2025).
    placements = dict(zip(frame["posyandu_id"], frame["placement"], strict=True))
    assert placements == {1: INSIDE, 2: OUTSIDE, 3: INVALID, 4: MISSING, 5: NO_BOUNDARY}


def test_gap_columns_are_those_of_posyandu_gaps(backend: str, database_factory) -> None:
    engine = get_engine(database_factory.build(backend, "handmade_map_points", _variant))
    scope = _scope(engine, "36.04.01")
    points = posyandu_points(engine, scope)
    gaps = posyandu_gaps(engine, scope)
    assert points["posyandu_id"].tolist() == gaps["posyandu_id"].tolist()
    assert points["status"].tolist() == gaps["status"].tolist()
    assert points["gap_count"].tolist() == gaps["gap_count"].tolist()


def test_a_point_on_the_desa_edge_is_inside(backend: str, database_factory) -> None:
    # The original fixture puts every Banten posyandu at lon 106.2, lat -6.1: on the right edge of
    # desa 36.73.01.1001 (lon 106.15-106.20); desa 36.73.01.1002 has no boundary. 12 is inactive.
    engine = get_engine(database_factory.build(backend, "handmade", HANDMADE))
    frame = posyandu_points(engine, _scope(engine, "36.73.01"))
    placements = dict(zip(frame["posyandu_id"], frame["placement"], strict=True))
    assert placements == {10: INSIDE, 11: INSIDE, 13: NO_BOUNDARY, 14: NO_BOUNDARY}


def test_a_desa_without_posyandu_gives_an_empty_frame(backend: str, database_factory) -> None:
    # Desa 36.04.02.2003 holds only posyandu 9, which is inactive.
    engine = get_engine(database_factory.build(backend, "handmade", HANDMADE))
    frame = posyandu_points(engine, _scope(engine, "36.04.02.2003"))
    assert frame.empty
    assert list(frame.columns) == COLUMNS


@pytest.mark.parametrize(
    ("latitude", "longitude", "expected"),
    [
        (-6.08, 106.22, INSIDE),
        (-6.10, 106.22, INSIDE),  # on the edge
        (-6.2, 106.22, OUTSIDE),
        (None, 106.2, MISSING),
        (math.nan, math.nan, MISSING),  # a NULL after pandas
        ("", 106.2, MISSING),
        ("n/a", 106.2, INVALID),  # text SQLite let in
        (95.0, 106.2, INVALID),
        (-6.1, 200.0, INVALID),
        (0.0, 0.0, INVALID),
        (math.inf, 106.2, INVALID),
    ],
)
def test_coordinate_placement(latitude: object, longitude: object, expected: str) -> None:
    desa = box(106.20, -6.10, 106.25, -6.05)
    assert coordinate_placement(latitude, longitude, desa) == expected


def test_valid_coordinates_without_a_boundary_are_drawn_unchecked() -> None:
    assert coordinate_placement(-6.1, 106.2, None) == NO_BOUNDARY
    assert coordinate_placement(None, None, None) == MISSING
