"""The meeting's screens, one topic each in projector type: headline figures, the map (in
:mod:`.maps`), the ranking of the child regions, the Renstra gaps and the six-bidang services. Each
draws ``(context, result, metric)`` -- the shared view, its metrics and the metric the map and the
ranking follow -- inside the stage under the frame's title; :data:`DRAW` picks one by its key."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard.cards import change_display, metric_display, status_badge
from dashboard.charts.projector import for_projector, labels_clear_of_targets
from dashboard.charts.ranking import ranking_bar
from dashboard.charts.renstra import status_label, summary_frame
from dashboard.charts.services import bidang_activity_bar
from dashboard.context import PageView
from dashboard.data import DashboardError
from dashboard.drill import drillable_chart
from dashboard.figure_cache import prepared
from dashboard.headline import COUNT_METRICS, HEADLINE_METRICS
from dashboard.labels import GAP_LABELS, GAP_STATUS_LABELS, METRIC_LABELS
from dashboard.layout import quality_note
from dashboard.meeting.maps import child_level, map_screen
from dashboard.meeting.state import SCREENS
from dashboard.page import load
from dashboard.sections.card_row import counted
from dashboard.sections.tally import status_tally
from data_access import MetricsResult
from data_access.progress import change_against_previous_year, rank_children
from data_access.vocabulary import MENDEKATI, TARGETED_STATUSES, TERTINGGAL

MAX_BARS = 10


def _status_line(code: str, result: MetricsResult, change: float | None = None) -> str:
    """``✖ Tertinggal target 65,0 %`` under a percentage; the change on last year under a count."""
    if code in COUNT_METRICS:
        return (change_display(code, change) or "&nbsp;").replace("-", "−")
    return status_badge(result.status.get(code), result.targets.get(code)) or ":gray-badge[– tanpa target]"


def _card(code: str, result: MetricsResult, change: float | None = None) -> None:
    """A projector card: no help icon or delta arrow to squint at, the status or change as a line."""
    with st.container(border=True):
        st.metric(METRIC_LABELS[code], metric_display(code, result.metrics[code]))
        st.markdown(_status_line(code, result, change))


def _figures(context: PageView, result: MetricsResult, metric: str) -> None:
    """The counts and the headline percentages of the Ringkasan page, and the data-quality caveat.
    Without last year's figures the counts simply show no change."""
    try:
        changes = change_against_previous_year(result, context.fetch("metrics_previous_year"))
    except DashboardError:
        changes = {}
    for column, code in zip(st.columns(len(COUNT_METRICS)), COUNT_METRICS, strict=True):
        with column:
            _card(code, result, changes.get(code))
    for start in range(0, len(HEADLINE_METRICS), 4):
        for column, code in zip(st.columns(4), HEADLINE_METRICS[start : start + 4], strict=True):
            with column:
                _card(code, result)
    quality_note(context, compact=True)


def _bar_height(rows: int) -> int:
    """Bars thick enough to read across a room, and the chart still under the title at 1280x720."""
    return max(360, min(520, 70 * rows + 90))


def projector_ranking(shown: pd.DataFrame, *, metric_label: str) -> go.Figure:
    """The ranking screen's bars in projector type, labels clear of the target marks: one pure
    builder, so every participant's session shares one built figure (``dashboard.figure_cache``)."""
    figure = for_projector(ranking_bar(shown, metric_label=metric_label), height=_bar_height(len(shown)))
    labels_clear_of_targets(figure)
    return figure


def _ranking(context: PageView, result: MetricsResult, metric: str) -> None:
    """The children most behind on ``metric`` (the first ten: bars a room can read); at desa level,
    the desa's Posyandu with the most gaps."""
    if not context.children:
        _desa_posyandu(context)
        return
    ranked = rank_children(result, metric)
    shown = ranked.head(MAX_BARS)
    figure = prepared(projector_ranking, shown, metric_label=METRIC_LABELS[metric])
    drillable_chart(context, figure, key="rapat_ranking")
    note = f"Paling tertinggal di atas; klik batang untuk membuka {child_level(context)} itu."
    if ranked["target"].notna().any():
        note += " Garis hitam = target Renstra."
    if len(ranked) > len(shown):
        note += f" Ditampilkan {len(shown)} dari {len(ranked)} {child_level(context)} yang paling tertinggal."
    st.caption(note)


def _desa_posyandu(context: PageView) -> None:
    points = load(context, None, lambda view: view.fetch("posyandu_points"), note=False)
    if points is None:
        return
    if points.empty:
        st.info(f"Belum ada Posyandu aktif yang tercatat di {context.name} pada periode ini.")
        return
    ordered = points.sort_values(["gap_count", "name"], ascending=[False, True], ignore_index=True)
    shown = ordered.head(MAX_BARS)
    table = pd.DataFrame(
        {
            "Posyandu": shown["name"],
            "Status": [GAP_STATUS_LABELS.get(s, s) for s in shown["status"]],
            "Kekurangan": [", ".join(GAP_LABELS.get(g, g) for g in gaps) or "–" for gaps in shown["gaps"]],
        }
    )
    st.table(table, hide_index=True)
    if len(ordered) > len(shown):
        st.caption(f"Ditampilkan {len(shown)} dari {len(ordered)} Posyandu; yang paling banyak kekurangannya di atas.")
    else:
        st.caption("Yang paling banyak kekurangannya di atas.")


