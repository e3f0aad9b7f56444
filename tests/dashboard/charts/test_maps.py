"""Offline map builders: the view fitted to the boundaries, regions coloured by value or status,
Posyandu points by gap status -- and never a trace that needs the internet."""

from __future__ import annotations

import json
import math

import pandas as pd
import plotly.graph_objects as go
import pytest
from shapely.geometry import MultiPolygon, box, mapping

from dashboard.charts.maps import (
    COLORBAR_SHARE,
    INDONESIA_BOUNDS,
    LEGEND_BAND_PX,
    NO_VALUE_COLOR,
    WORLD_PX_AT_ZOOM_0,
    center_and_zoom,
    choropleth_map,
    outline_map,
    points_bounds,
    points_layer,
    status_map,
)
from dashboard.charts.theme import GAP_STATUS_COLORS, STATUS_COLORS
from data_access.geography import RegionShapes

SQUARE_A = box(106.10, -6.15, 106.15, -6.10)
SQUARE_B = box(106.20, -6.15, 106.25, -6.10)


def _shapes(geometries: dict[str, object]) -> RegionShapes:
    features = [
        {
            "type": "Feature",
            "id": code,
            "properties": {"code": code, "name": f"Wilayah {code}"},
            "geometry": mapping(geometry),
        }
        for code, geometry in geometries.items()
    ]
    bounds = None
    if geometries:
        boxes = [geometry.bounds for geometry in geometries.values()]
        bounds = (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )
    return RegionShapes({"type": "FeatureCollection", "features": features}, bounds, [])


def _pixels(bounds: tuple[float, float, float, float], zoom: float) -> tuple[float, float]:
    """Width and height in screen pixels of ``bounds`` at ``zoom`` (Web Mercator, 512 px world)."""
    world = WORLD_PX_AT_ZOOM_0 * 2**zoom
    merc = lambda lat: math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))  # noqa: E731
    return world * (bounds[2] - bounds[0]) / 360, world * (merc(bounds[3]) - merc(bounds[1])) / (2 * math.pi)


# --- centre and zoom --------------------------------------------------------------------------------------------


def test_a_single_region_fills_the_frame_with_padding() -> None:
    bounds = SQUARE_A.bounds
    center, zoom = center_and_zoom(bounds, 600, 500, padding=0.05)
    assert center["lon"] == pytest.approx(106.125)
    assert center["lat"] == pytest.approx(-6.125, abs=1e-4)  # Mercator midpoint, a hair from the plain mean
    width, height = _pixels(bounds, zoom)
    # A square near the equator is as tall as it is wide: the 450 px usable height binds.
    assert height == pytest.approx(450, rel=1e-6)
    assert width <= 540 + 1e-6


def test_a_multipolygon_region_is_framed_by_all_its_parts() -> None:
    region = MultiPolygon([SQUARE_A, SQUARE_B])
    shapes = _shapes({"36.73.01": region})
    assert shapes.bounds == pytest.approx((106.10, -6.15, 106.25, -6.10))
    center, zoom = center_and_zoom(shapes.bounds, 600, 500, padding=0.05)
    assert center["lon"] == pytest.approx(106.175)
    width, height = _pixels(shapes.bounds, zoom)
    # Three times wider than tall: the usable 540 px width binds, both parts are in view.
    assert width == pytest.approx(540, rel=1e-6)
    assert height < 450
    _, single_zoom = center_and_zoom(SQUARE_A.bounds, 600, 500, padding=0.05)
    assert zoom < single_zoom


def test_far_apart_regions_zoom_out() -> None:
    banten_and_kalteng = (105.1, -7.1, 115.8, 0.8)
    center, zoom = center_and_zoom(banten_and_kalteng, 640, 520)
    assert 105.1 < center["lon"] < 115.8 and -7.1 < center["lat"] < 0.8
    assert 4 < zoom < 7
    width, height = _pixels(banten_and_kalteng, zoom)
    assert width <= 640 * 0.88 + 1e-6 and height <= 520 * 0.88 + 1e-6


def test_a_point_sized_bound_is_capped_at_max_zoom() -> None:
    center, zoom = center_and_zoom((106.2, -6.1, 106.2, -6.1), 600, 500, max_zoom=14)
    assert zoom == 14
    assert center == pytest.approx({"lon": 106.2, "lat": -6.1})


def test_nothing_to_draw_frames_indonesia() -> None:
    center, zoom = center_and_zoom(None, 640, 520)
    assert INDONESIA_BOUNDS[0] < center["lon"] < INDONESIA_BOUNDS[2]
    assert INDONESIA_BOUNDS[1] < center["lat"] < INDONESIA_BOUNDS[3]
    assert 2 < zoom < 5


# --- regions ----------------------------------------------------------------------------------------------------


