"""Renstra 2025-2029 views: the summary of every targeted metric (most behind first), the
trajectory of one metric toward its 2029 target, the pace needed against the pace achieved, and
the status of each child region per metric.

Actuals are drawn only where they exist: the current year at its month cut is labelled "s.d.
<bulan>" and never extended to a full year or beyond. Status always carries its symbol and label.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from pandas.io.formats.style import Styler

from dashboard.charts.formatting import format_percent, format_points, month_name, number_or_none
from dashboard.charts.theme import NEUTRAL, STATUS_COLORS, STATUS_SYMBOLS, apply_layout
from dashboard.labels import METRIC_LABELS, METRIC_SHORT_LABELS, STATUS_LABELS
from data_access.vocabulary import MENDEKATI, STATUS_ORDER, TANPA_TARGET, TERCAPAI, TERTINGGAL

RENSTRA_YEARS: tuple[int, ...] = (2025, 2026, 2027, 2028, 2029)
LAST_YEAR = RENSTRA_YEARS[-1]
TARGET_COLOR = "#334155"
SUMMARY_COLUMNS = [
    "metric",
    "actual",
    "target",
    "gap",
    "status",
    "target_2029",
    "achieved_per_year",
    "needed_per_year",
]
STATUS_RANK = {status: rank for rank, status in enumerate(STATUS_ORDER)}
CELL_BACKGROUNDS = {TERCAPAI: "#DCFCE7", MENDEKATI: "#FEF3C7", TERTINGGAL: "#FEE2E2", TANPA_TARGET: "#F1F5F9"}
CELL_TEXT = {TERCAPAI: "#14532D", MENDEKATI: "#78350F", TERTINGGAL: "#7F1D1D", TANPA_TARGET: "#475569"}


def status_label(status: object) -> str:
    """``✔ Tercapai``; ``– Tanpa target`` for no target (or no value)."""
    key = status if isinstance(status, str) and status in STATUS_LABELS else TANPA_TARGET
    return STATUS_LABELS[key] if key != TANPA_TARGET else f"{STATUS_SYMBOLS[key]} {STATUS_LABELS[key]}"


def summary_frame(
    metrics: dict[str, float | None],
    targets: dict[str, float | None],
    status: dict[str, str],
    pace: pd.DataFrame,
) -> pd.DataFrame:
    """One row per metric with a target this year or in 2029 (columns :data:`SUMMARY_COLUMNS`):
    actual, this year's target, gap in points (actual - target), status, the 2029 target and the
    paces from ``pace`` (rows of ``data_access.progress.Pace``). The most behind first: by points
    below target, then metrics without a target this year."""
    by_metric = pace.set_index("metric") if not pace.empty else pd.DataFrame()
    rows = []
    for metric, target in targets.items():
        target_2029 = number_or_none(by_metric["target_2029"].get(metric)) if not by_metric.empty else None
        if target is None and target_2029 is None:
            continue
        actual = number_or_none(metrics.get(metric))
        gap = None if actual is None or target is None else actual - float(target)
        rows.append(
            {
                "metric": metric,
                "actual": actual,
                "target": number_or_none(target),
                "gap": gap,
                "status": status.get(metric, TANPA_TARGET),
                "target_2029": target_2029,
                "achieved_per_year": number_or_none(by_metric["achieved_per_year"].get(metric)),
                "needed_per_year": number_or_none(by_metric["needed_per_year"].get(metric)),
            }
        )
    frame = pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
    if frame.empty:
        return frame
    frame["_rank"] = frame["status"].map(STATUS_RANK).fillna(3)
    frame = frame.sort_values(["_rank", "gap"], ascending=[True, True], na_position="last", kind="stable")
    return frame.drop(columns="_rank").reset_index(drop=True)


def pace_display(value: float | None, *, needed: bool = False) -> str:
    """``+4,2 poin/tahun``; for the pace needed, ``sudah tercapai`` once the 2029 target is met."""
    if value is None or pd.isna(value):
        return "–"
    if needed and value <= 0:
        return "sudah tercapai"
    return f"{format_points(float(value))}/tahun"


def summary_table(frame: pd.DataFrame, *, period: str, year: int) -> pd.DataFrame:
    """The summary as shown: Indonesian labels and formats (see :func:`summary_frame`)."""
    return pd.DataFrame(
        {
            "Indikator": [METRIC_LABELS[m] for m in frame["metric"]],
            f"Capaian {period}": [format_percent(number_or_none(v)) for v in frame["actual"]],
            f"Target {year}": [format_percent(number_or_none(v)) for v in frame["target"]],
            "Selisih": [format_points(number_or_none(v)) for v in frame["gap"]],
            "Status": [status_label(s) for s in frame["status"]],
            f"Target {LAST_YEAR}": [format_percent(number_or_none(v)) for v in frame["target_2029"]],
            "Laju dicapai": [pace_display(number_or_none(v)) for v in frame["achieved_per_year"]],
            "Laju diperlukan": [pace_display(number_or_none(v), needed=True) for v in frame["needed_per_year"]],
        }
    )


def year_label(year: int, *, current_year: int, month: int, separator: str = " ") -> str:
    """``2026 s.d. Oktober`` for the current year cut before December, else ``2026``."""
    if year == current_year and month < 12:
        return f"{year}{separator}s.d. {month_name(month)}"
    return str(year)


def trajectory_chart(rows: pd.DataFrame, *, metric_label: str, year: int, month: int) -> go.Figure:
    """Targets 2025-2029 as a dashed line and actuals as labelled points (coloured by status, with
    its symbol) for one metric; ``rows`` are that metric's rows of ``renstra_trajectory``."""
    rows = rows.sort_values("year")
    figure = go.Figure()
    targets = rows[rows["target"].notna()]
    if not targets.empty:
        figure.add_trace(
            go.Scatter(
                x=targets["year"].astype(int).tolist(),
                y=targets["target"].astype(float).tolist(),
                mode="lines+markers+text",
                name="Target Renstra",
                line={"color": TARGET_COLOR, "dash": "dash", "width": 2.5},
                marker={"symbol": "diamond-open", "size": 11, "color": TARGET_COLOR, "line": {"width": 2}},
                text=[format_percent(float(v)) for v in targets["target"]],
                textposition="top center",
                textfont={"color": TARGET_COLOR, "size": 13},
                hovertemplate=metric_label + "<br>Target %{x}: %{text}<extra></extra>",
                cliponaxis=False,
            )
        )
    actuals = rows[rows["actual"].notna()]
    if not actuals.empty:
        statuses = actuals["status"].fillna(TANPA_TARGET)
        figure.add_trace(
            go.Scatter(
                x=actuals["year"].astype(int).tolist(),
                y=actuals["actual"].astype(float).tolist(),
                mode="markers+text",
                name="Capaian",
                marker={
                    "size": 18,
                    "color": [STATUS_COLORS.get(s, NEUTRAL) for s in statuses],
                    "line": {"color": "white", "width": 2},
                },
                text=[
                    f"<b>{format_percent(float(v))}</b> {STATUS_SYMBOLS.get(s, '')}".strip()
                    for v, s in zip(actuals["actual"], statuses, strict=True)
                ],
                textposition="bottom center",
                textfont={"size": 15},
                customdata=[
                    [year_label(int(y), current_year=year, month=month), status_label(s)]
                    for y, s in zip(actuals["year"], statuses, strict=True)
                ],
                hovertemplate=metric_label + "<br>Capaian %{customdata[0]}: %{text}<br>%{customdata[1]}<extra></extra>",
                cliponaxis=False,
            )
        )
    apply_layout(figure, height=430)
    figure.update_layout(margin={"l": 10, "r": 20, "t": 50, "b": 10}, showlegend=True)
    figure.update_xaxes(
        tickmode="array",
        tickvals=list(RENSTRA_YEARS),
        ticktext=[year_label(y, current_year=year, month=month, separator="<br>") for y in RENSTRA_YEARS],
        range=[RENSTRA_YEARS[0] - 0.4, LAST_YEAR + 0.4],
        showgrid=False,
        title=None,
    )
    ticks = [0, 20, 40, 60, 80, 100]
    figure.update_yaxes(
        range=[0, 112], tickmode="array", tickvals=ticks, ticktext=[f"{tick} %" for tick in ticks], title=None
    )
    return figure


