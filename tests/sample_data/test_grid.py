"""The synthetic boundary grid: every child strictly inside its parent, siblings apart, squares valid."""

from __future__ import annotations

import json

import shapely
from shapely.geometry import box, shape

from sample_data.grid import INDONESIA_BOX, grid_boundaries, grid_boxes, grid_cells
from sample_data.idn_area import all_regions, subtree
from sample_data.regions import RegionRecord

PROVINSI = [region.code for region in all_regions() if region.level == "provinsi"]


def test_cells_tile_the_box_as_squares_without_touching() -> None:
    cells = grid_cells((0.0, 0.0, 10.0, 5.0), 8)
    assert len(cells) == 8
    outer = box(0.0, 0.0, 10.0, 5.0)
    polygons = [box(*cell) for cell in cells]
    for n, polygon in enumerate(polygons):
        assert outer.contains(polygon)
        west, south, east, north = polygon.bounds
        assert 0.5 <= (east - west) / (north - south) <= 2.0  # square-ish
        assert all(not polygon.intersects(other) for other in polygons[n + 1 :])
    assert grid_cells((0.0, 0.0, 1.0, 1.0), 0) == []


def test_a_small_tree_nests_children_inside_parents() -> None:
    regions = [
        RegionRecord("91", "P", "provinsi", None, None),
        *(RegionRecord(f"91.0{k}", f"K{k}", "kabupaten_kota", "91", "kabupaten") for k in range(1, 4)),
        *(RegionRecord(f"91.01.0{c}", f"C{c}", "kecamatan", "91.01", None) for c in range(1, 6)),
        RegionRecord("91.01.01.2001", "D", "desa_kelurahan", "91.01.01", "desa"),
    ]
    boxes = grid_boxes(regions, ["91"])
    assert set(boxes) == {region.code for region in regions}
    assert boxes["91"] == grid_cells(INDONESIA_BOX, 1)[0]
    for region in regions:
        if region.parent_code:
            assert box(*boxes[region.parent_code]).contains(box(*boxes[region.code])), region.code


def test_the_whole_country_nests_and_one_provinsi_alone_gets_the_same_squares() -> None:
    """Every one of the 91,599 polygons is valid and inside its parent; sizes agree on shared regions."""
    regions = all_regions()
    country = grid_boundaries(regions, PROVINSI)
    assert len(country) == len(regions)
    geometries = {code: shape(json.loads(text)) for code, text in country.items()}
    assert all(shapely.is_valid(list(geometries.values())))
    outside = [r.code for r in regions if r.parent_code and not geometries[r.parent_code].contains(geometries[r.code])]
    assert outside == []
    west, south, east, north = shapely.total_bounds(list(geometries.values()))
    assert (west, south, east, north) >= (INDONESIA_BOX[0], INDONESIA_BOX[1], 90, -90)
    assert east <= INDONESIA_BOX[2] and north <= INDONESIA_BOX[3]

    jawa_barat = grid_boundaries(subtree("32"), PROVINSI)
    assert jawa_barat == {code: country[code] for code in jawa_barat}
