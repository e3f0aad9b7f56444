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

BIDANG_LABELS: dict[str, str] = {
    "pendidikan": "Pendidikan",
    "kesehatan": "Kesehatan",
    "pekerjaan_umum": "Pekerjaan Umum",
    "perumahan_rakyat": "Perumahan Rakyat",
    "trantibumlinmas": "Trantibumlinmas",
    "sosial": "Sosial",
}

TRAINING_LABELS: dict[str, str] = {
    "teknis_kesehatan": "Teknis kesehatan",
    "teknis_pendidikan": "Teknis pendidikan",
    "teknis_sosial": "Teknis sosial",
    "teknis_pekerjaan_umum": "Teknis pekerjaan umum",
    "teknis_trantibumlinmas": "Teknis trantibumlinmas",
    "teknis_perumahan_rakyat": "Teknis perumahan rakyat",
    "administrasi_pelaporan": "Administrasi & pelaporan",
    "manajerial": "Manajerial (pengurus)",
}

BUDGET_SOURCE_LABELS: dict[str, str] = {
    "apbdes": "APBDes",
    "apbd": "APBD",
    "apbn": "APBN",
    "csr": "CSR",
    "swadaya": "Swadaya",
    "lainnya": "Lainnya",
}

PARTNER_LABELS: dict[str, str] = {
    "lsm": "LSM",
    "perguruan_tinggi": "Perguruan tinggi",
    "csr": "CSR / dunia usaha",
    "lembaga_keagamaan": "Lembaga keagamaan",
    "ormas": "Ormas",
    "lainnya": "Lainnya",
}

GAP_LABELS: dict[str, str] = {
    "registration": "belum teregistrasi",
    "sk": "belum ber-SK",
    "kader_5": "kader < 5",
    "trained_kader": "belum ada kader terlatih",
    "last_month_report": "tidak melapor bulan ini",
    "six_bidang": "belum 6 bidang",
}

GAP_STATUS_LABELS: dict[str, str] = {
    "lengkap": "✔ Lengkap",
    "kurang": "◐ Kurang",
    "perlu perhatian": "✖ Perlu perhatian",
}

DATA_QUALITY_LABELS: dict[str, str] = {
    "unplaced_posyandu": "Posyandu tanpa desa/kelurahan yang sah",
    "invalid_service_values": "Nilai laporan kosong, teks, atau negatif",
    "orphan_service_reports": "Laporan untuk Posyandu/indikator yang tidak ada",
    "orphan_rows": "Baris yang merujuk data yang tidak ada",
    "future_dated": "Tanggal di masa depan",
    "invalid_partnerships": "Kemitraan berakhir sebelum dimulai",
    "invalid_targets": "Target Renstra tidak sah",
    "regions_without_boundary": "Wilayah tanpa batas peta",
    "invalid_boundaries": "Batas peta rusak",
    "level_mismatch": "Kode wilayah tidak sesuai tingkatnya",
}
