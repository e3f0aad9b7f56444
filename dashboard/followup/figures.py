"""The figure a follow-up names, as it stood when written and as it stands now, from the page's own figures.

Both sides come from the same cached fetch as the rest of the dashboard (``context.fetch("metrics")``): the
region on screen and its children are in the page's result already; a region further below (an item of a
desa seen from the kabupaten) is fetched for that region through the same path, so "now" is never computed
any other way than the figures the pages show.
"""

from __future__ import annotations

import math

from app_store.figures import higher_is_better, movement
from app_store.records import FigureNow, FigureThen, TindakLanjut
from dashboard.cards import metric_display
from dashboard.context import PageView
from dashboard.data import DashboardError, fetch
from data_access import PERCENT_METRICS, MetricsResult, RegionMetrics

NO_FIGURE = "–"


def period_of(context: PageView) -> str:
    """The view's period as the store writes it (``YYYY-MM``)."""
    return f"{context.year}-{context.month:02d}"


def region_metrics(context: PageView, result: MetricsResult, code: str | None) -> RegionMetrics:
    """The figures of ``code`` for the view's period: from the page's result when it is the region on screen
    or a child, else fetched for that region (cached like every page's figures)."""
    if code == result.region.code:
        return result.region
    for child in result.children:
        if child.code == code:
            return child
    found: MetricsResult = fetch("metrics", context.url, code, context.year, context.month)
    return found.region


def _number(value: float | int | None) -> float | None:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    return float(value)


def figure_now(context: PageView, result: MetricsResult, code: str, metric: str) -> FigureNow:
    figures = region_metrics(context, result, code)
    target = _number(figures.targets.get(metric)) if metric in PERCENT_METRICS else None
    return FigureNow(value=_number(figures.metrics.get(metric)), period=period_of(context), target=target)


def figure_then(context: PageView, result: MetricsResult, code: str, metric: str | None) -> FigureThen | None:
    """The figure to keep with a new follow-up: the one on screen now (None when no metric is named).
    Targets are kept for percentages only, as the store requires."""
    if metric is None:
        return None
    now = figure_now(context, result, code, metric)
    return FigureThen(value=now.value, period=now.period, target=now.target)


def gaps_display(value: float | None) -> str:
    return NO_FIGURE if value is None else f"{int(value)} kekurangan"


def posyandu_now(context: PageView, region_code: str, posyandu_id: int) -> FigureNow:
    """A Posyandu's number of gaps in the view's period, from the same worklist Daftar Posyandu shows (its
    desa's); no value where the Posyandu is no longer listed (closed, moved)."""
    worklist = fetch("posyandu_worklist", context.url, region_code, context.year, context.month)
    rows = worklist[worklist["posyandu_id"] == posyandu_id]
    value = None if rows.empty else float(rows.iloc[0]["gap_count"])
    return FigureNow(value=value, period=period_of(context), target=0.0)


def _posyandu_then_now(context: PageView, item: TindakLanjut, then: FigureThen) -> tuple[str, str, str]:
    then_text = f"{gaps_display(then.value)} ({then.period})"
    assert item.data.posyandu_id is not None  # the caller checked
    try:
        now = posyandu_now(context, item.data.region_code, item.data.posyandu_id)
    except DashboardError:
        return then_text, NO_FIGURE, NO_FIGURE
    try:
        moved = movement(then, now, higher=False)  # fewer gaps is better
    except ValueError:
        moved = NO_FIGURE
    return then_text, f"{gaps_display(now.value)} ({now.period})", moved


def then_now(context: PageView, result: MetricsResult, item: TindakLanjut) -> tuple[str, str, str]:
    """``(then, now, movement)`` as shown in the list; dashes for an item without a figure, and no movement
    when the view's period lies before the one the figure was written for. A Posyandu's figure is its
    number of gaps."""
    metric, then = item.data.metric_code, item.data.figure
    if then is not None and item.data.posyandu_id is not None:
        return _posyandu_then_now(context, item, then)
    if metric is None or then is None:
        return NO_FIGURE, NO_FIGURE, NO_FIGURE
    try:
        now = figure_now(context, result, item.data.region_code, metric)
    except DashboardError:
        # a region's figures that cannot be read now (renamed code, database hiccup): the item still shows
        return f"{metric_display(metric, then.value)} ({then.period})", NO_FIGURE, NO_FIGURE
    then_text = f"{metric_display(metric, then.value)} ({then.period})"
    now_text = f"{metric_display(metric, now.value)} ({now.period})"
    try:
        moved = movement(then, now, higher=higher_is_better(metric))
    except ValueError:
        moved = NO_FIGURE
    return then_text, now_text, moved
