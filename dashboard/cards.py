"""Headline metric cards: value, Renstra target and status (with a symbol, not colour alone), and
the change against the previous year."""

from __future__ import annotations

import streamlit as st

from dashboard.charts.formatting import format_number, format_percent, format_points
from dashboard.charts.theme import STATUS_SYMBOLS
from dashboard.headline import COUNT_METRICS
from dashboard.labels import METRIC_HELP, METRIC_LABELS
from data_access.vocabulary import MENDEKATI, TANPA_TARGET, TERCAPAI, TERTINGGAL

STATUS_BADGE = {TERCAPAI: "green", MENDEKATI: "orange", TERTINGGAL: "red", TANPA_TARGET: "gray"}
LOWER_IS_BETTER = ("kader_under5_count",)


def metric_display(code: str, value: float | int | None) -> str:
    """A metric's value as shown: counts as ``1.234``, percentages as ``61,2 %``."""
    return format_number(value) if code in COUNT_METRICS else format_percent(value)


def change_display(code: str, change: float | None) -> str | None:
    """``+4,2 poin`` for a percentage, ``+12`` for a count; None when unknown."""
    if change is None:
        return None
    # st.metric reads the direction from a leading ASCII "-", so a fall must not use the "−" sign.
    if code in COUNT_METRICS:
        sign = "+" if change > 0 else ""
        return f"{sign}{format_number(change)} dari tahun lalu".replace("−", "-")
    return f"{format_points(change)} dari tahun lalu".replace("−", "-")


def metric_card(
    code: str,
    value: float | int | None,
    *,
    target: float | None = None,
    status: str | None = None,
    change: float | None = None,
    count_caption: str | None = None,
) -> None:
    """One bordered card; call inside a column."""
    with st.container(border=True):
        delta = change_display(code, change)
        unchanged = delta is not None and ("±" in delta or delta.startswith("0 "))
        st.metric(
            METRIC_LABELS[code],
            metric_display(code, value),
            delta=delta,
            delta_color="off" if unchanged else ("inverse" if code in LOWER_IS_BETTER else "normal"),
            delta_arrow="off" if unchanged else "auto",
            help=METRIC_HELP.get(code),
        )
        parts = []
        if count_caption:
            parts.append(count_caption)
        badge = status_badge(status, target)
        if badge:
            parts.append(badge)
        elif code not in COUNT_METRICS:
            parts.append(":gray-badge[tanpa target]")
        if parts:
            st.markdown(" · ".join(parts))


def status_badge(status: str | None, target: float | None) -> str | None:
    """``:red-badge[✖ Tertinggal] target 65,0 %`` for a figure with a target; None without one."""
    if not status or status == TANPA_TARGET or target is None:
        return None
    return (
        f":{STATUS_BADGE[status]}-badge[{STATUS_SYMBOLS[status]} {status.capitalize()}] target {format_percent(target)}"
    )
