"""Kelembagaan tables: counts beside shares, ✔/✖ for a single unit, desa stuck steps in words."""

from __future__ import annotations

import pandas as pd

from dashboard.charts.institution_table import count_of, count_share, desa_table, filter_stuck, indicator_table


def indicators(children_base_kecamatan: int) -> pd.DataFrame:
    def row(code: str, name: str, desa: int, desa_tp: int, kec: int, kec_tp: int) -> dict:
        return {
            "code": code,
            "name": name,
            "is_region": code == "36.73.01",
            "registered_pct": 50.0,
            "registered_pct_count": 4,
            "registered_pct_base": 8,
            "sk_pct": 62.5,
            "sk_pct_count": 5,
            "sk_pct_base": 8,
            "kelembagaan_pct": None,
            "kelembagaan_pct_count": 0,
            "kelembagaan_pct_base": 0,
            "pengurus_complete_pct": 25.0,
            "pengurus_complete_pct_count": 2,
            "pengurus_complete_pct_base": 8,
            "kader_under5_count": 3,
            "kader_under5_count_count": 3,
            "kader_under5_count_base": 8,
            "kader_under5_pct": 37.5,
            "tp_desa_kel_pct": 100.0 * desa_tp / desa if desa else None,
            "tp_desa_kel_pct_count": desa_tp,
            "tp_desa_kel_pct_base": desa,
            "tp_kecamatan_pct": 100.0 * kec_tp / kec if kec else None,
            "tp_kecamatan_pct_count": kec_tp,
            "tp_kecamatan_pct_base": kec,
        }

    return pd.DataFrame(
        [row("36.73.01", "Serang", 2, 1, 1, 1), row("36.73.01.1001", "Cimuncang", 1, 1, children_base_kecamatan, 0)]
    )


def test_formats() -> None:
    assert count_share(3074, 61.234) == "3.074 (61,2 %)"
    assert count_share(0, None) == "0 (–)"
    assert count_of(12, 20, 60.0) == "12 dari 20 (60,0 %)"


def test_indicator_table_for_desa_children() -> None:
    stuck = pd.DataFrame({"code": ["36.73.01", "36.73.01.1001"], "siap": [1, 0], "desa": [2, 1]})
    table = indicator_table(indicators(0), stuck, unit_label="Desa/Kelurahan")
    assert list(table["Desa/Kelurahan"]) == ["Serang (seluruh wilayah)", "Cimuncang"]
    assert table.loc[0, "Ber-SK"] == "5 (62,5 %)"
    assert table.loc[0, "Kelembagaan SS3"] == "0 (–)"
    assert table.loc[0, "Kader < 5"] == "3 (37,5 %)"
    assert table.loc[0, "TP desa/kel"] == "1 dari 2 (50,0 %)"
    assert table.loc[1, "TP desa/kel"] == "✔ Sudah"  # a desa's own TP
    assert "TP kecamatan" not in table  # no child has a kecamatan to count
    assert list(table["Desa/kel siap"]) == ["1 dari 2", "✖ Belum"]


def test_indicator_table_keeps_tp_kecamatan_when_children_have_kecamatan() -> None:
    table = indicator_table(indicators(3), None, unit_label="Kecamatan")
    assert table.loc[1, "TP kecamatan"] == "0 dari 3 (0,0 %)"
    assert "Desa/kel siap" not in table


def test_desa_table_and_filter() -> None:
    readiness = pd.DataFrame(
        {
            "desa_code": ["1.1.1.1", "1.1.1.2"],
            "desa_name": ["A", "B"],
            "kecamatan_code": ["1.1.1", None],
            "kecamatan_name": ["K", None],
            "child_code": [None, None],
            "posyandu": [3, 0],
            "with_sk": [2, 0],
            "with_sk_registered": [1, 0],
            "with_sk_registered_tp": [1, 0],
            "tp_formed": [True, False],
            "stuck_at": ["sk", "posyandu"],
        }
    )
    table = desa_table(readiness)
    assert list(table["TP desa/kel"]) == ["✔ Sudah", "✖ Belum"]
    assert list(table["Tertahan di"]) == ["Belum semua Posyandu ber-SK", "Belum ada Posyandu"]
    assert list(table["Kecamatan"]) == ["K", "–"]
    assert list(filter_stuck(readiness, ["posyandu"])["desa_name"]) == ["B"]
    assert len(filter_stuck(readiness, [])) == 2
