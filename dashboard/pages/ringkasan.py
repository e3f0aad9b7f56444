"""Ringkasan: the headline figures against Renstra targets, change on last year, and the child
regions ranked so the laggards stand out (click a bar to drill in)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard import registry
from dashboard.briefing_downloads import briefing_downloads
from dashboard.cards import metric_display
from dashboard.charts.formatting import format_number
from dashboard.charts.vega_ranking import ranking_spec
from dashboard.charts.vega_status_map import status_map_spec
from dashboard.context import PageView
from dashboard.data import DashboardError
from dashboard.downloads import download_buttons
from dashboard.drill import drillable_spec
from dashboard.figure_cache import prepared_spec
from dashboard.followup.action import followup_button
from dashboard.headline import COUNT_METRICS, HEADLINE_METRICS
from dashboard.labels import METRIC_LABELS
from dashboard.page import show_page
from dashboard.sections.card_row import card_row
from data_access import METRIC_CODES, PERCENT_METRICS, MetricsResult
from data_access.progress import change_against_previous_year, rank_children


@dataclass(frozen=True)
class Fetched:
    result: MetricsResult
    previous: MetricsResult


def _fetch(context: PageView) -> Fetched:
    return Fetched(result=context.fetch("metrics"), previous=context.fetch("metrics_previous_year"))


def _count_caption(code: str, counts: dict[str, int]) -> str | None:
    numerators = {
        "registered_pct": ("posyandu.registered", "Posyandu teregistrasi"),
        "sk_pct": ("posyandu.with_sk", "Posyandu ber-SK"),
        "kelembagaan_pct": ("posyandu.kelembagaan", "Posyandu memenuhi SS3"),
        "six_bidang_pct": ("services.six_bidang", "Posyandu 6 bidang"),
        "kader_trained_pct": ("kader.kader_trained", "kader terlatih"),
        "tp_desa_kel_pct": ("regions.desa_with_tp", "desa/kel ber-TP"),
    }
    if code not in numerators:
        return None
    key, label = numerators[code]
    return f"**{format_number(counts.get(key, 0))}** {label}"


def _status_map(context: PageView, ranked: pd.DataFrame, metric: str) -> None:
    """The same ranking as a map coloured by Renstra status (drawn from region_boundary, offline)."""
    try:
        shapes = context.fetch("child_shapes")
    except DashboardError:
        return
    if not shapes.feature_collection["features"]:
        st.caption("Batas wilayah belum tersedia untuk peta.")
        return
    spec = prepared_spec(status_map_spec, shapes, ranked, metric_label=METRIC_LABELS[metric], height=420)
    drillable_spec(context, spec, key=f"ringkasan_map_{metric}")
    st.caption("Klik atau ketuk wilayah di peta untuk membukanya.")


def _draw(context: PageView, fetched: Fetched) -> None:
    result = fetched.result
    changes = change_against_previous_year(result, fetched.previous)
    card_row(result, COUNT_METRICS, changes=changes)
    for start in range(0, len(HEADLINE_METRICS), 4):
        codes = HEADLINE_METRICS[start : start + 4]
        card_row(result, codes, changes=changes, caption=lambda code: _count_caption(code, result.counts), slots=4)

    if not context.children:
        st.caption("Wilayah ini tidak memiliki wilayah di bawahnya.")
        followup_button(None, key="ringkasan_followup")
        return
    st.subheader(f"{context.child_level_name} yang paling tertinggal")
    options = [code for code in PERCENT_METRICS if code != "regulation_pct" or context.level in (None, "provinsi")]
    metric = st.selectbox(
        "Urutkan menurut", options, index=0, format_func=lambda code: METRIC_LABELS[code], key="ringkasan_metric"
    )
    followup_button(metric, key="ringkasan_followup")
    ranked = rank_children(result, metric)
    bars, map_column = st.columns([3, 2])
    with bars:
        spec = prepared_spec(ranking_spec, ranked, metric_label=METRIC_LABELS[metric])
        drillable_spec(context, spec, key=f"ringkasan_ranking_{metric}")
        st.caption("Klik atau ketuk batang untuk membuka wilayah itu. Garis hitam = target Renstra.")
    with map_column:
        _status_map(context, ranked, metric)

    _children_table(context, result)


def _children_table(context: PageView, result: MetricsResult) -> None:
    """Every figure per child region, with its downloads, built only once the expander is opened:
    the table widget's code is over a megabyte of JavaScript that a closed expander made every
    first visit load (docs/performance.md, "The first visit in a browser")."""
    expander = st.expander(
        f"Semua angka per {context.child_level_name.lower()}", key="ringkasan_children_open", on_change="rerun"
    )
    if not expander.open:
        return
    table = pd.DataFrame(
        [
            {"Kode": child.code, context.child_level_name: child.name}
            | {METRIC_LABELS[c]: metric_display(c, child.metrics[c]) for c in METRIC_CODES}
            for child in result.children
        ]
    )
    with expander:
        st.dataframe(table, hide_index=True, width="stretch")
        raw = pd.DataFrame([{"code": c.code, "name": c.name, **c.metrics} for c in result.children])
        download_buttons(raw, f"ringkasan {context.name} {context.year}", key="ringkasan_children")


show_page(registry.RINGKASAN, spinner="Menghitung angka…", fetch=_fetch, draw=_draw, actions=briefing_downloads)
