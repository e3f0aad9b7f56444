"""Indonesian labels for the METRICS.md codes, shared by every page (one word per concept)."""

from __future__ import annotations

COUNTRY_NAME = "Indonesia"
CHILD_LEVEL_NAMES: dict[str | None, str] = {
    None: "Provinsi",
    "provinsi": "Kabupaten/Kota",
    "kabupaten_kota": "Kecamatan",
    "kecamatan": "Desa/Kelurahan",
}
"""What the regions one level below are called (None = the country); a desa/kelurahan has none."""

METRIC_LABELS: dict[str, str] = {
    "posyandu_total": "Jumlah Posyandu",
    "registered_pct": "Posyandu teregistrasi",
    "sk_pct": "Posyandu ber-SK",
    "tp_desa_kel_pct": "Desa/kel. ber-TP Posyandu",
    "tp_kecamatan_pct": "Kecamatan ber-TP Posyandu",
    "kelembagaan_pct": "Kelembagaan (SS3)",
    "six_bidang_pct": "Melayani 6 bidang SPM",
    "layanan_spm_pct": "Indikator SPM terlaksana",
    "kader_total": "Jumlah kader aktif",
    "kader_trained_pct": "Kader terlatih teknis",
    "pengurus_trained_pct": "Pengurus terlatih",
    "pengurus_complete_pct": "Kepengurusan lengkap",
    "kader_under5_count": "Posyandu kader < 5",
    "kemitraan_pct": "Posyandu bermitra",
    "sarpras_pct": "Sarana prasarana lengkap",
    "budget_up_pct": "Anggaran naik",
    "regulation_pct": "Kab/kota beregulasi",
    "report_completeness_pct": "Kelengkapan laporan",
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
    "last_month_report": "tidak melapor di bulan terakhir",
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

DATA_QUALITY_HELP: dict[str, dict[str, str]] = {
    "unplaced_posyandu": {
        "what": "Posyandu yang kode wilayahnya tidak ada di daftar wilayah, atau bukan kode desa/kelurahan.",
        "effect": "Posyandu ini tidak terhitung di wilayah mana pun, jadi angka desa, kecamatan dan kabupaten/kota "
        "di atasnya kurang.",
        "fix": "Meja registrasi Posyandu DPMD: betulkan kode desa/kelurahan Posyandu di data registrasi.",
    },
    "invalid_service_values": {
        "what": "Baris laporan layanan yang nilainya kosong, berupa teks, atau negatif.",
        "effect": "Baris ini diabaikan: bulan itu bisa terhitung tidak melapor dan volume layanan berkurang.",
        "fix": "Kader pelapor (lewat aplikasi pelaporan) mengisi ulang angka yang benar; pengelola aplikasi "
        "menambah validasi isian.",
    },
    "orphan_service_reports": {
        "what": "Laporan layanan untuk ID Posyandu atau kode indikator yang tidak ada di database.",
        "effect": "Laporan ini tidak masuk ke Posyandu atau bidang mana pun.",
        "fix": "Pengelola aplikasi pelaporan: cocokkan ID Posyandu dan kode indikator dengan data induk.",
    },
    "orphan_rows": {
        "what": "Baris kader, pelatihan, kemitraan, anggaran, TP Posyandu, regulasi atau target Renstra yang "
        "merujuk Posyandu, kader atau wilayah yang tidak ada.",
        "effect": "Baris ini tidak terhitung; misalnya pelatihan seorang kader tidak menambah kader terlatih.",
        "fix": "Petugas yang mengisi tabel tersebut (kolom Tabel): betulkan rujukannya atau hapus barisnya.",
    },
    "future_dated": {
        "what": "Tanggal setelah hari ini: berdiri, registrasi, SK, TP Posyandu, bergabung, pelatihan, atau "
        "periode laporan. Biasanya salah ketik tahun.",
        "effect": "Fakta bertanggal masa depan belum dihitung sampai tanggal itu tiba.",
        "fix": "Petugas yang mengisi tabel tersebut: betulkan tanggalnya sesuai dokumen (SK, sertifikat, laporan).",
    },
    "invalid_partnerships": {
        "what": "Kemitraan yang tanggal berakhirnya lebih awal dari tanggal mulainya.",
        "effect": "Kemitraan ini tidak dihitung sebagai kemitraan yang berjalan.",
        "fix": "Petugas pencatat kemitraan di DPMD/TP Posyandu: betulkan tanggal mulai atau berakhir.",
    },
    "invalid_targets": {
        "what": "Target Renstra di luar 0–100 %, atau untuk metrik yang bukan persentase.",
        "effect": "Target ini diabaikan; wilayah memakai target wilayah di atasnya atau tampil tanpa target.",
        "fix": "Sekretariat TP Posyandu / Bappeda yang menginput target Renstra.",
    },
    "regions_without_boundary": {
        "what": "Wilayah yang belum memiliki batas peta.",
        "effect": "Wilayah ini kosong di peta, walaupun angkanya tetap dihitung.",
        "fix": "Pengelola data spasial (batas wilayah Kemendagri/BIG): tambahkan batas wilayahnya.",
    },
    "invalid_boundaries": {
        "what": "Batas peta yang bukan JSON, bukan Polygon/MultiPolygon, atau geometrinya tidak sah.",
        "effect": "Wilayah ini tidak dapat digambar di peta.",
        "fix": "Pengelola data spasial: perbaiki atau ganti berkas batas wilayahnya.",
    },
    "level_mismatch": {
        "what": "Kode wilayah yang jumlah bagiannya tidak sesuai tingkatnya (mis. kode desa tanpa titik).",
        "effect": "Wilayah ini bisa tidak masuk ke wilayah induknya, sehingga angkanya hilang dari rekap.",
        "fix": "Pengelola data induk wilayah: samakan kode dengan Kepmendagri kode wilayah.",
    },
}
"""Per data-quality check: what it finds, what it does to the figures, and who fixes it at the source."""

QUALITY_COLUMN_LABELS: dict[str, str] = {
    "id": "ID",
    "table": "Tabel",
    "missing": "Rujukan yang tidak ada",
    "column": "Kolom",
    "date": "Tanggal",
    "posyandu_id": "ID Posyandu",
    "period": "Periode",
    "indicator_code": "Kode indikator",
    "region_code": "Kode wilayah",
    "level": "Tingkat",
    "year": "Tahun",
    "metric": "Metrik",
    "problem": "Masalah",
}
"""Headers of the offending-row tables on the data-quality page (ids and codes only)."""

REGULATION_KIND_LABELS: dict[str, str] = {
    "perda": "Perda",
    "perkada": "Perkada",
    "sk": "SK",
    "lainnya": "Lainnya",
}
"""Kinds of Posyandu regulation (SCHEMA.md ``regulation.kind``), as written in Indonesian documents."""

METRIC_SHORT_LABELS: dict[str, str] = {
    "registered_pct": "Teregistrasi",
    "sk_pct": "Ber-SK",
    "tp_desa_kel_pct": "TP desa/kel",
    "tp_kecamatan_pct": "TP kecamatan",
    "kelembagaan_pct": "Kelembagaan",
    "six_bidang_pct": "6 bidang",
    "layanan_spm_pct": "Layanan SPM",
    "kader_trained_pct": "Kader terlatih",
    "pengurus_trained_pct": "Pengurus terlatih",
    "pengurus_complete_pct": "Pengurus lengkap",
    "kemitraan_pct": "Bermitra",
    "sarpras_pct": "Sarpras",
    "budget_up_pct": "Anggaran naik",
    "regulation_pct": "Regulasi",
    "report_completeness_pct": "Kelengkapan lapor",
}
"""Column headers for tables with one column per percentage metric (the Renstra status matrix)."""

COORDINATE_PLACEMENT_LABELS: dict[str, str] = {
    "inside": "di dalam batas desa/kelurahannya",
    "no_boundary": "desa/kelurahannya belum punya batas peta",
    "outside": "koordinat di luar batas desa/kelurahannya",
    "missing": "belum ada koordinat",
    "invalid": "koordinat tidak sah",
}
"""Where a Posyandu's coordinates stand (``data_access.map_points.PLACEMENTS``), for the map notes."""

FUNNEL_STEP_LABELS: dict[str, str] = {
    "posyandu": "Posyandu aktif",
    "with_sk": "Ber-SK kepengurusan",
    "with_sk_registered": "+ teregistrasi",
    "with_sk_registered_tp": "+ TP desa/kel ber-SK",
}

STUCK_STEP_LABELS: dict[str, str] = {
    "posyandu": "Belum ada Posyandu",
    "sk": "Belum semua Posyandu ber-SK",
    "registered": "Belum semua Posyandu teregistrasi",
    "tim_pembina": "TP Posyandu desa/kel belum dibentuk",
    "siap": "Siap: semua tahap terpenuhi",
}

CHANGE_LABELS: dict[str, str] = {
    "registered": "Baru teregistrasi",
    "sk": "SK kepengurusan baru",
    "stopped_reporting": "Berhenti melapor",
}

METRIC_HELP: dict[str, str] = {
    "posyandu_total": "Posyandu aktif yang berdiri di desa/kelurahan wilayah ini pada akhir periode.",
    "registered_pct": "Posyandu yang memiliki nomor registrasi (Kepmendagri 100.3-2834/2025) per akhir periode.",
    "sk_pct": "Posyandu yang kepengurusannya ditetapkan dengan SK Kepala Desa/Lurah per akhir periode.",
    "tp_desa_kel_pct": "Desa/kelurahan yang sudah membentuk Tim Pembina Posyandu dengan SK.",
    "tp_kecamatan_pct": "Kecamatan yang sudah membentuk Tim Pembina Posyandu dengan SK Camat.",
    "kelembagaan_pct": "Renstra SS3: teregistrasi, punya sekretariat tetap, dan administrasi lengkap.",
    "six_bidang_pct": "Posyandu yang dalam periode ini melaporkan layanan di keenam bidang SPM.",
    "layanan_spm_pct": "Indikator layanan SPM (dari 26) yang terlaksana di wilayah ini dalam periode.",
    "kader_total": "Kader aktif (termasuk pengurus) pada Posyandu wilayah ini.",
    "kader_trained_pct": "Kader aktif yang sudah mengikuti minimal satu pelatihan teknis.",
    "pengurus_trained_pct": "Pengurus (ketua, sekretaris, bendahara, ketua bidang) yang sudah dilatih manajerial.",
    "pengurus_complete_pct": "Posyandu dengan ketua, sekretaris, bendahara, dan ketua untuk keenam bidang.",
    "kader_under5_count": "Posyandu yang kader aktifnya kurang dari 5 orang (bidang terpaksa digabung).",
    "kemitraan_pct": "Posyandu yang punya kemitraan aktif dengan lembaga non-pemerintah dalam periode.",
    "sarpras_pct": "Posyandu dengan sarana, prasarana, dan pendukung lengkap.",
    "budget_up_pct": "Posyandu yang total anggarannya tahun ini lebih besar dari tahun lalu.",
    "regulation_pct": "Kabupaten/kota yang sudah memiliki regulasi Posyandu sendiri (perda/perkada/SK).",
    "report_completeness_pct": "Bagian bulan-Posyandu yang memiliki minimal satu laporan sah.",
}
