"""Tindak Lanjut: the follow-ups decided for the region on screen and every region below it, with where the
figure each was meant to move went since (then -> now), a form to add and edit them, and each one's history.

The figures come from the same cached fetch as Ringkasan; the follow-ups from the dashboard's own store
(``app_store``), read and written under the signed-in user's scope. A store that cannot be written keeps the
list and hides the forms; one that cannot be read says so in one sentence, and the figures' pages carry on.
"""

from __future__ import annotations

import streamlit as st

from app_store.errors import StoreUnavailableError
from app_store.repository import LIST_LIMIT_MAX, list_rapat, owner_suggestions, status_counts
from app_store.vocabulary import STATUSES, TERLAMBAT
from dashboard import registry
from dashboard.charts.formatting import format_number
from dashboard.context import PageView
from dashboard.data import today
from dashboard.followup.form import consume_link, draw_form
from dashboard.followup.hide import hide_control, show_message
from dashboard.followup.listing import edit_picker, fetch_items, filters, items_frame, show_history, show_table
from dashboard.followup.store import Store, open_store
from dashboard.page import show_page
from data_access import MetricsResult

# (comments, not docstrings: a page runs with Streamlit's "magic", which would print a bare string)
OWNER_FILTER_MAX = 500  # owners offered by the owner filter, most used first; a region has far fewer
OWNER_SUGGESTIONS = 10  # owners suggested under the form's "Pelaksana": enough to spot a spelling to reuse


def _fetch(context: PageView) -> MetricsResult:
    return context.fetch("metrics")


def _tally(store: Store, context: PageView) -> None:
    counts = status_counts(store.engine, actor=store.actor, region_code=context.code, on=today())
    columns = st.columns(len(STATUSES) + 1)
    for column, status in zip(columns, (*STATUSES, TERLAMBAT), strict=True):
        column.metric(status.capitalize(), format_number(counts[status]))


def _empty_state(context: PageView, *, filtered: bool, writable: bool) -> None:
    if filtered:
        st.info("Tidak ada tindak lanjut yang sesuai dengan saringan ini.")
    elif writable:
        st.info(
            f"Belum ada tindak lanjut untuk {context.name}. Tambahkan dari tombol + Tindak lanjut di Ringkasan atau "
            "Renstra, atau isi formulir di bawah."
        )
    else:
        st.info(f"Belum ada tindak lanjut untuk {context.name}.")


def _draw(context: PageView, result: MetricsResult) -> None:
    consume_link()
    store = open_store(context)
    if store is None:
        return
    on = today()
    try:
        rapats = {  # hidden ones too: an edited follow-up keeps the meeting it came from
            meeting.id: meeting
            for meeting in list_rapat(
                store.engine, actor=store.actor, region_code=context.code, include_hidden=True, limit=LIST_LIMIT_MAX
            ).items
        }
        shown = {rapat_id: meeting for rapat_id, meeting in rapats.items() if not meeting.data.hidden}
        owners = owner_suggestions(store.engine, actor=store.actor, region_code=context.code, limit=OWNER_FILTER_MAX)
        _tally(store, context)
        show_message()
        chosen = filters(owners, shown)
        if chosen.rapat_id is not None and store.writable:
            hide_control(store, shown[chosen.rapat_id])
        items = fetch_items(store, context, chosen, on)
    except StoreUnavailableError as error:
        st.error(error.message)
        return
    names = {child.code: child.name for child in result.children if child.code is not None}
    if context.region is not None:
        names[context.region.code] = context.region.name
    if items:
        frame = items_frame(context, result, items, names, on)
        show_table(frame, f"tindak lanjut {context.name} {on:%Y-%m-%d}")
        show_history(store, items)
    else:
        filtered = bool(chosen.statuses or chosen.overdue or chosen.owner or chosen.rapat_id)
        _empty_state(context, filtered=filtered, writable=store.writable)
    if not store.writable:
        return
    st.subheader("Tambah atau ubah")
    if items:
        edit_picker(items)
    draw_form(context, result, store, rapats, owners[:OWNER_SUGGESTIONS])


show_page(registry.TINDAK_LANJUT, spinner="Memuat angka dan tindak lanjut…", fetch=_fetch, draw=_draw)
