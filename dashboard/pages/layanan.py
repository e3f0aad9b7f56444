"""Layanan 6 Bidang: whether Posyandu serve all six SPM bidang, what they delivered in each (every
indicator with its own unit, never added across units), month by month, and whether they report
every month -- with the child regions ranked on six-bidang service (click a bar to drill in)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard import registry
from dashboard.charts.formatting import format_number, format_percent, month_name
from dashboard.charts.services import (
    bidang_activity_bar,
    completeness_chart,
    monthly_trend,
    volume_table,
)
from dashboard.context import PageView
from dashboard.downloads import download_buttons
from dashboard.headline import COMPLETENESS_THRESHOLD
from dashboard.labels import BIDANG_LABELS
from dashboard.page import show_page
from dashboard.sections.card_row import card_row, counted
from dashboard.sections.ranking import Counted, counted_ranking
from data_access import MetricsResult
from data_access.metrics.codes import BIDANG
from data_access.progress import change_against_previous_year

CARDS = ("posyandu_total", "six_bidang_pct", "layanan_spm_pct", "report_completeness_pct")
COUNTED = {
    "six_bidang_pct": Counted(
        "services.six_bidang", "services.posyandu", "Posyandu", table_noun="Posyandu 6 bidang", file_label="6 bidang"
    ),
    "layanan_spm_pct": Counted("services.indicators_served", "services.indicators", "indikator"),
    "report_completeness_pct": Counted("services.reported_months", "services.expected_months", "laporan bulanan"),
}
RANKED = "six_bidang_pct"


@dataclass(frozen=True)
class Fetched:
    result: MetricsResult
    previous: MetricsResult
    volumes: pd.DataFrame
    monthly: pd.DataFrame
    activity: pd.DataFrame
    completeness: pd.DataFrame


def _fetch(context: PageView) -> Fetched:
    return Fetched(
        result=context.fetch("metrics"),
        previous=context.fetch("metrics_previous_year"),
        volumes=context.fetch("service_volumes"),
        monthly=context.fetch("monthly_volumes"),
        activity=context.fetch("bidang_activity"),
        completeness=context.fetch("monthly_completeness"),
    )


def _count_caption(code: str, counts: dict[str, int]) -> str | None:
    """The numbers behind a card's percentage."""
    if code not in COUNTED:
        return None
    numbers = COUNTED[code]
    return counted(counts, numbers.numerator, numbers.denominator, numbers.noun)


def _activity(context: PageView, activity: pd.DataFrame, total: int) -> None:
    st.subheader("Posyandu yang melayani tiap bidang")
    st.plotly_chart(bidang_activity_bar(activity, total), key="layanan_activity")
    st.caption(
        "Posyandu dengan sedikitnya satu laporan bernilai > 0 pada indikator bidang itu sepanjang periode. "
        "Batang abu-abu = semua Posyandu aktif di wilayah ini."
    )
    raw = activity.assign(bidang_label=[BIDANG_LABELS.get(b, b) for b in activity["bidang"]], posyandu_total=total)
    download_buttons(raw, f"posyandu per bidang {context.name} {context.year}", key="layanan_activity_dl")


