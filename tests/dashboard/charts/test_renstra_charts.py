"""Renstra builders: the summary ordered most behind first, paces in words, the trajectory that
never extends an actual past the year viewed, and the child x metric status matrix."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.charts.renstra import (
    CELL_BACKGROUNDS,
    SUMMARY_COLUMNS,
    pace_display,
    status_label,
    status_matrix,
    style_status_matrix,
    summary_frame,
    summary_table,
    trajectory_chart,
    year_label,
)
from dashboard.charts.theme import STATUS_COLORS


def _pace(rows: list[tuple[str, float | None, float | None, float | None]]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"metric": m, "target_2029": t, "achieved_per_year": a, "needed_per_year": n} for m, t, a, n in rows]
    )


def test_summary_puts_the_most_behind_first() -> None:
    metrics = {
        "registered_pct": 60.0,
        "sk_pct": 40.0,
        "six_bidang_pct": 90.0,
        "kemitraan_pct": 50.0,
        "regulation_pct": None,
    }
    targets = {
        "registered_pct": 70.0,
        "sk_pct": 80.0,
        "six_bidang_pct": 80.0,
        "kemitraan_pct": 55.0,
        "regulation_pct": 50.0,
        "sarpras_pct": None,
    }
    status = {
        "registered_pct": "mendekati",
        "sk_pct": "tertinggal",
        "six_bidang_pct": "tercapai",
        "kemitraan_pct": "mendekati",
        "regulation_pct": "tanpa target",
        "sarpras_pct": "tanpa target",
    }
    pace = _pace(
        [
            ("registered_pct", 100.0, 5.0, 13.3),
            ("sk_pct", 100.0, None, 20.0),
            ("six_bidang_pct", 95.0, 10.0, -1.0),
            ("kemitraan_pct", 60.0, 1.0, 3.3),
            ("regulation_pct", 100.0, None, None),
            ("sarpras_pct", None, None, None),
        ]
    )
    frame = summary_frame(metrics, targets, status, pace)
    assert list(frame.columns) == SUMMARY_COLUMNS
    # sarpras has no target this year nor in 2029: not a Renstra row.
    assert frame["metric"].tolist() == ["sk_pct", "registered_pct", "kemitraan_pct", "six_bidang_pct", "regulation_pct"]
    sk = frame.iloc[0]
    assert sk["gap"] == pytest.approx(-40.0)
    assert sk["target_2029"] == 100.0 and sk["needed_per_year"] == 20.0 and pd.isna(sk["achieved_per_year"])
    assert frame.set_index("metric").loc["registered_pct", "gap"] == pytest.approx(-10.0)
    assert pd.isna(frame.set_index("metric").loc["regulation_pct", "gap"])


def test_summary_is_empty_without_any_target() -> None:
    frame = summary_frame(
        {"sk_pct": 40.0}, {"sk_pct": None}, {"sk_pct": "tanpa target"}, _pace([("sk_pct", None, 3.0, None)])
    )
    assert frame.empty
    assert list(frame.columns) == SUMMARY_COLUMNS


def test_pace_in_words() -> None:
    assert pace_display(4.2) == "+4,2 poin/tahun"
    assert pace_display(-1.26) == "−1,3 poin/tahun"
    assert pace_display(None) == "–"
    assert pace_display(float("nan")) == "–"
    assert pace_display(0.0, needed=True) == "sudah tercapai"
    assert pace_display(-3.0, needed=True) == "sudah tercapai"
    assert pace_display(10.5, needed=True) == "+10,5 poin/tahun"


def test_summary_table_in_indonesian() -> None:
    frame = summary_frame(
        {"sk_pct": 61.24}, {"sk_pct": 70.0}, {"sk_pct": "mendekati"}, _pace([("sk_pct", 100.0, 4.2, 12.9)])
    )
    table = summary_table(frame, period="2026 s.d. Oktober", year=2026)
    assert table.iloc[0].to_dict() == {
        "Indikator": "Posyandu ber-SK",
        "Capaian 2026 s.d. Oktober": "61,2 %",
        "Target 2026": "70,0 %",
        "Selisih": "−8,8 poin",
        "Status": "◐ Mendekati",
        "Target 2029": "100,0 %",
        "Laju dicapai": "+4,2 poin/tahun",
        "Laju diperlukan": "+12,9 poin/tahun",
    }


def test_status_labels_carry_a_symbol() -> None:
    assert status_label("tercapai") == "✔ Tercapai"
    assert status_label("tertinggal") == "✖ Tertinggal"
    assert status_label("tanpa target") == "– Tanpa target"
    assert status_label(None) == "– Tanpa target"


def test_year_label_marks_the_month_cut() -> None:
    assert year_label(2026, current_year=2026, month=10) == "2026 s.d. Oktober"
    assert year_label(2026, current_year=2026, month=12) == "2026"
    assert year_label(2025, current_year=2026, month=10) == "2025"


def _trajectory() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": [2025, 2026, 2027, 2028, 2029],
            "month": [12, 10, 12, 12, 12],
            "metric": "sk_pct",
            "actual": [54.7, 68.6, None, None, None],
            "target": [65.0, 73.8, 82.5, 91.2, 100.0],
            "status": ["mendekati", "mendekati", None, None, None],
        }
    )


def test_trajectory_draws_targets_dashed_and_only_real_actuals() -> None:
    figure = trajectory_chart(_trajectory(), metric_label="Posyandu ber-SK", year=2026, month=10)
    target, actual = figure.data
    assert target.name == "Target Renstra" and target.line.dash == "dash"
    assert list(target.x) == [2025, 2026, 2027, 2028, 2029]
    assert list(target.y) == [65.0, 73.8, 82.5, 91.2, 100.0]
    assert actual.name == "Capaian" and actual.mode == "markers+text"  # points, no line onward
    assert list(actual.x) == [2025, 2026]
    assert list(actual.y) == [54.7, 68.6]
    assert list(actual.marker.color) == [STATUS_COLORS["mendekati"]] * 2
    assert actual.text[1] == "<b>68,6 %</b> ◐"
    assert actual.customdata[1][0] == "2026 s.d. Oktober"
    assert list(figure.layout.xaxis.ticktext) == ["2025", "2026<br>s.d. Oktober", "2027", "2028", "2029"]
    assert figure.layout.yaxis.ticktext[-1] == "100 %"


def test_trajectory_without_targets_shows_actuals_only() -> None:
    rows = _trajectory().assign(target=None, status="tanpa target")
    figure = trajectory_chart(rows, metric_label="x", year=2025, month=12)
    (actual,) = figure.data
    assert actual.name == "Capaian"
    assert figure.layout.xaxis.ticktext[0] == "2025"


def _children() -> pd.DataFrame:
    rows = []
    for code, name, sk, sk_status, reg in (
        ("1", "Alpha", 82.1, "tercapai", None),
        ("2", "Beta", 40.0, "tertinggal", None),
        ("3", "Gamma", None, "tanpa target", None),
    ):
        rows.append({"code": code, "name": name, "metric": "sk_pct", "value": sk, "target": 80.0, "status": sk_status})
        rows.append(
            {
                "code": code,
                "name": name,
                "metric": "regulation_pct",
                "value": reg,
                "target": 50.0,
                "status": "tanpa target",
            }
        )
        rows.append(
            {
                "code": code,
                "name": name,
                "metric": "sarpras_pct",
                "value": 10.0,
                "target": None,
                "status": "tanpa target",
            }
        )
    return pd.DataFrame(rows)


def test_status_matrix_keeps_comparable_metrics_only() -> None:
    text, status = status_matrix(_children())
    # regulation has targets but no value anywhere, sarpras values but no target: both left out.
    assert list(text.columns) == ["Ber-SK"]
    assert text["Ber-SK"].to_dict() == {"Alpha": "✔ 82,1 %", "Beta": "✖ 40,0 %", "Gamma": "–"}
    assert status["Ber-SK"].to_dict() == {"Alpha": "tercapai", "Beta": "tertinggal", "Gamma": "tanpa target"}


def test_status_matrix_style_tints_each_cell_by_status() -> None:
    text, status = status_matrix(_children())
    html = style_status_matrix(text, status).to_html()
    assert CELL_BACKGROUNDS["tercapai"].lower() in html.lower()
    assert CELL_BACKGROUNDS["tertinggal"].lower() in html.lower()
    assert "✔ 82,1 %" in html
