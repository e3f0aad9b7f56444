"""Peta: where the region lags, at a glance. The child regions coloured by a chosen metric or by
Renstra status (click one to drill in), the figures beside the map, and at kecamatan and
desa/kelurahan level the Posyandu themselves as points coloured by what they lack.

Drawn offline (no tile server): see ``dashboard/charts/maps.py``.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.cards import metric_display
from dashboard.charts.formatting import format_number, format_percent
from dashboard.charts.maps import choropleth_map, outline_map, points_bounds, status_map
from dashboard.charts.renstra import status_label
from dashboard.context import PageView, current_view, drillable_chart
from dashboard.data import DashboardError
from dashboard.downloads import download_buttons
from dashboard.labels import COORDINATE_PLACEMENT_LABELS, GAP_LABELS, GAP_STATUS_LABELS, METRIC_LABELS
from dashboard.layout import page_header, quality_note
from data_access import METRIC_CODES, PERCENT_METRICS, MetricsResult
from data_access.map_points import DRAWN
from data_access.progress import rank_children

MAP_HEIGHT = 580
MAP_WIDTH_PX = 620  # the map column at 1440 px with the sidebar open; a laptop gets about the same
COLOR_MODES = {"nilai": "Nilai", "status": "Status Renstra"}


def _metric_options(result: MetricsResult) -> list[str]:
    """Percentages first, then counts; only metrics that have a value in at least one child (e.g.
    not the kab/kota regulation metric over kecamatan)."""
    ordered = [*PERCENT_METRICS, *(code for code in METRIC_CODES if code not in PERCENT_METRICS)]
    return [code for code in ordered if any(child.metrics.get(code) is not None for child in result.children)]


def _child_values(result: MetricsResult, metric: str) -> pd.DataFrame:
    """code, name, value, target, status of each child for ``metric``: the most behind first for a
    percentage (by points below target, else by value), the largest first for a count."""
    if metric in PERCENT_METRICS:
        return rank_children(result, metric)[["code", "name", "value", "target", "status"]]
    frame = pd.DataFrame(
        [
            {"code": c.code, "name": c.name, "value": c.metrics.get(metric), "target": None, "status": None}
            for c in result.children
        ],
        columns=["code", "name", "value", "target", "status"],
    )
    return frame.sort_values(["value", "code"], ascending=[False, True], na_position="last", ignore_index=True)


def _children_table(values: pd.DataFrame, metric: str, level_name: str) -> pd.DataFrame:
    shown = [metric_display(metric, None if pd.isna(v) else v) for v in values["value"].astype(object)]
    table = pd.DataFrame({level_name: values["name"], "Capaian" if metric in PERCENT_METRICS else "Jumlah": shown})
    if metric in PERCENT_METRICS:
        table["Target"] = [format_percent(None if pd.isna(t) else float(t)) for t in values["target"]]
        table["Status"] = [status_label(s) if isinstance(s, str) else "" for s in values["status"]]
    return table


def _missing_note(context: PageView, missing: list[str], regions: dict[str, str]) -> None:
    if missing:
        names = ", ".join(f"{regions.get(code, code)} ({code})" for code in missing)
        st.caption(f"⚠️ Batas wilayah belum tersedia: {names}. Angkanya tetap ada di tabel.")


def _points_note(points: pd.DataFrame) -> None:
    """Say which Posyandu are not on the map, and why, so nobody reads the map as complete."""
    hidden = points[~points["placement"].isin(DRAWN)]
    if hidden.empty:
        return
    reasons = hidden["placement"].value_counts()
    parts = [f"{format_number(int(count))} {COORDINATE_PLACEMENT_LABELS[reason]}" for reason, count in reasons.items()]
    st.caption(
        f"📍 {format_number(len(hidden))} dari {format_number(len(points))} Posyandu tidak tergambar di peta: "
        + "; ".join(parts)
        + ". Daftarnya ada di tabel Posyandu."
    )


def _posyandu_table(points: pd.DataFrame, *, with_desa: bool) -> pd.DataFrame:
    table = pd.DataFrame(
        {
            "Posyandu": points["name"],
            "Status": [GAP_STATUS_LABELS.get(s, s) for s in points["status"]],
            "Kekurangan": [", ".join(GAP_LABELS.get(g, g) for g in gaps) or "–" for gaps in points["gaps"]],
            "Koordinat": [COORDINATE_PLACEMENT_LABELS[p] for p in points["placement"]],
        }
    )
    if with_desa:
        table.insert(1, "Desa/Kelurahan", points["desa_name"])
    return table


def _posyandu_download(points: pd.DataFrame) -> pd.DataFrame:
    columns = [
        "posyandu_id",
        "name",
        "desa_code",
        "desa_name",
        "latitude",
        "longitude",
        "status",
        "gap_count",
        "gaps",
        "placement",
    ]
    return points[columns]


def _children_view(context: PageView, result: MetricsResult) -> None:
    options = _metric_options(result)
    if not options:
        st.info(f"Belum ada angka untuk {context.child_level_name.lower()} di {context.name}.")
        return
    pick, mode_pick, points_pick = st.columns([3, 2, 2])
    metric = pick.selectbox("Indikator", options, format_func=lambda code: METRIC_LABELS[code], key="peta_metric")
    percent = metric in PERCENT_METRICS
    mode = mode_pick.radio(
        "Warnai menurut",
        list(COLOR_MODES),
        format_func=COLOR_MODES.get,
        horizontal=True,
        key="peta_mode",
        disabled=not percent,
        help="Status Renstra: tercapai / mendekati / tertinggal terhadap target tahun ini.",
    )
    show_points = context.level == "kecamatan" and points_pick.toggle(
        "Tampilkan titik Posyandu", key="peta_points", help="Warna titik = status kekurangan Posyandu."
    )
    try:
        with st.spinner("Memuat peta…"):
            shapes = context.fetch("child_shapes")
            points = context.fetch("posyandu_points") if show_points else None
    except DashboardError as error:
        st.error(str(error))
        return

    values = _child_values(result, metric)
    by_status = percent and mode == "status"
    st.subheader(f"{METRIC_LABELS[metric]} per {context.child_level_name.lower()}")
    map_column, table_column = st.columns([3, 2], gap="medium")
    with map_column:
        if not shapes.feature_collection["features"]:
            st.info(
                f"Batas wilayah {context.child_level_name.lower()} di {context.name} belum tersedia, jadi peta "
                "tidak dapat digambar. Angkanya tetap ada di tabel di samping."
            )
        else:
            builder = status_map if by_status else choropleth_map
            options = {} if by_status else {"percent": percent}
            drawn = None if points is None else points[points["placement"].isin(DRAWN)]
            figure = builder(
                shapes,
                values,
                metric_label=METRIC_LABELS[metric],
                height=MAP_HEIGHT,
                width_px=MAP_WIDTH_PX,
                points=drawn,
                **options,
            )
            drillable_chart(context, figure, key="peta_map")
            st.caption(
                f"Klik {context.child_level_name.lower()} di peta untuk membukanya. Arahkan kursor untuk "
                "melihat angka; abu-abu = tidak ada nilai (–)."
            )
        _missing_note(context, shapes.missing, {child.code: child.name for child in context.children})
        if points is not None:
            _points_note(points)
    with table_column:
        st.dataframe(
            _children_table(values, metric, context.child_level_name),
            hide_index=True,
            width="stretch",
            height=min(MAP_HEIGHT, 38 + 35 * len(values)),
        )
    st.caption(f"Unduh angka {context.child_level_name.lower()} di peta ini:")
    download_buttons(values.assign(metric=metric), f"peta {metric} {context.name} {context.year}", key="peta_children")
    if points is not None and not points.empty:
        with st.expander(f"Daftar Posyandu di {context.name} ({format_number(len(points))})"):
            st.dataframe(_posyandu_table(points, with_desa=True), hide_index=True, width="stretch")
            download_buttons(_posyandu_download(points), f"posyandu {context.name} {context.year}", key="peta_posyandu")


def _status_tally(points: pd.DataFrame) -> None:
    """How many Posyandu are lengkap / kurang / perlu perhatian, as cards stacked beside the map."""
    for status in ("perlu perhatian", "kurang", "lengkap"):
        count = int((points["status"] == status).sum())
        with st.container(border=True):
            st.metric(GAP_STATUS_LABELS[status], f"{format_number(count)} Posyandu")


def _desa_view(context: PageView) -> None:
    try:
        with st.spinner("Memuat peta…"):
            shape = context.fetch("own_shape")
            points = context.fetch("posyandu_points")
    except DashboardError as error:
        st.error(str(error))
        return
    st.subheader(f"Posyandu di {context.name}")
    if points.empty:
        st.info(f"Belum ada Posyandu aktif yang tercatat di {context.name} pada periode ini.")
    drawn = points[points["placement"].isin(DRAWN)]
    map_column, side_column = st.columns([3, 1], gap="medium")
    with map_column:
        if not shape.feature_collection["features"] and drawn.empty:
            st.info(
                f"Batas wilayah {context.name} belum tersedia dan belum ada Posyandu berkoordinat, jadi peta "
                "tidak dapat digambar."
            )
        else:
            figure = outline_map(
                shape, height=MAP_HEIGHT, width_px=MAP_WIDTH_PX, fallback_bounds=points_bounds(drawn), points=drawn
            )
            st.plotly_chart(figure, key=f"peta_desa_{context.code}")
            st.caption(
                "Warna titik = status Posyandu: ✔ lengkap, ◐ kurang 1–2 hal, ✖ perlu perhatian (3 hal atau "
                "lebih). Arahkan kursor ke titik untuk melihat kekurangannya."
            )
        _missing_note(context, shape.missing, {context.code: context.name})
        if not points.empty:
            _points_note(points)
    if not points.empty:
        with side_column:
            _status_tally(points)
        ordered = points.sort_values(["gap_count", "name"], ascending=[False, True], ignore_index=True)
        st.markdown(f"**Daftar Posyandu {context.name}** (yang paling banyak kekurangannya di atas)")
        st.dataframe(_posyandu_table(ordered, with_desa=False), hide_index=True, width="stretch")
        download_buttons(_posyandu_download(ordered), f"posyandu {context.name} {context.year}", key="peta_posyandu")
    if context.level == "desa_kelurahan":
        st.caption(
            f"{context.name} adalah desa/kelurahan: tidak ada wilayah di bawahnya, jadi peta menampilkan Posyandu-nya."
        )
    else:
        st.caption(
            f"{context.name} belum memiliki wilayah di bawahnya di database; peta menampilkan batasnya "
            "sendiri dan Posyandu-nya."
        )


def main() -> None:
    context = current_view()
    if context is None:
        return
    page_header(context, "Peta", icon="🗺️")
    try:
        with st.spinner("Menghitung angka…"):
            result = context.fetch("metrics")
    except DashboardError as error:
        st.error(str(error))
        return
    quality_note(context)
    if context.children:
        _children_view(context, result)
    else:
        _desa_view(context)


main()
