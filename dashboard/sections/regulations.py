"""Posyandu regulations (Perda, Perkada or SK), a kabupaten/kota matter: the card with the share of
kabupaten/kota that have their own, and the section naming those that do not yet. Below
kabupaten/kota level both say which kabupaten/kota's regulation applies instead."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.charts.formatting import format_number
from dashboard.charts.funding import format_date, regulation_kinds, regulation_status, regulation_table
from dashboard.context import PageView
from dashboard.downloads import download_buttons
from dashboard.sections.card_row import counted, result_card
from data_access import MetricsResult

REGULATION_LEVELS = (None, "provinsi", "kabupaten_kota")  # where regulation_pct is defined


def regulation_card(context: PageView, result: MetricsResult, regulations: pd.DataFrame) -> None:
    """The kab/kota regulation figure where it is defined; below kabupaten/kota, whether the
    kabupaten/kota above has a regulation of its own (a kecamatan or desa makes none)."""
    if context.level in REGULATION_LEVELS:
        caption = counted(result.counts, "regions.kabupaten_kota_with_regulation", "regions.kabupaten_kota", "kab/kota")
        result_card(result, "regulation_pct", caption=caption)
        return
    with st.container(border=True):
        if regulations.empty:
            st.metric("Regulasi Posyandu kab/kota", "–")
            st.markdown("Kabupaten/kota induk wilayah ini tidak ditemukan di data wilayah.")
            return
        parent = regulations.iloc[0]
        st.metric(f"Regulasi Posyandu {parent['name']}", regulation_status(bool(parent["has_regulation"])))
        st.markdown(":gray-badge[urusan kabupaten/kota]")


def _own_regulation(context: PageView, row: pd.Series) -> None:
    """A kabupaten/kota's own status, in a sentence."""
    if row["has_regulation"]:
        st.success(
            f"{context.name} sudah memiliki regulasi Posyandu sendiri: {format_number(int(row['regulations']))} "
            f"regulasi ({regulation_kinds(row['kinds'])}), terakhir terbit {format_date(row['latest_issued_on'])}.",
            icon="✅",
        )
    else:
        st.warning(
            f"{context.name} belum memiliki regulasi Posyandu sendiri (Perda, Perkada atau SK) yang terbit sampai "
            "akhir periode ini.",
            icon="⚠️",
        )


def regulations_section(context: PageView, regulations: pd.DataFrame, *, key: str) -> None:
    """Which kabupaten/kota lack a Posyandu regulation of their own, in a sentence and a table."""
    st.subheader("Regulasi Posyandu kabupaten/kota")
    if context.level not in REGULATION_LEVELS:
        name = regulations.iloc[0]["name"] if not regulations.empty else "kabupaten/kota induknya"
        st.info(
            f"Regulasi Posyandu (Perda, Perkada atau SK) ditetapkan oleh kabupaten/kota, bukan oleh kecamatan "
            f"atau desa/kelurahan. Untuk {context.name}, yang berlaku adalah regulasi {name}.",
            icon="ℹ️",
        )
    elif regulations.empty:
        st.info(f"Tidak ada kabupaten/kota di {context.name} pada data wilayah.")
        return
    else:
        lacking = regulations[~regulations["has_regulation"].astype(bool)]
        total = len(regulations)
        if context.level == "kabupaten_kota":
            _own_regulation(context, regulations.iloc[0])
        elif lacking.empty:
            st.success(
                f"Semua {format_number(total)} kabupaten/kota di {context.name} sudah memiliki regulasi Posyandu "
                "sendiri.",
                icon="✅",
            )
        else:
            names = ", ".join(lacking["name"])
            st.warning(
                f"{format_number(len(lacking))} dari {format_number(total)} kabupaten/kota belum memiliki regulasi "
                f"Posyandu sendiri: **{names}**.",
                icon="⚠️",
            )
        st.caption(
            "Hanya regulasi milik kabupaten/kota itu sendiri yang terbit sampai akhir periode yang dihitung; "
            "regulasi provinsi tidak menggantikannya."
        )
    if not regulations.empty:
        st.dataframe(regulation_table(regulations), hide_index=True, width="stretch")
        download_buttons(regulations, f"regulasi posyandu {context.name} {context.year}", key=f"{key}_dl")
