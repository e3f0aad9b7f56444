"""The quick "+ Tindak lanjut": three fields (action, owner, due date) and one "Simpan", for a follow-up whose
subject is already on screen -- the region and metric of a meeting screen, a Posyandu and its gaps in Daftar
Posyandu. It is filled with a room watching, so it asks for nothing the screen already says.

A refused save shows the store's one sentence and keeps the input as typed (the fields keep their values in
``st.session_state`` under ``<prefix>_*`` keys); a saved one empties the fields for the next decision.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from app_store.errors import StoreUnavailableError, WriteError
from app_store.records import FigureThen, TindakLanjutInput
from app_store.repository import create_tindak_lanjut, owner_suggestions
from dashboard.data import today
from dashboard.followup.form import DEFAULT_DUE_DAYS
from dashboard.followup.store import Store

FLASH = "_tl_quick_flash"
SUGGESTIONS = 5


@dataclass(frozen=True)
class Subject:
    """What the follow-up is about, as the screen shows it; ``label`` is the line above the fields."""

    region_code: str
    label: str
    metric_code: str | None = None
    posyandu_id: int | None = None
    figure: FigureThen | None = None
    rapat_id: int | None = None


def keys(prefix: str) -> tuple[str, str, str, str]:
    """The session keys of the action, owner, due date and error of one quick form."""
    return f"{prefix}_action", f"{prefix}_owner", f"{prefix}_due", f"_{prefix}_error"


def _save(store: Store, subject: Subject, prefix: str) -> None:
    action, owner, due, error = keys(prefix)
    state = st.session_state
    data = TindakLanjutInput(
        region_code=subject.region_code,
        action=state[action],
        owner=state[owner],
        due_on=state[due],
        metric_code=subject.metric_code,
        posyandu_id=subject.posyandu_id,
        figure=subject.figure,
        rapat_id=subject.rapat_id,
    )
    try:
        saved = create_tindak_lanjut(store.engine, actor=store.actor, data=data)
    except WriteError as refused:
        state[error] = refused.message  # the input stays in the fields as typed
        return
    for key in keys(prefix):
        state.pop(key, None)
    state[FLASH] = f"Tindak lanjut nomor {saved.id} dicatat."


def quick_fields(store: Store, subject: Subject, prefix: str) -> None:
    """The subject as text, the three fields, the owners typed before in this region, and "Simpan"."""
    action, owner, due, error = keys(prefix)
    st.text(subject.label)
    st.text_input("Tindakan", key=action, max_chars=1000, placeholder="Apa yang akan dilakukan")
    st.text_input("Pelaksana", key=owner, max_chars=120, placeholder="Siapa yang melaksanakan")
    try:
        owners = owner_suggestions(store.engine, actor=store.actor, region_code=subject.region_code)
    except StoreUnavailableError:
        owners = []  # suggestions are a help; the save itself reports a store that cannot be reached
    if owners:
        st.text("Pernah diisi: " + " · ".join(owners[:SUGGESTIONS]))
    st.session_state.setdefault(due, today() + dt.timedelta(days=DEFAULT_DUE_DAYS))
    st.date_input("Tenggat", key=due, format="DD-MM-YYYY")
    if error in st.session_state:
        st.error(st.session_state[error])
    st.button("Simpan", key=f"{prefix}_save", type="primary", on_click=_save, args=(store, subject, prefix))


def flash() -> None:
    """The last quick save's confirmation, once."""
    message = st.session_state.pop(FLASH, None)
    if message:
        st.toast(message, icon="✅")
