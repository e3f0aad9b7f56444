"""Child regions ranked on one percentage with the counts behind it ("649 dari 967 Posyandu"):
the bars of :func:`dashboard.charts.ranking.ranking_bar`, relabelled so a room reads both the
share and the number, and the same ranking as a table for the download.

Each bar keeps its region code in ``customdata`` for drill-down by click.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.formatting import format_number, format_percent
from dashboard.charts.ranking import ranking_bar
from dashboard.charts.theme import STATUS_SYMBOLS
from dashboard.labels import STATUS_LABELS
from data_access import MetricsResult
from data_access.progress import rank_children
from data_access.vocabulary import TANPA_TARGET

PERCENT_TICKS = [0, 25, 50, 75, 100]  # five labels fit a phone's width without turning
PERCENT_TICK_TEXT = [f"{tick} %" for tick in PERCENT_TICKS]  # plotly drops ticksuffix once tickvals are set
RANKED_COLUMNS = ["code", "name", "value", "target", "gap", "status", "count", "base"]


def ranked_with_counts(result: MetricsResult, metric: str, count_key: str, base_key: str) -> pd.DataFrame:
    """The children ranked most behind first (:func:`rank_children`) with the numerator
    (``count``) and denominator (``base``) of ``metric`` from their family counts."""
    ranked = rank_children(result, metric)
    counts = {child.code: child.counts for child in result.children}
    frame = ranked.assign(
        count=[int(counts.get(code, {}).get(count_key, 0)) for code in ranked["code"]],
        base=[int(counts.get(code, {}).get(base_key, 0)) for code in ranked["code"]],
    )
    return frame.reindex(columns=RANKED_COLUMNS)


def count_label(value: float | None, status: str | None, count: int, base: int) -> str:
    """``67,1 % ◐ · 649/967``: the share, its status symbol, and the counts behind it."""
    symbol = STATUS_SYMBOLS.get(status or TANPA_TARGET, "")
    share = f"{format_percent(value)} {symbol}".strip() if symbol != "–" else format_percent(value)
    return f"{share} · {format_number(count)}/{format_number(base)}"


def counted_ranking_bar(frame: pd.DataFrame, *, metric_label: str, noun: str, title: str | None = None) -> go.Figure:
    """Ranking bars of ``frame`` (:func:`ranked_with_counts`) labelled ``share symbol · count/base``;
    the hover spells out "649 dari 967 <noun>"."""
    figure = ranking_bar(frame, metric_label=metric_label, title=title)
    ordered = frame.iloc[::-1]  # ranking_bar draws the reversed frame (most behind at the top)
    values = [None if pd.isna(v) else float(v) for v in ordered["value"]]
    statuses = [None if pd.isna(s) else str(s) for s in ordered["status"]]
    counts = [int(c) for c in ordered["count"]]
    bases = [int(b) for b in ordered["base"]]
    labels = [count_label(v, s, c, b) for v, s, c, b in zip(values, statuses, counts, bases, strict=True)]
    details = [f"{format_number(c)} dari {format_number(b)} {noun}" for c, b in zip(counts, bases, strict=True)]
    figure.update_traces(
        selector={"type": "bar"},
        text=labels,
        customdata=[[code, detail] for code, detail in zip(ordered["code"], details, strict=True)],
        hovertemplate="<b>%{y}</b><br>" + metric_label + ": %{text}<br>%{customdata[1]}"
        "<extra>klik untuk membuka</extra>",
    )
    # The longer labels go inside a bar only where they fit at full size, else past its end: plotly
    # measures them at the width the chart is drawn, so a phone's narrow bars get them outside.
    figure.update_traces(selector={"type": "bar"}, textposition="auto", constraintext="none")
    figure.update_xaxes(range=[0, 150], tickvals=PERCENT_TICKS, ticktext=PERCENT_TICK_TEXT)
    return figure


def ranking_table(frame: pd.DataFrame, *, level_name: str, metric_label: str, noun: str) -> pd.DataFrame:
    """The ranking as shown, for the screen: formatted Indonesian numbers and status words."""
    return pd.DataFrame(
        {
            "Kode": frame["code"],
            level_name: frame["name"],
            metric_label: [format_percent(None if pd.isna(v) else float(v)) for v in frame["value"]],
            noun.capitalize(): [
                f"{format_number(int(c))} dari {format_number(int(b))}"
                for c, b in zip(frame["count"], frame["base"], strict=True)
            ],
            "Target": [format_percent(None if pd.isna(t) else float(t)) for t in frame["target"]],
            "Status": [STATUS_LABELS.get(s if isinstance(s, str) else TANPA_TARGET, "") for s in frame["status"]],
        }
    )
