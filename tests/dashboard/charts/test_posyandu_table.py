"""The camat's list as shown: search and filters, Indonesian formats, and the month's changes."""

from __future__ import annotations

import pandas as pd

from dashboard.charts.posyandu_table import (
    changes_table,
    date_display,
    filter_worklist,
    month_display,
    names_preview,
    styled_worklist,
    trained_display,
    worklist_table,
)


def worklist() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "posyandu_id": [3, 2, 1],
            "name": ["Posyandu Anggrek", "Posyandu Melati", "Posyandu Mawar"],
            "location": ["RW 05", None, "RW 01"],
            "desa_code": ["1.2", "1.1", "1.1"],
            "desa_name": ["Kelurahan B", "Kelurahan A", "Kelurahan A"],
            "registered": [False, False, True],
            "has_sk": [False, True, False],
            "kader_count": [0, 2, 5],
            "trained_kader_count": [0, 0, 1],
            "trained_pct": [None, 0.0, 20.0],
            "bidang_served": [1, 0, 1],
            "last_report_period": ["2025-08-01", None, "2025-12-01"],
            "gaps": [
                ["registration", "sk", "kader_5", "trained_kader", "last_month_report", "six_bidang"],
                ["registration", "kader_5", "trained_kader", "last_month_report", "six_bidang"],
                ["sk", "six_bidang"],
            ],
            "gap_count": [6, 5, 2],
            "status": ["perlu perhatian", "perlu perhatian", "kurang"],
        }
    )


def test_formats() -> None:
    assert month_display("2026-10-01") == "Oktober 2026"
    assert month_display(None) == "belum pernah"
    assert date_display("2025-09-10") == "10 September 2025"
    assert date_display(None) == "–"
    assert trained_display(3, 12, 25.0) == "3 dari 12 (25,0 %)"
    assert trained_display(0, 0, None) == "tidak ada kader"


def test_worklist_table_keeps_order_and_speaks_indonesian() -> None:
    table = worklist_table(worklist())
    assert list(table["ID"]) == [3, 2, 1]
    assert list(table["Status"]) == ["✖ Perlu perhatian", "✖ Perlu perhatian", "◐ Kurang"]
    assert list(table["Teregistrasi"]) == ["✖", "✖", "✔"]
    assert list(table["Kader terlatih"]) == ["tidak ada kader", "0 dari 2 (0,0 %)", "1 dari 5 (20,0 %)"]
    assert list(table["Laporan terakhir"]) == ["Agustus 2025", "belum pernah", "Desember 2025"]
    assert table.loc[2, "Kekurangan"] == "belum ber-SK, belum 6 bidang"
    assert list(table["Lokasi"]) == ["RW 05", "–", "RW 01"]
    styles = styled_worklist(table).to_html()
    assert "#FEE2E2" in styles


def test_filters() -> None:
    frame = worklist()
    assert list(filter_worklist(frame, "mawar")["posyandu_id"]) == [1]
    assert list(filter_worklist(frame, "kelurahan a")["posyandu_id"]) == [2, 1]
    assert list(filter_worklist(frame, " rw 05 ")["posyandu_id"]) == [3]
    assert list(filter_worklist(frame, statuses=["kurang"])["posyandu_id"]) == [1]
    assert list(filter_worklist(frame, gaps=["sk", "kader_5"])["posyandu_id"]) == [3]
    assert len(filter_worklist(frame)) == 3


def test_changes() -> None:
    changes = pd.DataFrame(
        {
            "posyandu_id": [7, 6, 8, 9, 10, 11],
            "name": ["P7", "P6", "P8", "P9", "P10", "P11"],
            "desa_code": ["d"] * 6,
            "desa_name": ["Desa"] * 6,
            "change": [
                "registered",
                "stopped_reporting",
                "stopped_reporting",
                "stopped_reporting",
                "stopped_reporting",
                "stopped_reporting",
            ],
            "date": ["2025-09-10", "2025-08-01", "2025-08-01", "2025-08-01", "2025-08-01", "2025-08-01"],
        }
    )
    table = changes_table(changes)
    assert list(table["Perubahan"][:2]) == ["Baru teregistrasi", "Berhenti melapor"]
    assert list(table["Tanggal"][:2]) == ["10 September 2025", "Agustus 2025"]
    assert names_preview(changes, "registered") == "P7 (Desa)"
    assert names_preview(changes, "stopped_reporting") == "P6 (Desa), P8 (Desa), P9 (Desa), P10 (Desa) dan 1 lainnya"
    assert names_preview(changes, "sk") == ""
