"""The first page through ``AppTest``: no exception, and the cards equal the ``data_access`` values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.charts.formatting import format_number, format_percent
from data_access import compute_metrics, get_engine, resolve_scope
from tests.fixtures.tiny import TINY

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def app_env(database_factory, monkeypatch: pytest.MonkeyPatch) -> str:
    url = database_factory.build("sqlite", "tiny_page", TINY)
    monkeypatch.setenv("POSYANDU_DATABASE_URL", url)
    monkeypatch.setenv("POSYANDU_TODAY", TODAY.isoformat())
    return url


def run_app(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at


@pytest.mark.parametrize("region", [None, "31", "31.71", "31.71.01", "31.71.01.1001"])
def test_cards_equal_data_access(app_env: str, region: str | None) -> None:
    at = run_app(**({"region": region} if region else {}), year="2025")
    assert not at.exception
    expected = compute_metrics(
        get_engine(app_env), resolve_scope(get_engine(app_env), region_code=region, year=2025, today=TODAY)
    ).metrics
    cards = {metric.label: metric.value for metric in at.metric}
    assert cards["Jumlah Posyandu"] == format_number(expected["posyandu_total"])
    assert cards["Posyandu teregistrasi"] == format_percent(expected["registered_pct"])
    assert cards["Kelengkapan laporan bulanan"] == format_percent(expected["report_completeness_pct"])


def test_unknown_region_falls_back_to_the_country(app_env: str) -> None:
    at = run_app(region="99.99")
    assert not at.exception
    assert any("tidak dikenal" in warning.value for warning in at.warning)
    assert at.metric[0].value == "3"


def test_unreachable_database_shows_a_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POSYANDU_DATABASE_URL", "sqlite:////nonexistent/x.sqlite")
    at = run_app()
    assert not at.exception
    assert any("Database tidak dapat dibuka" in error.value for error in at.error)
