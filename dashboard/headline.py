"""What the dashboard leads with, the same on the pages, the meeting screen and the briefing: the
counts and the headline percentages in the order the Ringkasan page shows them, and the report
completeness below which figures carry a note. Streamlit-free, so the briefing's command line uses it."""

from __future__ import annotations

COUNT_METRICS: tuple[str, ...] = ("posyandu_total", "kader_total", "kader_under5_count")
HEADLINE_METRICS: tuple[str, ...] = (
    "registered_pct",
    "sk_pct",
    "kelembagaan_pct",
    "six_bidang_pct",
    "kader_trained_pct",
    "tp_desa_kel_pct",
    "layanan_spm_pct",
    "report_completeness_pct",
)
COMPLETENESS_THRESHOLD = 80.0
"""Report completeness (%) below which the figures carry a caveat, and months are marked in charts."""
