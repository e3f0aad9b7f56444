"""Peta: where the region lags, at a glance. The child regions coloured by a chosen metric or by
Renstra status (click one to drill in), the figures beside the map, and at kecamatan and
desa/kelurahan level the Posyandu themselves as points coloured by what they lack.

Drawn offline (no tile server): see ``dashboard/charts/maps.py``.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import registry
from dashboard.charts.formatting import format_number
from dashboard.charts.map_tables import (
    child_values,
    children_table,
    metric_options,
    posyandu_download,
    posyandu_table,
)
from dashboard.charts.maps import choropleth_map, outline_map, points_bounds, status_map
from dashboard.context import PageView
from dashboard.downloads import download_buttons
from dashboard.drill import drillable_chart
from dashboard.labels import COORDINATE_PLACEMENT_LABELS, GAP_STATUS_LABELS, METRIC_LABELS
from dashboard.page import load, show_page
from dashboard.sections.tables import fitted_table
from dashboard.sections.tally import status_tally
from data_access import PERCENT_METRICS, MetricsResult
from data_access.map_points import DRAWN
from data_access.vocabulary import GAP_STATUSES

MAP_HEIGHT = 580
MAP_WIDTH_PX = 620  # the map column at 1440 px with the sidebar open; a laptop gets about the same
COLOR_MODES = {"nilai": "Nilai", "status": "Status Renstra"}


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


def _children_view(context: PageView, result: MetricsResult) -> None:
    options = metric_options(result)
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
    loaded = load(
        context,
        "Memuat peta…",
        lambda view: (view.fetch("child_shapes"), view.fetch("posyandu_points") if show_points else None),
        note=False,
    )
    if loaded is None:
        return
    shapes, points = loaded

    values = child_values(result, metric)
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
            drawn = None if points is None else points[points["placement"].isin(DRAWN)]
            label, size = METRIC_LABELS[metric], {"height": MAP_HEIGHT, "width_px": MAP_WIDTH_PX}
            if by_status:
                figure = status_map(shapes, values, metric_label=label, points=drawn, **size)
            else:
                figure = choropleth_map(shapes, values, metric_label=label, percent=percent, points=drawn, **size)
            drillable_chart(context, figure, key="peta_map")
            st.caption(
                f"Klik atau ketuk {context.child_level_name.lower()} di peta untuk membukanya. "
                "Arahkan kursor untuk melihat angka; abu-abu = tidak ada nilai (–)."
            )
        _missing_note(context, shapes.missing, {child.code: child.name for child in context.children})
        if points is not None:
            _points_note(points)
    with table_column:
        fitted_table(children_table(values, metric, context.child_level_name), limit=MAP_HEIGHT)
    st.caption(f"Unduh angka {context.child_level_name.lower()} di peta ini:")
    download_buttons(values.assign(metric=metric), f"peta {metric} {context.name} {context.year}", key="peta_children")
    if points is not None and not points.empty:
        with st.expander(f"Daftar Posyandu di {context.name} ({format_number(len(points))})"):
            st.dataframe(posyandu_table(points, with_desa=True), hide_index=True, width="stretch")
            download_buttons(posyandu_download(points), f"posyandu {context.name} {context.year}", key="peta_posyandu")


def _desa_view(context: PageView) -> None:
    loaded = load(
        context, "Memuat peta…", lambda view: (view.fetch("own_shape"), view.fetch("posyandu_points")), note=False
    )
    if loaded is None:
        return
    shape, points = loaded
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
        _missing_note(context, shape.missing, {context.code or "": context.name})
        if not points.empty:
            _points_note(points)
    if not points.empty:
        with side_column:
            status_tally(
                GAP_STATUSES,
                points["status"],
                label=GAP_STATUS_LABELS.__getitem__,
                value=lambda count: f"{format_number(count)} Posyandu",
            )
        ordered = points.sort_values(["gap_count", "name"], ascending=[False, True], ignore_index=True)
        st.markdown(f"**Daftar Posyandu {context.name}** (yang paling banyak kekurangannya di atas)")
        st.dataframe(posyandu_table(ordered, with_desa=False), hide_index=True, width="stretch")
        download_buttons(posyandu_download(ordered), f"posyandu {context.name} {context.year}", key="peta_posyandu")
    if context.level == "desa_kelurahan":
        st.caption(
            f"{context.name} adalah desa/kelurahan: tidak ada wilayah di bawahnya, jadi peta menampilkan Posyandu-nya."
        )
    else:
        st.caption(
            f"{context.name} belum memiliki wilayah di bawahnya di database; peta menampilkan batasnya "
            "sendiri dan Posyandu-nya."
        )


def _draw(context: PageView, result: MetricsResult) -> None:
    if context.children:
        _children_view(context, result)
    else:
        _desa_view(context)


show_page(registry.PETA, spinner="Menghitung angka…", fetch=lambda view: view.fetch("metrics"), draw=_draw)
