"""Daftar Posyandu: what a camat chases this month. At kecamatan and desa/kelurahan level, every
Posyandu with its registration, SK, kader, bidang served, last report and gaps -- "perlu perhatian"
first, searchable and filterable -- and what changed since the previous month. Above kecamatan
level, which child regions have the most Posyandu needing attention (click a bar to drill in)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import data, registry
from dashboard.charts.formatting import format_number, format_percent, month_name
from dashboard.charts.gap_status import gap_bar, status_by_child_bar, status_by_child_table
from dashboard.charts.posyandu_table import (
    changes_table,
    filter_worklist,
    names_preview,
    styled_worklist,
    worklist_table,
)
from dashboard.context import PageView
from dashboard.downloads import download_buttons
from dashboard.drill import drillable_chart
from dashboard.followup.posyandu import posyandu_followup
from dashboard.labels import CHANGE_LABELS, GAP_LABELS, GAP_STATUS_LABELS
from dashboard.page import load, open_page
from dashboard.sections.tables import fitted_table
from data_access.gaps import GAPS
from data_access.institution import CHANGES, gap_counts, previous_month, status_summary
from data_access.scope import Period
from data_access.vocabulary import GAP_STATUSES, KURANG, LENGKAP, PERLU_PERHATIAN

LIST_LEVELS = ("kecamatan", "desa_kelurahan")
STATUS_HELP = (
    "Kekurangan yang dihitung (6): belum teregistrasi, belum ber-SK, kader kurang dari 5, belum ada kader "
    "terlatih teknis, tidak melapor di bulan terakhir periode, belum melayani keenam bidang. "
    "✔ Lengkap = tanpa kekurangan, ◐ Kurang = 1–2 kekurangan, ✖ Perlu perhatian = 3 atau lebih."
)
STATUS_TINT = {PERLU_PERHATIAN: "red", KURANG: "orange", LENGKAP: "green"}
CHANGE_ICONS = {"registered": "🆕", "sk": "📝", "stopped_reporting": "⚠️"}


def _status_cards(summary: pd.DataFrame) -> None:
    """Jumlah Posyandu and one card per status (rows of ``status_summary``), each with its share."""
    columns = st.columns(4)
    with columns[0], st.container(border=True):
        st.metric("Jumlah Posyandu", format_number(int(summary["posyandu"].sum())))
        st.markdown("Posyandu aktif di wilayah ini")
    for column, row in zip(columns[1:], summary.itertuples(), strict=True):
        share = None if pd.isna(row.share) else float(row.share)
        with column, st.container(border=True):
            st.metric(f":{STATUS_TINT[row.status]}[{GAP_STATUS_LABELS[row.status]}]", format_number(int(row.posyandu)))
            st.markdown(f"{format_percent(share)} dari Posyandu")


def _overview(context: PageView) -> None:
    """Above kecamatan level: where the Posyandu needing attention are, to pick where to open the list."""
    loaded = load(
        context,
        "Menghitung kekurangan Posyandu…",
        # the counts only: the list is not shown here
        lambda view: (view.fetch("gap_status_by_child"), view.fetch("gap_status_summary")),
    )
    if loaded is None:
        return
    by_child, summary = loaded
    level = context.child_level_name
    st.info(
        "Daftar per Posyandu tersedia di tingkat **kecamatan** dan **desa/kelurahan**: pilih kecamatan atau "
        f"desa/kelurahan di panel samping, atau klik batang {level.lower() if level else 'wilayah'} di bawah untuk "
        "turun satu tingkat.",
        icon="👉",
    )
    _status_cards(summary)
    st.caption(STATUS_HELP)
    if by_child.empty:
        st.caption(f"{context.name} belum memiliki wilayah di bawahnya yang tercatat di database.")
        return
    st.subheader(f"{level} dengan Posyandu perlu perhatian terbanyak")
    drillable_chart(context, status_by_child_bar(by_child), key="posyandu_children")
    st.caption(
        f"Klik atau ketuk batang untuk membuka {level.lower()} itu. Paling banyak Posyandu perlu perhatian di atas."
    )
    table = status_by_child_table(by_child, unit_label=level)
    st.dataframe(table, hide_index=True, width="stretch")
    download_buttons(by_child, f"posyandu perlu perhatian per {level} {context.name}", key="posyandu_children_dl")


def _changes(context: PageView, changes: pd.DataFrame) -> None:
    """This month against the previous one: counts and a few names per kind, the full list on demand."""
    before = previous_month(Period(year=context.year, month=context.month, today=data.today()))
    st.subheader(
        f"Perubahan {month_name(context.month)} {context.year} dibanding {month_name(before.month)} {before.year}"
    )
    columns = st.columns(3)
    for column, change in zip(columns, CHANGES, strict=True):
        count = int((changes["change"] == change).sum()) if len(changes) else 0
        with column, st.container(border=True):
            st.metric(f"{CHANGE_ICONS[change]} {CHANGE_LABELS[change]}", f"{format_number(count)} Posyandu")
            preview = names_preview(changes, change) if count else "Tidak ada."
            st.caption(preview)
    if len(changes):
        with st.expander(f"Semua perubahan ({format_number(len(changes))})"):
            table = changes_table(changes)
            st.dataframe(table, hide_index=True, width="stretch")
            download_buttons(table, f"perubahan posyandu {context.name} {context.year}-{context.month:02d}", key="chg")
    st.caption(
        "Baru teregistrasi / SK baru: nomor registrasi atau SK yang tanggalnya jatuh di bulan ini. "
        "Berhenti melapor: ada laporan layanan yang sah di bulan sebelumnya, tidak ada di bulan ini."
    )


def _worklist(context: PageView, worklist: pd.DataFrame) -> None:
    st.subheader("Posyandu yang perlu dikejar")
    search, statuses, gaps = st.columns([2, 1, 1])
    query = search.text_input(
        "Cari", placeholder="Nama Posyandu, desa/kelurahan, atau lokasi (mis. RW 05)", key="posyandu_search"
    )
    chosen_statuses = statuses.multiselect(
        "Status",
        list(GAP_STATUSES),
        format_func=lambda status: GAP_STATUS_LABELS[status],
        key="posyandu_status",
        placeholder="Semua status",
    )
    chosen_gaps = gaps.multiselect(
        "Punya kekurangan",
        list(GAPS),
        format_func=lambda gap: GAP_LABELS[gap],
        key="posyandu_gap",
        placeholder="Semua",
    )
    shown = filter_worklist(worklist, query, chosen_statuses, chosen_gaps)
    table = worklist_table(shown)
    st.caption(
        f"Menampilkan **{format_number(len(shown))}** dari {format_number(len(worklist))} Posyandu — perlu "
        "perhatian di atas, lalu yang kekurangannya paling banyak."
    )
    if shown.empty:
        st.info(
            "Tidak ada Posyandu yang cocok dengan pencarian dan saringan ini. Kosongkan saringan untuk melihat semua."
        )
        return
    posyandu_followup(context, shown)
    if context.level == "desa_kelurahan":
        table = table.drop(columns="Desa/Kelurahan")  # one desa: the column would repeat its name
    fitted_table(
        styled_worklist(table),
        limit=640,
        column_config={
            "Status": st.column_config.TextColumn(width="medium"),
            "Posyandu": st.column_config.TextColumn(width="medium"),
            "Kekurangan": st.column_config.TextColumn(width="large"),
            "Teregistrasi": st.column_config.TextColumn(width="small", help="Nomor registrasi Posyandu (Kepmendagri)"),
            "SK": st.column_config.TextColumn(width="small", help="SK kepengurusan dari Kepala Desa/Lurah"),
            "Kader": st.column_config.NumberColumn(format="%d", width="small", help="Kader aktif"),
            "Kader terlatih": st.column_config.TextColumn(help="Kader dengan pelatihan teknis, dari kader aktif"),
            "Laporan terakhir": st.column_config.TextColumn(help="Bulan terakhir dengan laporan layanan yang sah"),
            "ID": st.column_config.NumberColumn(format="%d", width="small"),
        },
    )
    download_buttons(table, f"daftar posyandu {context.name} {context.year}-{context.month:02d}", key="posyandu_list")


def _list_view(context: PageView) -> None:
    loaded = load(
        context,
        "Memuat daftar Posyandu…",
        lambda view: (view.fetch("posyandu_worklist"), view.fetch("posyandu_changes")),
    )
    if loaded is None:
        return
    worklist, changes = loaded
    if worklist.empty:
        st.info(
            f"Belum ada Posyandu aktif yang tercatat di {context.name} pada periode ini. Posyandu muncul di sini "
            "setelah didaftarkan dengan tanggal berdiri yang sah."
        )
        return
    _status_cards(status_summary(worklist))
    st.caption(STATUS_HELP)
    _changes(context, changes)
    _worklist(context, worklist)
    with st.expander("Kekurangan yang paling sering"):
        gaps = gap_counts(worklist)
        st.plotly_chart(gap_bar(gaps, total=len(worklist)), key="posyandu_gap_bar", config={"displayModeBar": False})
        download_buttons(
            gaps.assign(label=gaps["gap"].map(GAP_LABELS)), f"kekurangan posyandu {context.name}", key="gap_dl"
        )


def main() -> None:
    context = open_page(registry.POSYANDU)
    if context is None:
        return
    if context.level in LIST_LEVELS:
        _list_view(context)
    else:
        _overview(context)


main()
