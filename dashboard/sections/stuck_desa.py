"""The desa/kelurahan a TP Posyandu chases on the Kelembagaan page: those stuck at the readiness
steps the user picks, fetched for the picked steps only and listed by region code."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.charts.formatting import format_number
from dashboard.charts.institution_table import desa_table
from dashboard.context import PageView
from dashboard.downloads import download_buttons
from dashboard.labels import STUCK_STEP_LABELS
from dashboard.page import load
from dashboard.sections.tables import fitted_table
from data_access.institution import NOT_READY, STUCK_STEPS, desa_list_limit


def stuck_desa_section(context: PageView, stuck_row: pd.Series) -> None:
    """The desa/kelurahan stuck at the chosen steps: all of them from kabupaten/kota level down, the
    first :data:`~data_access.institution.DESA_LIST_LIMIT` by code above (the counts per step and
    per child above still cover every desa), saying how many there are in all and where the full
    list is."""
    st.subheader("Desa/kelurahan yang tertahan")
    steps = st.pills(
        "Tampilkan desa/kelurahan yang tertahan di tahap",
        list(STUCK_STEPS),
        selection_mode="multi",
        default=list(NOT_READY),
        format_func=lambda step: STUCK_STEP_LABELS[step],
        key="kelembagaan_steps",
    )
    chosen = tuple(step for step in STUCK_STEPS if step in (steps or []))
    shown = load(
        context,
        "Memuat daftar desa/kelurahan…",
        lambda view: view.fetch("desa_readiness", steps=chosen, limit=desa_list_limit(view.level)),
        note=False,
    )
    if shown is None:
        return
    total = int(stuck_row["desa"])
    matching = sum(int(stuck_row[step]) for step in chosen or STUCK_STEPS)
    if len(shown) < matching:
        st.caption(
            f"Menampilkan **{format_number(len(shown))}** desa/kelurahan pertama (urut kode wilayah) dari "
            f"**{format_number(matching)}** yang tertahan di tahap terpilih ({format_number(total)} desa/kelurahan "
            f"di {context.name}). Daftar lengkap tampil mulai tingkat kabupaten/kota: buka kabupaten/kota-nya "
            "lewat grafik di atas atau pemilih wilayah di samping."
        )
    else:
        st.caption(
            f"Menampilkan **{format_number(len(shown))}** dari {format_number(total)} desa/kelurahan "
            "(urut kode wilayah). Kosongkan pilihan untuk melihat semuanya."
        )
    table = desa_table(shown)
    fitted_table(
        table,
        limit=600,
        min_rows=1,
        column_config={
            "Posyandu": st.column_config.NumberColumn(format="%d"),
            "Ber-SK": st.column_config.NumberColumn(format="%d"),
            "Ber-SK & teregistrasi": st.column_config.NumberColumn(format="%d"),
        },
    )
    download_buttons(table, f"desa tertahan {context.name} {context.year}", key="kelembagaan_desa_dl")
