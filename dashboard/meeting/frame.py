"""The frame around every meeting screen: the projector styles, the title line with the region,
period and screen counter, the discreet navigation bottom right (the buttons, the keys a
presentation clicker sends, the way up a region level, the auto-advance and metric menu, and
"Keluar"), and the timer of a lobby screen. Every move goes through the URL (:mod:`.state`)."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import cache
from pathlib import Path

import streamlit as st

from dashboard import registry
from dashboard.charts.formatting import period_label
from dashboard.context import PageView, request_drill
from dashboard.labels import METRIC_LABELS
from dashboard.meeting.state import (
    INTERVAL_CHOICES,
    INTERVAL_KEY,
    METRIC_KEY,
    RETURN_STATE,
    REVIEW_SCREEN,
    SCREEN_KEY,
    SCREENS,
    carried_params,
    due,
    interval_display,
    parse_metric,
    step,
)
from data_access import PERCENT_METRICS

STYLES = Path(__file__).parents[1] / "static" / "rapat.css"
SHOWN_AT = "_rapat_shown_at"


@cache
def _styles() -> str:
    """The projector styles, read once per process."""
    return STYLES.read_text(encoding="utf-8")


def inject_styles() -> None:
    """Put the projector styles on the page; on every run, since a run's elements replace the last's."""
    st.html(f"<style>\n{_styles()}</style>")


def _go(screen: int) -> None:
    """Move to ``screen``: the URL is the meeting's state, so a reload or a shared link shows it too."""
    st.query_params[SCREEN_KEY] = str(screen)


def _move_button(label: str, key: str, shortcut: str, target: int, disabled: bool, help: str | None = None) -> None:
    """One button that moves to screen ``target``: the visible arrows and the hidden clicker keys differ
    only in label, key, shortcut and look, so they are drawn by this one function."""
    st.button(
        label,
        key=key,
        shortcut=shortcut,
        on_click=_go,
        args=(target,),
        disabled=disabled,
        help=help,
        type="tertiary" if help else "secondary",
    )


def _set_interval() -> None:
    seconds = int(st.session_state.get("rapat_interval", 0))
    if seconds:
        st.query_params[INTERVAL_KEY] = str(seconds)
    elif INTERVAL_KEY in st.query_params:
        del st.query_params[INTERVAL_KEY]


def _set_metric() -> None:
    st.query_params[METRIC_KEY] = str(st.session_state.get("rapat_metric", parse_metric(None)))


def exit_meeting() -> None:
    """Back to the page the meeting was opened from, on the same region and period."""
    st.switch_page(
        st.session_state.get(RETURN_STATE, registry.DEFAULT.script),
        query_params=carried_params(st.query_params, meeting=False),
    )


def top(context: PageView, screen: int, title: str) -> None:
    """Where and when the room is looking (region, period, sample badge), the screen counter, the
    screen's title, and any message about the link."""
    with st.container(key="rapat_top"):
        left, right = st.columns([5, 1], vertical_alignment="bottom")
        badge = " &nbsp;:orange-badge[🧪 data contoh]" if context.sample else ""
        left.markdown(f"📍 **{context.name}** · {period_label(context.year, context.month)}{badge}")
        with right.container(key="rapat_counter"):
            st.markdown("Rapat lalu" if screen == REVIEW_SCREEN else f"{screen} / {len(SCREENS)}")
    with st.container(key="rapat_title"):
        st.title(title, anchor=False)
    for message in context.messages:
        st.warning(message, icon="⚠️")


def navigation(
    context: PageView,
    screen: int,
    interval: int,
    metric: str,
    first: int = 1,
    actions: Callable[[], None] | None = None,
) -> None:
    """Small, faded buttons bottom right, out of the room's way: previous / next (also the arrow keys),
    one region level up, the auto-advance and metric menu, "Keluar"; and hidden PageUp / PageDown
    buttons, because that is what a presentation clicker sends. ``first`` is 0 where the review screen
    comes first; ``actions`` draws the meeting's own buttons (Mulai rapat, + Tindak lanjut) first in the row."""
    previous, following = step(screen, -1, first=first), step(screen, 1, first=first)
    with st.container(key="rapat_nav", horizontal=True, vertical_alignment="center", gap="small"):
        if actions is not None:
            actions()
        _move_button(
            "Sebelumnya", "rapat_prev", "Left", previous, screen == first, help="Layar sebelumnya (← atau PageUp)"
        )
        _move_button(
            "Berikutnya",
            "rapat_next",
            "Right",
            following,
            screen == len(SCREENS),
            help="Layar berikutnya (→ atau PageDown)",
        )
        if context.region is not None:
            parent = context.path[-2] if len(context.path) > 1 else None
            if st.button(
                f"⬆ {parent.name if parent else 'Indonesia'}",
                key="rapat_up",
                type="tertiary",
                help="Naik satu tingkat wilayah",
            ):
                request_drill(parent.code if parent else None)
        with st.popover("⏱" + (f" {interval_display(interval)}" if interval else ""), type="tertiary"):
            st.session_state["rapat_interval"] = interval if interval in INTERVAL_CHOICES else 0
            st.selectbox(
                "Putar otomatis",
                INTERVAL_CHOICES,
                key="rapat_interval",
                format_func=interval_display,
                on_change=_set_interval,
                help="Untuk layar di lobi: pindah layar sendiri.",
            )
            st.session_state["rapat_metric"] = metric
            st.selectbox(
                "Indikator peta & peringkat",
                PERCENT_METRICS,
                key="rapat_metric",
                format_func=lambda code: METRIC_LABELS[code],
                on_change=_set_metric,
            )
        if st.button("✕ Keluar", key="rapat_exit", type="tertiary", help="Kembali ke tampilan biasa"):
            exit_meeting()
    with st.container(key="rapat_keys"):  # what a presentation clicker sends; the buttons stay hidden
        _move_button("PageUp", "rapat_pageup", "PageUp", previous, screen == first)
        _move_button("PageDown", "rapat_pagedown", "PageDown", following, screen == len(SCREENS))


def auto_advance(screen: int, interval: int) -> None:
    """Advance every ``interval`` seconds (round again after the last screen); a click resets the
    clock because every full run stamps the time the screen was shown. The round is the five topic
    screens: the review of earlier follow-ups is for the meeting's start, not for a lobby."""
    st.session_state[SHOWN_AT] = time.monotonic()

    @st.fragment(run_every=interval)
    def tick() -> None:
        if due(time.monotonic() - st.session_state.get(SHOWN_AT, time.monotonic()), interval):
            _go(step(screen, 1, wrap=True))
            st.rerun(scope="app")

    tick()
