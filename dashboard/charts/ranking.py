"""Child regions ranked so the laggards stand out: horizontal bars coloured by Renstra status,
with the target as a marker. Each bar carries its region code for drill-down by click."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.formatting import format_number, format_percent
from dashboard.charts.theme import NEUTRAL, STATUS_COLORS, STATUS_SYMBOLS, apply_layout
from data_access.vocabulary import TANPA_TARGET


def ranking_bar(frame: pd.DataFrame, *, metric_label: str, percent: bool = True, title: str | None = None) -> go.Figure:
    """Bars of ``frame`` (columns code, name, value, target, status) in the given order, most behind
    at the top. Null values are shown as an empty bar labelled "–"."""
    ordered = frame.iloc[::-1]  # plotly draws the first category at the bottom
    values = ordered["value"].astype(float)
    formatter = format_percent if percent else format_number
    labels = [
        f"{formatter(None if pd.isna(v) else float(v))}  {STATUS_SYMBOLS.get(s, '')}".strip()
        for v, s in zip(ordered["value"], ordered["status"].fillna(TANPA_TARGET), strict=True)
    ]
    colors = [STATUS_COLORS.get(status, NEUTRAL) for status in ordered["status"].fillna(TANPA_TARGET)]
    figure = go.Figure(
        go.Bar(
            x=values.fillna(0),
            y=ordered["name"],
            orientation="h",
            marker={"color": colors},
            text=labels,
            textposition="outside",
            cliponaxis=False,
            customdata=ordered[["code"]].to_numpy(),
            hovertemplate="<b>%{y}</b><br>" + metric_label + ": %{text}<extra>klik untuk membuka</extra>",
            name=metric_label,
            showlegend=False,
        )
    )
    if "target" in ordered and ordered["target"].notna().any():
        figure.add_trace(
            go.Scatter(
                x=ordered["target"],
                y=ordered["name"],
                mode="markers",
                name="Target Renstra",
                marker={"symbol": "line-ns", "size": 26, "line": {"width": 3, "color": "#111827"}},
                opacity=0.85,
                hovertemplate="Target: %{x:.1f}<extra></extra>",
            )
        )
    apply_layout(figure, height=max(260, 34 * len(ordered) + 80), title=title)
    # Labels sit past the longer of bar and target, so the target mark never covers the value.
    if percent:
        figure.data[0].insidetextanchor = "end"
        figure.data[0].textfont = {"color": "white"}
        figure.data[0].outsidetextfont = {"color": "#1F2937"}
        # Inside from 30 % on: a label like "48,6 % ✖" needs about 75 px, which a 30 % bar still
        # has on a phone (390 px wide); shorter bars carry it past their end. The meeting screen
        # reads these positions to move a label clear of a close target mark.
        figure.data[0].textposition = ["inside" if (not pd.isna(v) and float(v) >= 30) else "outside" for v in values]
        figure.data[0].constraintext = "none"
    figure.update_xaxes(range=[0, 105] if percent else None, ticksuffix=" %" if percent else "", showgrid=True)
    if percent:
        figure.update_xaxes(dtick=25)  # five labels fit a phone's width without turning
    figure.update_yaxes(automargin=True)
    return figure
