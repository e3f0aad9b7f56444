"""Gap-status bars per child (drill codes, most "perlu perhatian" on top) and the gap counts."""

from __future__ import annotations

import pandas as pd

from dashboard.charts.gap_status import gap_bar, status_by_child_bar, status_by_child_table
from dashboard.labels import GAP_LABELS


def test_status_by_child_bar() -> None:
    frame = pd.DataFrame(
        {
            "code": ["36.73.04", "36.73.01"],
            "name": ["Curug", "Serang"],
            "posyandu": [72, 84],
            "perlu_perhatian": [22, 4],
            "kurang": [48, 33],
            "lengkap": [2, 47],
            "perlu_perhatian_pct": [30.6, 4.8],
        }
    )
    figure = status_by_child_bar(frame)
    assert [trace.name for trace in figure.data] == ["✖ Perlu perhatian", "◐ Kurang", "✔ Lengkap"]
    first = figure.data[0]
    assert list(first.y) == ["Serang", "Curug"]  # the first row is drawn at the top
    assert list(first.x) == [4, 22]
    assert [row[0] for row in first.customdata] == ["36.73.01", "36.73.04"]
    assert figure.layout.barmode == "stack"


def test_gap_bar() -> None:
    frame = pd.DataFrame({"gap": list(GAP_LABELS), "posyandu": [2, 2, 2, 2, 2, 3]})
    figure = gap_bar(frame, total=3)
    bar = figure.data[0]
    assert bar.y[-1] == GAP_LABELS["six_bidang"]  # most common at the top
    assert bar.text[-1] == "3 dari 3"


def test_status_by_child_table() -> None:
    frame = pd.DataFrame(
        {
            "code": ["36"],
            "name": ["Banten"],
            "posyandu": [1384],
            "perlu_perhatian": [499],
            "kurang": [807],
            "lengkap": [78],
            "perlu_perhatian_pct": [36.05],
        }
    )
    table = status_by_child_table(frame, unit_label="Provinsi")
    assert table.iloc[0].tolist() == ["Banten", "1.384", "499", "36,1 %", "807", "78"]
    assert list(table.columns)[2] == "✖ Perlu perhatian"