def _values() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"code": "A", "name": "Alpha", "value": 61.24, "target": 70.0, "status": "mendekati"},
            {"code": "B", "name": "Beta", "value": 1234.4, "target": None, "status": "tanpa target"},
            {"code": "C", "name": "Gamma", "value": None, "target": 70.0, "status": "tanpa target"},
            {"code": "D", "name": "Delta (tanpa batas)", "value": 10.0, "target": 70.0, "status": "tertinggal"},
        ]
    )


def _three_regions() -> RegionShapes:
    return _shapes({"A": SQUARE_A, "B": SQUARE_B, "C": box(106.30, -6.15, 106.35, -6.10)})


def _assert_offline(figure: go.Figure) -> None:
    spec = json.loads(figure.to_json())
    assert {trace["type"] for trace in spec["data"]} <= {"choroplethmap", "scattermap"}
    assert spec["layout"]["map"]["style"] == "white-bg"
    assert "geo" not in spec["layout"] and "mapbox" not in spec["layout"]
    for trace in spec["data"]:
        assert trace.get("mode", "markers") == "markers"  # text on a map would fetch glyphs
        assert trace.get("marker", {}).get("symbol") in (None, "circle")


def test_choropleth_colours_regions_by_value_and_greys_out_nulls() -> None:
    figure = choropleth_map(_three_regions(), _values().iloc[[0, 2, 3]], metric_label="Posyandu ber-SK")
    _assert_offline(figure)
    valued, empty = figure.data
    assert valued.featureidkey == "properties.code"
    assert list(valued.locations) == ["A"]  # D has no boundary, C no value
    assert list(valued.z) == [61.24]
    assert "Posyandu ber-SK: 61,2 %" in valued.hovertext[0]
    assert "Target 70,0 % · ◐ Mendekati" in valued.hovertext[0]
    assert valued.colorbar.ticksuffix == " %"
    assert list(empty.locations) == ["C"]
    assert empty.colorscale[0][1] == NO_VALUE_COLOR
    assert "Posyandu ber-SK: –" in empty.hovertext[0]
    assert empty.showlegend and "–" in empty.name
    assert figure.layout.separators == ",."


def test_choropleth_of_a_count_uses_plain_numbers() -> None:
    figure = choropleth_map(_three_regions(), _values().iloc[[1]], metric_label="Jumlah Posyandu", percent=False)
    (trace,) = figure.data
    assert "Jumlah Posyandu: 1.234" in trace.hovertext[0]
    assert trace.colorbar.ticksuffix == ""


def test_choropleth_is_centred_on_the_boundaries_beside_its_colour_bar_and_above_its_legend() -> None:
    shapes = _three_regions()
    figure = choropleth_map(shapes, _values(), metric_label="x", height=500, width_px=600)
    # The colour bar takes the right-hand share and the legend (C has no value) a band underneath.
    center, zoom = center_and_zoom(shapes.bounds, 600 * (1 - COLORBAR_SHARE), 500 - LEGEND_BAND_PX)
    assert figure.layout.map.center.lon == pytest.approx(center["lon"])
    assert figure.layout.map.center.lat == pytest.approx(center["lat"])
    assert figure.layout.map.zoom == pytest.approx(zoom)
    assert figure.layout.map.domain.x[1] == pytest.approx(1 - COLORBAR_SHARE)
    assert figure.data[0].colorbar.x >= figure.layout.map.domain.x[1]
    assert figure.layout.margin.b == LEGEND_BAND_PX
    assert figure.layout.legend.yanchor == "top" and figure.layout.legend.y == 0


def test_a_map_without_legend_or_colour_bar_uses_the_whole_frame() -> None:
    shapes = _shapes({"A": SQUARE_A})
    figure = outline_map(shapes, height=500, width_px=600)
    center, zoom = center_and_zoom(shapes.bounds, 600, 500)
    assert figure.layout.map.zoom == pytest.approx(zoom)
    assert figure.layout.margin.b == 0
    assert not figure.layout.showlegend


def test_equal_values_still_get_a_colour_range() -> None:
    values = pd.DataFrame([{"code": "A", "name": "A", "value": 100.0}, {"code": "B", "name": "B", "value": 100.0}])
    (trace,) = choropleth_map(_three_regions(), values, metric_label="x").data
    assert trace.zmin < trace.zmax <= 100


def test_status_map_has_one_labelled_trace_per_status() -> None:
    figure = status_map(_three_regions(), _values(), metric_label="Posyandu ber-SK")
    _assert_offline(figure)
    names = [trace.name for trace in figure.data]
    assert names == ["◐ Mendekati (1)", "– Tanpa target (2)"]
    colours = [trace.colorscale[0][1] for trace in figure.data]
    assert colours == [STATUS_COLORS["mendekati"], STATUS_COLORS["tanpa target"]]
    assert all(trace.showlegend for trace in figure.data)
    assert figure.layout.showlegend


