"""Ringkasan's ranking as a Vega-Lite spec: the child regions, most behind at the top, coloured by
Renstra status, with the target as a black tick and the value (with the status symbol) as text.

Why Vega-Lite here and plotly elsewhere: Ringkasan is the page everyone opens first, and in a browser
plotly's 4.7 MB chunk costs about a second of the first visit's main thread on a 2-core machine
before the first chart is drawn (a bare Streamlit page with one plotly bar: 2.0 s cold, against 1.3 s
with one Vega-Lite bar; docs/performance.md, "The first visit in a browser"). Streamlit ships
Vega-Lite in a small chunk, and its point selection gives the same drill-down by click or tap
(:func:`dashboard.drill.drillable_spec`). The other pages, opened after the first, keep plotly.

The spec is a plain dict (``alt.Chart.to_dict()``): pure, testable without Streamlit, and cached
per content by :func:`dashboard.figure_cache.prepared_spec`.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from dashboard.charts.formatting import NULL_DISPLAY, format_number, format_percent
from dashboard.charts.theme import FONT, NEUTRAL, STATUS_COLORS, STATUS_SYMBOLS
from data_access.vocabulary import TANPA_TARGET

DRILL_PARAM = "drill"
"""Name of the point selection that carries the clicked region's ``code`` (see dashboard.drill)."""
ROW_PX = 34
INSIDE_FROM_PERCENT = 30.0
"""A bar from 30 % on carries its label inside (white, from the bar's start, where no target mark
falls): "48,6 % ✖" needs about 75 px, which a 30 % bar still has on a phone. A shorter bar carries it
just past its end (see :func:`outside_label_at`)."""
CLEAR_OF_TARGET = 30.0
"""How far (in percentage points) past a short bar its label reaches on a phone: a target mark
within that reach would cut through the label, so the label moves past the mark instead."""
LAST_LABEL_START = 70.0
"""Where a label may still start and fit before the axis ends (at 105 %) on a phone."""


def drill_selection() -> alt.Parameter:
    """The point selection a click or tap makes on a region (a bar, a map region): its ``code``, under
    :data:`DRILL_PARAM`, which :func:`dashboard.drill.code_from_selection` reads. Both Ringkasan
    charts use this one, so they drill alike."""
    return alt.selection_point(fields=["code"], name=DRILL_PARAM, on="click", clear=False, toggle=False)


def outside_label_at(value: float | None, target: float | None) -> float:
    """Where a short bar's label starts: at the bar's end, or just past the target mark when that
    mark would cut through the label and the label still fits after it; a mark further right (or
    too far right to leave room) leaves the label by its bar."""
    end = value or 0.0
    if target is not None and end <= target <= end + CLEAR_OF_TARGET and target <= LAST_LABEL_START:
        return target
    return end


def ranking_frame(frame: pd.DataFrame, *, percent: bool = True) -> pd.DataFrame:
    """The rows the chart draws, in ``frame``'s order (columns code, name, value, target, status):
    ``bar`` (the value, 0 for none), ``label`` (formatted, with the status symbol), ``status`` (none
    -> tanpa target), ``target`` and its ``target_label``, ``end`` (where an outside label starts:
    :func:`outside_label_at`), ``inside`` (whether the label sits inside the bar)."""
    formatter = format_percent if percent else format_number
    statuses = frame["status"].where(frame["status"].isin(STATUS_COLORS), TANPA_TARGET)
    values = [None if pd.isna(value) else float(value) for value in frame["value"]]
    targets = [None if pd.isna(target) else float(target) for target in frame.get("target", [None] * len(frame))]
    return pd.DataFrame(
        {
            "code": frame["code"].astype(str).tolist(),
            "name": frame["name"].astype(str).tolist(),
            "bar": [0.0 if value is None else value for value in values],
            "label": [
                f"{formatter(value)}  {STATUS_SYMBOLS.get(status, '')}".strip()
                for value, status in zip(values, statuses, strict=True)
            ],
            "status": statuses.tolist(),
            "target": targets,
            "target_label": [NULL_DISPLAY if target is None else formatter(target) for target in targets],
            "end": [outside_label_at(value, target) for value, target in zip(values, targets, strict=True)],
            "inside": [percent and value is not None and value >= INSIDE_FROM_PERCENT for value in values],
        }
    )


def ranking_spec(frame: pd.DataFrame, *, metric_label: str, percent: bool = True) -> dict[str, Any]:
    """Bars of ``frame`` in the given order, most behind at the top; a click or tap on a bar selects
    its ``code`` in the :data:`DRILL_PARAM` selection."""
    rows = ranking_frame(frame, percent=percent)
    order = rows["name"].tolist()
    drill = drill_selection()
    x_scale = alt.Scale(domain=[0, 105]) if percent else alt.Scale(zero=True, nice=True)
    x_axis = alt.Axis(
        title=None,
        values=[0, 25, 50, 75, 100] if percent else alt.Undefined,
        # Indonesian separators: "1.200", not Vega's "1,200"
        labelExpr="datum.value + ' %'" if percent else "replace(format(datum.value, ',d'), regexp(',', 'g'), '.')",
        grid=True,
    )
    base = alt.Chart(rows).encode(
        y=alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelLimit=200, labelPadding=6)),
        tooltip=[alt.Tooltip("name:N", title="Wilayah"), alt.Tooltip("label:N", title=metric_label)],
    )
    bars = base.mark_bar(cursor="pointer").encode(
        x=alt.X("bar:Q", scale=x_scale, axis=x_axis),
        color=alt.Color(
            "status:N", scale=alt.Scale(domain=list(STATUS_COLORS), range=list(STATUS_COLORS.values())), legend=None
        ),
    )
    bars = bars.add_params(drill)
    outside = base.transform_filter("!datum.inside").mark_text(align="left", dx=5, color="#1F2937", fontSize=14)
    inside = base.transform_filter("datum.inside").mark_text(align="left", dx=8, color="white", fontSize=14)
    layers = [bars, outside.encode(x="end:Q", text="label:N"), inside.encode(x=alt.datum(0), text="label:N")]
    if rows["target"].notna().any():
        target = base.transform_filter("isValid(datum.target)").mark_tick(
            color="#111827", thickness=3, size=ROW_PX * 0.8, opacity=0.85
        )
        layers.append(target.encode(x="target:Q", tooltip=[alt.Tooltip("target_label:N", title="Target Renstra")]))
    chart = (
        alt.layer(*layers)
        .properties(height=max(220, ROW_PX * len(rows)))
        .configure(font=FONT)
        .configure_axis(labelFontSize=14, labelColor="#1F2937", domainColor=NEUTRAL, tickColor=NEUTRAL)
        .configure_view(stroke=None)
    )
    return chart.to_dict()
