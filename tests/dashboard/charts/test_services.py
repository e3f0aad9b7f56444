"""The Layanan 6 Bidang charts and tables: pure functions of the breakdown DataFrames."""

from __future__ import annotations

import pandas as pd

from dashboard.charts.services import (
    bidang_activity_bar,
    completeness_chart,
    format_volume,
    monthly_trend,
    short_name,
    volume_table,
)

VOLUMES = pd.DataFrame(
    {
        "indicator_code": ["KS01", "KS04", "PU02", "PU04"],
        "bidang": ["kesehatan", "kesehatan", "pekerjaan_umum", "pekerjaan_umum"],
        "name": [
            "Kunjungan Posyandu oleh sasaran (ibu, bayi, balita, remaja, dewasa, lansia)",
            "Rujukan",
            "Sampah",
            "Jaringan air",
        ],
        "output": ["Jumlah orang", "Jumlah kasus", "Volume sampah", "Panjang jaringan"],
        "unit": ["Orang", "Kasus", "Kg", "Km"],
        "volume": [1745325.0, 0.0, 2073458.6, 3853.29],
        "posyandu_reporting": [1917, 0, 1440, 1256],
    }
)


def test_format_volume_keeps_fractions_of_fractional_units() -> None:
    assert format_volume(220241.0, "Anak") == "220.241 Anak"
    assert format_volume(3853.29, "Km") == "3.853,3 Km"
    assert format_volume(None, "Kg") == "–"
    assert format_volume(12.0) == "12"


def test_volume_table_shows_each_indicator_with_its_own_unit() -> None:
    table = volume_table(VOLUMES, "pekerjaan_umum")
    assert table["Kode"].tolist() == ["PU02", "PU04"]
    assert table["Volume"].tolist() == ["2.073.458,6", "3.853,3"]
    assert table["Satuan"].tolist() == ["Kg", "Km"]
    assert table["Posyandu melapor"].tolist() == ["1.440", "1.256"]
    assert "Keluaran" in table.columns


def test_bidang_activity_bar_labels_counts_and_shares() -> None:
    activity = pd.DataFrame({"bidang": ["pendidikan", "kesehatan"], "posyandu_active": [50, 200]})
    figure = bidang_activity_bar(activity, total=200)
    track, active = figure.data
    assert list(track.x) == [200, 200]
    assert list(active.y) == ["Kesehatan", "Pendidikan"]  # first bidang drawn at the top
    assert list(active.text) == ["200 (100,0 %)", "50 (25,0 %)"]
    assert figure.layout.barmode == "overlay"


def test_monthly_trend_has_one_panel_per_unit_and_gaps_for_missing_months() -> None:
    monthly = pd.DataFrame(
        {
            "month": [1, 3, 1, 2, 3],
            "indicator_code": ["PU02", "PU02", "PU04", "PU04", "PU04"],
            "bidang": ["pekerjaan_umum"] * 5,
            "unit": ["Kg", "Kg", "Km", "Km", "Km"],
            "volume": [10.5, 12.0, 1.0, 2.0, 3.0],
            "posyandu_reporting": [1, 1, 1, 1, 1],
        }
    )
    figure = monthly_trend(monthly, VOLUMES, "pekerjaan_umum", last_month=3)
    assert [a.text for a in figure.layout.annotations] == ["Satuan: Kg", "Satuan: Km"]
    kg, km = figure.data
    assert list(kg.x) == ["Januari", "Februari", "Maret"]
    assert list(kg.y) == [10.5, None, 12.0]  # February has no valid report: a gap, not a zero
    assert kg.yaxis == "y" and km.yaxis == "y2"  # never on one axis
    assert list(kg.text) == ["", "", "PU02"]  # the code labels the line's end
    assert list(km.customdata) == ["1 Km", "2 Km", "3 Km"]


def test_short_name_cuts_at_a_word() -> None:
    assert short_name("Pemberian vitamin A") == "Pemberian vitamin A"
    assert short_name("Kunjungan Posyandu oleh sasaran (ibu, bayi, balita, remaja, dewasa, lansia)") == (
        "Kunjungan Posyandu oleh sasaran…"
    )


def test_completeness_chart_marks_months_below_the_threshold() -> None:
    frame = pd.DataFrame(
        {"month": [1, 2, 3], "expected": [10, 10, 0], "reported": [9, 7, 0], "completeness_pct": [90.0, 70.0, None]}
    )
    figure = completeness_chart(frame)
    above, below, threshold = figure.data
    assert list(above.x) == ["Januari", "Maret"] and list(above.text) == ["90,0 %", "–"]
    assert list(below.x) == ["Februari"] and list(below.text) == ["70,0 % ✖"]
    assert list(below.customdata) == ["7 dari 10 Posyandu melapor"]
    assert threshold.name == "Ambang 80 %"
    assert figure.layout.shapes[0].y0 == 80.0