def status_matrix(children: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Child region x metric: ``children`` has one row per (code, name, metric, value, target,
    status). Returns the cell texts (``✔ 82,1 %``, ``–`` without a value) and the statuses, both
    indexed by region name, with one column per metric that at least one child has both a value and
    a target for (short labels)."""
    comparable = children[children["target"].notna() & children["value"].notna()]
    metrics = [m for m in METRIC_SHORT_LABELS if m in set(comparable["metric"])]
    names = children.drop_duplicates("code")[["code", "name"]]
    text = pd.DataFrame(index=names["name"].tolist(), columns=[METRIC_SHORT_LABELS[m] for m in metrics], dtype=object)
    status = text.copy()
    by_key = children.set_index(["code", "metric"])
    for code, name in names.itertuples(index=False):
        for metric in metrics:
            row = by_key.loc[(code, metric)]
            key = row["status"] if isinstance(row["status"], str) else TANPA_TARGET
            value = number_or_none(row["value"])
            cell = format_percent(value) if value is None else f"{STATUS_SYMBOLS[key]} {format_percent(value)}"
            text.loc[name, METRIC_SHORT_LABELS[metric]] = cell
            status.loc[name, METRIC_SHORT_LABELS[metric]] = key
    text.index.name = status.index.name = "Wilayah"
    return text, status


def style_status_matrix(text: pd.DataFrame, status: pd.DataFrame) -> Styler:
    """Cells tinted by status (light, so the symbol and the number stay readable)."""

    def colours(frame: pd.DataFrame) -> pd.DataFrame:
        return status.map(lambda s: f"background-color: {CELL_BACKGROUNDS[s]}; color: {CELL_TEXT[s]}").reindex_like(
            frame
        )

    return text.style.apply(colours, axis=None)
