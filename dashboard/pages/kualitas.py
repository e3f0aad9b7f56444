"""Kualitas Data: for the DPMD data officer who fixes the source data.

Every data-quality check of METRICS.md over the whole database -- or, for a user limited to one
region, over the rows inside it (rows that belong to no region are left to national users) -- with
what it finds, what it does to the figures, who fixes it, and the offending rows by id and code;
then, for the region and period on screen: the dirty rows left out of its figures, the desa/kelurahan
that stopped reporting this month, and report completeness month by month.
Calm wording: these are lists of work, not alarms.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.charts.formatting import format_number, format_percent, month_name, period_label
from dashboard.charts.quality import check_counts_bar, completeness_by_month, stopped_by_kecamatan
from dashboard.context import PageView, current_view, drillable_chart
from dashboard.data import DashboardError
from dashboard.downloads import download_buttons
from dashboard.labels import DATA_QUALITY_HELP, DATA_QUALITY_LABELS, QUALITY_COLUMN_LABELS
from dashboard.layout import COMPLETENESS_THRESHOLD, page_header, quality_note
from data_access import DATA_QUALITY_CHECKS, DataQuality
from data_access.reporting import LOOKBACK_MONTHS


def _card(label: str, value: str, caption: str) -> None:
    with st.container(border=True):
        st.metric(label, value)
        st.caption(caption)


def _month_display(iso_date: str | None) -> str:
    """``2026-02-01`` -> ``Februari 2026``."""
    if not iso_date:
        return "–"
    return f"{month_name(int(iso_date[5:7]))} {iso_date[:4]}"


def _offender_table(rows: list[dict[str, object]]) -> pd.DataFrame:
    """Offending rows with Indonesian headers; ids and codes as text so none is shown as ``22.817``."""
    frame = pd.DataFrame(rows)
    frame = frame.astype("string")
    return frame.rename(columns=lambda column: QUALITY_COLUMN_LABELS.get(column, column))


def _checked_area(context: PageView) -> str:
    """What the checks cover: the whole database, or the user's whole region of access."""
    if context.restricted and context.access is not None:
        return f"seluruh wilayah akses Anda ({context.access.root_name})"
    return "seluruh database"


def _cards(context: PageView, quality: DataQuality, stopped: pd.DataFrame) -> None:
    total = sum(quality.counts.values())
    with_problems = sum(1 for count in quality.counts.values() if count)
    checks = len(DATA_QUALITY_CHECKS)
    columns = st.columns(3)
    with columns[0]:
        _card("Baris data bermasalah", format_number(total), f"di {_checked_area(context)}, dari {checks} pemeriksaan")
    with columns[1]:
        _card(
            "Pemeriksaan dengan temuan",
            f"{with_problems} dari {checks}",
            f"✔ {checks - with_problems} pemeriksaan bersih",
        )
    with columns[2]:
        _card(
            "Desa/kel. berhenti melapor",
            format_number(len(stopped)),
            f"{context.name}, {month_name(context.month)} {context.year}",
        )


def _checks(context: PageView, quality: DataQuality) -> None:
    area = _checked_area(context)
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
    count = quality.counts[code]
    help_text = DATA_QUALITY_HELP[code]
    title = (
        f"⚠️ {DATA_QUALITY_LABELS[code]} — {format_number(count)} baris"
        if count
        else (f"✔ {DATA_QUALITY_LABELS[code]} — bersih")
    )
    with st.expander(title):
        st.markdown(
            f"**Apa ini:** {help_text['what']}  \n**Akibatnya:** {help_text['effect']}  \n"
            f"**Siapa memperbaiki:** {help_text['fix']}"
        )
        rows = quality.offenders.get(code, [])
        if not count:
            st.success("Tidak ada temuan untuk pemeriksaan ini.", icon="✅")
            return
        table = _offender_table(rows)
        st.dataframe(table, hide_index=True, width="stretch", height=min(38 + 35 * len(table), 400))
        if len(rows) < count:
            st.caption(f"Ditampilkan {format_number(len(rows))} baris pertama dari {format_number(count)}.")
        download_buttons(table, f"kualitas data {code}", key=f"kualitas_{code}")


