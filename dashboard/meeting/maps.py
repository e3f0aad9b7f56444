"""The meeting's map screen: the child regions coloured by Renstra status (or by value where there
are no targets) with the tally of statuses beside it, or, at desa/kelurahan level, the desa's own
outline with its Posyandu as points and the tally of their gap statuses."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard.charts.formatting import format_percent
from dashboard.charts.maps import choropleth_map, outline_map, points_bounds, status_map
from dashboard.charts.projector import for_projector
from dashboard.charts.renstra import status_label
from dashboard.context import PageView
from dashboard.drill import drillable_chart
from dashboard.figure_cache import prepared
from dashboard.labels import GAP_STATUS_LABELS, METRIC_LABELS
from dashboard.page import load
from dashboard.sections.tally import status_tally
from data_access import MetricsResult
from data_access.geography import RegionShapes
from data_access.map_points import DRAWN
from data_access.progress import rank_children
from data_access.vocabulary import GAP_STATUSES, TARGETED_STATUSES

MAP_HEIGHT = 540  # fits under the title at 1280x720; a taller screen only adds margin
MAP_WIDTH_PX = 900  # the map column at 1280 px wide; a wider screen only adds margin


def projector_map(targeted: bool, shapes: RegionShapes, values: pd.DataFrame, *, metric_label: str) -> go.Figure:
    """The map screen's figure, status map (``targeted``) or choropleth in projector type: one pure
    builder, so every participant's session shares one built figure (``dashboard.figure_cache``)."""
    builder = status_map if targeted else choropleth_map
    return for_projector(builder(shapes, values, metric_label=metric_label, height=MAP_HEIGHT, width_px=MAP_WIDTH_PX))


def child_level(context: PageView) -> str:
    """What the children are called, in lower case ("kecamatan"); "wilayah" where there are none."""
    return (context.child_level_name or "wilayah").lower()


def _names(names: list[str], limit: int = 4) -> str:
    """``Curug, Walantaka, Taktakan dan 2 lainnya``; ``–`` for none."""
    if not names:
        return "–"
    shown = ", ".join(names[:limit])
    return shown + (f" dan {len(names) - limit} lainnya" if len(names) > limit else "")


def _extremes(values: pd.DataFrame) -> None:
    """Without targets: the lowest and the highest child, stacked beside the map."""
    known = values[values["value"].notna()].sort_values("value")
    if known.empty:
        st.markdown("Belum ada nilai.")
        return
    for label, row in (("Terendah", known.iloc[0]), ("Tertinggi", known.iloc[-1])):
        with st.container(border=True):
            st.metric(f"{label}: {row['name']}", format_percent(float(row["value"])))


def map_screen(context: PageView, result: MetricsResult, metric: str) -> None:
    """The child regions on the map, or the desa's own Posyandu at desa/kelurahan level."""
    if not context.children:
        _desa_map(context)
        return
    shapes = load(context, None, lambda view: view.fetch("child_shapes"), note=False)
    if shapes is None:
        return
    level = child_level(context)
    values = rank_children(result, metric)[["code", "name", "value", "target", "status"]]
    targeted = values["target"].notna().any()
    map_column, side = st.columns([3, 1], gap="medium")
    with map_column:
        if not shapes.feature_collection["features"]:
            st.info(f"Batas wilayah {level} di {context.name} belum tersedia, jadi peta tidak dapat digambar.")
        else:
            figure = prepared(projector_map, targeted, shapes, values, metric_label=METRIC_LABELS[metric])
            drillable_chart(context, figure, key="rapat_map")
            st.caption(f"Klik atau ketuk {level} di peta untuk membukanya; layar berikutnya mengikutinya.")
    with side:
        if targeted:
            status_tally(
                TARGETED_STATUSES,
                values["status"],
                label=lambda status: f"{status_label(status)} ({level})",
                caption=lambda status: _names(values.loc[values["status"] == status, "name"].tolist()),
            )
        else:
            _extremes(values)


def _desa_map(context: PageView) -> None:
    loaded = load(context, None, lambda view: (view.fetch("own_shape"), view.fetch("posyandu_points")), note=False)
    if loaded is None:
        return
    shape, points = loaded
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
            status_tally(GAP_STATUSES, points["status"], label=lambda status: f"{GAP_STATUS_LABELS[status]} (Posyandu)")
            st.caption("Titik = Posyandu: ✔ lengkap, ◐ kurang 1–2 hal, ✖ perlu perhatian.")
