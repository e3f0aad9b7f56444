"""Mode rapat: the meeting screen for a projector at a TP Posyandu rapat koordinasi.

One topic per screen -- headline figures, map, ranking of the child regions, Renstra gaps,
six-bidang services -- in large type, with no sidebar and no filter widgets. Arrow keys,
PageUp/PageDown (what a presentation clicker sends) or the discreet buttons bottom right move
between screens; ``?putar=30`` (or the ⏱ menu) advances on its own for a lobby screen. The region
and period are the app's shared view (``current_view(pickers=False)``), so a click on the map or a
bar drills in and every following screen follows; the screen itself is kept in ``?layar=``.

This page is only the flow; the frame, the screens and the projector styles are in
``dashboard/meeting/`` and ``dashboard/static/rapat.css``.
"""

from __future__ import annotations

import streamlit as st

from dashboard.context import current_view
from dashboard.meeting.frame import auto_advance, exit_meeting, inject_styles, navigation, top
from dashboard.meeting.screens import DRAW, screen_title
from dashboard.meeting.state import (
    INTERVAL_KEY,
    METRIC_KEY,
    MODE_KEY,
    MODE_MEETING,
    SCREEN_KEY,
    SCREENS,
    is_meeting,
    parse_interval,
    parse_metric,
    parse_screen,
)
from dashboard.page import load


def main() -> None:
    inject_styles()
    if not is_meeting(st.query_params):
        st.query_params[MODE_KEY] = MODE_MEETING  # the router hides its navigation from the next run on
    context = current_view(pickers=False)
    if context is None:
        if st.button("✕ Keluar", key="rapat_exit_error"):
            exit_meeting()
        return
    screen, screen_message = parse_screen(st.query_params.get(SCREEN_KEY))
    interval, interval_message = parse_interval(st.query_params.get(INTERVAL_KEY))
    metric = parse_metric(st.query_params.get(METRIC_KEY))
    top(context, screen, screen_title(screen, context, metric))
    for message in (screen_message, interval_message):
        if message:
            st.warning(message, icon="⚠️")
    result = load(context, None, lambda view: view.fetch("metrics"), note=False)
    if result is not None:
        with st.container(key="rapat_stage"):
            DRAW[SCREENS[screen - 1].key](context, result, metric)
    navigation(context, screen, interval, metric)
    if interval:
        auto_advance(screen, interval)


main()
