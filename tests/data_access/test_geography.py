"""Region shapes for the offline maps, on the hand-made database's dirty boundaries."""

from __future__ import annotations

import pytest
from shapely.geometry import shape

from data_access import get_engine, resolve_scope
from data_access.geography import region_shapes
from tests.fixtures.handmade import HANDMADE, TODAY


@pytest.fixture
def engine(backend: str, database_factory):
    return get_engine(database_factory.build(backend, "handmade_geography", HANDMADE))


def test_dirty_boundaries_are_repaired_or_reported(engine) -> None:
    scope = resolve_scope(engine, region_code="36.04", year=2025, today=TODAY)
    shapes = region_shapes(engine, scope.children)
    drawn = [feature["id"] for feature in shapes.feature_collection["features"]]
    # 36.04.01 is a Point (not drawable), 36.04.03 has no boundary row, 36.04.02 is a bowtie that
    # make_valid turns into two triangles.
    assert drawn == ["36.04.02"]
    assert shapes.missing == ["36.04.01", "36.04.03"]
    bowtie = shape(shapes.feature_collection["features"][0]["geometry"])
    assert bowtie.is_valid and bowtie.geom_type == "MultiPolygon"
    assert shapes.feature_collection["features"][0]["properties"] == {"code": "36.04.02", "name": "Kragilan"}
    assert shapes.bounds == pytest.approx(bowtie.bounds)


def test_no_regions_means_no_shapes(engine) -> None:
    shapes = region_shapes(engine, [])
    assert shapes.feature_collection["features"] == []
    assert shapes.bounds is None
