"""Charts and tables of the Layanan 6 Bidang page: Posyandu active per bidang, indicator volumes
per bidang (each with its own unit -- never added across units), monthly trends with one panel per
unit, and report completeness per month against the 80 % threshold."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.charts.formatting import MONTHS_ID, MONTHS_SHORT, format_number, format_percent, month_name
from dashboard.charts.regional import PERCENT_TICK_TEXT, PERCENT_TICKS
from dashboard.charts.theme import PRIMARY, STATUS_COLORS, STATUS_SYMBOLS, apply_layout
from dashboard.headline import COMPLETENESS_THRESHOLD
from dashboard.labels import BIDANG_LABELS
from data_access.vocabulary import MENDEKATI

BELOW_COLOR = STATUS_COLORS[MENDEKATI]
TRACK_COLOR = "#E2E8F0"
# Colour-blind-safe line colours (Okabe-Ito, darkened where too light for a white projector screen).
LINE_COLORS = ("#0F766E", "#D55E00", "#0072B2", "#CC79A7", "#8C6D00", "#009E73", "#56B4E9", "#6B7280")


def format_volume(value: float | None, unit: str | None = None) -> str:
    """``220241`` -> ``"220.241 Anak"``; fractional totals (Kg, Km) keep one decimal: ``"3.853,3 Km"``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    decimals = 0 if float(value).is_integer() else 1
    text = format_number(float(value), decimals)
    return f"{text} {unit}".strip() if unit else text


def bidang_activity_bar(activity: pd.DataFrame, total: int) -> go.Figure:
    """One bar per bidang (in the order given, first at the top): Posyandu of P active in it, drawn
    over a light track as long as all Posyandu of the region, labelled ``1.631 (85,1 %)``."""
    ordered = activity.iloc[::-1]
    names = [BIDANG_LABELS.get(b, b) for b in ordered["bidang"]]
    active = [int(v) for v in ordered["posyandu_active"]]
    shares = [100.0 * v / total if total else None for v in active]
    labels = [f"{format_number(v)} ({format_percent(s)})" for v, s in zip(active, shares, strict=True)]
    figure = go.Figure()
    figure.add_trace(
        go.Bar(
            x=[total] * len(names),
            y=names,
            orientation="h",
            marker={"color": TRACK_COLOR},
            hoverinfo="skip",
            name=f"Semua Posyandu ({format_number(total)})",
        )
    )
    figure.add_trace(
        go.Bar(
            x=active,
            y=names,
            orientation="h",
            marker={"color": PRIMARY},
            text=labels,
            # Inside a bar long enough for it, else past its end: on a phone the long bars'
            # labels ran off the chart's right edge.
            textposition="auto",
            constraintext="none",
            insidetextfont={"color": "white"},
            cliponaxis=False,
            name="Posyandu yang melayani bidang itu",
            textfont={"size": 15},
            hovertemplate="<b>%{y}</b><br>%{text} Posyandu melayani bidang ini<extra></extra>",
        )
    )
    apply_layout(figure, height=360)
    upper = max([total, *active, 1]) * 1.22
    figure.update_xaxes(range=[0, upper], showgrid=True, title=None, separatethousands=True)
    figure.update_yaxes(automargin=True)
    figure.update_layout(barmode="overlay", bargap=0.3)
    return figure


def volume_table(volumes: pd.DataFrame, bidang: str) -> pd.DataFrame:
    """The indicators of one bidang as shown on screen: each volume with its own unit."""
    rows = volumes[volumes["bidang"] == bidang]
    return pd.DataFrame(
        {
            "Kode": rows["indicator_code"].tolist(),
            "Kegiatan": rows["name"].tolist(),
            "Volume": [format_number(float(v), 0 if float(v).is_integer() else 1) for v in rows["volume"]],
            "Satuan": rows["unit"].tolist(),
            "Posyandu melapor": [format_number(int(v)) for v in rows["posyandu_reporting"]],
            "Keluaran": rows["output"].tolist(),
        }
    )


