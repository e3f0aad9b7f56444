"""The readiness funnel and the kelembagaan figures per region, as the Kelembagaan page tables them.

Both are read off :func:`~data_access.metrics.compute_metrics`' counts (no SQL of their own): the
funnel of METRICS.md -- all posyandu of P -> with SK -> with SK and registered -> with SK, registered
and standing in a desa/kelurahan whose Tim Pembina counts -- and each kelembagaan metric beside the
counts behind it.
"""

from __future__ import annotations

import pandas as pd

from data_access.metrics import MetricsResult, RegionMetrics
from data_access.metrics.codes import percent

FUNNEL_COUNTS: tuple[str, ...] = ("posyandu", "with_sk", "with_sk_registered", "with_sk_registered_tp")
"""The funnel's steps, as named in ``compute_metrics(...).counts`` under the ``posyandu.`` prefix."""

STAGES: tuple[str, ...] = ("stage_ready", "stage_no_tp", "stage_sk_only", "stage_no_sk")
"""The funnel as a partition of |P|: where each posyandu stops (ready first)."""


def _region_rows(result: MetricsResult) -> list[tuple[RegionMetrics, bool]]:
    """The region (first, ``is_region`` true) and each child."""
    return [(result.region, True)] + [(child, False) for child in result.children]


def readiness_by_region(result: MetricsResult) -> pd.DataFrame:
    """The funnel counts of the region (first row) and each child, with each step's share of |P|.

    Columns: code ('' for the country), name, is_region, the four :data:`FUNNEL_COUNTS` and
    ``with_sk_pct``, ``with_sk_registered_pct``, ``with_sk_registered_tp_pct`` (null when |P| = 0);
    then where each posyandu stops, the funnel split into parts that add up to |P| (with their
    shares, ``<stage>_pct``): :data:`STAGES` -- no SK, SK only, SK and registration but no Tim
    Pembina in its desa/kelurahan, and ready.
    """
    return pd.DataFrame([_funnel_row(region, is_region=is_region) for region, is_region in _region_rows(result)])


def _funnel_row(region: RegionMetrics, *, is_region: bool) -> dict[str, object]:
    counts = {name: int(region.counts.get(f"posyandu.{name}", 0)) for name in FUNNEL_COUNTS}
    total = counts["posyandu"]
    shares = {f"{name}_pct": percent(counts[name], total) for name in FUNNEL_COUNTS[1:]}
    stages = {
        "stage_no_sk": total - counts["with_sk"],
        "stage_sk_only": counts["with_sk"] - counts["with_sk_registered"],
        "stage_no_tp": counts["with_sk_registered"] - counts["with_sk_registered_tp"],
        "stage_ready": counts["with_sk_registered_tp"],
    }
    stage_shares = {f"{name}_pct": percent(value, total) for name, value in stages.items()}
    return (
        {"code": region.code or "", "name": region.name, "is_region": is_region}
        | counts
        | shares
        | stages
        | stage_shares
    )


INSTITUTION_INDICATORS: dict[str, tuple[str, str]] = {
    "registered_pct": ("posyandu.registered", "posyandu.posyandu"),
    "sk_pct": ("posyandu.with_sk", "posyandu.posyandu"),
    "tp_desa_kel_pct": ("regions.desa_with_tp", "regions.desa"),
    "tp_kecamatan_pct": ("regions.kecamatan_with_tp", "regions.kecamatan"),
    "kelembagaan_pct": ("posyandu.kelembagaan", "posyandu.posyandu"),
    "pengurus_complete_pct": ("kader.pengurus_complete", "kader.posyandu"),
    "kader_under5_count": ("kader.under5", "kader.posyandu"),
}
"""Kelembagaan metric -> (numerator, denominator) in ``compute_metrics(...).counts``."""


def institution_indicators(result: MetricsResult) -> pd.DataFrame:
    """The kelembagaan figures of the region (first row) and each child, with the counts behind them.

    Per metric of :data:`INSTITUTION_INDICATORS`: ``<metric>`` (the METRICS.md value), ``<metric>_count``
    (numerator) and ``<metric>_base`` (denominator: posyandu, desa/kelurahan or kecamatan), so a page
    can say "3.074 Posyandu ber-SK" beside the percentage. ``kader_under5_count`` also gets
    ``kader_under5_pct``, its share of the posyandu (null without posyandu).
    """
    rows = []
    for region, is_region in _region_rows(result):
        row: dict[str, object] = {"code": region.code or "", "name": region.name, "is_region": is_region}
        for metric, (numerator, denominator) in INSTITUTION_INDICATORS.items():
            count, base = int(region.counts.get(numerator, 0)), int(region.counts.get(denominator, 0))
            row |= {metric: region.metrics[metric], f"{metric}_count": count, f"{metric}_base": base}
        row["kader_under5_pct"] = percent(
            int(region.counts.get("kader.under5", 0)), int(region.counts.get("kader.posyandu", 0))
        )
        rows.append(row)
    return pd.DataFrame(rows)
