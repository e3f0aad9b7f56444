"""The metric codes of METRICS.md, in the order the contract's table lists them, and the contract's
codes they are counted over (bidang, training types, pengurus roles)."""

from __future__ import annotations

from data_access.vocabulary import MANAGERIAL_TRAINING, TECHNICAL_TRAININGS, TRAINING_TYPES

METRIC_CODES: tuple[str, ...] = (
    "posyandu_total",
    "registered_pct",
    "sk_pct",
    "tp_desa_kel_pct",
    "tp_kecamatan_pct",
    "kelembagaan_pct",
    "six_bidang_pct",
    "layanan_spm_pct",
    "kader_total",
    "kader_trained_pct",
    "pengurus_trained_pct",
    "pengurus_complete_pct",
    "kader_under5_count",
    "kemitraan_pct",
    "sarpras_pct",
    "budget_up_pct",
    "regulation_pct",
    "report_completeness_pct",
)

PERCENT_METRICS: tuple[str, ...] = tuple(code for code in METRIC_CODES if code.endswith("_pct"))
"""The metrics Renstra targets may apply to; a target on any other code is invalid."""

BIDANG: tuple[str, ...] = (
    "pendidikan",
    "kesehatan",
    "pekerjaan_umum",
    "perumahan_rakyat",
    "trantibumlinmas",
    "sosial",
)

PENGURUS_ROLES: tuple[str, ...] = ("ketua", "sekretaris", "bendahara", "ketua_bidang")

Metrics = dict[str, float | int | None]
"""metric code -> value; percentages 0-100 unrounded, null where the denominator is 0."""


def percent(numerator: int | float | None, denominator: int | float | None) -> float | None:
    """100 * numerator / denominator, or None when the denominator is 0 (shown as "-")."""
    if not denominator:
        return None
    return 100.0 * float(numerator or 0) / float(denominator)


__all__ = [
    "BIDANG",
    "MANAGERIAL_TRAINING",
    "METRIC_CODES",
    "PENGURUS_ROLES",
    "PERCENT_METRICS",
    "TECHNICAL_TRAININGS",
    "TRAINING_TYPES",
    "Metrics",
    "percent",
]
