"""The opening every page shares, written once: resolve the view (region and period, with the
sidebar pickers), draw the heading from the page's registry entry, fetch what the page needs under
a spinner, show a database failure as its Indonesian message instead of figures, and put the
data-quality note above the figures. A page only says what it fetches and how it draws it.

A failure after this point (a section's own fetch) is the section's to show with :func:`load`,
or, if it escapes, the router's, which shows the same message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from dashboard.context import PageView, current_view
from dashboard.data import DashboardError
from dashboard.layout import page_header, quality_note
from dashboard.registry import PageEntry

T = TypeVar("T")


def open_page(page: PageEntry) -> PageView | None:
    """The view and the heading; None when the page cannot show anything (the reason is on screen)."""
    context = current_view()
    if context is not None:
        page_header(context, page)
    return context


def load(context: PageView, spinner: str | None, fetch: Callable[[PageView], T], *, note: bool = True) -> T | None:
    """``fetch(context)`` under ``spinner`` (none for None); a :class:`DashboardError` is shown as an
    error and gives None. With ``note``, the data-quality note follows what was fetched."""
    try:
        if spinner is None:
            fetched = fetch(context)
        else:
            with st.spinner(spinner):
                fetched = fetch(context)
    except DashboardError as error:
        st.error(str(error))
        return None
    if note:
        quality_note(context)
    return fetched


def show_page(
    page: PageEntry,
    *,
    spinner: str,
    fetch: Callable[[PageView], T],
    draw: Callable[[PageView, T], None],
    actions: Callable[[PageView], None] | None = None,
) -> None:
    """A whole page: heading, then ``actions`` (buttons that need no figures, such as the briefing
    downloads), the fetch with its error and data-quality note, and ``draw`` with what was fetched."""
    context = open_page(page)
    if context is None:
        return
    if actions is not None:
        actions(context)
    fetched = load(context, spinner, fetch)
    if fetched is not None:
        draw(context, fetched)
