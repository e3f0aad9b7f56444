"""Daftar Posyandu's "+ Tindak lanjut": choose one listed Posyandu, and the follow-up is about it -- its desa
as the region, its gaps as the suggested action, its number of gaps now as the figure then with target 0
(the store's figure for a Posyandu, ``app_store.validation.figure_problem``) -- so "then -> now" later says
how many gaps are left."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_store.records import FigureThen
from dashboard.context import PageView
from dashboard.followup.figures import period_of
from dashboard.followup.quick import Subject, flash, keys, quick_fields
from dashboard.followup.store import open_store
from dashboard.labels import GAP_LABELS

QUICK = "posyandu_tl"
PICKED = "posyandu_tl_pick"
PREFILLED = "_posyandu_tl_prefilled"


def _gaps_text(row: pd.Series) -> str:
    return ", ".join(GAP_LABELS[gap] for gap in row["gaps"]) or "tanpa kekurangan"


def _name(row: pd.Series) -> str:
    return f"{row['name']} ({row['desa_name']})"


def subject_of(context: PageView, row: pd.Series) -> Subject:
    """The follow-up's subject for one row of ``posyandu_worklist``."""
    gaps = int(row["gap_count"])
    return Subject(
        region_code=str(row["desa_code"]),
        label=f"{_name(row)} · {gaps} kekurangan: {_gaps_text(row)}",
        posyandu_id=int(row["posyandu_id"]),
        figure=FigureThen(value=float(gaps), period=period_of(context), target=0.0),
    )


def posyandu_followup(context: PageView, shown: pd.DataFrame) -> None:
    """The button and its popover over the listed Posyandu (the first one, the most urgent, preselected). A
    store that may only be read shows its message instead (``open_store``)."""
    flash()
    store = open_store(context)
    if store is None or not store.writable or shown.empty:
        return
    rows = {int(row["posyandu_id"]): row for _, row in shown.iterrows()}
    if st.session_state.get(PICKED) not in rows:
        st.session_state[PICKED] = next(iter(rows))
    with st.popover("+ Tindak lanjut", key="posyandu_tl", help="Catat tindak lanjut untuk satu Posyandu"):
        picked = st.selectbox(
            "Posyandu",
            list(rows),
            key=PICKED,
            format_func=lambda pid: f"{rows[pid]['name']} ({rows[pid]['desa_name']})",
        )
        action = keys(QUICK)[0]
        if st.session_state.get(PREFILLED) != picked or action not in st.session_state:
            # another Posyandu, or the last one saved: its gaps become the suggested action
            st.session_state[PREFILLED] = picked
            st.session_state[action] = f"Lengkapi: {_gaps_text(rows[picked])}"
        quick_fields(store, subject_of(context, rows[picked]), QUICK)
