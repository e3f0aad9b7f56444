"""The add/edit form of a follow-up, and the state that carries it across reruns.

The form's widgets keep their values in ``st.session_state`` under fixed keys, so whatever stops a save
(someone else saved first, the disk is full, a field is wrong) leaves the input on screen as typed: nothing is
cleared until a save succeeds. An edit remembers the version it started from; when a save is refused because
someone else saved in between, the other change is shown and the remembered version moves to theirs, so
"Simpan" again applies this input over it knowingly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import streamlit as st

from app_store.errors import ConflictError, WriteError
from app_store.records import FigureThen, Rapat, TindakLanjut, TindakLanjutInput
from app_store.repository import create_tindak_lanjut, update_tindak_lanjut
from app_store.vocabulary import DIRENCANAKAN, SELESAI, STATUSES
from dashboard.context import PageView
from dashboard.data import today
from dashboard.followup.figures import figure_then
from dashboard.followup.history import history_frame
from dashboard.followup.store import Store
from dashboard.labels import METRIC_LABELS
from data_access import METRIC_CODES, MetricsResult

REGION, METRIC, ACTION, OWNER, DUE, STATUS, EVIDENCE, RAPAT = (
    "tl_region",
    "tl_metric",
    "tl_action",
    "tl_owner",
    "tl_due",
    "tl_status",
    "tl_evidence",
    "tl_rapat",
)
FIELDS = (REGION, METRIC, ACTION, OWNER, DUE, STATUS, EVIDENCE, RAPAT)
EDITING = "_tl_editing"
RESET = "_tl_reset"
FLASH = "_tl_flash"
OPEN = "_tl_form_open"
ADD_PARAM, METRIC_PARAM = "tambah", "indikator"
NO_METRIC, NO_RAPAT = "— tanpa indikator —", "— bukan dari rapat —"
# A selectbox whose remembered choice is None shows its placeholder (Streamlit's own is English), so the
# "nothing chosen" options carry the same words as placeholders.
ASK_EVIDENCE = "Statusnya selesai tanpa bukti: tambahkan catatan atau tautan bukti bila sudah ada."
EVIDENCE_HELP = "Diminta bila status selesai (notulen, SK, foto kegiatan, tautan laporan); boleh dikosongkan."
DEFAULT_DUE_DAYS = 30
"""A new follow-up is due a month ahead unless the form says otherwise (the rakor's usual rhythm)."""


@dataclass(frozen=True)
class Editing:
    """The follow-up being edited: its id, the version the input started from, and its figure then (kept as
    long as the region and metric stay the same, since the figure then is what was on screen when it was
    written, not today's)."""

    item_id: int
    version: int
    region_code: str
    metric_code: str | None
    figure: FigureThen | None


def consume_link() -> None:
    """``?tambah=1&indikator=<metric>`` (the "+ Tindak lanjut" button of another page): open an empty form
    with the metric chosen, then drop both parameters so a reload does not clear the input again. An unknown
    metric code opens the form without one, with a warning (the code itself is not repeated: a link's text
    is anyone's input)."""
    if ADD_PARAM not in st.query_params:
        return
    metric = str(st.query_params.get(METRIC_PARAM, "")).strip()
    del st.query_params[ADD_PARAM]
    if METRIC_PARAM in st.query_params:
        del st.query_params[METRIC_PARAM]
    clear_form()
    st.session_state[OPEN] = True
    if metric in METRIC_CODES:
        st.session_state[METRIC] = metric
    elif metric:
        st.warning("Indikator di tautan tidak dikenal; formulir dibuka tanpa indikator.")


def clear_form() -> None:
    for key in (*FIELDS, EDITING):
        st.session_state.pop(key, None)


def load_item(item: TindakLanjut) -> None:
    """Fill the form with a stored follow-up to edit it (called from the picker's callback, before the form's
    widgets exist on this run)."""
    data = item.data
    st.session_state.update(
        {
            REGION: data.region_code,
            METRIC: data.metric_code,
            ACTION: data.action,
            OWNER: data.owner,
            DUE: data.due_on,
            STATUS: data.status,
            EVIDENCE: data.evidence or "",
            RAPAT: data.rapat_id,
            EDITING: Editing(item.id, item.stamp.version, data.region_code, data.metric_code, data.figure),
            OPEN: True,
        }
    )


def _sanitise(key: str, options: list, default: object) -> None:
    """A remembered choice no longer among the options (another region on screen) falls back to ``default``."""
    if st.session_state.get(key, default) not in options:
        st.session_state[key] = default


def _region_options(context: PageView, editing: Editing | None) -> dict[str, str]:
    """The region on screen and the ones right below it; an edited item keeps its own region as a choice."""
    options = {child.code: child.name for child in context.children}
    if context.region is not None:
        options = {context.region.code: context.region.name} | options
    if editing is not None and editing.region_code not in options:
        options[editing.region_code] = editing.region_code
    return options


def _submitted(context: PageView, result: MetricsResult, editing: Editing | None) -> TindakLanjutInput:
    state = st.session_state
    region, metric = state[REGION], state[METRIC]
    if editing is not None and (region, metric) == (editing.region_code, editing.metric_code):
        figure = editing.figure
    else:
        figure = figure_then(context, result, region, metric)
    evidence = state[EVIDENCE]
    return TindakLanjutInput(
        region_code=region,
        action=state[ACTION],
        owner=state[OWNER],
        due_on=state[DUE],
        status=state[STATUS],
        metric_code=metric,
        figure=figure,
        evidence=evidence if evidence else None,
        rapat_id=state[RAPAT],
    )


def _save(context: PageView, result: MetricsResult, store: Store) -> None:
    st.session_state[OPEN] = True  # whatever happens next, the input stays in an open form
    editing: Editing | None = st.session_state.get(EDITING)
    data = _submitted(context, result, editing)
    try:
        if editing is None:
            saved = create_tindak_lanjut(store.engine, actor=store.actor, data=data)
        else:
            saved = update_tindak_lanjut(
                store.engine, actor=store.actor, item_id=editing.item_id, expected_version=editing.version, data=data
            )
    except ConflictError as conflict:
        st.error(conflict.message)
        st.caption("Perubahan orang lain sejak Anda membuka isian ini:")
        st.dataframe(history_frame(conflict.changes), hide_index=True, width="stretch")
        assert editing is not None  # a new follow-up has no version to conflict with
        current = conflict.current
        st.session_state[EDITING] = Editing(
            editing.item_id, current.stamp.version, editing.region_code, editing.metric_code, editing.figure
        )
        return
    except WriteError as error:
        st.error(error.message)
        return
    verb = "ditambahkan" if editing is None else "disimpan"
    st.session_state[FLASH] = f"Tindak lanjut nomor {saved.id} {verb} (versi {saved.stamp.version})."
    if saved.data.status == SELESAI and not saved.data.evidence:
        st.session_state[FLASH] += " " + ASK_EVIDENCE
    st.session_state[RESET] = True
    st.rerun()


def draw_form(
    context: PageView, result: MetricsResult, store: Store, rapats: Mapping[int, Rapat], owners: list[str]
) -> None:
    """The form in an expander (open when a link or an edit asked for it); saves on "Simpan"."""
    if st.session_state.pop(RESET, False):
        clear_form()
        st.session_state[OPEN] = False
    flash = st.session_state.pop(FLASH, None)
    if flash:
        st.success(flash)
    editing: Editing | None = st.session_state.get(EDITING)
    regions = _region_options(context, editing)
    if not regions:
        return
    metrics: list[str | None] = [None, *METRIC_CODES]
    kept = st.session_state.get(RAPAT) if editing is not None else None  # an edit keeps its (even hidden) meeting
    rapat_ids: list[int | None] = [
        None,
        *(rid for rid, meeting in rapats.items() if not meeting.data.hidden or rid == kept),
    ]
    _sanitise(REGION, list(regions), next(iter(regions)))
    _sanitise(METRIC, metrics, None)
    _sanitise(STATUS, list(STATUSES), DIRENCANAKAN)
    _sanitise(RAPAT, rapat_ids, None)
    st.session_state.setdefault(DUE, today() + dt.timedelta(days=DEFAULT_DUE_DAYS))
    title = f"Ubah tindak lanjut nomor {editing.item_id}" if editing else "+ Tambah tindak lanjut"
    with st.expander(title, expanded=bool(st.session_state.get(OPEN))), st.form("tindak_lanjut_form"):
        st.selectbox("Wilayah", list(regions), key=REGION, format_func=lambda code: f"{regions[code]} ({code})")
        st.selectbox(
            "Indikator yang hendak digerakkan",
            metrics,
            key=METRIC,
            format_func=lambda code: METRIC_LABELS[code] if code else NO_METRIC,
            placeholder=NO_METRIC,
        )
        st.text_area("Tindakan", key=ACTION, max_chars=1000, placeholder="Apa yang akan dilakukan")
        st.text_input("Pelaksana", key=OWNER, max_chars=120, placeholder="Siapa yang melaksanakan")
        if owners:
            st.text("Pelaksana yang pernah diisi: " + " · ".join(owners))
        left, right = st.columns(2)
        left.date_input("Tenggat", key=DUE, format="DD-MM-YYYY")
        right.selectbox("Status", list(STATUSES), key=STATUS)
        st.text_area("Bukti (catatan atau tautan)", key=EVIDENCE, max_chars=2000, help=EVIDENCE_HELP)
        st.selectbox(
            "Dari rapat",
            rapat_ids,
            key=RAPAT,
            format_func=lambda rid: _rapat_label(rapats, rid),
            placeholder=NO_RAPAT,
        )
        if st.form_submit_button("Simpan", type="primary"):
            _save(context, result, store)
    if editing is not None:
        st.button("Batal mengubah", on_click=clear_form, key="tl_cancel_edit")


def _rapat_label(rapats: Mapping[int, Rapat], rapat_id: int | None) -> str:
    if rapat_id is None or rapat_id not in rapats:
        return NO_RAPAT
    meeting = rapats[rapat_id].data
    return f"{meeting.held_on:%d-%m-%Y} · {meeting.title}"
