"""The names of every count the summaries keep, in one module below both the counting and the storing.

The metric families, the training breakdown, the data-quality exclusions and the readiness funnel
each count under these keys; the summary store has one column per key. Keeping the lists here --
in a module that imports only the vocabulary, which imports nothing -- lets the storage layer
(``data_access.summaries.store``) name its columns without importing any module that computes a
figure, and lets those modules import the storage layer to read their counts back.

Renaming or reordering a key changes the store's columns: bump ``store.FORMAT_VERSION`` with it.
"""

from __future__ import annotations

from data_access.vocabulary import TRAINING_TYPES

POSYANDU_COUNTS: tuple[str, ...] = (
    "posyandu",
    "registered",
    "with_sk",
    "kelembagaan",
    "sarpras",
    "with_sk_registered",
    "with_sk_registered_tp",
)
"""Posyandu family (``data_access.metrics.posyandu``): |P| and its flags, and the readiness funnel."""

KADER_COUNTS: tuple[str, ...] = (
    "kader",
    "kader_trained",
    "pengurus",
    "pengurus_trained",
    "posyandu",
    "pengurus_complete",
    "under5",
)
"""Kader-and-training family (``data_access.metrics.kader``)."""

SERVICE_COUNTS: tuple[str, ...] = (
    "posyandu",
    "six_bidang",
    "indicators_served",
    "indicators",
    "expected_months",
    "reported_months",
)
"""Service family (``data_access.metrics.services``)."""

FUNDING_COUNTS: tuple[str, ...] = ("posyandu", "with_partnership", "budget_up")
"""Funding family (``data_access.metrics.funding``)."""

REGION_COUNTS: tuple[str, ...] = (
    "desa",
    "desa_with_tp",
    "kecamatan",
    "kecamatan_with_tp",
    "kabupaten_kota",
    "kabupaten_kota_with_regulation",
)
"""Region family (``data_access.metrics.regions``): regions, not posyandu."""

TRAINING_COUNTS: tuple[str, ...] = ("kader", "pengurus", *(f"t{index}" for index in range(len(TRAINING_TYPES))))
"""Training breakdown (``data_access.breakdowns.training``): |K|, |G|, and ``t<i>`` = members trained
in ``TRAINING_TYPES[i]`` (pengurus for manajerial)."""

EXCLUDED_COUNTS: tuple[str, ...] = ("invalid_service_values", "future_dated")
"""Dirty rows left out of a region's figures (``data_access.quality.excluded``)."""

GAP_STATUS_COUNTS: tuple[str, ...] = ("lengkap", "kurang", "perlu_perhatian")
"""Posyandu of P per gap status (``data_access.gaps.gap_status``, as ``vocabulary.count_key``)."""

NO_POSYANDU, NO_SK, NOT_REGISTERED, NO_TIM_PEMBINA, READY = "posyandu", "sk", "registered", "tim_pembina", "siap"
STUCK_STEPS: tuple[str, ...] = (NO_POSYANDU, NO_SK, NOT_REGISTERED, NO_TIM_PEMBINA, READY)
"""Every readiness step a desa/kelurahan can be stuck at (``data_access.institution``), in funnel
order (``siap`` = passed every step)."""
