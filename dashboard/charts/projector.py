"""The large-type variant of :mod:`dashboard.charts.theme` for the meeting screen: any figure the
pages build, re-dressed to be read from the back of a room on a washed-out projector.

Applied after a chart builder, so the meeting reuses the very same charts (and numbers) as the
pages: every font at least :data:`MIN_FONT_PX`, black text, thicker outlines, and the status
colours darkened where white labels sit on them (status still also carries its symbol and word).
"""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard.charts.theme import STATUS_COLORS
from data_access.vocabulary import MENDEKATI, TANPA_TARGET

MIN_FONT_PX = 22
TITLE_FONT_PX = 28
TEXT_COLOR = "#000000"
DARKER: dict[str, str] = {
    STATUS_COLORS[MENDEKATI]: "#B45309",  # amber 700: white labels reach 5:1 instead of 3:1
    STATUS_COLORS[TANPA_TARGET]: "#475569",
}
"""Colours too light for white text on a projector, and the darker shade of the same hue."""


def _darker(color: object) -> object:
    if isinstance(color, str):
        return DARKER.get(color.upper(), DARKER.get(color, color))
    if isinstance(color, (list, tuple)):
        return [_darker(c) for c in color]
    return color


def _bigger(font: object, size: int = MIN_FONT_PX) -> dict:
    """A font spec at least ``size`` px (plotly font objects and plain dicts alike)."""
    current = getattr(font, "size", None) if not isinstance(font, dict) else font.get("size")
    return {"size": max(size, current or 0)}


def for_projector(figure: go.Figure, *, height: int | None = None) -> go.Figure:
    """``figure`` with projector type: layout, axes, legend, colour bars, trace labels and
    subplot titles at least 22 px; ``height`` replaces the figure's own when given."""
    figure.update_layout(
        font={"size": MIN_FONT_PX, "color": TEXT_COLOR},
        hoverlabel={"font_size": MIN_FONT_PX},
        legend={"font": {"size": MIN_FONT_PX}},
    )
    if figure.layout.title and figure.layout.title.text:
        figure.update_layout(title={"font": {"size": TITLE_FONT_PX}})
    if figure.layout.legend.grouptitlefont is not None:
        figure.update_layout(legend={"grouptitlefont": {"size": MIN_FONT_PX}})
    figure.update_xaxes(tickfont={"size": MIN_FONT_PX, "color": TEXT_COLOR}, title_font={"size": MIN_FONT_PX})
    figure.update_yaxes(tickfont={"size": MIN_FONT_PX, "color": TEXT_COLOR}, title_font={"size": MIN_FONT_PX})
    for annotation in figure.layout.annotations or ():
        annotation.font = _bigger(annotation.font)
    for trace in figure.data:
        if "textfont" in trace:
            trace.textfont.size = max(MIN_FONT_PX, trace.textfont.size or 0)
        if "outsidetextfont" in trace and trace.outsidetextfont is not None:
            trace.outsidetextfont.size = max(MIN_FONT_PX, trace.outsidetextfont.size or 0)
        if "insidetextfont" in trace and trace.insidetextfont is not None:
            trace.insidetextfont.size = max(MIN_FONT_PX, trace.insidetextfont.size or 0)
        if "legendgrouptitle" in trace and trace.legendgrouptitle.text:
            trace.legendgrouptitle.font = _bigger(trace.legendgrouptitle.font)
        if "colorbar" in trace:
            trace.colorbar.tickfont = _bigger(trace.colorbar.tickfont)
            trace.colorbar.thickness = max(24, trace.colorbar.thickness or 0)
        if trace.type == "bar":
            trace.marker.color = _darker(trace.marker.color)
        if trace.type == "choroplethmap":
            trace.marker.line.width = max(2.0, trace.marker.line.width or 0)
            if trace.colorscale and len({c for _, c in trace.colorscale}) == 1:  # a flat status colour
                colour = _darker(trace.colorscale[0][1])
                trace.colorscale = [[0, colour], [1, colour]]
        if trace.type == "scatter" and trace.marker.symbol == "line-ns":  # the Renstra target mark
            trace.marker.size = max(36, trace.marker.size or 0)
            trace.marker.line.width = 4
            trace.opacity = 1
    if height is not None:
        figure.update_layout(height=height)
    return figure


def labels_clear_of_targets(figure: go.Figure, *, gap: float = 1.5, room: float = 25.0) -> go.Figure:
    """For a :func:`dashboard.charts.ranking.ranking_bar` figure: a label drawn outside a short
    bar is moved past the Renstra target mark when the mark lies less than ``room`` axis units
    beyond the bar (a projector-size label is about that wide on a 0-105 % axis), so the black line
    never crosses the number; with more room the label stays beside its bar."""
    bars = next((trace for trace in figure.data if trace.type == "bar"), None)
    targets = next((t for t in figure.data if t.type == "scatter" and t.marker.symbol == "line-ns"), None)
    if bars is None or targets is None or bars.text is None:
        return figure
    positions = bars.textposition if isinstance(bars.textposition, (list, tuple)) else [bars.textposition] * len(bars.x)
    target_at = dict(zip(targets.y, targets.x, strict=False))
    moved_x, moved_y, moved_text, texts = [], [], [], list(bars.text)
    for index, (value, name, label, position) in enumerate(zip(bars.x, bars.y, bars.text, positions, strict=True)):
        target = target_at.get(name)
        if position != "outside" or target is None or target != target or not 0 < target - value < room:
            continue
        moved_x.append(float(target) + gap)
        moved_y.append(name)
        moved_text.append(label)
        texts[index] = ""
    if moved_x:
        bars.text = texts
        figure.add_trace(
            go.Scatter(
                x=moved_x,
                y=moved_y,
                text=moved_text,
                mode="text",
                textposition="middle right",
                textfont={"size": MIN_FONT_PX, "color": TEXT_COLOR},
                hoverinfo="skip",
                showlegend=False,
                cliponaxis=False,
            )
        )
    return figure
