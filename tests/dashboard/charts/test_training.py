"""The Kader & Pelatihan charts and tables: pure functions of ``training_by_type`` and the gaps."""

from __future__ import annotations

import pandas as pd

from dashboard.charts.training import (
    ANY_TECHNICAL_LABEL,
    base_noun,
    region_rows,
    training_heatmap,
    training_table,
    training_type_bar,
    under5_table,
)
from data_access.metrics.codes import TRAINING_TYPES


def training_frame() -> pd.DataFrame:
    rows = []
    for code, base, pengurus in ((None, 100, 40), ("36.71", 60, 25), ("36.73", 40, 15)):
        for index, kind in enumerate(TRAINING_TYPES):
            denominator = pengurus if kind == "manajerial" else base
            trained = index + 1
            rows.append(
                {
                    "code": code,
                    "training_type": kind,
                    "trained": trained,
                    "base": denominator,
                    "trained_pct": 100.0 * trained / denominator,
                }
            )
    rows.append({"code": "36.74", "training_type": "teknis_kesehatan", "trained": 0, "base": 0, "trained_pct": None})
    return pd.DataFrame(rows)


def test_region_rows_picks_the_country_by_null_code() -> None:
    rows = region_rows(training_frame(), None)
    assert rows["training_type"].tolist() == list(TRAINING_TYPES)
    assert rows["base"].tolist() == [100] * 7 + [40]


def test_training_type_bar_says_what_each_share_is_of() -> None:
    figure = training_type_bar(training_frame(), "36.71")
    bar = figure.data[0]
    assert bar.y[-1] == "Teknis kesehatan" and bar.y[0] == "Manajerial (pengurus)"  # first type at the top
    assert bar.text[-1] == "1,7 % · 1 dari 60 kader"
    assert bar.text[0] == "32,0 % · 8 dari 25 pengurus"
    assert bar.marker.color[0] != bar.marker.color[-1]  # the managerial bar stands apart
    assert base_noun("manajerial") == "pengurus" and base_noun("teknis_sosial") == "kader"


def test_training_type_bar_can_lead_with_any_technical_training() -> None:
    figure = training_type_bar(training_frame(), None, any_technical=(72, 100))
    bar = figure.data[0]
    assert len(bar.y) == len(TRAINING_TYPES) + 1
    assert bar.y[-1] == ANY_TECHNICAL_LABEL  # drawn at the top
    assert bar.text[-1] == "72,0 % · 72 dari 100 kader"
    assert bar.x[-1] == 72.0
    assert training_type_bar(training_frame(), "36.74", any_technical=(0, 0)).data[0].text[-1] == "– · 0 dari 0 kader"


def test_training_heatmap_cells_and_missing_values() -> None:
    figure = training_heatmap(training_frame(), [("36.71", "Kota Tangerang"), ("36.74", "Kosong")])
    heat = figure.data[0]
    assert list(heat.y) == ["Kota Tangerang", "Kosong"]
    assert heat.z[0][0] == 100.0 / 60
    assert heat.text[0][0] == "1,7"
    assert heat.z[1][0] is None and heat.text[1][0] == "–"  # no kader: no share
    assert len(heat.x) == len(TRAINING_TYPES)


def test_training_table_formats_every_row() -> None:
    table = training_table(training_frame(), {None: "Indonesia", "36.71": "Kota Tangerang"})
    first = table.iloc[0].tolist()
    assert first == ["Indonesia", "Teknis kesehatan", "1", "100 kader", "1,0 %"]
    manajerial = table[(table["Wilayah"] == "Kota Tangerang") & (table["Pelatihan"] == "Manajerial (pengurus)")]
    assert manajerial.iloc[0]["Dari"] == "25 pengurus"


def test_under5_table_lists_fewest_kader_first() -> None:
    gaps = pd.DataFrame(
        {
            "name": ["A", "B", "C"],
            "location": ["RW 01", None, "RW 03"],
            "desa_code": ["1.1", "1.2", "1.1"],
            "desa_name": ["X", "Y", "X"],
            "kader_count": [4, 2, 9],
        }
    )
    table = under5_table(gaps)
    assert table.values.tolist() == [["B", "–", "Y", "1.2", 2], ["A", "RW 01", "X", "1.1", 4]]
