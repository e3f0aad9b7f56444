"""Kualitas Data through AppTest at every region level of the sample: no exception, and the cards,
the per-check chart and lists, the excluded rows, the stopped-reporting list and the monthly
completeness shown equal the ``data_access`` values."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.charts.formatting import format_number, month_name
from dashboard.labels import DATA_QUALITY_LABELS
from data_access import DATA_QUALITY_CHECKS, data_quality, get_engine, resolve_scope
from data_access.breakdowns import monthly_completeness
from data_access.quality import excluded_in_scope
from data_access.reporting import stopped_reporting
from tests.dashboard.apptest import SAMPLE_LEVELS, metric_values, plotly_specs, run_page, use_database
from tests.fixtures.tiny import TINY

TODAY = dt.date(2026, 11, 23)


def _chart(at, predicate) -> dict:
    matches = [spec for spec in plotly_specs(at) if predicate(spec["data"][0])]
    assert len(matches) == 1
    return matches[0]["data"][0]


def _is_checks(trace: dict) -> bool:
    customdata = trace.get("customdata") or [[None]]
    return customdata[0][0] in DATA_QUALITY_LABELS


def _is_completeness(trace: dict) -> bool:
    return trace.get("x", [None])[0] == "Januari"


def _check_page(at, url: str, region: str | None, year: int, month: int | None = None) -> None:
    assert not at.exception
    engine = get_engine(url)
    scope = resolve_scope(engine, region_code=region, year=year, month=month, today=TODAY)
    quality = data_quality(engine, today=TODAY)
    stopped = stopped_reporting(engine, scope)
    excluded = excluded_in_scope(engine, scope)
    monthly = monthly_completeness(engine, scope)

    cards = metric_values(at)
    assert cards["Baris data bermasalah"] == format_number(sum(quality.counts.values()))
    with_problems = sum(1 for count in quality.counts.values() if count)
    assert cards["Pemeriksaan dengan temuan"] == f"{with_problems} dari {len(DATA_QUALITY_CHECKS)}"
    assert cards["Desa/kel. berhenti melapor"] == format_number(len(stopped))
    for code in ("invalid_service_values", "future_dated"):
        assert cards[DATA_QUALITY_LABELS[code]] == format_number(excluded[code])

    checks = _chart(at, _is_checks)
    shown = {row[0]: value for row, value in zip(checks["customdata"], checks["x"], strict=True)}
    assert shown == quality.counts

    # One expander per check, its title giving the count; the offending rows listed inside.
    titles = [expander.label for expander in at.expander]
    for code in DATA_QUALITY_CHECKS:
        count = quality.counts[code]
        expected = f"{DATA_QUALITY_LABELS[code]} — {format_number(count)} baris" if count else "bersih"
        assert any(DATA_QUALITY_LABELS[code] in title and expected in title for title in titles), code
    tables = [element.value for element in at.dataframe]
    for code in DATA_QUALITY_CHECKS:
        rows = quality.offenders[code]
        if rows:
            first = {str(value) for value in rows[0].values()}
            assert any(len(table) == len(rows) and first <= set(table.iloc[0].astype(str)) for table in tables), code

    if stopped.empty:
        assert any("berhenti melapor" in success.value for success in at.success)
    else:
        listed = next(table for table in tables if "Kode desa/kel." in table.columns)
        assert list(listed["Kode desa/kel."]) == list(stopped["desa_code"])
        assert list(listed["Bulan tanpa laporan"]) == list(stopped["months_silent"])

    if int(monthly["expected"].max()) > 0:
        completeness = _chart(at, _is_completeness)
        assert completeness["x"] == [month_name(int(m)) for m in monthly["month"]]
        for shown_value, value in zip(completeness["y"], monthly["completeness_pct"], strict=True):
            if pd.isna(value):  # no posyandu expected that month: no bar
                assert shown_value is None
            else:
                assert shown_value == pytest.approx(value)


@pytest.mark.parametrize("level", list(SAMPLE_LEVELS))
def test_figures_equal_data_access_at_every_level(
    level: str, sample_sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_database(monkeypatch, sample_sqlite_url)
    region = SAMPLE_LEVELS[level]
    at = run_page("kualitas.py", region=region, year="2025")
    _check_page(at, sample_sqlite_url, region, 2025)


def test_stopped_villages_listed_and_grouped_by_kecamatan(
    sample_sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Kabupaten Kapuas in June 2025: several desa in several kecamatan went quiet.
    use_database(monkeypatch, sample_sqlite_url)
    at = run_page("kualitas.py", region="62.03", year="2025", month="6")
    _check_page(at, sample_sqlite_url, "62.03", 2025, 6)
    engine = get_engine(sample_sqlite_url)
    stopped = stopped_reporting(engine, resolve_scope(engine, region_code="62.03", year=2025, month=6, today=TODAY))
    assert not stopped.empty
    per_kecamatan = _chart(at, lambda trace: trace.get("hovertemplate", "").startswith("%{y}: %{x} desa"))
    assert sum(per_kecamatan["x"]) == len(stopped)
    assert {row[0] for row in per_kecamatan["customdata"]} == set(stopped["kecamatan_code"])


def test_current_month_still_running_gets_a_note(sample_sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    use_database(monkeypatch, sample_sqlite_url)
    at = run_page("kualitas.py", region="36.73", year="2026", month="11")
    assert not at.exception
    assert any("masih berjalan" in warning.value for warning in at.warning)


def test_tiny_database_kelurahan_that_went_quiet(database_factory, monkeypatch: pytest.MonkeyPatch) -> None:
    # Kelurahan B's only posyandu reported in July and August 2025, then nothing: in December 2025 it
    # has been silent for 4 months. Every region has no boundary (5 regions).
    url = database_factory.build("sqlite", "tiny_kualitas_page", TINY)
    use_database(monkeypatch, url)
    at = run_page("kualitas.py", region="31.71.01.1002", year="2025")
    _check_page(at, url, "31.71.01.1002", 2025)
    listed = next(element.value for element in at.dataframe if "Kode desa/kel." in element.value.columns)
    assert listed.to_dict("records") == [
        {
            "Kode desa/kel.": "31.71.01.1002",
            "Desa/kelurahan": "Kelurahan B",
            "Kecamatan": "Kecamatan Uji",
            "Posyandu": 1,
            "Laporan sah terakhir": "Agustus 2025",
            "Bulan tanpa laporan": 4,
        }
    ]
    assert metric_values(at)["Baris data bermasalah"] == "5"
    assert any("seluruh database" in info.value for info in at.info)


def test_unreachable_database_shows_a_message(monkeypatch: pytest.MonkeyPatch) -> None:
    use_database(monkeypatch, "sqlite:////nonexistent/x.sqlite")
    at = run_page("kualitas.py")
    assert not at.exception
    assert any("Berkas database SQLite `/nonexistent/x.sqlite` tidak ditemukan" in error.value for error in at.error)
