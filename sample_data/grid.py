"""Square-ish synthetic boundaries for regions whose real polygons are not at hand.

Real boundaries exist in ``geo/`` only for the default sample's three kab/kota. The larger sizes
still need a polygon for every one of up to 91,599 regions -- the map page, the boundary checks and
the Posyandu points all read them -- so each region gets a rectangle from a nested grid: the 38
provinsi tile a box over Indonesia in code order (codes run roughly west to east), each region's
children tile its rectangle the same way, and every child is inset from its cell so that it lies
strictly inside its parent and never touches a sibling. Cells are as close to square as the number
of children allows. The layout of a region depends only on its own subtree and the list of
provinsi, so ``--size provinsi`` draws exactly the squares that ``--size nasional`` draws there.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence

from sample_data.regions import RegionRecord

Box = tuple[float, float, float, float]
"""(west, south, east, north) in degrees."""

INDONESIA_BOX: Box = (95.0, -11.0, 141.0, 6.0)
"""Sabang to Merauke, Miangas to Rote: the provinsi squares stay within the real country's extent."""
INSET = 0.04
"""Share of a cell's width and height left empty on each side, so children never touch."""
DECIMALS = 5
"""About a metre: the same precision as the real boundaries in ``geo/``."""


def grid_cells(box: Box, count: int) -> list[Box]:
    """``count`` inset cells tiling ``box`` row by row from the north-west, as square as possible."""
    if count <= 0:
        return []
    west, south, east, north = box
    width, height = east - west, north - south
    columns = max(1, min(count, round(math.sqrt(count * width / height))))
    rows = math.ceil(count / columns)
    columns = math.ceil(count / rows)
    cell_w, cell_h = width / columns, height / rows
    cells = []
    for index in range(count):
        row, column = divmod(index, columns)
        left = west + column * cell_w
        top = north - row * cell_h
        cells.append(
            (
                left + INSET * cell_w,
                top - cell_h + INSET * cell_h,
                left + cell_w - INSET * cell_w,
                top - INSET * cell_h,
            )
        )
    return cells


def polygon_geojson(box: Box) -> str:
    """A rectangle as compact GeoJSON Polygon text, exterior ring counter-clockwise (RFC 7946)."""
    west, south, east, north = (round(value, DECIMALS) for value in box)
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return json.dumps({"type": "Polygon", "coordinates": [ring]}, separators=(",", ":"))


def grid_boxes(
    regions: Iterable[RegionRecord], provinsi_codes: Sequence[str], box: Box = INDONESIA_BOX
) -> dict[str, Box]:
    """Region code -> its rectangle, for every region of ``regions`` reachable from a provinsi.

    ``provinsi_codes`` are all the provinsi the country box is shared between (not only those in
    ``regions``), which keeps one provinsi's squares identical whatever else is built.
    """
    children: dict[str, list[str]] = {}
    present = set()
    for region in regions:
        present.add(region.code)
        if region.parent_code is not None:
            children.setdefault(region.parent_code, []).append(region.code)
    boxes: dict[str, Box] = {}
    stack: list[tuple[str, Box]] = [
        (code, cell) for code, cell in zip(provinsi_codes, grid_cells(box, len(provinsi_codes)), strict=True)
    ]
    while stack:
        code, cell = stack.pop()
        if code not in present:
            continue
        boxes[code] = cell
        own = sorted(children.get(code, ()))
        stack += zip(own, grid_cells(cell, len(own)), strict=True)
    return boxes


def grid_boundaries(
    regions: Iterable[RegionRecord], provinsi_codes: Sequence[str], box: Box = INDONESIA_BOX
) -> dict[str, str]:
    """Region code -> GeoJSON Polygon text of its grid rectangle (see :func:`grid_boxes`)."""
    return {code: polygon_geojson(cell) for code, cell in grid_boxes(regions, provinsi_codes, box).items()}