def _excluded(context: PageView, excluded: dict[str, int]) -> None:
    st.markdown(f"#### Dikecualikan dari angka {context.name}")
    st.caption(
        f"Baris milik Posyandu {context.name} yang tidak ikut dihitung pada periode "
        f"{period_label(context.year, context.month)}: nilai laporan yang tidak sah pada periode ini, dan tanggal "
        "setelah hari ini (registrasi, SK, pelatihan, periode laporan)."
    )
    columns = st.columns(2)
    for column, code in zip(columns, ("invalid_service_values", "future_dated"), strict=True):
        with column, st.container(border=True):
            st.metric(DATA_QUALITY_LABELS[code], format_number(excluded.get(code, 0)))


def _stopped(context: PageView, stopped: pd.DataFrame) -> None:
    month = f"{month_name(context.month)} {context.year}"
    st.markdown(f"#### Desa/kelurahan yang berhenti melapor pada {month}")
    st.caption(
        f"Desa/kelurahan di {context.name} yang Posyandu-nya masih mengirim laporan sah dalam {LOOKBACK_MONTHS} "
        f"bulan sebelum {month}, tetapi tidak satu pun Posyandu-nya melapor pada {month}. Biasanya cukup "
        "dihubungi: kader berganti, akun aplikasi habis, atau laporan belum dikirim."
    )
    today = data.today()
    if (context.year, context.month) == (today.year, today.month):
        st.warning(
            f"{month_name(context.month)} masih berjalan: laporan bulan ini mungkin belum semua masuk.", icon="⏳"
        )
    if stopped.empty:
        st.success(f"Tidak ada desa/kelurahan di {context.name} yang berhenti melapor pada {month}.", icon="✅")
        return
    if stopped["kecamatan_code"].nunique(dropna=False) > 1:
        drillable_chart(
            context,
            stopped_by_kecamatan(stopped),
            key="kualitas_stopped",
            codes=stopped["kecamatan_code"].dropna().unique().tolist(),
        )
        st.caption("Klik batang untuk membuka kecamatan itu.")
    table = pd.DataFrame(
        {
            "Kode desa/kel.": stopped["desa_code"],
            "Desa/kelurahan": stopped["desa_name"],
            "Kecamatan": stopped["kecamatan_name"].fillna("–"),
            "Posyandu": stopped["posyandu"],
            "Laporan sah terakhir": stopped["last_report_period"].map(_month_display),
            "Bulan tanpa laporan": stopped["months_silent"],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch", height=min(38 + 35 * len(table), 420))
    download_buttons(table, f"berhenti melapor {context.name} {context.year}-{context.month:02d}", key="kualitas_stop")


def _completeness(context: PageView, monthly: pd.DataFrame) -> None:
    st.markdown(f"#### Kelengkapan laporan per bulan, {context.name} {period_label(context.year, context.month)}")
    if monthly.empty or int(monthly["expected"].max()) == 0:
        st.info(
            f"Belum ada Posyandu aktif yang terdaftar di {context.name} pada periode ini, jadi belum ada laporan "
            "yang diharapkan. Posyandu didaftarkan lewat meja registrasi DPMD.",
            icon="ℹ️",
        )
        return
    st.caption(
        "Bagian Posyandu yang mengirim setidaknya satu laporan sah pada bulan itu. Garis putus-putus = ambang "
        f"{format_percent(COMPLETENESS_THRESHOLD, 0)}; bulan di bawahnya berwarna jingga."
    )
    st.plotly_chart(completeness_by_month(monthly, threshold=COMPLETENESS_THRESHOLD), key="kualitas_completeness")
    table = pd.DataFrame(
        {
            "Bulan": monthly["month"].map(lambda m: month_name(int(m))),
            "Posyandu diharapkan melapor": monthly["expected"],
            "Posyandu melapor": monthly["reported"],
            "Kelengkapan (%)": monthly["completeness_pct"].round(1),
        }
    )
    download_buttons(table, f"kelengkapan laporan {context.name} {context.year}", key="kualitas_monthly")


def main() -> None:
    context = current_view()
    if context is None:
        return
    page_header(context, "Kualitas Data", icon="🧹")
    try:
        with st.spinner("Memeriksa data…"):
            quality = context.fetch("data_quality")
            stopped = context.fetch("stopped_reporting")
            monthly = context.fetch("monthly_completeness")
            excluded = context.fetch("excluded")
    except DashboardError as error:
        st.error(str(error))
        return
    quality_note(context)
    _cards(context, quality, stopped)
    _checks(context, quality)

    st.divider()
    st.subheader(f"{context.name}, {period_label(context.year, context.month)}")
    _excluded(context, excluded)
    _stopped(context, stopped)
    _completeness(context, monthly)


main()
