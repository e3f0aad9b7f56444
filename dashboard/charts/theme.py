"""Colours and the common plotly look: readable on a projector and in black-and-white print
(status is always also given by a label or symbol, never by colour alone)."""

from __future__ import annotations

import plotly.graph_objects as go

from data_access.vocabulary import KURANG, LENGKAP, MENDEKATI, PERLU_PERHATIAN, TANPA_TARGET, TERCAPAI, TERTINGGAL

STATUS_COLORS: dict[str, str] = {
    TERCAPAI: "#15803D",
    MENDEKATI: "#D97706",
    TERTINGGAL: "#B91C1C",
    TANPA_TARGET: "#64748B",
}
STATUS_SYMBOLS: dict[str, str] = {TERCAPAI: "✔", MENDEKATI: "◐", TERTINGGAL: "✖", TANPA_TARGET: "–"}
GAP_STATUS_COLORS: dict[str, str] = {LENGKAP: "#15803D", KURANG: "#D97706", PERLU_PERHATIAN: "#B91C1C"}
PRIMARY = "#0F766E"
NEUTRAL = "#94A3B8"
SEQUENTIAL = "Teal"
FONT = "Source Sans Pro, DejaVu Sans, Arial, sans-serif"


def apply_layout(figure: go.Figure, *, height: int = 420, title: str | None = None) -> go.Figure:
    """Plain white background, large readable type, Indonesian separators (``1.234,5``)."""
    figure.update_layout(
        template="plotly_white",
        height=height,
        title={"text": title, "x": 0, "font": {"size": 18}} if title else None,
        font={"family": FONT, "size": 14, "color": "#1F2937"},
        separators=",.",
        margin={"l": 10, "r": 10, "t": 50 if title else 10, "b": 10},
        hoverlabel={"font_size": 14},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
    )
    return figure
