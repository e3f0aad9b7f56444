"""The institutional readiness funnel: how many Posyandu pass each step (SK kepengurusan, registration,
a Tim Pembina in their desa/kelurahan), for one region as a funnel and per child region as stacked
bars that show where the Posyandu stop -- the bars carry the child's code for drill-down by click."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.formatting import format_number, format_percent, number_or_none, whole
from dashboard.charts.theme import NEUTRAL, PRIMARY, apply_layout
from dashboard.labels import FUNNEL_STEP_LABELS, STUCK_STEP_LABELS

FUNNEL_STEPS: tuple[str, ...] = ("posyandu", "with_sk", "with_sk_registered", "with_sk_registered_tp")
FUNNEL_COLORS: tuple[str, ...] = ("#94A3B8", "#5EEAD4", "#14B8A6", PRIMARY)

# Where a posyandu stops, ready first; colours from "done" (dark teal) to "not started" (red), and every
# segment is named in the legend and the hover, so colour is never the only cue.
STAGE_SEGMENTS: tuple[tuple[str, str, str], ...] = (
    ("stage_ready", "Siap: SK, registrasi, TP desa/kel", PRIMARY),
    ("stage_no_tp", "SK & registrasi, TP desa/kel belum", "#5EEAD4"),
    ("stage_sk_only", "Ber-SK, belum teregistrasi", "#FBBF24"),
    ("stage_no_sk", "Belum ber-SK", "#F87171"),
)
STUCK_COLORS: dict[str, str] = {
    "posyandu": "#64748B",
    "sk": "#F87171",
    "registered": "#FBBF24",
    "tim_pembina": "#5EEAD4",
    "siap": PRIMARY,
}


def readiness_funnel(row: Mapping[str, object] | pd.Series, *, title: str | None = None) -> go.Figure:
    """One region's readiness funnel (a row of ``readiness_by_region``) as left-aligned bars over a
    pale bar of all Posyandu, so the drop at each step reads as the gap to the full length: each step's
    count and, below the first, its share of all Posyandu."""
    counts = [whole(row[step]) for step in FUNNEL_STEPS]
    shares = [None] + [number_or_none(row[f"{step}_pct"]) for step in FUNNEL_STEPS[1:]]
    text = [
        f"<b>{format_number(count)}</b>" + ("" if index == 0 else f"  ({format_percent(share)})")
        for index, (count, share) in enumerate(zip(counts, shares, strict=True))
    ]
    labels = [FUNNEL_STEP_LABELS[step] for step in FUNNEL_STEPS][::-1]  # first step at the top
    total = counts[0]
    figure = go.Figure()
    figure.add_trace(
        go.Bar(
            x=[total] * len(counts),
            y=labels,
            orientation="h",
            marker={"color": "#F1F5F9"},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    figure.add_trace(
        go.Bar(
            x=counts[::-1],
            y=labels,
            orientation="h",
            marker={"color": list(FUNNEL_COLORS)[::-1]},
            text=text[::-1],
            textposition="outside",
            textfont={"size": 17},
            cliponaxis=False,
            hovertemplate="<b>%{y}</b><br>%{text} Posyandu<extra></extra>",
            name="Posyandu",
            showlegend=False,
        )
    )
    apply_layout(figure, height=320, title=title)
    figure.update_layout(barmode="overlay", bargap=0.3)
    figure.update_xaxes(range=[0, max(total, 1) * 1.45], showgrid=False, showticklabels=False, zeroline=False)
    figure.update_yaxes(automargin=True, tickfont={"size": 15})
    return figure


def readiness_stages_bar(frame: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Per child region (rows of ``readiness_by_region`` without the region's own), a 100 % stacked
    bar of where its Posyandu stop, fewest ready at the top. ``customdata[0]`` is the child's code."""
    children = frame[~frame["is_region"].astype(bool)] if "is_region" in frame else frame
    ready = children["stage_ready_pct"].astype(float)
    ordered = children.assign(_ready=ready.fillna(101.0)).sort_values(["_ready", "name"], ascending=[False, False])
    figure = go.Figure()
    for column, label, color in STAGE_SEGMENTS:
        counts = ordered[column].astype(int)
        shares = ordered[f"{column}_pct"].map(number_or_none)
        customdata = [
            [code, format_number(count), format_percent(share), format_number(total)]
            for code, count, share, total in zip(ordered["code"], counts, shares, ordered["posyandu"], strict=True)
        ]
        figure.add_trace(
            go.Bar(
                x=shares.fillna(0.0),
                y=ordered["name"],
                orientation="h",
                name=label,
                marker={"color": color, "line": {"color": "white", "width": 1}},
                text=[format_number(count) if count else "" for count in counts],
                textposition="inside",
                insidetextanchor="middle",
                customdata=customdata,
                hovertemplate=(
                    "<b>%{y}</b><br>" + label + ": %{customdata[1]} dari %{customdata[3]} Posyandu "
                    "(%{customdata[2]})<extra>klik untuk membuka</extra>"
                ),
            )
        )
    apply_layout(figure, height=max(280, 38 * len(ordered) + 110), title=title)
    figure.update_layout(
        barmode="stack", uniformtext={"minsize": 11, "mode": "hide"}, bargap=0.25, legend={"traceorder": "normal"}
    )
    figure.update_xaxes(range=[0, 100], ticksuffix=" %", showgrid=True, title=None)
    figure.update_yaxes(automargin=True, title=None)
    return figure


def stuck_desa_bar(summary_row: Mapping[str, object] | pd.Series, *, title: str | None = None) -> go.Figure:
    """How many desa/kelurahan are stuck at each step (a row of ``stuck_summary``), funnel order from
    the top, "siap" last."""
    steps = list(STUCK_STEP_LABELS)
    counts = [whole(summary_row[step]) for step in steps]
    ordered = list(reversed(list(zip(steps, counts, strict=True))))  # first step at the top
    figure = go.Figure(
        go.Bar(
            x=[count for _, count in ordered],
            y=[STUCK_STEP_LABELS[step] for step, _ in ordered],
            orientation="h",
            marker={"color": [STUCK_COLORS.get(step, NEUTRAL) for step, _ in ordered]},
            text=[format_number(count) for _, count in ordered],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="<b>%{y}</b><br>%{text} desa/kelurahan<extra></extra>",
            name="Desa/kelurahan",
        )
    )
    apply_layout(figure, height=300, title=title)
    top = max(counts) if counts and max(counts) > 0 else 1
    figure.update_layout(showlegend=False)
    figure.update_xaxes(range=[0, top * 1.2], showgrid=True, title="desa/kelurahan", tickformat=",d")
    figure.update_yaxes(automargin=True, title=None)
    return figure