def _renstra(context: PageView, result: MetricsResult, metric: str) -> None:
    """How many indicators are behind, close or on target, and the ones under target as bars."""
    loaded = load(context, None, lambda view: view.fetch("renstra_progress"), note=False)
    if loaded is None:
        return
    _, paces = loaded
    every = summary_frame(result.metrics, result.targets, result.status, pd.DataFrame([asdict(p) for p in paces]))
    frame = every[every["actual"].notna() & every["target"].notna()]
    if frame.empty:
        where = "tingkat nasional" if context.region is None else context.name
        st.info(
            f"Belum ada target Renstra {context.year} untuk {where}: target berlaku per provinsi dan diturunkan ke "
            "wilayah di bawahnya. Klik atau ketuk provinsi pada peta atau peringkat untuk melihat capaiannya.",
            icon="🎯",
        )
        return
    behind = frame[frame["status"].isin((TERTINGGAL, MENDEKATI))].head(MAX_BARS)
    side, chart = st.columns([1, 3], gap="medium")
    with side:
        status_tally(TARGETED_STATUSES, frame["status"], label=lambda status: f"{status_label(status)} (indikator)")
    with chart:
        if behind.empty:
            st.success(f"Semua indikator bertarget di {context.name} sudah tercapai.", icon="✔")
            return
        bars = pd.DataFrame(
            {
                "code": behind["metric"],
                "name": [METRIC_LABELS[m] for m in behind["metric"]],
                "value": behind["actual"],
                "target": behind["target"],
                "status": behind["status"],
            }
        )
        figure = for_projector(ranking_bar(bars, metric_label="Capaian"), height=_bar_height(len(bars)))
        labels_clear_of_targets(figure)
        st.plotly_chart(figure, key="rapat_renstra", config={"displayModeBar": False})
        st.caption(
            f"Indikator di bawah target {context.year}, paling tertinggal di atas. Garis hitam = target; "
            "✖ tertinggal (< 80 % target), ◐ mendekati."
        )


def _services(context: PageView, result: MetricsResult, metric: str) -> None:
    """The six-bidang and SPM-indicator figures beside how many Posyandu serve each bidang."""
    total = int(result.metrics["posyandu_total"] or 0)
    if total == 0:
        st.info(f"Belum ada Posyandu aktif yang terdaftar di {context.name} pada periode ini.")
        return
    activity = load(context, None, lambda view: view.fetch("bidang_activity"), note=False)
    if activity is None:
        return
    counts = result.counts
    side, chart = st.columns([1, 2], gap="large")
    with side:
        for code, numerator, denominator, noun in (
            ("six_bidang_pct", "services.six_bidang", "services.posyandu", "Posyandu"),
            ("layanan_spm_pct", "services.indicators_served", "services.indicators", "indikator"),
        ):
            with st.container(border=True):
                st.metric(METRIC_LABELS[code], metric_display(code, result.metrics[code]))
                st.markdown(
                    f"{counted(counts, numerator, denominator, noun)}<br>{_status_line(code, result)}",
                    unsafe_allow_html=True,
                )
    with chart:
        st.markdown("**Posyandu yang melayani tiap bidang**")
        figure = for_projector(bidang_activity_bar(activity, total), height=480)
        figure.update_layout(showlegend=False)
        # room for "1.631 (85,1 %)" in projector type; the labels carry the numbers, so no axis
        figure.update_xaxes(range=[0, total * 1.45], showticklabels=False, showgrid=False)
        st.plotly_chart(figure, key="rapat_services", config={"displayModeBar": False})
        st.caption("Batang abu-abu = semua Posyandu aktif; batang hijau = yang melayani bidang itu.")


def screen_title(screen: int, context: PageView, metric: str) -> str:
    """The screen's title, naming the metric and the level it shows where that changes with them."""
    key = SCREENS[screen - 1].key
    if key == "peta":
        if context.children:
            return f"Peta: {METRIC_LABELS[metric]} per {child_level(context)}"
        return f"Peta Posyandu di {context.name}"
    if key == "peringkat":
        if context.children:
            return f"Peringkat {child_level(context)}: {METRIC_LABELS[metric]}"
        return f"Posyandu di {context.name} yang perlu perhatian"
    if key == "renstra":
        return f"Kesenjangan terhadap target Renstra {context.year}"
    return SCREENS[screen - 1].title


DRAW: dict[str, Callable[[PageView, MetricsResult, str], None]] = {
    "angka": _figures,
    "peta": map_screen,
    "peringkat": _ranking,
    "renstra": _renstra,
    "layanan": _services,
}
