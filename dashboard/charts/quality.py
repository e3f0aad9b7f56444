"""Charts of the data-quality page: problems per check, report completeness month by month, and where
villages stopped reporting. Pure builders (DataFrame or mapping -> plotly Figure), testable without
Streamlit."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.formatting import format_number, format_percent, month_name
from dashboard.charts.theme import NEUTRAL, PRIMARY, STATUS_COLORS, apply_layout
from dashboard.headline import COMPLETENESS_THRESHOLD
from data_access.vocabulary import MENDEKATI, TERCAPAI

PROBLEM_COLOR = STATUS_COLORS[MENDEKATI]
CLEAN_COLOR = STATUS_COLORS[TERCAPAI]
BELOW_COLOR = STATUS_COLORS[MENDEKATI]
CLEAN_TEXT = "✔ bersih"


def check_counts_bar(counts: Mapping[str, int], labels: Mapping[str, str]) -> go.Figure:
    """One horizontal bar per check (most problems on top); a clean check reads "✔ bersih", not only
    green. The check code is in ``customdata``."""
    ordered = sorted(counts, key=lambda code: (-counts[code], list(counts).index(code)))
    ordered.reverse()  # plotly draws the first category at the bottom
    values = [counts[code] for code in ordered]
    figure = go.Figure(
        go.Bar(
            x=values,
            y=[labels.get(code, code) for code in ordered],
            orientation="h",
            customdata=[[code] for code in ordered],
            marker_color=[PROBLEM_COLOR if value else CLEAN_COLOR for value in values],
            text=[format_number(value) if value else CLEAN_TEXT for value in values],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:,} baris<extra></extra>",
        )
    )
    apply_layout(figure, height=max(260, 44 * len(ordered) + 40))
    top = max(values, default=0)
    figure.update_xaxes(title="Jumlah baris bermasalah", range=[0, max(top, 1) * 1.25], rangemode="tozero")
    figure.update_yaxes(automargin=True)
    figure.update_layout(showlegend=False, bargap=0.3)
    return figure


def completeness_by_month(frame: pd.DataFrame, *, threshold: float = COMPLETENESS_THRESHOLD) -> go.Figure:
    """Share of posyandu with a valid report, per month (``month``, ``expected``, ``reported``,
    ``completeness_pct``), with the threshold drawn as a dashed line. Months below it are amber and the
    line marks them without colour; a month with no posyandu expected has no bar."""
    rows = frame.sort_values("month")
    values = [None if pd.isna(value) else float(value) for value in rows["completeness_pct"]]
    figure = go.Figure(
        go.Bar(
            x=[month_name(int(month)) for month in rows["month"]],
            y=values,
            customdata=[[int(r), int(e)] for r, e in zip(rows["reported"], rows["expected"], strict=True)],
            marker_color=[BELOW_COLOR if value is not None and value < threshold else PRIMARY for value in values],
            text=[format_percent(value) if value is not None else "" for value in values],
            # Inside the top of the bar, so the threshold line never strikes through a label.
            textposition="auto",
            insidetextanchor="end",
            insidetextfont={"color": "white"},
            outsidetextfont={"color": "#1F2937"},
            cliponaxis=False,
            hovertemplate="%{x}: %{y:.1f} %<br>%{customdata[0]:,} dari %{customdata[1]:,} Posyandu melapor"
            "<extra></extra>",
        )
    )
    apply_layout(figure, height=380)
    # Below the bars: drawn in the gaps between them only.
    figure.add_hline(y=threshold, line_dash="dash", line_color="#1F2937", line_width=1.5, layer="below")
    # The label sits in the right margin, clear of the bars' own value labels.
    figure.add_annotation(
        x=1,
        xref="paper",
        xanchor="left",
        y=threshold,
        yref="y",
        text=f"ambang<br>{format_percent(threshold, 0)}",
        showarrow=False,
        align="left",
        font={"size": 13},
    )
    figure.update_layout(margin={"r": 80})
    figure.update_yaxes(title="Posyandu melapor", range=[0, 112], ticksuffix=" %")
    figure.update_layout(showlegend=False, bargap=0.25)
    months = [month_name(int(month)) for month in rows["month"]]
    figure.update_xaxes(tickvals=months, ticktext=[name[:3] for name in months])  # level on a phone
    return figure


def stopped_by_kecamatan(frame: pd.DataFrame) -> go.Figure:
    """How many desa/kelurahan stopped reporting in each kecamatan (most on top), from the
    ``stopped_reporting`` rows; the kecamatan code is in ``customdata`` for click-to-drill."""
    grouped = (
        frame.assign(kecamatan_name=frame["kecamatan_name"].fillna("(kecamatan tidak dikenal)"))
        .groupby(["kecamatan_code", "kecamatan_name"], dropna=False, as_index=False)
        .agg(desa=("desa_code", "count"))
        .sort_values(["desa", "kecamatan_name"], ascending=[True, False])
    )
    figure = go.Figure(
        go.Bar(
            x=grouped["desa"].tolist(),
            y=grouped["kecamatan_name"].tolist(),
            orientation="h",
            customdata=[[code] for code in grouped["kecamatan_code"]],
            marker_color=NEUTRAL,
            text=[format_number(value) for value in grouped["desa"]],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x} desa/kelurahan berhenti melapor<extra></extra>",
        )
    )
    apply_layout(figure, height=max(220, 36 * len(grouped) + 60))
    most = int(grouped["desa"].max()) if len(grouped) else 0
    figure.update_xaxes(
        title="Desa/kelurahan berhenti melapor", range=[0, max(most, 1) * 1.2], dtick=1 if most <= 10 else None
    )
    figure.update_yaxes(automargin=True)
    figure.update_layout(showlegend=False)
    return figure
