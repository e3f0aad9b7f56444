"""Child rankings with the counts behind each share, built from a hand-made MetricsResult."""

from __future__ import annotations

import datetime as dt

from dashboard.charts.regional import count_label, counted_ranking_bar, ranked_with_counts, ranking_table
from data_access import MetricsResult, Period, RegionMetrics, Scope


def child(code: str, name: str, value: float | None, target: float | None, status: str, count: int, base: int):
    return RegionMetrics(
        code=code,
        name=name,
        level="kecamatan",
        metrics={"kemitraan_pct": value},
        counts={"funding.with_partnership": count, "funding.posyandu": base},
        targets={"kemitraan_pct": target},
        status={"kemitraan_pct": status},
    )


def result() -> MetricsResult:
    scope = Scope(region=None, children=(), period=Period(2025, 12, dt.date(2026, 11, 23)))
    head = RegionMetrics(code=None, name="Indonesia", level=None, metrics={})
    return MetricsResult(
        scope=scope,
        region=head,
        children=[
            child("1.01", "Alfa", 50.0, 40.0, "tercapai", 5, 10),
            child("1.02", "Beta", 10.0, 40.0, "tertinggal", 1, 10),
            child("1.03", "Gama", None, 40.0, "tanpa target", 0, 0),
        ],
    )


def test_ranked_with_counts_keeps_the_ranking_and_adds_counts() -> None:
    frame = ranked_with_counts(result(), "kemitraan_pct", "funding.with_partnership", "funding.posyandu")
    assert frame["code"].tolist() == ["1.02", "1.01", "1.03"]  # most behind first, null last
    assert frame["count"].tolist() == [1, 5, 0]
    assert frame["base"].tolist() == [10, 10, 0]


def test_count_label() -> None:
    assert count_label(67.1, "mendekati", 649, 967) == "67,1 % ◐ · 649/967"
    assert count_label(None, "tanpa target", 0, 0) == "– · 0/0"
    assert count_label(12.5, None, 1, 8) == "12,5 % · 1/8"


def test_counted_ranking_bar_labels_and_drill_codes() -> None:
    frame = ranked_with_counts(result(), "kemitraan_pct", "funding.with_partnership", "funding.posyandu")
    figure = counted_ranking_bar(frame, metric_label="Posyandu bermitra", noun="Posyandu")
    bar = figure.data[0]
    assert list(bar.y) == ["Gama", "Alfa", "Beta"]  # reversed: the most behind is drawn at the top
    assert list(bar.text) == ["– · 0/0", "50,0 % ✔ · 5/10", "10,0 % ✖ · 1/10"]
    assert [row[0] for row in bar.customdata] == ["1.03", "1.01", "1.02"]  # drill by click
    assert bar.customdata[2][1] == "1 dari 10 Posyandu"
    assert list(figure.layout.xaxis.ticktext)[-1] == "100 %"


def test_ranking_table() -> None:
    frame = ranked_with_counts(result(), "kemitraan_pct", "funding.with_partnership", "funding.posyandu")
    table = ranking_table(frame, level_name="Kecamatan", metric_label="Posyandu bermitra", noun="Posyandu")
    assert table.columns.tolist() == ["Kode", "Kecamatan", "Posyandu bermitra", "Posyandu", "Target", "Status"]
    assert table.iloc[0].tolist() == ["1.02", "Beta", "10,0 %", "1 dari 10", "40,0 %", "✖ Tertinggal"]
    assert table.iloc[2].tolist() == ["1.03", "Gama", "–", "0 dari 0", "40,0 %", "Tanpa target"]
