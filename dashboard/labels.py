"""Indonesian labels for the METRICS.md codes, shared by every page (one word per concept)."""

from __future__ import annotations

METRIC_LABELS: dict[str, str] = {
    "posyandu_total": "Jumlah Posyandu",
    "registered_pct": "Posyandu teregistrasi",
    "sk_pct": "Posyandu ber-SK kepengurusan",
    "tp_desa_kel_pct": "Desa/kelurahan dengan TP Posyandu",
    "tp_kecamatan_pct": "Kecamatan dengan TP Posyandu",
    "kelembagaan_pct": "Kelembagaan (SS3)",
    "six_bidang_pct": "Melayani 6 bidang SPM",
    "layanan_spm_pct": "Indikator layanan SPM terlaksana",
    "kader_total": "Jumlah kader aktif",
    "kader_trained_pct": "Kader terlatih teknis",
    "pengurus_trained_pct": "Pengurus terlatih manajerial",
    "pengurus_complete_pct": "Kepengurusan lengkap",
    "kader_under5_count": "Posyandu dengan kader < 5",
    "kemitraan_pct": "Posyandu bermitra",
    "sarpras_pct": "Sarana prasarana lengkap",
    "budget_up_pct": "Anggaran naik dari tahun lalu",
    "regulation_pct": "Kab/kota dengan regulasi Posyandu",
    "report_completeness_pct": "Kelengkapan laporan bulanan",
}

STATUS_LABELS: dict[str, str] = {
    "tercapai": "✔ Tercapai",
    "mendekati": "◐ Mendekati",
    "tertinggal": "✖ Tertinggal",
    "tanpa target": "Tanpa target",
}
