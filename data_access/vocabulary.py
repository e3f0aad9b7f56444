"""The words a figure's status is written in, and the contract's training types, once for the whole project.

Pages, charts, the briefing and the summaries import these instead of retyping them: a status
renamed here is renamed everywhere. This module imports nothing, so any layer may use it -- the
summaries' storage layer included, whose count columns are named after the training types.
"""

from __future__ import annotations

# Attainment of a Renstra target (``data_access.metrics.renstra.attainment_status``).
TERCAPAI = "tercapai"
MENDEKATI = "mendekati"
TERTINGGAL = "tertinggal"
TANPA_TARGET = "tanpa target"
STATUSES = (TERCAPAI, MENDEKATI, TERTINGGAL, TANPA_TARGET)
"""Every attainment status, best first."""
TARGETED_STATUSES = (TERTINGGAL, MENDEKATI, TERCAPAI)
"""The statuses of a figure that has a target, furthest behind first (the order of a tally)."""
STATUS_ORDER = (*TARGETED_STATUSES, TANPA_TARGET)
"""Every attainment status, furthest behind first (legends, sorting)."""

# A Posyandu's gap status (``data_access.gaps.gap_status``): what a camat chases this month.
LENGKAP = "lengkap"
KURANG = "kurang"
PERLU_PERHATIAN = "perlu perhatian"
GAP_STATUSES = (PERLU_PERHATIAN, KURANG, LENGKAP)
"""Every gap status, most urgent first."""


# The ``training.training_type`` values of SCHEMA.md (re-exported by ``data_access.metrics.codes``).
TECHNICAL_TRAININGS: tuple[str, ...] = (
    "teknis_kesehatan",
    "teknis_pendidikan",
    "teknis_sosial",
    "teknis_pekerjaan_umum",
    "teknis_trantibumlinmas",
    "teknis_perumahan_rakyat",
    "administrasi_pelaporan",
)
MANAGERIAL_TRAINING = "manajerial"
TRAINING_TYPES: tuple[str, ...] = TECHNICAL_TRAININGS + (MANAGERIAL_TRAINING,)
"""Every training type, technical first: the order of the training breakdown and its ``t<i>`` counts."""


def count_key(status: str) -> str:
    """The column or count key of a status (``perlu perhatian`` -> ``perlu_perhatian``)."""
    return status.replace(" ", "_")
