"""Layanan 6 Bidang: whether Posyandu serve all six SPM bidang, what they delivered in each (every
indicator with its own unit, never added across units), month by month, and whether they report
every month -- with the child regions ranked on six-bidang service (click a bar to drill in)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.cards import metric_card
from dashboard.charts.formatting import format_number, format_percent, month_name
from dashboard.charts.regional import counted_ranking_bar, ranked_with_counts, ranking_table
from dashboard.charts.services import (
    COMPLETENESS_THRESHOLD,
    bidang_activity_bar,
    completeness_chart,
    monthly_trend,
    volume_table,
)
from dashboard.context import PageView, current_view, drillable_chart
from dashboard.data import DashboardError
from dashboard.downloads import download_buttons
from dashboard.labels import BIDANG_LABELS, METRIC_LABELS
from dashboard.layout import page_header, quality_note
from data_access import MetricsResult
from data_access.metrics.codes import BIDANG
from data_access.progress import change_against_previous_year

CARDS = ("posyandu_total", "six_bidang_pct", "layanan_spm_pct", "report_completeness_pct")


def _count_caption(code: str, counts: dict[str, int]) -> str | None:
    """The numbers behind a card's percentage."""
    captions = {
        "six_bidang_pct": ("services.six_bidang", "services.posyandu", "Posyandu"),
        "layanan_spm_pct": ("services.indicators_served", "services.indicators", "indikator"),
        "report_completeness_pct": ("services.reported_months", "services.expected_months", "laporan bulanan"),
    }
    if code not in captions:
        return None
    numerator, denominator, noun = captions[code]
    return f"**{format_number(counts.get(numerator, 0))}** dari {format_number(counts.get(denominator, 0))} {noun}"


def _cards(result: MetricsResult, previous: MetricsResult) -> None:
    changes = change_against_previous_year(result, previous)
    for column, code in zip(st.columns(len(CARDS)), CARDS, strict=True):
        with column:
            metric_card(
                code,
                result.metrics[code],
                target=result.targets.get(code),
                status=result.status.get(code),
                change=changes[code],
                count_caption=_count_caption(code, result.counts),
            )


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


def _ranking(context: PageView, result: MetricsResult) -> None:
    metric = "six_bidang_pct"
    st.subheader(f"Posyandu melayani 6 bidang per {context.child_level_name.lower()}")
    ranked = ranked_with_counts(result, metric, "services.six_bidang", "services.posyandu")
    figure = counted_ranking_bar(ranked, metric_label=METRIC_LABELS[metric], noun="Posyandu")
    drillable_chart(context, figure, key="layanan_ranking")
    st.caption("Paling tertinggal di atas. Klik batang untuk membuka wilayah itu. Garis hitam = target Renstra.")
    with st.expander(f"Tabel per {context.child_level_name.lower()}"):
        table = ranking_table(
            ranked, level_name=context.child_level_name, metric_label=METRIC_LABELS[metric], noun="Posyandu 6 bidang"
        )
        st.dataframe(table, hide_index=True, width="stretch")
    download_buttons(ranked, f"6 bidang per wilayah {context.name} {context.year}", key="layanan_ranking_dl")


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


def main() -> None:
    context = current_view()
    if context is None:
        return
    page_header(context, "Layanan 6 Bidang", icon="🩺")
    try:
        with st.spinner("Menghitung layanan…"):
            result = context.fetch("metrics")
            previous = context.fetch("metrics_previous_year")
            volumes = context.fetch("service_volumes")
            monthly = context.fetch("monthly_volumes")
            activity = context.fetch("bidang_activity")
            completeness = context.fetch("monthly_completeness")
    except DashboardError as error:
        st.error(str(error))
        return
    quality_note(context)
    _cards(result, previous)

    total = int(result.metrics["posyandu_total"] or 0)
    if total == 0:
        st.info(
            f"Belum ada Posyandu aktif yang terdaftar di {context.name} pada periode ini, jadi belum ada "
            "layanan untuk ditampilkan. Pastikan Posyandu sudah dicatat dengan kode desa/kelurahan yang benar."
        )
        return
    _activity(context, activity, total)
    _volumes(context, volumes, monthly, activity)
    if context.children:
        _ranking(context, result)
    else:
        st.caption(
            f"{context.name} adalah desa/kelurahan: tidak ada wilayah di bawahnya. "
            "Daftar tiap Posyandu ada di halaman Daftar Posyandu."
        )
    _completeness(context, completeness)


main()
