"""The list of follow-ups of the region on screen and everything below it: filters, the table with then ->
now, the Excel/CSV export (the meeting's notulen), the history of one item and the picker that loads an item
into the form.

Everything typed by people is shown through ``st.dataframe`` or ``st.text`` (never Markdown), and a link only
where ``app_store.validation.evidence_link`` accepts the whole evidence as one http(s) address.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from app_store.errors import NotFoundError, StoreUnavailableError
from app_store.records import Rapat, TindakLanjut
from app_store.repository import LIST_LIMIT_MAX, item_history, list_tindak_lanjut
from app_store.validation import evidence_link
from app_store.vocabulary import SELESAI, STATUSES, TINDAK_LANJUT
from dashboard.context import PageView
from dashboard.downloads import download_buttons
from dashboard.followup.figures import then_now
from dashboard.followup.form import load_item
from dashboard.followup.history import history_frame
from dashboard.followup.store import Store
from dashboard.labels import METRIC_LABELS
from data_access import MetricsResult

ALL_OWNERS = "Semua pelaksana"
LINK_COLUMN = "Tautan bukti"
NO_EVIDENCE_COLUMN, NO_EVIDENCE = "Selesai tanpa bukti", "belum ada bukti"
""""Selesai" does not require evidence (a decision done is done), but the list marks one without it, so the
meeting can ask for it."""
PICK = "Pilih nomor…"


@dataclass(frozen=True)
class Filters:
    statuses: tuple[str, ...]
    overdue: bool
    owner: str | None
    rapat_id: int | None


def filters(owners: list[str], rapats: Mapping[int, Rapat]) -> Filters:
    """The filter row: stored statuses, "terlambat only", one owner, one meeting."""
    status_column, late_column, owner_column, rapat_column = st.columns([3, 1.7, 2, 3])
    statuses = status_column.multiselect("Status", list(STATUSES), key="tl_filter_status", placeholder="Semua status")
    late_column.write("")
    overdue = late_column.checkbox("Hanya terlambat", key="tl_filter_overdue")
    owner = owner_column.selectbox("Pelaksana", [ALL_OWNERS, *owners], key="tl_filter_owner")
    rapat_ids: list[int | None] = [None, *rapats]
    if st.session_state.get("tl_filter_rapat") not in rapat_ids:  # hidden meanwhile, or another region's
        st.session_state["tl_filter_rapat"] = None
    rapat_id = rapat_column.selectbox(
        "Rapat",
        rapat_ids,
        key="tl_filter_rapat",
        placeholder="Semua rapat",
        format_func=lambda rid: (
            "Semua rapat" if rid is None else f"{rapats[rid].data.held_on:%d-%m-%Y} · {rapats[rid].data.title}"
        ),
    )
    return Filters(tuple(statuses), overdue, None if owner == ALL_OWNERS else owner, rapat_id)


def fetch_items(store: Store, context: PageView, chosen: Filters, on: dt.date) -> tuple[TindakLanjut, ...]:
    listing = list_tindak_lanjut(
        store.engine,
        actor=store.actor,
        region_code=context.code,
        statuses=chosen.statuses or None,
        overdue_on=on if chosen.overdue else None,
        owner=chosen.owner,
        rapat_id=chosen.rapat_id,
        limit=LIST_LIMIT_MAX,
    )
    if listing.total > len(listing.items):
        st.caption(f"Ditampilkan {len(listing.items)} dari {listing.total} tindak lanjut (tenggat terdekat dulu).")
    return listing.items


def _figure_name(metric_code: str | None, posyandu_id: int | None) -> str:
    """What the figure columns are about: a metric, or a Posyandu's number of gaps."""
    if metric_code:
        return METRIC_LABELS.get(metric_code, "")
    return f"Kekurangan Posyandu nomor {posyandu_id}" if posyandu_id is not None else ""


def items_frame(
    context: PageView, result: MetricsResult, items: tuple[TindakLanjut, ...], names: Mapping[str, str], on: dt.date
) -> pd.DataFrame:
    """The list as shown and exported: one row per follow-up, every cell text or a date."""
    rows = []
    for item in items:
        data = item.data
        then, now, moved = then_now(context, result, item)
        rows.append(
            {
                "No": item.id,
                "Wilayah": names.get(data.region_code, data.region_code),
                "Tindakan": data.action,
                "Pelaksana": data.owner,
                "Tenggat": data.due_on,
                "Status": item.shown_status(on),
                "Indikator": _figure_name(data.metric_code, data.posyandu_id),
                "Angka awal": then,
                "Angka kini": now,
                "Arah": moved,
                "Bukti": data.evidence or "",
                NO_EVIDENCE_COLUMN: NO_EVIDENCE if data.status == SELESAI and not data.evidence else "",
                LINK_COLUMN: evidence_link(data.evidence),
                "Rapat": f"{item.rapat_held_on:%d-%m-%Y} · {item.rapat_title}" if item.rapat_title else "",
                "Versi": item.stamp.version,
                "Diubah oleh": item.stamp.updated_by,
            }
        )
    return pd.DataFrame(rows)


def show_table(frame: pd.DataFrame, name: str) -> None:
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        column_config={
            "Tindakan": st.column_config.TextColumn(width="medium"),
            "Tenggat": st.column_config.DateColumn(format="DD-MM-YYYY"),
            LINK_COLUMN: st.column_config.LinkColumn(),
        },
    )
    download_buttons(frame, name, key="tindak_lanjut_list")


def _pick_for_edit(items: Mapping[int, TindakLanjut]) -> None:
    chosen = st.session_state.get("tl_edit_pick")
    if isinstance(chosen, int) and chosen in items:
        load_item(items[chosen])
    st.session_state["tl_edit_pick"] = None


def edit_picker(items: tuple[TindakLanjut, ...]) -> None:
    """Choose a listed follow-up to load into the form (the picker resets itself once it has loaded one)."""
    by_id = {item.id: item for item in items}
    st.selectbox(
        "Ubah tindak lanjut",
        [None, *by_id],
        key="tl_edit_pick",
        placeholder=PICK,
        format_func=lambda item_id: PICK if item_id is None else f"{item_id} · {by_id[item_id].data.action}"[:90],
        on_change=_pick_for_edit,
        args=(by_id,),
    )


def show_history(store: Store, items: tuple[TindakLanjut, ...]) -> None:
    """Every version of one listed follow-up: who changed what, when."""
    ids = [item.id for item in items]
    chosen = st.selectbox(
        "Riwayat tindak lanjut nomor",
        [None, *ids],
        key="tl_history_pick",
        placeholder=PICK,
        format_func=lambda item_id: PICK if item_id is None else str(item_id),
    )
    if chosen is None:
        return
    try:
        entries = item_history(store.engine, actor=store.actor, entity=TINDAK_LANJUT, entity_id=chosen)
    except (StoreUnavailableError, NotFoundError) as error:
        st.error(error.message)
        return
    st.dataframe(history_frame(entries), hide_index=True, width="stretch")