def _volumes(context: PageView, volumes: pd.DataFrame, monthly: pd.DataFrame, activity: pd.DataFrame) -> None:
    st.subheader("Volume layanan per bidang")
    st.caption(
        "Setiap indikator dijumlahkan dengan satuannya sendiri (Anak, Orang, Kg, Km, …); indikator yang "
        "satuannya berbeda tidak pernah dijumlahkan."
    )
    bidang = (
        st.segmented_control(
            "Bidang",
            options=list(BIDANG),
            format_func=lambda b: BIDANG_LABELS.get(b, b),
            key="layanan_bidang",
            default=BIDANG[1],
            label_visibility="collapsed",
        )
        or BIDANG[1]
    )
    active = activity.set_index("bidang")["posyandu_active"].get(bidang, 0)
    st.markdown(f"#### {BIDANG_LABELS.get(bidang, bidang)} &nbsp; :gray[· {format_number(int(active))} Posyandu aktif]")
    table = volume_table(volumes, bidang)
    numbers = ["Volume", "Posyandu melapor"]
    st.table(table.style.set_properties(subset=numbers, **{"text-align": "right"}), hide_index=True)
    download_buttons(
        volumes.assign(bidang_label=[BIDANG_LABELS.get(b, b) for b in volumes["bidang"]]),
        f"volume layanan {context.name} {context.year}",
        key="layanan_volumes_dl",
    )

    st.markdown(f"##### Tren bulanan {BIDANG_LABELS.get(bidang, bidang)}, Januari–{month_name(context.month)}")
    rows = monthly[monthly["bidang"] == bidang]
    if rows.empty:
        st.info(
            f"Belum ada laporan bidang {BIDANG_LABELS.get(bidang, bidang)} di {context.name} pada periode ini. "
            "Tren tampil setelah Posyandu melaporkan kegiatan bidang ini."
        )
        return
    st.plotly_chart(monthly_trend(monthly, volumes, bidang, context.month), key="layanan_trend")
    st.caption("Satu panel per satuan. Bulan tanpa laporan sah dibiarkan kosong (garis terputus).")
    names = volumes.set_index("indicator_code")["name"]
    raw = rows.assign(
        month_name=[month_name(int(m)) for m in rows["month"]],
        name=[names.get(code, "") for code in rows["indicator_code"]],
    )
    download_buttons(raw, f"tren {bidang} {context.name} {context.year}", key="layanan_trend_dl")


def _completeness(context: PageView, completeness: pd.DataFrame) -> None:
    st.subheader("Kelengkapan laporan bulanan")
    if completeness.empty or not completeness["expected"].any():
        st.info("Belum ada Posyandu yang wajib melapor pada periode ini.")
        return
    st.plotly_chart(completeness_chart(completeness), key="layanan_completeness")
    shares = pd.to_numeric(completeness["completeness_pct"], errors="coerce")
    below = completeness[shares < COMPLETENESS_THRESHOLD]
    if below.empty:
        st.caption(f"Semua bulan memenuhi ambang {format_percent(COMPLETENESS_THRESHOLD, 0)}.")
    else:
        months = ", ".join(month_name(int(m)) for m in below["month"])
        st.caption(f"Di bawah ambang {format_percent(COMPLETENESS_THRESHOLD, 0)}: {months}.")
    raw = completeness.assign(month_name=[month_name(int(m)) for m in completeness["month"]])
    download_buttons(raw, f"kelengkapan laporan {context.name} {context.year}", key="layanan_completeness_dl")


def _draw(context: PageView, fetched: Fetched) -> None:
    result = fetched.result
    changes = change_against_previous_year(result, fetched.previous)
    card_row(result, CARDS, changes=changes, caption=lambda code: _count_caption(code, result.counts))
    total = int(result.metrics["posyandu_total"] or 0)
    if total == 0:
        st.info(
            f"Belum ada Posyandu aktif yang terdaftar di {context.name} pada periode ini, jadi belum ada "
            "layanan untuk ditampilkan. Pastikan Posyandu sudah dicatat dengan kode desa/kelurahan yang benar."
        )
        return
    _activity(context, fetched.activity, total)
    _volumes(context, fetched.volumes, fetched.monthly, fetched.activity)
    if context.children:
        ranked = {RANKED: COUNTED[RANKED]}
        counted_ranking(context, result, ranked, subject="Posyandu melayani 6 bidang", key="layanan_ranking")
    else:
        st.caption(
            f"{context.name} adalah desa/kelurahan: tidak ada wilayah di bawahnya. "
            "Daftar tiap Posyandu ada di halaman Daftar Posyandu."
        )
    _completeness(context, fetched.completeness)


show_page(registry.LAYANAN, spinner="Menghitung layanan…", fetch=_fetch, draw=_draw)
