"""Mode rapat: the meeting screen for a projector at a TP Posyandu rapat koordinasi.

One topic per screen -- headline figures, map, ranking of the child regions, Renstra gaps,
six-bidang services -- in large type, with no sidebar and no filter widgets. Arrow keys,
PageUp/PageDown (what a presentation clicker sends) or the discreet buttons bottom right move
between screens; ``?putar=30`` (or the ⏱ menu) advances on its own for a lobby screen. The region
and period are the app's shared view (``current_view(pickers=False)``), so a click on the map or a
bar drills in and every following screen follows; the screen itself is kept in ``?layar=``.
"""

from __future__ import annotations

import time
from dataclasses import asdict

import pandas as pd
import streamlit as st

from dashboard.cards import COUNT_METRICS, STATUS_BADGE, change_display, metric_display
from dashboard.charts.formatting import format_number, format_percent, period_label
from dashboard.charts.maps import choropleth_map, outline_map, points_bounds, status_map
from dashboard.charts.projector import for_projector, labels_clear_of_targets
from dashboard.charts.ranking import ranking_bar
from dashboard.charts.renstra import status_label, summary_frame
from dashboard.charts.services import bidang_activity_bar
from dashboard.charts.theme import STATUS_SYMBOLS
from dashboard.context import PageView, current_view, drillable_chart, request_drill
from dashboard.data import DashboardError
from dashboard.labels import GAP_LABELS, GAP_STATUS_LABELS, METRIC_LABELS
from dashboard.layout import COMPLETENESS_THRESHOLD
from dashboard.meeting import (
    INTERVAL_CHOICES,
    INTERVAL_KEY,
    METRIC_KEY,
    MODE_KEY,
    MODE_MEETING,
    SCREEN_KEY,
    SCREENS,
    carried_params,
    due,
    interval_display,
    is_meeting,
    parse_interval,
    parse_metric,
    parse_screen,
    step,
)
from data_access import PERCENT_METRICS, MetricsResult
from data_access.map_points import DRAWN
from data_access.progress import change_against_previous_year, rank_children

RETURN_STATE = "_rapat_return"  # the page the meeting was opened from (set by the router)
DEFAULT_RETURN = "dashboard/pages/ringkasan.py"
SHOWN_AT = "_rapat_shown_at"
PERCENT_CARDS = (
    "registered_pct",
    "sk_pct",
    "kelembagaan_pct",
    "six_bidang_pct",
    "kader_trained_pct",
    "tp_desa_kel_pct",
    "layanan_spm_pct",
    "report_completeness_pct",
)
MAX_BARS = 10
MAP_HEIGHT = 540  # fits under the title at 1280x720; a taller screen only adds margin
MAP_WIDTH_PX = 900  # the map column at 1280 px wide; a wider screen only adds margin
STATUSES = ("tertinggal", "mendekati", "tercapai")

CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"] {display: none !important}
[data-testid="stMainBlockContainer"] {padding: 0.9rem 2.2rem 3.4rem 2.2rem; max-width: 100%}
.st-key-rapat_top p {font-size: clamp(20px, 2.4vh, 28px); margin: 0; color: #1F2937}
.st-key-rapat_counter p {text-align: right; font-weight: 700}
.st-key-rapat_title h1 {font-size: clamp(34px, 4.6vh, 54px); padding: 0.1rem 0 0.4rem 0; line-height: 1.15; color: #000}
.st-key-rapat_stage p, .st-key-rapat_stage li {font-size: clamp(22px, 2.4vh, 28px); line-height: 1.35; color: #111827}
.st-key-rapat_stage [data-testid="stMarkdownContainer"] p span {font-size: inherit !important}
.st-key-rapat_stage [data-testid="stMetricLabel"] p {font-size: clamp(20px, 2.5vh, 30px); font-weight: 600;
  color: #111827}
.st-key-rapat_stage [data-testid="stMetricLabel"] * {white-space: normal !important; overflow: visible !important;
  text-overflow: clip !important}
.st-key-rapat_stage [data-testid="stMetricValue"], .st-key-rapat_stage [data-testid="stMetricValue"] p {
  font-size: clamp(48px, 6.4vh, 80px) !important; font-weight: 700; line-height: 1.1; color: #000}
.st-key-rapat_stage [data-testid="stCaptionContainer"] {opacity: 1}
.st-key-rapat_stage [data-testid="stCaptionContainer"] p {font-size: clamp(19px, 2vh, 24px); color: #374151}
.st-key-rapat_stage table {font-size: clamp(22px, 2.4vh, 28px)}
.st-key-rapat_stage table td, .st-key-rapat_stage table th {padding: 0.45rem 0.8rem; color: #000}
.st-key-rapat_nav {position: fixed; right: 1.2rem; bottom: 0.5rem; width: auto !important; z-index: 999990;
  background: rgba(255,255,255,0.92); border-radius: 0.6rem; padding: 0 0.4rem; opacity: 0.6}
.st-key-rapat_nav:hover, .st-key-rapat_nav:focus-within {opacity: 1}
.st-key-rapat_nav button p {font-size: 16px}
.st-key-rapat_keys {display: none !important}
</style>"""
# Type grows with the screen's height (vh) between a floor that a 1280x720 projector still fits and
# a ceiling for 1080p and up. CSS zoom would scale the charts too, but it breaks the map's canvas.


def _go(screen: int) -> None:
    st.query_params[SCREEN_KEY] = str(screen)


def _set_interval() -> None:
    seconds = int(st.session_state.get("rapat_interval", 0))
    if seconds:
        st.query_params[INTERVAL_KEY] = str(seconds)
    elif INTERVAL_KEY in st.query_params:
        del st.query_params[INTERVAL_KEY]


def _set_metric() -> None:
    st.query_params[METRIC_KEY] = str(st.session_state.get("rapat_metric", parse_metric(None)))


def _exit() -> None:
    """Back to the page the meeting was opened from, on the same region and period."""
    st.switch_page(
        st.session_state.get(RETURN_STATE, DEFAULT_RETURN), query_params=carried_params(st.query_params, meeting=False)
    )


# --- the frame: title line, screen counter, navigation ------------------------------------------


def _top(context: PageView, screen: int, title: str) -> None:
    with st.container(key="rapat_top"):
        left, right = st.columns([5, 1], vertical_alignment="bottom")
        badge = " &nbsp;:orange-badge[🧪 data contoh]" if context.sample else ""
        left.markdown(f"📍 **{context.name}** · {period_label(context.year, context.month)}{badge}")
        with right.container(key="rapat_counter"):
            st.markdown(f"{screen} / {len(SCREENS)}")
    with st.container(key="rapat_title"):
        st.title(title, anchor=False)
    for message in context.messages:
        st.warning(message, icon="⚠️")


def _navigation(context: PageView, screen: int, interval: int, metric: str) -> None:
    previous, following = step(screen, -1), step(screen, 1)
    with st.container(key="rapat_nav", horizontal=True, vertical_alignment="center", gap="small"):
        st.button(
            "Sebelumnya",
            key="rapat_prev",
            shortcut="Left",
            on_click=_go,
            args=(previous,),
            disabled=screen == 1,
            help="Layar sebelumnya (← atau PageUp)",
            type="tertiary",
        )
        st.button(
            "Berikutnya",
            key="rapat_next",
            shortcut="Right",
            on_click=_go,
            args=(following,),
            disabled=screen == len(SCREENS),
            help="Layar berikutnya (→ atau PageDown)",
            type="tertiary",
        )
        if context.region is not None:
            parent = context.path[-2] if len(context.path) > 1 else None
            if st.button(
                f"⬆ {parent.name if parent else 'Indonesia'}",
                key="rapat_up",
                type="tertiary",
                help="Naik satu tingkat wilayah",
            ):
                request_drill(parent.code if parent else None)
        with st.popover("⏱" + (f" {interval_display(interval)}" if interval else ""), type="tertiary"):
            st.session_state["rapat_interval"] = interval if interval in INTERVAL_CHOICES else 0
            st.selectbox(
                "Putar otomatis",
                INTERVAL_CHOICES,
                key="rapat_interval",
                format_func=interval_display,
                on_change=_set_interval,
                help="Untuk layar di lobi: pindah layar sendiri.",
            )
            st.session_state["rapat_metric"] = metric
            st.selectbox(
                "Indikator peta & peringkat",
                PERCENT_METRICS,
                key="rapat_metric",
                format_func=lambda code: METRIC_LABELS[code],
                on_change=_set_metric,
            )
        if st.button("✕ Keluar", key="rapat_exit", type="tertiary", help="Kembali ke tampilan biasa"):
            _exit()
    with st.container(key="rapat_keys"):  # what a presentation clicker sends; the buttons stay hidden
        st.button("PageUp", key="rapat_pageup", shortcut="PageUp", on_click=_go, args=(previous,), disabled=screen == 1)
        st.button(
            "PageDown",
            key="rapat_pagedown",
            shortcut="PageDown",
            on_click=_go,
            args=(following,),
            disabled=screen == len(SCREENS),
        )


def _auto_advance(screen: int, interval: int) -> None:
    """Advance every ``interval`` seconds (round again after the last screen); a click resets the
    clock because every full run stamps the time the screen was shown."""
    st.session_state[SHOWN_AT] = time.monotonic()

    @st.fragment(run_every=interval)
    def tick() -> None:
        if due(time.monotonic() - st.session_state.get(SHOWN_AT, time.monotonic()), interval):
            _go(step(screen, 1, wrap=True))
            st.rerun(scope="app")

    tick()


# --- the screens -----------------------------------------------------------------------------


def _status_line(code: str, result: MetricsResult, change: float | None = None) -> str:
    """``✖ Tertinggal target 65,0 %`` under a percentage; the change on last year under a count."""
    status, target = result.status.get(code), result.targets.get(code)
    if code in COUNT_METRICS:
        return (change_display(code, change) or "&nbsp;").replace("-", "−")
    if status and status != "tanpa target" and target is not None:
        badge = f":{STATUS_BADGE[status]}-badge[{STATUS_SYMBOLS[status]} {status.capitalize()}]"
        return f"{badge} target {format_percent(target)}"
    return ":gray-badge[– tanpa target]"


def _card(code: str, result: MetricsResult, change: float | None = None) -> None:
    with st.container(border=True):
        st.metric(METRIC_LABELS[code], metric_display(code, result.metrics[code]))
        st.markdown(_status_line(code, result, change))


def _quality_line(context: PageView, result: MetricsResult) -> None:
    try:
        excluded = context.fetch("excluded")
    except DashboardError:
        return
    completeness = result.metrics.get("report_completeness_pct")
    dropped = sum(excluded.values())
    if (completeness is not None and completeness < COMPLETENESS_THRESHOLD) or dropped > 0:
        st.caption(
            f"ℹ️ Kelengkapan laporan {format_percent(completeness)} (ambang 80 %); "
            f"{format_number(dropped)} baris data tidak valid dikecualikan."
        )


def _screen_figures(context: PageView, result: MetricsResult, metric: str) -> None:
    try:
        changes = change_against_previous_year(result, context.fetch("metrics_previous_year"))
    except DashboardError:
        changes = {}
    for column, code in zip(st.columns(len(COUNT_METRICS)), COUNT_METRICS, strict=True):
        with column:
            _card(code, result, changes.get(code))
    for start in range(0, len(PERCENT_CARDS), 4):
        for column, code in zip(st.columns(4), PERCENT_CARDS[start : start + 4], strict=True):
            with column:
                _card(code, result)
    _quality_line(context, result)


def _level(context: PageView) -> str:
    return (context.child_level_name or "wilayah").lower()


def _names(names: list[str], limit: int = 4) -> str:
    """``Curug, Walantaka, Taktakan dan 2 lainnya``; ``–`` for none."""
    if not names:
        return "–"
    shown = ", ".join(names[:limit])
    return shown + (f" dan {len(names) - limit} lainnya" if len(names) > limit else "")


def _tally(values: pd.DataFrame, noun: str) -> None:
    """How many children are behind / close / on target, with their names, stacked beside the map."""
    for status in STATUSES:
        group = values[values["status"] == status]
        with st.container(border=True):
            st.metric(f"{status_label(status)} ({noun})", format_number(len(group)))
            st.caption(_names(group["name"].tolist()))


def _extremes(values: pd.DataFrame) -> None:
    """Without targets: the lowest and the highest child, stacked beside the map."""
    known = values[values["value"].notna()].sort_values("value")
    if known.empty:
        st.markdown("Belum ada nilai.")
        return
    for label, row in (("Terendah", known.iloc[0]), ("Tertinggi", known.iloc[-1])):
        with st.container(border=True):
            st.metric(f"{label}: {row['name']}", format_percent(float(row["value"])))


def _screen_map(context: PageView, result: MetricsResult, metric: str) -> None:
    if not context.children:
        _desa_map(context)
        return
    try:
        shapes = context.fetch("child_shapes")
    except DashboardError as error:
        st.error(str(error))
        return
    values = rank_children(result, metric)[["code", "name", "value", "target", "status"]]
    targeted = values["target"].notna().any()
    map_column, side = st.columns([3, 1], gap="medium")
    with map_column:
        if not shapes.feature_collection["features"]:
            st.info(
                f"Batas wilayah {_level(context)} di {context.name} belum tersedia, jadi peta tidak dapat digambar."
            )
        else:
            builder = status_map if targeted else choropleth_map
            figure = builder(
                shapes, values, metric_label=METRIC_LABELS[metric], height=MAP_HEIGHT, width_px=MAP_WIDTH_PX
            )
            drillable_chart(context, for_projector(figure), key="rapat_map")
            st.caption(f"Klik {_level(context)} di peta untuk membukanya; layar berikutnya mengikutinya.")
    with side:
        if targeted:
            _tally(values, _level(context))
        else:
            _extremes(values)


def _gap_tally(points: pd.DataFrame) -> None:
    for status in ("perlu perhatian", "kurang", "lengkap"):
        with st.container(border=True):
            count = int((points["status"] == status).sum())
            st.metric(f"{GAP_STATUS_LABELS[status]} (Posyandu)", format_number(count))


def _desa_map(context: PageView) -> None:
    try:
        shape = context.fetch("own_shape")
        points = context.fetch("posyandu_points")
    except DashboardError as error:
        st.error(str(error))
        return
    drawn = points[points["placement"].isin(DRAWN)]
    map_column, side = st.columns([3, 1], gap="medium")
    with map_column:
        if not shape.feature_collection["features"] and drawn.empty:
            st.info(f"Batas wilayah {context.name} dan koordinat Posyandu-nya belum tersedia.")
        else:
            figure = outline_map(
                shape, height=MAP_HEIGHT, width_px=MAP_WIDTH_PX, fallback_bounds=points_bounds(drawn), points=drawn
            )
            st.plotly_chart(for_projector(figure), key=f"rapat_desa_map_{context.code}")
    with side:
        if points.empty:
            st.info("Belum ada Posyandu aktif yang tercatat.")
        else:
            _gap_tally(points)
            st.caption("Titik = Posyandu: ✔ lengkap, ◐ kurang 1–2 hal, ✖ perlu perhatian.")


def _bar_height(rows: int) -> int:
    """Bars thick enough to read across a room, and the chart still under the title at 1280x720."""
    return max(360, min(520, 70 * rows + 90))


def _screen_ranking(context: PageView, result: MetricsResult, metric: str) -> None:
    if not context.children:
        _desa_posyandu(context)
        return
    ranked = rank_children(result, metric)
    shown = ranked.head(MAX_BARS)
    figure = for_projector(ranking_bar(shown, metric_label=METRIC_LABELS[metric]), height=_bar_height(len(shown)))
    labels_clear_of_targets(figure)
    drillable_chart(context, figure, key="rapat_ranking")
    note = f"Paling tertinggal di atas; klik batang untuk membuka {_level(context)} itu."
    if ranked["target"].notna().any():
        note += " Garis hitam = target Renstra."
    if len(ranked) > len(shown):
        note += f" Ditampilkan {len(shown)} dari {len(ranked)} {_level(context)} yang paling tertinggal."
    st.caption(note)


def _desa_posyandu(context: PageView) -> None:
    try:
        points = context.fetch("posyandu_points")
    except DashboardError as error:
        st.error(str(error))
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


def _screen_renstra(context: PageView, result: MetricsResult, metric: str) -> None:
    try:
        _, paces = context.fetch("renstra_progress")
    except DashboardError as error:
        st.error(str(error))
        return
    every = summary_frame(result.metrics, result.targets, result.status, pd.DataFrame([asdict(p) for p in paces]))
    frame = every[every["actual"].notna() & every["target"].notna()]
    if frame.empty:
        where = "tingkat nasional" if context.region is None else context.name
        st.info(
            f"Belum ada target Renstra {context.year} untuk {where}: target berlaku per provinsi dan diturunkan ke "
            "wilayah di bawahnya. Klik provinsi pada peta atau peringkat untuk melihat capaiannya.",
            icon="🎯",
        )
        return
    behind = frame[frame["status"].isin(("tertinggal", "mendekati"))].head(MAX_BARS)
    side, chart = st.columns([1, 3], gap="medium")
    with side:
        for status in STATUSES:
            with st.container(border=True):
                count = int((frame["status"] == status).sum())
                st.metric(f"{status_label(status)} (indikator)", format_number(count))
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


def _screen_services(context: PageView, result: MetricsResult, metric: str) -> None:
    total = int(result.metrics["posyandu_total"] or 0)
    if total == 0:
        st.info(f"Belum ada Posyandu aktif yang terdaftar di {context.name} pada periode ini.")
        return
    try:
        activity = context.fetch("bidang_activity")
    except DashboardError as error:
        st.error(str(error))
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
                    f"**{format_number(counts.get(numerator, 0))}** dari {format_number(counts.get(denominator, 0))} "
                    f"{noun}<br>{_status_line(code, result)}",
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


def _title(screen: int, context: PageView, metric: str) -> str:
    key = SCREENS[screen - 1].key
    if key == "peta":
        if context.children:
            return f"Peta: {METRIC_LABELS[metric]} per {_level(context)}"
        return f"Peta Posyandu di {context.name}"
    if key == "peringkat":
        if context.children:
            return f"Peringkat {_level(context)}: {METRIC_LABELS[metric]}"
        return f"Posyandu di {context.name} yang perlu perhatian"
    if key == "renstra":
        return f"Kesenjangan terhadap target Renstra {context.year}"
    return SCREENS[screen - 1].title


DRAW = {
    "angka": _screen_figures,
    "peta": _screen_map,
    "peringkat": _screen_ranking,
    "renstra": _screen_renstra,
    "layanan": _screen_services,
}


def main() -> None:
    st.html(CSS)
    if not is_meeting(st.query_params):
        st.query_params[MODE_KEY] = MODE_MEETING  # the router hides its navigation from the next run on
    context = current_view(pickers=False)
    if context is None:
        if st.button("✕ Keluar", key="rapat_exit_error"):
            _exit()
        return
    screen, screen_message = parse_screen(st.query_params.get(SCREEN_KEY))
    interval, interval_message = parse_interval(st.query_params.get(INTERVAL_KEY))
    metric = parse_metric(st.query_params.get(METRIC_KEY))
    _top(context, screen, _title(screen, context, metric))
    for message in (screen_message, interval_message):
        if message:
            st.warning(message, icon="⚠️")
    try:
        result = context.fetch("metrics")
    except DashboardError as error:
        st.error(str(error))
    else:
        with st.container(key="rapat_stage"):
            DRAW[SCREENS[screen - 1].key](context, result, metric)
    _navigation(context, screen, interval, metric)
    if interval:
        _auto_advance(screen, interval)


main()
