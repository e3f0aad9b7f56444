"""Ringkasan through AppTest at every region level of the sample: no exception, and the cards and
the ranking show exactly the ``data_access`` figures."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.cards import metric_display
from dashboard.charts.formatting import format_percent
from dashboard.charts.renstra import status_label
from dashboard.charts.theme import STATUS_SYMBOLS
from dashboard.labels import METRIC_LABELS
from data_access import compute_metrics, get_engine, resolve_scope
from data_access.progress import rank_children
from data_access.vocabulary import TANPA_TARGET
from tests.dashboard.apptest import SAMPLE_LEVELS, metric_values, run_page, use_database, vega_charts
from tests.fixtures.tiny import TINY

TODAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize("level", list(SAMPLE_LEVELS))
def test_cards_equal_data_access_at_every_level(
    level: str, sample_sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_database(monkeypatch, sample_sqlite_url)
    region = SAMPLE_LEVELS[level]
    at = run_page(region=region, year="2025")
    assert not at.exception
    engine = get_engine(sample_sqlite_url)
    expected = compute_metrics(engine, resolve_scope(engine, region_code=region, year=2025, today=TODAY))
    cards = metric_values(at)
    for code in (
        "posyandu_total",
        "kader_total",
        "registered_pct",
        "sk_pct",
        "six_bidang_pct",
        "report_completeness_pct",
    ):
        assert cards[METRIC_LABELS[code]] == metric_display(code, expected.metrics[code]), code
    if expected.children:
        (_, ranking_data), (map_spec, _) = vega_charts(at)
        bars = next(iter(ranking_data.values()))
        ranked = rank_children(expected, "registered_pct")
        assert bars["code"].tolist() == ranked["code"].tolist()  # most behind first, as data_access ranks
        assert bars["name"].tolist() == ranked["name"].tolist()
        for code, label in zip(bars["code"], bars["label"], strict=True):
            child = next(child for child in expected.children if child.code == code)
            value = format_percent(child.metrics["registered_pct"])
            assert label == f"{value}  {STATUS_SYMBOLS[child.status.get('registered_pct') or TANPA_TARGET]}"
        drawn = {feature["properties"]["code"]: feature["properties"] for feature in map_spec["data"]["values"]}
        assert set(drawn) <= {child.code for child in expected.children}
        for code, properties in drawn.items():
            child = next(child for child in expected.children if child.code == code)
            assert properties["value"] == format_percent(child.metrics["registered_pct"])
            assert properties["status"] == status_label(child.status.get("registered_pct"))


def test_current_year_opens_on_the_latest_month(sample_sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    use_database(monkeypatch, sample_sqlite_url)
    at = run_page(region="36.71")
    assert not at.exception
    assert at.query_params["year"] == "2026"  # the latest year is spelled out in the URL
    assert "month" not in at.query_params  # no month asked for: the latest month with data
    assert any("2026 s.d. Oktober" in markdown.value for markdown in at.markdown)
    assert any("Oktober 2026" in markdown.value for markdown in at.markdown)


def test_unknown_region_falls_back_to_the_country(database_factory, monkeypatch: pytest.MonkeyPatch) -> None:
    use_database(monkeypatch, database_factory.build("sqlite", "tiny_page", TINY))
    at = run_page(region="99.99", year="2025")
    assert not at.exception
    assert any("tidak dikenal" in warning.value for warning in at.warning)
    assert metric_values(at)["Jumlah Posyandu"] == "3"


@pytest.mark.parametrize(
    ("params", "message"),
    [({"year": "1999"}, "tidak memiliki data"), ({"year": "abc"}, "tidak valid"), ({"month": "13"}, "Bulan")],
)
def test_bad_period_in_the_url_gets_a_message(
    database_factory, monkeypatch: pytest.MonkeyPatch, params: dict[str, str], message: str
) -> None:
    use_database(monkeypatch, database_factory.build("sqlite", "tiny_page", TINY))
    at = run_page(**params)
    assert not at.exception
    assert any(message in warning.value for warning in at.warning)


def test_unreachable_database_shows_a_message(monkeypatch: pytest.MonkeyPatch) -> None:
    use_database(monkeypatch, "sqlite:////nonexistent/x.sqlite")
    at = run_page()
    assert not at.exception
    assert any("Berkas database SQLite `/nonexistent/x.sqlite` tidak ditemukan" in error.value for error in at.error)
