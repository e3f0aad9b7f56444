"""One function per METRICS.md code, for callers that need a single figure.

Each runs only its own family's query and returns the value for the scope's region and for each
child at once, keyed by region code (``None`` = the whole country). :func:`compute_metrics` is
still the way to get everything: it runs each family once for all codes.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, Engine

from data_access.db import with_connection
from data_access.metrics.codes import Metrics
from data_access.metrics.funding import funding_counts, funding_metrics
from data_access.metrics.kader import kader_counts, kader_metrics
from data_access.metrics.posyandu import posyandu_counts, posyandu_metrics
from data_access.metrics.regions import region_counts, region_metrics
from data_access.metrics.services import service_counts, service_metrics
from data_access.scope import Scope

MetricFunction = Callable[[Engine | Connection, Scope], dict[str | None, float | int | None]]
CountsFunction = Callable[[Connection, Scope], dict[str, dict[str, int]]]


def _levels(scope: Scope) -> dict[str, str | None]:
    levels: dict[str, str | None] = {scope.target_codes[0]: scope.region.level if scope.region else None}
    levels.update({child.code: child.level for child in scope.children})
    return levels


def _metric_function(code: str, counts: CountsFunction, to_metrics: Callable[..., Metrics]) -> MetricFunction:
    def compute(engine: Engine | Connection, scope: Scope) -> dict[str | None, float | int | None]:
        family = with_connection(engine, lambda conn: counts(conn, scope))
        levels = _levels(scope)
        values = {}
        for target, target_counts in family.items():
            metrics = (
                to_metrics(target_counts, levels[target]) if to_metrics is region_metrics else to_metrics(target_counts)
            )
            values[target or None] = metrics[code]
        return values

    compute.__name__ = compute.__qualname__ = code
    compute.__doc__ = f"``{code}`` of METRICS.md for the scope's region and each child, keyed by code."
    return compute


posyandu_total = _metric_function("posyandu_total", posyandu_counts, posyandu_metrics)
registered_pct = _metric_function("registered_pct", posyandu_counts, posyandu_metrics)
sk_pct = _metric_function("sk_pct", posyandu_counts, posyandu_metrics)
kelembagaan_pct = _metric_function("kelembagaan_pct", posyandu_counts, posyandu_metrics)
sarpras_pct = _metric_function("sarpras_pct", posyandu_counts, posyandu_metrics)
tp_desa_kel_pct = _metric_function("tp_desa_kel_pct", region_counts, region_metrics)
tp_kecamatan_pct = _metric_function("tp_kecamatan_pct", region_counts, region_metrics)
regulation_pct = _metric_function("regulation_pct", region_counts, region_metrics)
six_bidang_pct = _metric_function("six_bidang_pct", service_counts, service_metrics)
layanan_spm_pct = _metric_function("layanan_spm_pct", service_counts, service_metrics)
report_completeness_pct = _metric_function("report_completeness_pct", service_counts, service_metrics)
kader_total = _metric_function("kader_total", kader_counts, kader_metrics)
kader_trained_pct = _metric_function("kader_trained_pct", kader_counts, kader_metrics)
pengurus_trained_pct = _metric_function("pengurus_trained_pct", kader_counts, kader_metrics)
pengurus_complete_pct = _metric_function("pengurus_complete_pct", kader_counts, kader_metrics)
kader_under5_count = _metric_function("kader_under5_count", kader_counts, kader_metrics)
kemitraan_pct = _metric_function("kemitraan_pct", funding_counts, funding_metrics)
budget_up_pct = _metric_function("budget_up_pct", funding_counts, funding_metrics)

METRIC_FUNCTIONS: dict[str, MetricFunction] = {
    function.__name__: function
    for function in (
        posyandu_total,
        registered_pct,
        sk_pct,
        tp_desa_kel_pct,
        tp_kecamatan_pct,
        kelembagaan_pct,
        six_bidang_pct,
        layanan_spm_pct,
        kader_total,
        kader_trained_pct,
        pengurus_trained_pct,
        pengurus_complete_pct,
        kader_under5_count,
        kemitraan_pct,
        sarpras_pct,
        budget_up_pct,
        regulation_pct,
        report_completeness_pct,
    )
}
"""metric code -> its function, in contract order."""
