"""The Rupiah formatter and the funding charts/tables: pure functions of DataFrames."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.charts.funding import (
    budget_bar,
    budget_pivot,
    budget_table,
    change_percent,
    count_ticks,
    format_date,
    format_rupiah,
    partnership_bar,
    partnership_table,
    regulation_kinds,
    regulation_table,
    rupiah_ticks,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1_234_000_000, "Rp 1,2 miliar"),
        (350_500_000, "Rp 350,5 juta"),
        (5_000_000, "Rp 5,0 juta"),
        (2_500_000_000_000, "Rp 2,5 triliun"),
        (1_234_567_000_000_000, "Rp 1.234,6 triliun"),
        (750_000, "Rp 750.000"),
        (0, "Rp 0"),
        (999_960_000, "Rp 1,0 miliar"),  # rounds up into the next scale, never "1.000,0 juta"
        (999_999, "Rp 1,0 juta"),
        (-2_000_000, "−Rp 2,0 juta"),
        (None, "–"),
        (float("nan"), "–"),
    ],
)
def test_format_rupiah(value, expected: str) -> None:
    assert format_rupiah(value) == expected


def test_format_date_and_change() -> None:
    assert format_date(dt.date(2025, 6, 12)) == "12 Juni 2025"
    assert format_date(None) == "–"
    assert change_percent(120.0, 100.0) == pytest.approx(20.0)
    assert change_percent(5.0, 0.0) is None  # nothing before: no relative change
    assert change_percent(None, 3.0) is None


def test_count_ticks_are_whole_numbers() -> None:
    assert count_ticks(2) == [0, 1, 2]
    assert count_ticks(228) == [0, 50, 100, 150, 200]
    assert count_ticks(0) == [0]


def test_rupiah_ticks_are_round() -> None:
    assert rupiah_ticks(17_300_000_000) == [0, 5e9, 10e9, 15e9]
    assert rupiah_ticks(950_000) == [0, 200_000, 400_000, 600_000, 800_000]


BUDGETS = pd.DataFrame(
    {
        "year": [2024, 2025, 2025, 2025],
        "source": ["apbdes", "apbdes", "csr", "swadaya"],
        "amount": [5_000_000.0, 6_000_000.0, 1_500_000.0, 500_000.0],
        "posyandu": [1, 1, 1, 1],
    }
)


def test_budget_pivot_fills_missing_sources_with_zero() -> None:
    pivot = budget_pivot(BUDGETS, [2024, 2025])
    assert list(pivot.index) == ["apbdes", "apbd", "apbn", "csr", "swadaya", "lainnya"]
    assert pivot.loc["csr", 2024] == 0.0
    assert pivot.loc["apbdes", 2025] == 6_000_000.0


def test_budget_table_totals_and_change() -> None:
    table = budget_table(BUDGETS, [2024, 2025])
    assert list(table.columns) == ["Sumber", "2024", "2025", "Perubahan 2024→2025"]
    rows = table.set_index("Sumber")
    assert rows.loc["APBDes", "2025"] == "Rp 6,0 juta"
    assert rows.loc["APBDes", "Perubahan 2024→2025"] == "+20,0 %"
    assert rows.loc["CSR", "Perubahan 2024→2025"] == "–"  # nothing in 2024 to compare with
    assert rows.loc["Jumlah", "2024"] == "Rp 5,0 juta"
    assert rows.loc["Jumlah", "2025"] == "Rp 8,0 juta"
    assert rows.loc["Jumlah", "Perubahan 2024→2025"] == "+60,0 %"


def test_budget_bar_one_trace_per_year_and_no_empty_sources() -> None:
    figure = budget_bar(BUDGETS, [2024, 2025])
    assert [trace.name for trace in figure.data] == ["2025", "2024"]
    current = figure.data[0]
    assert list(current.y) == ["Swadaya", "CSR", "APBDes"]  # APBD, APBN, Lainnya have no money at all
    assert list(current.text) == ["Rp 500.000", "Rp 1,5 juta", "Rp 6,0 juta"]
    assert figure.layout.barmode == "group"
    assert all(text.startswith("Rp ") for text in figure.layout.xaxis.ticktext)


PARTNERSHIPS = pd.DataFrame({"partner_type": ["csr", "lsm", "ormas"], "partnerships": [3, 7, 3], "posyandu": [2, 5, 3]})


def test_partnership_bar_and_table() -> None:
    figure = partnership_bar(PARTNERSHIPS)
    by_name = {trace.name: trace for trace in figure.data}
    assert list(by_name["Kemitraan"].y) == ["Ormas", "CSR / dunia usaha", "LSM"]  # most at the top
    assert list(by_name["Kemitraan"].x) == [3, 3, 7]
    assert list(by_name["Posyandu bermitra"].text) == ["3", "2", "5"]
    table = partnership_table(PARTNERSHIPS)
    assert table.iloc[0].tolist() == ["LSM", "7", "5"]


def test_regulation_table_lists_the_lacking_first() -> None:
    regulations = pd.DataFrame(
        {
            "code": ["36.71", "36.73", "62.03"],
            "name": ["Kota Tangerang", "Kota Serang", "Kabupaten Kapuas"],
            "has_regulation": [True, True, False],
            "regulations": [2, 1, 0],
            "latest_issued_on": [dt.date(2025, 3, 3), dt.date(2024, 3, 18), None],
            "kinds": ["perkada, sk", "sk", ""],
        }
    )
    table = regulation_table(regulations)
    assert table["Kode"].tolist() == ["62.03", "36.71", "36.73"]
    assert table.iloc[0].tolist() == ["62.03", "Kabupaten Kapuas", "✖ Belum ada", "0", "–", "–"]
    assert table.iloc[1].tolist() == ["36.71", "Kota Tangerang", "✔ Sudah ada", "2", "3 Maret 2025", "Perkada, SK"]
    assert regulation_kinds("perda, lainnya") == "Perda, Lainnya"
