"""Renstra 2025-2029 through AppTest at every region level of the sample: no exception, the
summary, trajectory, pace and child statuses exactly as ``data_access`` computes them, and the
country's empty state (the contract gives it no targets)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.charts.formatting import format_number, format_percent
from dashboard.charts.renstra import pace_display, status_label
from dashboard.labels import METRIC_LABELS
from data_access import compute_metrics, get_engine, resolve_scope
from data_access.progress import rank_children, renstra_pace, renstra_trajectory
from tests.dashboard.apptest import SAMPLE_LEVELS, metric_values, plotly_specs, run_page, use_database

TODAY = dt.date(2026, 11, 23)


def _expected(url: str, region: str | None, year: int):
    engine = get_engine(url)
    scope = resolve_scope(engine, region_code=region, year=year, today=TODAY)
    trajectory = renstra_trajectory(engine, scope)
    return scope, compute_metrics(engine, scope), trajectory, renstra_pace(trajectory, scope)


@pytest.mark.parametrize("level", [level for level in SAMPLE_LEVELS if level != "country"])
@pytest.mark.parametrize("year", [2025, 2026])
def test_summary_trajectory_and_pace_equal_data_access(
    level: str, year: int, sample_sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_database(monkeypatch, sample_sqlite_url)
    region = SAMPLE_LEVELS[level]
    at = run_page("renstra.py", region=region, year=str(year))
    assert not at.exception
    scope, result, trajectory, paces = _expected(sample_sqlite_url, region, year)
    pace = {p.metric: p for p in paces}

    summary = at.dataframe[0].value
    by_label = {METRIC_LABELS[m]: m for m in METRIC_LABELS}
    shown = [by_label[label] for label in summary["Indikator"]]
    expected_metrics = [m for m, t in result.targets.items() if t is not None and result.metrics[m] is not None]
    assert sorted(shown) == sorted(expected_metrics)
    actual_column = next(c for c in summary.columns if c.startswith("Capaian"))
    rows_by_metric = summary.set_index(pd.Series(shown))
    for metric in shown:
        row = rows_by_metric.loc[metric]
        assert row[actual_column] == format_percent(result.metrics[metric])
        assert row[f"Target {year}"] == format_percent(result.targets[metric])
        assert row["Status"] == status_label(result.status[metric])
        assert row["Laju dicapai"] == pace_display(pace[metric].achieved_per_year)
        assert row["Laju diperlukan"] == pace_display(pace[metric].needed_per_year, needed=True)
    # Most behind first: every tertinggal before every mendekati before every tercapai.
    order = {"tertinggal": 0, "mendekati": 1, "tercapai": 2, "tanpa target": 3}
    ranks = [order[result.status[m]] for m in shown]
    assert ranks == sorted(ranks)

    cards = metric_values(at)
    for status in ("tercapai", "mendekati", "tertinggal"):
        count = sum(1 for m in shown if result.status[m] == status)
        assert cards[status_label(status)] == f"{format_number(count)} indikator"

    # The trajectory of the metric shown first (the most behind): targets 2025-2029, actuals only
    # for years up to the one viewed -- never extrapolated.
    metric = shown[0]
    rows = trajectory[trajectory["metric"] == metric]
    chart = plotly_specs(at)[0]
    traces = {trace["name"]: trace for trace in chart["data"]}
    targets = rows[rows["target"].notna()]
    assert traces["Target Renstra"]["x"] == targets["year"].tolist()
    assert traces["Target Renstra"]["y"] == pytest.approx(targets["target"].astype(float).tolist())
    actuals = rows[rows["actual"].notna()]
    assert traces["Capaian"]["x"] == actuals["year"].tolist()
    assert max(traces["Capaian"]["x"]) == year
    assert traces["Capaian"]["y"] == pytest.approx(actuals["actual"].astype(float).tolist())
    if year == 2026:
        assert "2026<br>s.d. Oktober" in chart["layout"]["xaxis"]["ticktext"]

    if result.children:
        ranking = plotly_specs(at)[1]
        assert set(ranking["data"][0]["y"]) == {child.name for child in result.children}
        ranked = rank_children(result, ranking_metric(at))
        assert list(reversed(ranking["data"][0]["y"])) == ranked["name"].tolist()
    else:
        assert any("tidak memiliki wilayah di bawahnya" in caption.value for caption in at.caption)


def ranking_metric(at) -> str:
    """The metric chosen in the per-child ranking (the first selectbox keyed renstra_child_metric_*)."""
    return next(box.value for box in at.selectbox if box.key and box.key.startswith("renstra_child_metric"))


def test_country_says_it_has_no_targets_and_shows_the_provinsi(
    sample_sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_database(monkeypatch, sample_sqlite_url)
    at = run_page("renstra.py", year="2026")
    assert not at.exception
    assert any("tidak ditetapkan untuk tingkat nasional" in info.value for info in at.info)
    assert any("Pilih provinsi" in info.value for info in at.info)
    _, result, _, _ = _expected(sample_sqlite_url, None, 2026)
    assert all(target is None for target in result.targets.values())
    (ranking,) = plotly_specs(at)
    assert set(ranking["data"][0]["y"]) == {child.name for child in result.children}


def test_status_matrix_shows_each_child_with_symbols(sample_sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    use_database(monkeypatch, sample_sqlite_url)
    region = SAMPLE_LEVELS["kabupaten_kota"]
    at = run_page("renstra.py", region=region, year="2025")
    assert not at.exception
    _, result, _, _ = _expected(sample_sqlite_url, region, 2025)
    matrix = at.dataframe[1].value
    assert sorted(matrix.index) == sorted(child.name for child in result.children)
    child = result.children[0]
    cell = matrix.loc[child.name, "Ber-SK"]
    symbol = {"tercapai": "✔", "mendekati": "◐", "tertinggal": "✖", "tanpa target": "–"}[child.status["sk_pct"]]
    assert cell == f"{symbol} {format_percent(child.metrics['sk_pct'])}"
