"""Ringkasan's Vega-Lite ranking and status map: the rows drawn are exactly the ranking's (dirty
values included), a click selects a region code, the map's rings are wound the way Vega draws them,
and nothing in either spec needs the internet."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from shapely.geometry import MultiPolygon, Polygon, box, mapping, shape

from dashboard.charts.renstra import status_label
from dashboard.charts.theme import STATUS_COLORS
from dashboard.charts.vega_ranking import DRILL_PARAM, outside_label_at, ranking_frame, ranking_spec
from dashboard.charts.vega_status_map import clockwise, status_map_spec
from data_access.geography import RegionShapes
from data_access.vocabulary import MENDEKATI, TANPA_TARGET, TERCAPAI, TERTINGGAL

RANKED = pd.DataFrame(
    [
        {"code": "36.73.04", "name": "Curug", "value": 15.27, "target": 65.0, "status": TERTINGGAL},
        {"code": "36.73.05", "name": "Cipocok Jaya", "value": 31.9, "target": 65.0, "status": TERTINGGAL},
        {"code": "36.73.01", "name": "Serang", "value": 63.0, "target": 65.0, "status": MENDEKATI},
        {"code": "36.73.02", "name": "Kasemen", "value": 67.24, "target": 65.0, "status": TERCAPAI},
        # dirty: no value (denominator 0), an unknown status word, no target
        {"code": "36.73.06", "name": "Taktakan", "value": None, "target": None, "status": None},
        {"code": "36.73.03", "name": "Walantaka", "value": 20.0, "target": None, "status": "bogus"},
    ]
)
SQUARE = box(106.10, -6.15, 106.15, -6.10)  # shapely's box winds its ring anticlockwise, as GeoJSON does


def _signed_area(ring: list[list[float]]) -> float:
    """Shoelace area: positive for an anticlockwise ring (lon right, lat up), negative for clockwise."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False)) / 2


def _shapes(geometries: dict[str, object]) -> RegionShapes:
    features = [
        {"type": "Feature", "id": code, "properties": {"code": code, "name": code}, "geometry": mapping(geometry)}
        for code, geometry in geometries.items()
    ]
    return RegionShapes({"type": "FeatureCollection", "features": features}, (106.0, -6.3, 106.4, -6.0), [])


def _inline_rows(spec: dict) -> list[dict]:
    (rows,) = spec["datasets"].values()
    return rows


# --- ranking ----------------------------------------------------------------------------------------------------


def test_ranking_rows_keep_the_order_and_format_every_value() -> None:
    rows = ranking_frame(RANKED)
    assert rows["code"].tolist() == RANKED["code"].tolist()  # most behind first, as given
    assert rows["label"].tolist() == [
        "15,3 %  ✖",
        "31,9 %  ✖",
        "63,0 %  ◐",
        "67,2 %  ✔",
        "–  –",
        "20,0 %  –",
    ]
    assert rows["bar"].tolist() == [15.27, 31.9, 63.0, 67.24, 0.0, 20.0]  # no value: an empty bar reading "–"
    assert rows["status"].tolist() == [TERTINGGAL, TERTINGGAL, MENDEKATI, TERCAPAI, TANPA_TARGET, TANPA_TARGET]
    assert rows["target_label"].tolist() == ["65,0 %", "65,0 %", "65,0 %", "65,0 %", "–", "–"]


def test_short_bars_carry_their_label_by_the_bar_clear_of_the_target() -> None:
    rows = ranking_frame(RANKED)
    assert rows["inside"].tolist() == [False, True, True, True, False, False]  # inside from 30 % on
    assert rows["end"].tolist()[4:] == [0.0, 20.0]  # no value, no target: by the bar's end
    assert outside_label_at(15.3, 65.0) == 15.3  # the mark is far: the label stays by its bar
    assert outside_label_at(20.0, 35.0) == 35.0  # the mark would cut the label: past the mark
    assert outside_label_at(20.0, 20.0) == 20.0
    assert outside_label_at(50.0, 75.0) == 50.0  # no room after a mark that far right: by the bar
    assert outside_label_at(None, 10.0) == 10.0
    assert outside_label_at(12.0, None) == 12.0


