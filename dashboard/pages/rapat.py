"""Mode rapat: the meeting screen for a projector at a TP Posyandu rapat koordinasi.

One topic per screen -- headline figures, map, ranking of the child regions, Renstra gaps,
six-bidang services -- in large type, with no sidebar and no filter widgets. Arrow keys,
PageUp/PageDown (what a presentation clicker sends) or the discreet buttons bottom right move
between screens; ``?putar=30`` (or the ⏱ menu) advances on its own for a lobby screen. The region
and period are the app's shared view (``current_view(pickers=False)``), so a click on the map or a
bar drills in and every following screen follows; the screen itself is kept in ``?layar=``.

A region with earlier follow-ups opens on "Tindak lanjut rapat lalu" (``?layar=0``, so screens 1..5 keep
their numbers); "Mulai rapat" and "+ Tindak lanjut" sit in the navigation row of every screen, and what is
added is attached to the rapat in ``?rapat=`` (``dashboard/meeting/followups.py``).

This page is only the flow; the frame, the screens and the projector styles are in
``dashboard/meeting/`` and ``dashboard/static/rapat.css``.
"""

from __future__ import annotations

import streamlit as st

from dashboard.context import current_view
from dashboard.followup.quick import flash
from dashboard.followup.store import open_store
from dashboard.meeting.followups import actions, earlier_items, review_screen
from dashboard.meeting.frame import auto_advance, exit_meeting, inject_styles, navigation, top
from dashboard.meeting.screens import DRAW, screen_title
from dashboard.meeting.state import (
    INTERVAL_KEY,
    METRIC_KEY,
    MODE_KEY,
    MODE_MEETING,
    REVIEW_SCREEN,
    SCREEN_KEY,
    SCREENS,
    is_meeting,
    parse_interval,
    parse_metric,
    parse_screen,
)
from dashboard.page import load

REVIEW_TITLE = "Tindak lanjut rapat lalu"


def main() -> None:
    inject_styles()
    if not is_meeting(st.query_params):
        st.query_params[MODE_KEY] = MODE_MEETING  # the router hides its navigation from the next run on
    context = current_view(pickers=False)
    if context is None:
        if st.button("✕ Keluar", key="rapat_exit_error"):
            exit_meeting()
        return
    store = open_store(context) if context.code is not None else None
    earlier = earlier_items(context, store)
    first = REVIEW_SCREEN if earlier else 1
    screen, screen_message = parse_screen(st.query_params.get(SCREEN_KEY), first=first)
    interval, interval_message = parse_interval(st.query_params.get(INTERVAL_KEY))
    metric = parse_metric(st.query_params.get(METRIC_KEY))
    top(context, screen, REVIEW_TITLE if screen == REVIEW_SCREEN else screen_title(screen, context, metric))
    for message in (screen_message, interval_message):
        if message:
            st.warning(message, icon="⚠️")
    flash()
    result = load(context, None, lambda view: view.fetch("metrics"), note=False)
    if result is not None:
        with st.container(key="rapat_stage"):
            if screen == REVIEW_SCREEN:
                review_screen(context, result, earlier)
            else:
                DRAW[SCREENS[screen - 1].key](context, result, metric)
    navigation(context, screen, interval, metric, first, lambda: actions(context, result, store, metric))
    if interval:
        auto_advance(screen, interval)  # a lobby goes round the topic screens only


main()
