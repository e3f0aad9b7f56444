"""The projector variant of the chart theme: every font of a re-dressed figure is at least 22 px,
the figure keeps its data (the same numbers as on the pages), and status colours under white
labels are darkened while the status symbols stay."""

from __future__ import annotations

import pandas as pd
from shapely.geometry import box, mapping

from dashboard.charts.maps import choropleth_map, status_map
from dashboard.charts.projector import DARKER, MIN_FONT_PX, for_projector, labels_clear_of_targets
from dashboard.charts.ranking import ranking_bar
from dashboard.charts.services import bidang_activity_bar
from dashboard.charts.theme import STATUS_COLORS
from data_access.geography import RegionShapes

RANKED = pd.DataFrame(
    {
        "code": ["36.73.01", "36.73.02", "36.73.03"],
        "name": ["Serang", "Kasemen", "Curug"],
        "value": [15.3, 56.6, 67.2],
        "target": [65.0, 65.0, 65.0],
        "status": ["tertinggal", "mendekati", "tercapai"],
    }
)


def _shapes() -> RegionShapes:
    squares = {code: box(106.1 + i * 0.1, -6.15, 106.15 + i * 0.1, -6.1) for i, code in enumerate(RANKED["code"])}
    features = [
        {"type": "Feature", "id": code, "properties": {"code": code, "name": code}, "geometry": mapping(shape)}
        for code, shape in squares.items()
    ]
    return RegionShapes({"type": "FeatureCollection", "features": features}, (106.1, -6.15, 106.35, -6.1), [])


def _font_sizes(node: object, inside_font: bool = False) -> list[float]:
    """Every ``size`` under a ``*font`` key of a figure's JSON."""
    sizes: list[float] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if inside_font and key == "size" and isinstance(value, (int, float)):
                sizes.append(float(value))
            sizes += _font_sizes(value, inside_font or key.endswith("font"))
    elif isinstance(node, (list, tuple)):
        for item in node:
            sizes += _font_sizes(item, inside_font)
    return sizes


def _figures() -> dict[str, object]:
    activity = pd.DataFrame({"bidang": ["kesehatan", "pendidikan"], "posyandu_active": [40, 12]})
    return {
        "ranking": ranking_bar(RANKED, metric_label="Posyandu teregistrasi"),
        "status map": status_map(_shapes(), RANKED, metric_label="Posyandu teregistrasi"),
        "value map": choropleth_map(_shapes(), RANKED, metric_label="Posyandu teregistrasi"),
        "services": bidang_activity_bar(activity, 50),
    }


def test_every_font_is_projector_sized() -> None:
    for name, figure in _figures().items():
        before = _font_sizes(figure.to_plotly_json())
        assert min(before) < MIN_FONT_PX, name  # the page versions are smaller: the test bites
        after = _font_sizes(for_projector(figure).to_plotly_json())
        assert after and min(after) >= MIN_FONT_PX, name


def test_the_data_is_untouched_and_the_height_is_set() -> None:
    figure = ranking_bar(RANKED, metric_label="Posyandu teregistrasi")
    text, x = list(figure.data[0].text), list(figure.data[0].x)
    projected = for_projector(figure, height=500)
    assert list(projected.data[0].text) == text
    assert list(projected.data[0].x) == x
    assert projected.layout.height == 500
    assert any("✖" in label for label in text)  # status still by symbol


def test_light_status_colours_are_darkened_under_white_labels() -> None:
    figure = for_projector(ranking_bar(RANKED, metric_label="Posyandu teregistrasi"))
    colours = list(figure.data[0].marker.color)
    assert STATUS_COLORS["mendekati"] not in colours
    assert DARKER[STATUS_COLORS["mendekati"]] in colours
    assert STATUS_COLORS["tertinggal"] in colours  # already dark enough: unchanged
    status = for_projector(status_map(_shapes(), RANKED, metric_label="x"))
    fills = {trace.colorscale[0][1] for trace in status.data}
    assert DARKER[STATUS_COLORS["mendekati"]] in fills


def test_a_short_bars_label_moves_past_a_close_target_mark() -> None:
    close = RANKED.assign(target=[30.0, 65.0, 65.0])
    figure = for_projector(ranking_bar(close, metric_label="Posyandu teregistrasi"))
    labels_clear_of_targets(figure)
    bars, moved = figure.data[0], figure.data[-1]
    # Serang (15,3 %, outside its bar, target 30 %) is drawn past the target; the others stay.
    assert moved.mode == "text"
    assert list(moved.y) == ["Serang"] and list(moved.x) == [31.5]
    assert "15,3 %" in moved.text[0] and "✖" in moved.text[0]
    shown = dict(zip(bars.y, bars.text, strict=True))
    assert shown["Serang"] == ""
    assert "67,2 %" in shown["Curug"]


def test_a_label_with_room_before_the_target_stays_beside_its_bar() -> None:
    figure = for_projector(ranking_bar(RANKED, metric_label="Posyandu teregistrasi"))  # 15,3 % vs 65 %
    labels_clear_of_targets(figure)
    assert len(figure.data) == 2  # bars and target marks only: nothing moved
    assert "15,3 %" in dict(zip(figure.data[0].y, figure.data[0].text, strict=True))["Serang"]
