"""The meeting's own records: "Mulai rapat" (the day and title of the rapat being held, kept in ``?rapat=`` so
every decision taken on any screen is attached to it), the quick "+ Tindak lanjut" the room watches being
filled (action, owner, due date; the region and metric in view are taken as they are), and the review screen
"Tindak lanjut rapat lalu" that opens a meeting where earlier follow-ups exist.

Reads and writes go through ``app_store`` as the signed-in user (``dashboard.followup.store``), so a camat
adds only inside their own kecamatan whatever the URL says. Text people typed is shown with ``st.text``,
never as Markdown.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from app_store.errors import NotFoundError, StoreUnavailableError, WriteError
from app_store.records import RapatInput, TindakLanjut
from app_store.repository import (
    LIST_LIMIT_MAX,
    create_rapat,
    get_rapat,
    list_tindak_lanjut,
)
from app_store.vocabulary import BERJALAN, DIBATALKAN, SELESAI, TERLAMBAT
from dashboard.context import PageView
from dashboard.data import today
from dashboard.followup.figures import figure_then, then_now
from dashboard.followup.quick import Subject, quick_fields
from dashboard.followup.store import Store
from dashboard.labels import METRIC_LABELS
from dashboard.meeting.state import RAPAT_KEY, parse_rapat
from data_access import MetricsResult
from data_access.access import OutOfScopeError

QUICK = "rapat_qa"
START_DATE, START_TITLE, START_ERROR = "rapat_start_date", "rapat_start_title", "_rapat_start_error"
GROUPS = (("Selesai", SELESAI), ("Berjalan", BERJALAN), ("Terlambat", TERLAMBAT))
"""The review screen's three columns; a follow-up just planned counts as running (it is open and not late)."""


def current_rapat(store: Store) -> tuple[int, str] | None:
    """The meeting of ``?rapat=`` as ``(id, label)`` when this user may see it; else no meeting."""
    rapat_id = parse_rapat(st.query_params.get(RAPAT_KEY))
    if rapat_id is None:
        return None
    try:
        found = get_rapat(store.engine, actor=store.actor, rapat_id=rapat_id)
    except (StoreUnavailableError, NotFoundError) as error:
        st.warning(f"{error.message} Tindak lanjut tidak dilampirkan pada rapat.")
        return None
    except OutOfScopeError:
        st.warning("Rapat di tautan berada di luar wilayah akses Anda; tindak lanjut tidak dilampirkan pada rapat.")
        return None
    if found.data.hidden:
        st.warning(
            "Rapat di tautan sudah disembunyikan (tercatat karena keliru); tindak lanjut tidak dilampirkan pada rapat."
        )
        return None
    return found.id, f"{found.data.held_on:%d-%m-%Y} · {found.data.title}"


def _start(context: PageView, store: Store) -> None:
    code = context.code
    assert code is not None  # the button is drawn only on a region
    data = RapatInput(region_code=code, held_on=st.session_state[START_DATE], title=st.session_state[START_TITLE])
    try:
        saved = create_rapat(store.engine, actor=store.actor, data=data)
    except WriteError as error:
        st.session_state[START_ERROR] = error.message
        return
    st.session_state.pop(START_ERROR, None)
    st.toast(f"Rapat dimulai: {saved.data.title}", icon="✅")
    st.query_params[RAPAT_KEY] = str(saved.id)


def actions(context: PageView, result: MetricsResult | None, store: Store | None, metric: str) -> None:
    """The meeting's buttons in the navigation row: the rapat being held (or "Mulai rapat") and "+ Tindak
    lanjut". Hidden at the country level (a rapat belongs to a region's TP), without a store, and when the
    store may only be read (its message is shown by ``open_store``)."""
    if context.code is None or store is None or not store.writable:
        return
    meeting = current_rapat(store)
    with st.popover(f"📋 {meeting[1]}" if meeting else "Mulai rapat", key="rapat_start"):
        if meeting:
            st.text(f"Rapat berjalan: {meeting[1]}")
            st.caption("Tindak lanjut yang dicatat dilampirkan pada rapat ini.")
        st.date_input("Tanggal rapat", key=START_DATE, value=today(), format="DD-MM-YYYY")
        st.text_input("Judul rapat", key=START_TITLE, max_chars=200, placeholder="mis. Rakor TP Posyandu")
        if START_ERROR in st.session_state:
            st.error(st.session_state[START_ERROR])
        st.button(
            "Mulai rapat baru" if meeting else "Mulai", key="rapat_start_go", on_click=_start, args=(context, store)
        )
    if result is None:
        return
    code = context.code
    subject = Subject(
        region_code=code,
        label=f"{context.name} · {METRIC_LABELS[metric]}",
        metric_code=metric,
        figure=figure_then(context, result, code, metric),
        rapat_id=meeting[0] if meeting else None,
    )
    with st.popover("+ Tindak lanjut", key="rapat_qa", type="primary"):
        quick_fields(store, subject, QUICK)


def earlier_items(context: PageView, store: Store | None) -> tuple[TindakLanjut, ...]:
    """The region's follow-ups not taken in the meeting being held and not cancelled: what the review screen
    lists. None at the country level, where no rapat is held."""
    if context.code is None or store is None:
        return ()
    current = parse_rapat(st.query_params.get(RAPAT_KEY))
    try:
        listing = list_tindak_lanjut(store.engine, actor=store.actor, region_code=context.code, limit=LIST_LIMIT_MAX)
    except StoreUnavailableError as error:
        st.warning(error.message)
        return ()
    return tuple(
        item
        for item in listing.items
        if item.data.status != DIBATALKAN and (current is None or item.data.rapat_id != current)
    )


def group_of(item: TindakLanjut, on: dt.date) -> str:
    """Which column of the review screen an item goes in: selesai, terlambat, or berjalan for any other open one."""
    shown = item.shown_status(on)
    return shown if shown in (SELESAI, TERLAMBAT) else "berjalan"


def review_screen(context: PageView, result: MetricsResult, items: tuple[TindakLanjut, ...]) -> None:
    """Done / running / late, each follow-up with its owner, due date and its figure then → now."""
    on = today()
    columns = st.columns(len(GROUPS))
    for column, (label, group) in zip(columns, GROUPS, strict=True):
        chosen = [item for item in items if group_of(item, on) == group]
        with column.container(key=f"rapat_review_{group}"):
            st.subheader(f"{label} ({len(chosen)})", anchor=False)
            for item in chosen:
                then, now, moved = then_now(context, result, item)
                with st.container(border=True):
                    st.text(item.data.action)
                    st.text(f"{item.data.owner} · tenggat {item.data.due_on:%d-%m-%Y}")
                    if item.data.metric_code:
                        st.text(f"{METRIC_LABELS[item.data.metric_code]}: {then} → {now} {moved}")
                    elif item.data.posyandu_id is not None:
                        st.text(f"Posyandu nomor {item.data.posyandu_id}: {then} → {now} {moved}")