def test_ranking_spec_draws_those_rows_and_selects_a_code() -> None:
    spec = ranking_spec(RANKED, metric_label="Posyandu teregistrasi")
    rows = _inline_rows(spec)
    assert [row["code"] for row in rows] == RANKED["code"].tolist()
    bars = spec["layer"][0]
    assert bars["encoding"]["y"]["sort"] == RANKED["name"].tolist()  # drawn top to bottom in ranking order
    assert bars["encoding"]["color"]["scale"] == {"domain": list(STATUS_COLORS), "range": list(STATUS_COLORS.values())}
    (drill,) = spec["params"]
    assert drill["name"] == DRILL_PARAM
    assert drill["select"]["fields"] == ["code"]
    assert any(layer["mark"]["type"] == "tick" for layer in spec["layer"])  # the Renstra target


def test_ranking_without_any_target_has_no_target_layer() -> None:
    spec = ranking_spec(RANKED.assign(target=None), metric_label="x")
    assert all(layer["mark"]["type"] != "tick" for layer in spec["layer"])


def test_counts_are_ranked_on_their_own_scale() -> None:
    counts = RANKED.assign(value=[3, 10, 250, 1200, None, 7], target=None)
    rows = ranking_frame(counts, percent=False)
    assert rows["label"].tolist()[:4] == ["3  ✖", "10  ✖", "250  ◐", "1.200  ✔"]
    assert not rows["inside"].any()
    axis = ranking_spec(counts, metric_label="Posyandu", percent=False)["layer"][0]["encoding"]["x"]["axis"]
    assert axis["labelExpr"] == "replace(format(datum.value, ',d'), regexp(',', 'g'), '.')"  # 1.200, as the labels


# --- map --------------------------------------------------------------------------------------------------------


def test_rings_are_turned_clockwise_for_vega() -> None:
    holed = Polygon(SQUARE.exterior.coords, [box(106.12, -6.13, 106.13, -6.12).exterior.coords])
    assert _signed_area(mapping(holed)["coordinates"][0]) > 0  # GeoJSON's way: outer ring anticlockwise
    turned = clockwise(mapping(holed))
    assert _signed_area(turned["coordinates"][0]) < 0
    assert _signed_area(turned["coordinates"][1]) > 0  # the hole the other way round
    assert shape(turned).equals(holed)  # the same region
    parts = clockwise(mapping(MultiPolygon([SQUARE, box(106.2, -6.15, 106.25, -6.1)])))
    assert all(_signed_area(polygon[0]) < 0 for polygon in parts["coordinates"])


def test_map_draws_each_region_with_its_figures_and_status() -> None:
    shapes = _shapes({code: SQUARE for code in ("36.73.04", "36.73.01", "36.73.02", "36.73.06")})
    spec = status_map_spec(shapes, RANKED, metric_label="Posyandu teregistrasi")
    drawn = {feature["properties"]["code"]: feature["properties"] for feature in spec["data"]["values"]}
    assert set(drawn) == {"36.73.04", "36.73.01", "36.73.02", "36.73.06"}  # no boundary, not drawn
    assert drawn["36.73.04"] | {} == {
        "code": "36.73.04",
        "name": "Curug",
        "legend": "✖ Tertinggal (1)",
        "status": status_label(TERTINGGAL),
        "value": "15,3 %",
        "target": "65,0 %",
    }
    assert drawn["36.73.06"]["value"] == "–" and drawn["36.73.06"]["target"] == "–"
    assert drawn["36.73.06"]["legend"] == "– Tanpa target (1)"
    scale = spec["encoding"]["color"]["scale"]
    assert scale["domain"] == ["✖ Tertinggal (1)", "◐ Mendekati (1)", "✔ Tercapai (1)", "– Tanpa target (1)"]
    assert scale["range"] == [STATUS_COLORS[s] for s in (TERTINGGAL, MENDEKATI, TERCAPAI, TANPA_TARGET)]
    (drill,) = spec["params"]
    assert drill["name"] == DRILL_PARAM and drill["select"]["fields"] == ["code"]
    assert {"calculate": "datum.properties.code", "as": "code"} in spec["transform"]


@pytest.mark.parametrize("builder", ["ranking", "map"])
def test_nothing_is_fetched_from_the_internet(builder: str) -> None:
    shapes = _shapes({"36.73.04": SQUARE})
    spec = (
        ranking_spec(RANKED, metric_label="x")
        if builder == "ranking"
        else status_map_spec(shapes, RANKED, metric_label="x")
    )
    text = json.dumps(spec)
    assert '"url"' not in text  # data inline, no tiles, no remote topojson
    assert "http" not in text.replace(spec["$schema"], "")
