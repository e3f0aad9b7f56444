"""The data-quality checks of METRICS.md on the Kualitas Data page: run over the whole database, or
over the whole region of a user limited to one (never only the region on screen, since one wrong row
anywhere can change another region's figures), each with its offending rows by id and code."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.charts.formatting import format_number
from dashboard.charts.quality import check_counts_bar
from dashboard.charts.quality_tables import offender_table
from dashboard.context import PageView
from dashboard.downloads import download_buttons
from dashboard.labels import DATA_QUALITY_LABELS, DATA_QUALITY_WORDS
from dashboard.sections.tables import fitted_table
from data_access import DATA_QUALITY_CHECKS, DataQuality


def checked_area(context: PageView) -> str:
    """What the checks cover: the whole database, or the user's whole region of access."""
    if context.restricted and context.access is not None:
        return f"seluruh wilayah akses Anda ({context.access.root_name})"
    return "seluruh database"


def checks_section(context: PageView, quality: DataQuality) -> None:
    """Every check with how many rows it finds, the offending rows of each behind an expander (those
    with findings first), and what to do with them."""
    area = checked_area(context)
    st.subheader(f"Pemeriksaan {area}")
    if context.restricted:
        scope_note = (
            f"Angka pemeriksaan ini dihitung atas baris data di **{area}**, apa pun wilayah dan periode yang "
            "dipilih. Baris yang tidak terkait wilayah mana pun hanya tampil bagi pengguna nasional."
        )
    else:
        scope_note = (
            "Angka pemeriksaan ini dihitung atas **seluruh database**, apa pun wilayah dan periode yang dipilih: "
            "satu baris yang salah di mana pun bisa mengurangi angka wilayah lain."
        )
    st.info(
        f"{scope_note} Baris bermasalah tidak ikut dihitung di dasbor sampai diperbaiki di sumber datanya.",
        icon="🗂️",
    )
    left, right = st.columns([3, 2])
    with left:
        st.plotly_chart(check_counts_bar(quality.counts, DATA_QUALITY_LABELS), key="kualitas_checks")
    with right:
        st.markdown(
            "**Cara memakai halaman ini**\n\n"
            "1. Buka pemeriksaan yang bertanda ⚠️ di bawah.\n"
            "2. Unduh daftar barisnya (CSV/Excel) dan kirim ke petugas yang disebut di *Siapa memperbaiki*.\n"
            "3. Setelah sumber data diperbaiki, angkanya turun di sini pada pembaruan berikutnya."
        )
    counts = pd.DataFrame(
        [
            {"Kode": code, "Pemeriksaan": DATA_QUALITY_LABELS[code], "Jumlah baris": quality.counts[code]}
            for code in DATA_QUALITY_CHECKS
        ]
    )
    download_buttons(counts, "kualitas data ringkasan pemeriksaan", key="kualitas_counts")
    ordered = sorted(DATA_QUALITY_CHECKS, key=lambda code: quality.counts[code] == 0)
    for code in ordered:
        _check_expander(code, quality)


def _check_expander(code: str, quality: DataQuality) -> None:
    """What the check finds, its effect on the figures, who fixes it, and its rows with a download."""
    count = quality.counts[code]
    words = DATA_QUALITY_WORDS[code]
    title = (
        f"⚠️ {DATA_QUALITY_LABELS[code]} — {format_number(count)} baris"
        if count
        else (f"✔ {DATA_QUALITY_LABELS[code]} — bersih")
    )
    with st.expander(title):
        st.markdown(f"**Apa ini:** {words.what}  \n**Akibatnya:** {words.effect}  \n**Siapa memperbaiki:** {words.fix}")
        rows = quality.offenders.get(code, [])
        if not count:
            st.success("Tidak ada temuan untuk pemeriksaan ini.", icon="✅")
            return
        table = offender_table(rows)
        fitted_table(table, limit=400)
        if len(rows) < count:
            st.caption(f"Ditampilkan {format_number(len(rows))} baris pertama dari {format_number(count)}.")
        download_buttons(table, f"kualitas data {code}", key=f"kualitas_{code}")
