"""Hiding a rapat entered by mistake (a meeting started twice, a wrong date): offered beside the meeting filter
of the Tindak Lanjut page once a meeting is chosen, behind a confirmation.

Hiding is an edit of the meeting (``app_store.repository.hide_rapat``): it leaves the meeting pickers, while its
follow-ups stay -- still naming it -- with their history. The work runs in the button's callback, before the
page's widgets exist, so the meeting filter can be set back to "Semua rapat" in the same click.
"""

from __future__ import annotations

import streamlit as st

from app_store.errors import WriteError
from app_store.records import Rapat
from app_store.repository import hide_rapat
from dashboard.followup.store import Store

FILTER = "tl_filter_rapat"
CONFIRM = "tl_hide_confirm"
MESSAGE = "_tl_hide_message"


def _hide(store: Store, meeting: Rapat) -> None:
    try:
        hide_rapat(store.engine, actor=store.actor, meeting=meeting)
    except WriteError as error:
        st.session_state[MESSAGE] = ("error", error.message)
        return
    st.session_state[FILTER] = None
    st.session_state.pop(CONFIRM, None)
    st.session_state[MESSAGE] = ("success", f"{meeting.data.held_on:%d-%m-%Y} · {meeting.data.title}")


def show_message() -> None:
    """The outcome of the last hiding, once; the meeting it hid named with ``st.text`` (a title is someone's
    input, never Markdown)."""
    message = st.session_state.pop(MESSAGE, None)
    if message is None:
        return
    kind, text = message
    if kind == "success":
        st.success("Rapat disembunyikan; tindak lanjutnya tetap ada beserta riwayatnya.")
        st.text(text)
    else:
        st.error(text)


def hide_control(store: Store, meeting: Rapat) -> None:
    """ "Sembunyikan rapat" for the meeting chosen in the filter: a popover that names it and asks to confirm."""
    with st.popover("Sembunyikan rapat ini", key="tl_hide_rapat"):
        st.text(f"{meeting.data.held_on:%d-%m-%Y} · {meeting.data.title}")
        st.caption(
            "Untuk rapat yang tercatat karena keliru. Rapat tidak lagi muncul di pilihan rapat; tindak lanjutnya "
            "tetap ada beserta riwayatnya, dan penyembunyian ini tercatat di riwayat rapat."
        )
        confirmed = st.checkbox("Ya, rapat ini tercatat karena keliru", key=CONFIRM)
        st.button(
            "Sembunyikan",
            key="tl_hide_go",
            type="primary",
            disabled=not confirmed,
            on_click=_hide,
            args=(store, meeting),
        )
