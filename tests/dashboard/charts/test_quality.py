"""Data-quality charts: per-check counts, monthly completeness against the threshold, and the
stopped-reporting villages per kecamatan -- pure builders checked on hand-made frames."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.quality import (
    BELOW_COLOR,
    CLEAN_COLOR,
    CLEAN_TEXT,
    PROBLEM_COLOR,
    check_counts_bar,
    completeness_by_month,
    stopped_by_kecamatan,
)
from dashboard.charts.theme import PRIMARY

LABELS = {"a": "Cek A", "b": "Cek B", "c": "Cek C", "d": "Cek D"}


def test_check_counts_most_problems_on_top_and_clean_checks_say_so() -> None:
    figure = check_counts_bar({"a": 3, "b": 0, "c": 1234, "d": 3}, LABELS)
    assert isinstance(figure, go.Figure)
    bar = figure.data[0]
    # plotly draws the first category at the bottom: the largest count comes last.
    assert list(bar.y) == ["Cek B", "Cek D", "Cek A", "Cek C"]
    assert list(bar.x) == [0, 3, 3, 1234]
    assert [row[0] for row in bar.customdata] == ["b", "d", "a", "c"]
    assert list(bar.text) == [CLEAN_TEXT, "3", "3", "1.234"]
    assert list(bar.marker.color) == [CLEAN_COLOR, PROBLEM_COLOR, PROBLEM_COLOR, PROBLEM_COLOR]
    assert figure.layout.separators == ",."


def test_check_counts_all_clean_keeps_a_visible_axis() -> None:
    figure = check_counts_bar({"a": 0, "b": 0}, LABELS)
    assert list(figure.data[0].text) == [CLEAN_TEXT, CLEAN_TEXT]
    assert figure.layout.xaxis.range[1] > 0


def test_unknown_check_code_falls_back_to_the_code() -> None:
    figure = check_counts_bar({"zz": 2}, LABELS)
    assert list(figure.data[0].y) == ["zz"]


def test_completeness_by_month() -> None:
    frame = pd.DataFrame(
        {
            "month": [2, 1, 3],
            "expected": [10, 0, 8],
            "reported": [9, 0, 4],
            "completeness_pct": [90.0, None, 50.0],
        }
    )
    figure = completeness_by_month(frame, threshold=80.0)
    bar = figure.data[0]
    assert list(bar.x) == ["Januari", "Februari", "Maret"]
    assert list(bar.y) == [None, 90.0, 50.0]
    assert list(bar.text) == ["", "90,0 %", "50,0 %"]
    assert [list(row) for row in bar.customdata] == [[0, 0], [9, 10], [4, 8]]
    assert list(bar.marker.color) == [PRIMARY, PRIMARY, BELOW_COLOR]
    lines = [shape for shape in figure.layout.shapes if shape.type == "line"]
    assert len(lines) == 1 and lines[0].y0 == 80.0 and lines[0].y1 == 80.0
    assert any("80 %" in annotation.text for annotation in figure.layout.annotations)


def test_stopped_by_kecamatan_counts_desa_per_kecamatan() -> None:
    frame = pd.DataFrame(
        {
            "desa_code": ["1.1.1.1", "1.1.1.2", "1.1.2.1", "1.1.3.1", "1.1.3.2", "1.1.3.3"],
            "desa_name": list("ABCDEF"),
            "kecamatan_code": ["1.1.1", "1.1.1", "1.1.2", "1.1.3", "1.1.3", "1.1.3"],
            "kecamatan_name": ["Satu", "Satu", "Dua", "Tiga", "Tiga", "Tiga"],
            "posyandu": [1, 2, 1, 1, 1, 1],
            "last_report_period": ["2026-02-01"] * 6,
            "months_silent": [1] * 6,
        }
    )
    bar = stopped_by_kecamatan(frame).data[0]
    assert list(bar.y) == ["Dua", "Satu", "Tiga"]
    assert list(bar.x) == [1, 2, 3]
    assert [row[0] for row in bar.customdata] == ["1.1.2", "1.1.1", "1.1.3"]
    assert list(bar.text) == ["1", "2", "3"]


def test_stopped_by_kecamatan_names_an_unknown_kecamatan() -> None:
    frame = pd.DataFrame(
        {
            "desa_code": ["9.9.9.1"],
            "desa_name": ["X"],
            "kecamatan_code": [None],
            "kecamatan_name": [None],
            "posyandu": [1],
            "last_report_period": ["2026-01-01"],
            "months_silent": [2],
        }
    )
    bar = stopped_by_kecamatan(frame).data[0]
    assert list(bar.y) == ["(kecamatan tidak dikenal)"]
    assert list(bar.x) == [1]