def test_each_region_trace_carries_only_its_own_boundaries() -> None:
    """One trace per status used to carry every boundary: the geometry was built, copied and sent once
    per status. Each trace now holds the features of its own locations, so together they hold each
    drawn boundary exactly once."""
    shapes = _three_regions()
    figure = status_map(shapes, _values(), metric_label="Posyandu ber-SK")
    by_code = {feature["properties"]["code"]: feature for feature in shapes.feature_collection["features"]}
    drawn: list[str] = []
    for trace in figure.data:
        codes = [feature["properties"]["code"] for feature in trace.geojson["features"]]
        assert codes == list(trace.locations)
        assert [by_code[code]["geometry"] for code in codes] == [f["geometry"] for f in trace.geojson["features"]]
        assert trace.geojson["type"] == "FeatureCollection"
        drawn += codes
    assert sorted(drawn) == ["A", "B", "C"]  # D has no boundary; none is repeated


def test_outline_map_draws_the_region_itself() -> None:
    figure = outline_map(_shapes({"36.73.01.1001": SQUARE_A}))
    _assert_offline(figure)
    (trace,) = figure.data
    assert list(trace.locations) == ["36.73.01.1001"]


def test_outline_map_without_a_boundary_frames_indonesia() -> None:
    figure = outline_map(_shapes({}))
    assert figure.data == ()
    assert figure.layout.map.style == "white-bg"


# --- points -----------------------------------------------------------------------------------------------------


def _points() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "posyandu_id": 1,
                "name": "Mawar",
                "desa_name": "Serang",
                "latitude": -6.12,
                "longitude": 106.12,
                "status": "lengkap",
                "gaps": [],
            },
            {
                "posyandu_id": 2,
                "name": "Melati",
                "desa_name": "Serang",
                "latitude": -6.13,
                "longitude": 106.13,
                "status": "kurang",
                "gaps": ["sk", "kader_5"],
            },
            {
                "posyandu_id": 3,
                "name": "Anggrek",
                "desa_name": "Cipare",
                "latitude": -6.11,
                "longitude": 106.14,
                "status": "kurang",
                "gaps": ["registration"],
            },
            {
                "posyandu_id": 4,
                "name": "Tanpa titik",
                "desa_name": "Cipare",
                "latitude": None,
                "longitude": None,
                "status": "perlu perhatian",
                "gaps": ["sk", "kader_5", "six_bidang"],
            },
        ]
    )


def test_points_are_coloured_by_status_with_a_named_legend() -> None:
    figure = outline_map(_shapes({"X": SQUARE_A}), points=_points())
    _assert_offline(figure)
    points = [trace for trace in figure.data if trace.type == "scattermap" and trace.showlegend is not False]
    assert [trace.name for trace in points] == ["◐ Kurang (2)", "✔ Lengkap (1)"]  # no drawable "perlu perhatian"
    assert [trace.marker.color for trace in points] == [GAP_STATUS_COLORS["kurang"], GAP_STATUS_COLORS["lengkap"]]
    kurang = points[0]
    assert list(kurang.lat) == [-6.13, -6.11]
    assert "Melati</b> · Serang<br>◐ Kurang: belum ber-SK, kader < 5" in kurang.hovertext[0]
    assert [row[0] for row in kurang.customdata] == ["2", "3"]
    assert figure.layout.showlegend
    assert figure.layout.margin.b == LEGEND_BAND_PX


def test_points_on_a_status_map_share_the_legend() -> None:
    figure = status_map(_three_regions(), _values(), metric_label="x", points=_points())
    _assert_offline(figure)
    names = [trace.name for trace in figure.data if trace.showlegend is not False and trace.showlegend is not None]
    assert names[:2] == ["◐ Mendekati (1)", "– Tanpa target (2)"]
    assert [trace.name for trace in figure.data if trace.type == "scattermap" and trace.showlegend is None] == [
        "◐ Kurang (2)",
        "✔ Lengkap (1)",
    ]


def test_every_drawn_point_has_a_halo_below_it() -> None:
    figure = points_layer(go.Figure(), _points())
    halos = [trace for trace in figure.data if trace.hoverinfo == "skip"]
    assert len(halos) == 2
    assert all(halo.marker.size > 11 for halo in halos)
    drawn = [trace for trace in figure.data if trace.hoverinfo != "skip"]
    assert figure.data.index(halos[0]) < figure.data.index(drawn[0])


def test_a_region_without_boundary_is_framed_on_its_points() -> None:
    points = _points()
    figure = outline_map(_shapes({}), fallback_bounds=points_bounds(points), points=points, height=500, width_px=600)
    assert points_bounds(points) == pytest.approx((106.12, -6.13, 106.14, -6.11))
    center, _ = center_and_zoom(points_bounds(points), 600, 500 - LEGEND_BAND_PX)
    assert figure.layout.map.center.lon == pytest.approx(center["lon"])
    assert points_bounds(points.iloc[[3]]) is None
