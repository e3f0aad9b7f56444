"""Posyandu gap charts: which child regions have the most Posyandu needing attention (stacked bars
carrying the child's code for drill-down), and which gaps are most common in a list."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.formatting import format_number, format_percent, number_or_none
from dashboard.charts.theme import GAP_STATUS_COLORS, apply_layout
from dashboard.labels import GAP_LABELS, GAP_STATUS_LABELS
from data_access.vocabulary import GAP_STATUSES, KURANG, LENGKAP, PERLU_PERHATIAN, count_key

STATUS_COLUMNS: tuple[tuple[str, str], ...] = tuple((count_key(status), status) for status in GAP_STATUSES)
"""(count column of ``gap_status_by_child``, gap status), most urgent first."""


def status_by_child_bar(frame: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Per child (rows of ``gap_status_by_child``, most "perlu perhatian" first), stacked counts of
    Posyandu by gap status; the first row is drawn at the top. ``customdata[0]`` is the child's code."""
    ordered = frame.iloc[::-1]  # plotly draws the first category at the bottom
    figure = go.Figure()
    for column, status in STATUS_COLUMNS:
        counts = ordered[column].astype(int)
        label = GAP_STATUS_LABELS[status]
        figure.add_trace(
            go.Bar(
                x=counts,
                y=ordered["name"],
                orientation="h",
                name=label,
                marker={"color": GAP_STATUS_COLORS[status], "line": {"color": "white", "width": 1}},
                text=[format_number(count) if count else "" for count in counts],
                textposition="inside",
                insidetextanchor="middle",
                customdata=[
                    [code, format_number(total)]
                    for code, total in zip(ordered["code"], ordered["posyandu"], strict=True)
                ],
                hovertemplate=(
                    "<b>%{y}</b><br>" + label + ": %{text} dari %{customdata[1]} Posyandu"
                    "<extra>klik untuk membuka</extra>"
                ),
            )
        )
    apply_layout(figure, height=max(260, 36 * len(ordered) + 110), title=title)
    figure.update_layout(
        barmode="stack", uniformtext={"minsize": 11, "mode": "hide"}, bargap=0.25, legend={"traceorder": "normal"}
    )
    figure.update_xaxes(title="Posyandu", showgrid=True, tickformat=",d")
    figure.update_yaxes(automargin=True, title=None)
    return figure


def gap_bar(frame: pd.DataFrame, *, total: int, title: str | None = None) -> go.Figure:
    """How many of ``total`` Posyandu have each gap (rows of ``gap_counts``), most common at the top."""
    ordered = frame.sort_values("posyandu", ascending=True, kind="stable")
    counts = ordered["posyandu"].astype(int)
    figure = go.Figure(
        go.Bar(
            x=counts,
            y=ordered["gap"].map(GAP_LABELS),
            orientation="h",
            marker={"color": GAP_STATUS_COLORS[KURANG]},
            text=[f"{format_number(count)} dari {format_number(total)}" for count in counts],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="<b>%{y}</b><br>%{text} Posyandu<extra></extra>",
            name="Posyandu",
        )
    )
    apply_layout(figure, height=300, title=title)
    figure.update_layout(showlegend=False)
    figure.update_xaxes(range=[0, max(total, 1) * 1.3], showgrid=True, title=None, tickformat=",d")
    figure.update_yaxes(automargin=True, title=None)
    return figure


def status_by_child_table(frame: pd.DataFrame, *, unit_label: str) -> pd.DataFrame:
    """Rows of ``gap_status_by_child`` as shown, same order, counts in Indonesian format."""

    def count(column: str) -> pd.Series:
        return frame[column].map(lambda value: format_number(int(value)))

    return pd.DataFrame(
        {
            unit_label: frame["name"],
            "Posyandu": count("posyandu"),
            GAP_STATUS_LABELS[PERLU_PERHATIAN]: count(count_key(PERLU_PERHATIAN)),
            "Persen perlu perhatian": frame[f"{count_key(PERLU_PERHATIAN)}_pct"].map(
                lambda value: format_percent(number_or_none(value))
            ),
            GAP_STATUS_LABELS[KURANG]: count(count_key(KURANG)),
            GAP_STATUS_LABELS[LENGKAP]: count(count_key(LENGKAP)),
        }
    )
