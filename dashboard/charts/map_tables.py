"""Tables beside and under the Peta page's map: which metrics can colour the map, each child's value
with its target and status, and the Posyandu points with what they lack and where their coordinates
stand. Pure builders, testable without Streamlit."""

from __future__ import annotations

import pandas as pd

from dashboard.cards import metric_display
from dashboard.charts.formatting import format_percent
from dashboard.charts.renstra import status_label
from dashboard.labels import COORDINATE_PLACEMENT_LABELS, GAP_LABELS, GAP_STATUS_LABELS
from data_access import METRIC_CODES, PERCENT_METRICS, MetricsResult
from data_access.progress import rank_children


def metric_options(result: MetricsResult) -> list[str]:
    """Percentages first, then counts; only metrics that have a value in at least one child (e.g.
    not the kab/kota regulation metric over kecamatan)."""
    ordered = [*PERCENT_METRICS, *(code for code in METRIC_CODES if code not in PERCENT_METRICS)]
    return [code for code in ordered if any(child.metrics.get(code) is not None for child in result.children)]


def child_values(result: MetricsResult, metric: str) -> pd.DataFrame:
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


def children_table(values: pd.DataFrame, metric: str, level_name: str) -> pd.DataFrame:
    shown = [metric_display(metric, None if pd.isna(v) else v) for v in values["value"].astype(object)]
    table = pd.DataFrame({level_name: values["name"], "Capaian" if metric in PERCENT_METRICS else "Jumlah": shown})
    if metric in PERCENT_METRICS:
        table["Target"] = [format_percent(None if pd.isna(t) else float(t)) for t in values["target"]]
        table["Status"] = [status_label(s) if isinstance(s, str) else "" for s in values["status"]]
    return table


def posyandu_table(points: pd.DataFrame, *, with_desa: bool) -> pd.DataFrame:
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


def posyandu_download(points: pd.DataFrame) -> pd.DataFrame:
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