def short_name(text: str, limit: int = 42) -> str:
    """An indicator name cut at a word boundary for a legend: ``"Kunjungan Posyandu oleh sasaran…"``."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    if "(" in cut:  # never leave a bracket open
        cut = cut[: cut.index("(")]
    return cut.rstrip(" ,/") + "…"


def monthly_trend(monthly: pd.DataFrame, volumes: pd.DataFrame, bidang: str, last_month: int) -> go.Figure:
    """Monthly volume of each indicator of ``bidang`` (January to ``last_month``), one panel per unit
    so lines of different units never share an axis. Months without any valid report are gaps."""
    catalogue = volumes[volumes["bidang"] == bidang]
    units = list(dict.fromkeys(catalogue["unit"]))
    months = list(range(1, last_month + 1))
    figure = make_subplots(
        rows=max(len(units), 1),
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.12 if len(units) > 1 else 0.02,
        subplot_titles=[f"Satuan: {unit}" for unit in units] or None,
    )
    rows = monthly[monthly["bidang"] == bidang]
    for index, indicator in enumerate(catalogue.itertuples()):
        series = rows[rows["indicator_code"] == indicator.indicator_code].set_index("month")["volume"]
        values = [None if m not in series.index else float(series.loc[m]) for m in months]
        hover = [format_volume(v, indicator.unit) for v in values]
        known = [i for i, v in enumerate(values) if v is not None]
        end_labels = [indicator.indicator_code if known and i == known[-1] else "" for i in range(len(values))]
        figure.add_trace(
            go.Scatter(
                x=[month_name(m) for m in months],
                y=values,
                mode="lines+markers+text",
                text=end_labels,
                textposition="middle right",
                textfont={"size": 13, "color": LINE_COLORS[index % len(LINE_COLORS)]},
                cliponaxis=False,
                name=f"{indicator.indicator_code} · {short_name(indicator.name)}",
                line={"color": LINE_COLORS[index % len(LINE_COLORS)], "width": 3},
                marker={"size": 7},
                customdata=hover,
                connectgaps=False,
                hovertemplate=f"<b>{indicator.name}</b><br>%{{x}}: %{{customdata}}<extra></extra>",
            ),
            row=units.index(indicator.unit) + 1,
            col=1,
        )
    apply_layout(figure, height=150 + 230 * max(len(units), 1))
    figure.update_layout(legend={"orientation": "h", "y": -0.08, "yanchor": "top", "x": 0}, margin={"t": 40})
    figure.update_xaxes(
        categoryorder="array",
        categoryarray=list(MONTHS_ID[:last_month]),
        tickvals=list(MONTHS_ID[:last_month]),
        ticktext=list(MONTHS_SHORT[:last_month]),
    )
    figure.update_yaxes(rangemode="tozero", showgrid=True, tickformat=",~f")
    figure.update_layout(margin={"r": 60})
    for annotation in figure.layout.annotations:
        annotation.update(x=0, xanchor="left", font={"size": 14})
    return figure


def completeness_chart(frame: pd.DataFrame, threshold: float = COMPLETENESS_THRESHOLD) -> go.Figure:
    """Report completeness per month: a bar per month labelled with its share (``✖`` below the
    threshold, so it does not rest on colour alone) and a dashed line at the threshold."""
    months = [month_name(int(m)) for m in frame["month"]]
    values = [None if pd.isna(v) else float(v) for v in frame["completeness_pct"]]
    below = [v is not None and v < threshold for v in values]
    labels = [
        f"{format_percent(v)} {STATUS_SYMBOLS['tertinggal']}" if low else format_percent(v)
        for v, low in zip(values, below, strict=True)
    ]
    details = [
        f"{format_number(int(r))} dari {format_number(int(e))} Posyandu melapor"
        for r, e in zip(frame["reported"], frame["expected"], strict=True)
    ]
    figure = go.Figure()
    for is_below, name, color in (
        (False, f"Memenuhi ambang (≥ {format_number(threshold)} %)", PRIMARY),
        (True, f"{STATUS_SYMBOLS['tertinggal']} Di bawah ambang", BELOW_COLOR),
    ):
        picked = [i for i, low in enumerate(below) if low == is_below]
        figure.add_trace(
            go.Bar(
                x=[months[i] for i in picked],
                y=[values[i] if values[i] is not None else 0 for i in picked],
                text=[labels[i] for i in picked],
                customdata=[details[i] for i in picked],
                # at the foot of the bar, so a label never sits on the threshold line
                textposition="auto",
                insidetextanchor="start",
                textangle=0,
                textfont={"size": 15},
                cliponaxis=False,
                marker={"color": color},
                name=name,
                hovertemplate="<b>%{x}</b>: %{text}<br>%{customdata}<extra></extra>",
                showlegend=bool(picked) or not is_below,
            )
        )
    figure.add_hline(y=threshold, line={"dash": "dash", "color": "#111827", "width": 2})
    figure.add_trace(  # a legend entry for the dashed line (shapes have none)
        go.Scatter(
            x=[None],
            y=[None],
            mode="lines",
            name=f"Ambang {format_number(threshold)} %",
            line={"dash": "dash", "color": "#111827", "width": 2},
        )
    )
    apply_layout(figure, height=380)
    figure.update_xaxes(
        categoryorder="array",
        categoryarray=months,
        title=None,
        tickvals=months,
        ticktext=[name[:3] for name in months],  # MONTHS_SHORT: level on a phone
    )
    figure.update_yaxes(range=[0, 112], tickvals=PERCENT_TICKS, ticktext=PERCENT_TICK_TEXT, showgrid=True)
    figure.update_layout(bargap=0.25, barmode="overlay")
    return figure
