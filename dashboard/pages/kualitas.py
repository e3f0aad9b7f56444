"""Kualitas Data: for the DPMD data officer who fixes the source data.

Every data-quality check of METRICS.md over the whole database -- or, for a user limited to one
region, over the rows inside it (rows that belong to no region are left to national users) -- with
what it finds, what it does to the figures, who fixes it, and the offending rows by id and code;
then, for the region and period on screen: the dirty rows left out of its figures, the desa/kelurahan
that stopped reporting this month, and report completeness month by month.
Calm wording: these are lists of work, not alarms.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard import data, registry
from dashboard.charts.formatting import format_number, format_percent, month_name, period_label
from dashboard.charts.quality import completeness_by_month, stopped_by_kecamatan
from dashboard.charts.quality_tables import completeness_table, stopped_table
from dashboard.context import PageView
from dashboard.downloads import download_buttons
from dashboard.drill import drillable_chart
from dashboard.headline import COMPLETENESS_THRESHOLD
from dashboard.labels import DATA_QUALITY_LABELS
from dashboard.page import show_page
from dashboard.sections.quality_checks import checked_area, checks_section
from dashboard.sections.tables import fitted_table
from data_access import DATA_QUALITY_CHECKS, DataQuality
from data_access.reporting import LOOKBACK_MONTHS


def _card(label: str, value: str, caption: str) -> None:
    with st.container(border=True):
        st.metric(label, value)
        st.caption(caption)


def _cards(context: PageView, quality: DataQuality, stopped: pd.DataFrame) -> None:
    total = sum(quality.counts.values())
    with_problems = sum(1 for count in quality.counts.values() if count)
    checks = len(DATA_QUALITY_CHECKS)
    columns = st.columns(3)
    with columns[0]:
        _card("Baris data bermasalah", format_number(total), f"di {checked_area(context)}, dari {checks} pemeriksaan")
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
        st.caption("Klik atau ketuk batang untuk membuka kecamatan itu.")
    table = stopped_table(stopped)
    fitted_table(table, limit=420)
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
    download_buttons(
        completeness_table(monthly), f"kelengkapan laporan {context.name} {context.year}", key="kualitas_monthly"
    )


@dataclass(frozen=True)
class Fetched:
    quality: DataQuality
    stopped: pd.DataFrame
    monthly: pd.DataFrame
    excluded: dict[str, int]


def _fetch(context: PageView) -> Fetched:
    return Fetched(
        quality=context.fetch("data_quality"),
        stopped=context.fetch("stopped_reporting"),
        monthly=context.fetch("monthly_completeness"),
        excluded=context.fetch("excluded"),
    )


def _draw(context: PageView, fetched: Fetched) -> None:
    _cards(context, fetched.quality, fetched.stopped)
    checks_section(context, fetched.quality)

    st.divider()
    st.subheader(f"{context.name}, {period_label(context.year, context.month)}")
    _excluded(context, fetched.excluded)
    _stopped(context, fetched.stopped)
    _completeness(context, fetched.monthly)


show_page(registry.KUALITAS, spinner="Memeriksa data…", fetch=_fetch, draw=_draw)
