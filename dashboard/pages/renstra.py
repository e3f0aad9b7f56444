"""Renstra 2025-2029: every targeted metric against this year's target (most behind first), the
trajectory toward the 2029 target with the pace needed beside the pace achieved, and the child
regions' status per metric (click a bar to drill in).

Targets come from the region or its nearest ancestor; the country has none, so at country level
the page says so and shows the provinsi, which do.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd
import streamlit as st

from dashboard import registry
from dashboard.briefing_downloads import briefing_downloads
from dashboard.charts.formatting import format_number, period_label
from dashboard.charts.ranking import ranking_bar
from dashboard.charts.renstra import (
    LAST_YEAR,
    status_label,
    status_matrix,
    style_status_matrix,
    summary_frame,
    summary_table,
    trajectory_chart,
)
from dashboard.context import PageView
from dashboard.downloads import download_buttons
from dashboard.drill import drillable_chart
from dashboard.followup.action import followup_button
from dashboard.labels import METRIC_LABELS
from dashboard.page import show_page
from dashboard.sections.pace import pace_panel
from dashboard.sections.tables import fitted_height
from dashboard.sections.tally import status_tally
from data_access import PERCENT_METRICS, MetricsResult
from data_access.progress import rank_children
from data_access.vocabulary import TARGETED_STATUSES


@dataclass(frozen=True)
class Fetched:
    result: MetricsResult
    trajectory: pd.DataFrame
    pace: pd.DataFrame  # rows of data_access.progress.Pace


def _fetch(context: PageView) -> Fetched:
    trajectory, paces = context.fetch("renstra_progress")
    return Fetched(
        result=context.fetch("metrics"), trajectory=trajectory, pace=pd.DataFrame([asdict(p) for p in paces])
    )


def _children_long(result: MetricsResult) -> pd.DataFrame:
    """One row per (child, percentage metric): value, this year's target, status."""
    return pd.DataFrame(
        [
            {
                "code": child.code,
                "name": child.name,
                "metric": metric,
                "value": child.metrics.get(metric),
                "target": child.targets.get(metric),
                "status": child.status.get(metric),
            }
            for child in result.children
            for metric in PERCENT_METRICS
        ],
        columns=["code", "name", "metric", "value", "target", "status"],
    )


def _empty_state(context: PageView) -> None:
    if context.region is None:
        st.info(
            "Target Renstra 2025–2029 tidak ditetapkan untuk tingkat nasional dalam data ini: target berlaku per "
            "provinsi, dan kabupaten/kota, kecamatan serta desa/kelurahan memakai target wilayah di atasnya bila "
            "tidak punya sendiri. **Pilih provinsi** di panel kiri (atau klik batang di bawah) untuk melihat capaian "
            "terhadap target, lintasan menuju 2029 dan laju yang diperlukan.",
            icon="🎯",
        )
    else:
        st.info(
            f"Belum ada target Renstra untuk {context.name} maupun wilayah di atasnya. Target diinput oleh "
            "Sekretariat TP Posyandu / Bappeda; setelah ada, capaian terhadap target tampil di sini.",
            icon="🎯",
        )


def _own_section(context: PageView, result: MetricsResult, trajectory: pd.DataFrame, pace: pd.DataFrame) -> None:
    every = summary_frame(result.metrics, result.targets, result.status, pace)
    frame = every[every["actual"].notna()].reset_index(drop=True)
    if every.empty:
        _empty_state(context)
        return
    if frame.empty:
        st.info(f"Belum ada angka untuk {context.name} pada periode ini (belum ada Posyandu aktif yang tercatat).")
        return
    period = period_label(context.year, context.month)
    st.subheader(f"Capaian {context.name} terhadap target {context.year}")
    status_tally(
        TARGETED_STATUSES,
        frame["status"],
        label=status_label,
        value=lambda count: f"{format_number(count)} indikator",
        side_by_side=True,
    )
    st.caption("Yang paling tertinggal di atas. Selisih = capaian − target (poin persentase).")
    summary = summary_table(frame, period=period, year=context.year)
    st.dataframe(summary, hide_index=True, width="stretch", height=fitted_height(len(frame)))
    not_counted = every.loc[every["actual"].isna(), "metric"]
    if not not_counted.empty:
        names = ", ".join(METRIC_LABELS[m] for m in not_counted)
        st.caption(f"Tidak dihitung untuk {context.name} (tidak ada nilainya di tingkat ini): {names}.")
    download_buttons(frame, f"renstra {context.name} {period}", key="renstra_summary")

    st.subheader(f"Lintasan menuju target {LAST_YEAR}")
    options = frame["metric"].tolist()
    metric = st.selectbox(
        "Indikator", options, format_func=lambda code: METRIC_LABELS[code], key=f"renstra_metric_{context.code}"
    )
    followup_button(metric, key="renstra_followup")
    rows = trajectory[trajectory["metric"] == metric]
    chart_column, pace_column = st.columns([3, 2], gap="medium")
    with chart_column:
        st.plotly_chart(
            trajectory_chart(rows, metric_label=METRIC_LABELS[metric], year=context.year, month=context.month),
            key="renstra_trajectory",
        )
    with pace_column:
        pace_rows = pace[pace["metric"] == metric]
        pace_panel(
            frame[frame["metric"] == metric].iloc[0], pace_rows.iloc[0] if not pace_rows.empty else None, context
        )
    download_buttons(trajectory, f"lintasan renstra {context.name} {context.year}", key="renstra_trajectory_data")


def _children_section(context: PageView, result: MetricsResult) -> None:
    if not context.children:
        st.caption(f"{context.name} tidak memiliki wilayah di bawahnya, jadi tidak ada perbandingan antarwilayah.")
        return
    level = context.child_level_name.lower()
    st.subheader(f"Capaian per {level} terhadap target {context.year}")
    children = _children_long(result)
    comparable = children[children["target"].notna() & children["value"].notna()]
    targeted = [m for m in PERCENT_METRICS if m in set(comparable["metric"])]
    if not targeted:
        st.info(f"Belum ada target Renstra untuk {level} di {context.name}.")
        return
    ranking_tab, matrix_tab = st.tabs(["Peringkat per indikator", "Semua indikator"])
    with ranking_tab:
        metric = st.selectbox(
            "Indikator",
            targeted,
            format_func=lambda code: METRIC_LABELS[code],
            key=f"renstra_child_metric_{context.code}",
        )
        ranked = rank_children(result, metric)
        drillable_chart(context, ranking_bar(ranked, metric_label=METRIC_LABELS[metric]), key="renstra_ranking")
        st.caption(
            f"Paling tertinggal di atas. Klik atau ketuk batang untuk membuka {level} itu. Garis hitam = target."
        )
    with matrix_tab:
        text, status = status_matrix(children[children["metric"].isin(targeted)])
        st.dataframe(style_status_matrix(text, status), width="stretch", height=fitted_height(len(text)))
        st.caption(
            "✔ tercapai (≥ 100 % target) · ◐ mendekati (≥ 80 %) · ✖ tertinggal · – tanpa target atau tanpa nilai"
        )
    download_buttons(children, f"renstra per {level} {context.name} {context.year}", key="renstra_children")


def _draw(context: PageView, fetched: Fetched) -> None:
    _own_section(context, fetched.result, fetched.trajectory, fetched.pace)
    _children_section(context, fetched.result)


show_page(
    registry.RENSTRA,
    spinner="Menghitung capaian dan lintasan 2025–2029…",
    fetch=_fetch,
    draw=_draw,
    actions=briefing_downloads,
)
