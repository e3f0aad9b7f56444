"""The child regions ranked on a percentage with the counts behind each share ("649 dari 967
Posyandu"): a drillable bar chart (most behind at the top), the same ranking as a table, and its
download. Kader, Layanan and Pendanaan each rank their own metrics this way."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import streamlit as st

from dashboard.cards import metric_display
from dashboard.charts.regional import counted_ranking_bar, ranked_with_counts, ranking_table
from dashboard.context import PageView
from dashboard.downloads import download_buttons
from dashboard.drill import drillable_chart
from dashboard.labels import METRIC_LABELS
from data_access import MetricsResult

CAPTION = "Paling tertinggal di atas. Klik atau ketuk batang untuk membuka wilayah itu. Garis hitam = target Renstra."


@dataclass(frozen=True)
class Counted:
    """How a percentage is counted: the family-count keys of its numerator and denominator, what they
    count (for the chart), the table's heading for the counts when it says more than that noun, and
    the word for the metric in the download's file name (its code by default)."""

    numerator: str
    denominator: str
    noun: str
    table_noun: str = ""
    file_label: str = ""


def counted_ranking(
    context: PageView,
    result: MetricsResult,
    metrics: Mapping[str, Counted],
    *,
    subject: str,
    key: str,
    extra_metric: str | None = None,
) -> None:
    """ "<subject> per <child level>": with more than one metric, a picker (the first is the default)
    chooses which to rank. ``extra_metric`` adds each child's value of another metric to the table
    and the download. Widget keys start with ``key``."""
    level = context.child_level_name.lower()
    st.subheader(f"{subject} per {level}")
    metric = _chosen(metrics, key)
    counted = metrics[metric]
    ranked = ranked_with_counts(result, metric, counted.numerator, counted.denominator)
    figure = counted_ranking_bar(ranked, metric_label=METRIC_LABELS[metric], noun=counted.noun)
    drillable_chart(context, figure, key=key)
    st.caption(CAPTION)

    table = ranking_table(
        ranked,
        level_name=context.child_level_name,
        metric_label=METRIC_LABELS[metric],
        noun=counted.table_noun or counted.noun,
    )
    raw = ranked
    if extra_metric is not None:
        values = {child.code: child.metrics[extra_metric] for child in result.children}
        table[METRIC_LABELS[extra_metric]] = [metric_display(extra_metric, values.get(code)) for code in ranked["code"]]
        raw = ranked.assign(**{extra_metric: [values.get(code) for code in ranked["code"]]})
    with st.expander(f"Tabel per {level}"):
        st.dataframe(table, hide_index=True, width="stretch")
    name = f"{counted.file_label or metric} per wilayah {context.name} {context.year}"
    download_buttons(raw, name, key=f"{key}_dl")


def _chosen(metrics: Mapping[str, Counted], key: str) -> str:
    """The metric to rank: the only one, or the one picked (the first until a pick)."""
    first = next(iter(metrics))
    if len(metrics) == 1:
        return first
    picked = st.segmented_control(
        "Urutkan menurut",
        options=list(metrics),
        format_func=lambda code: METRIC_LABELS[code],
        key=f"{key}_metric",
        default=first,
    )
    return picked or first
