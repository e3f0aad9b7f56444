"""Ringkasan's map as a Vega-Lite spec: the child regions coloured by Renstra status, drawn from
their boundaries (``region_boundary``) with no tile server, so it works with no internet.

Vega-Lite rather than plotly for the page everyone opens first: see :mod:`dashboard.charts.vega_ranking`.
Status is never given by colour alone: the legend names each colour with its symbol, word and count,
and the tooltip repeats the status. A click or tap on a region selects its ``code`` in the
:data:`~dashboard.charts.vega_ranking.DRILL_PARAM` selection, as the ranking's bars do.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import shapely
from shapely.geometry import mapping, shape

from dashboard.charts.maps import BORDER_COLOR, drawn_by_status, status_legend, value_display
from dashboard.charts.renstra import status_label
from dashboard.charts.theme import FONT, STATUS_COLORS
from dashboard.charts.vega_ranking import drill_selection
from data_access.geography import RegionShapes
from data_access.vocabulary import STATUS_ORDER


def clockwise(geometry: dict[str, Any]) -> dict[str, Any]:
    """``geometry`` with its outer rings clockwise and holes anticlockwise.

    GeoJSON (RFC 7946) winds outer rings anticlockwise; Vega draws on the sphere (d3-geo), where a
    ring encloses what lies to its right, so an anticlockwise province would be drawn as the whole
    world except the province."""
    return mapping(shapely.orient_polygons(shape(geometry), exterior_cw=True))


def status_map_spec(
    shapes: RegionShapes,
    values: pd.DataFrame,
    *,
    metric_label: str,
    height: int = 420,
    percent: bool = True,
) -> dict[str, Any]:
    """Regions of ``shapes`` coloured by the status in ``values`` (columns code, name, value, target,
    status); regions without a boundary are left out (the ranking and the table list them)."""
    drawn = drawn_by_status(shapes, values)
    counts = drawn["status"].value_counts()
    legend = {status: status_legend(status, int(counts[status])) for status in STATUS_ORDER if status in counts}
    rows = {str(row["code"]): row for _, row in drawn.iterrows()}
    features = []
    for feature in shapes.feature_collection["features"]:
        row = rows.get(feature["properties"]["code"])
        if row is None:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": clockwise(feature["geometry"]),
                "properties": {
                    "code": str(row["code"]),
                    "name": str(row["name"]),
                    "legend": legend[row["status"]],
                    "status": status_label(row["status"]),
                    "value": value_display(row.get("value"), percent),
                    "target": value_display(row.get("target"), percent),
                },
            }
        )
    drill = drill_selection()
    chart = (
        alt.Chart(alt.Data(values=features))
        .mark_geoshape(stroke=BORDER_COLOR, strokeWidth=1.2, cursor="pointer")
        .transform_calculate(code="datum.properties.code")
        .encode(
            color=alt.Color(
                "properties.legend:N",
                scale=alt.Scale(domain=list(legend.values()), range=[STATUS_COLORS[status] for status in legend]),
                legend=alt.Legend(
                    orient="bottom",
                    title=None,
                    columns=2,
                    labelFontSize=14,
                    labelColor="#1F2937",
                    symbolType="square",
                    symbolStrokeWidth=0,
                    symbolSize=220,
                    labelLimit=260,
                ),
            ),
            tooltip=[
                alt.Tooltip("properties.name:N", title="Wilayah"),
                alt.Tooltip("properties.value:N", title=metric_label),
                alt.Tooltip("properties.target:N", title="Target Renstra"),
                alt.Tooltip("properties.status:N", title="Status"),
            ],
        )
        .add_params(drill)
        .project(type="mercator")
        .properties(height=height)
        .configure(font=FONT)
        .configure_view(stroke=None)
    )
    return chart.to_dict()
