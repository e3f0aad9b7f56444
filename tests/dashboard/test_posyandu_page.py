"""Daftar Posyandu through AppTest at every region level of the sample: no exception; the status
cards, the list, the month's changes and the per-child ranking equal the ``data_access`` values."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.charts.formatting import format_number
from dashboard.labels import CHANGE_LABELS, GAP_STATUS_LABELS
from data_access import get_engine, resolve_scope
from data_access.institution import gap_status_by_child, posyandu_changes, posyandu_worklist, status_counts
from tests.dashboard.apptest import SAMPLE_LEVELS, metric_values, plotly_specs, run_page, use_database
from tests.fixtures.handmade import HANDMADE

TODAY = dt.date(2026, 11, 23)
TINTS = {"perlu perhatian": "red", "kurang": "orange", "lengkap": "green"}
ICONS = {"registered": "🆕", "sk": "📝", "stopped_reporting": "⚠️"}


def posyandu_table(at):
    """The Posyandu list on screen (the one table with a "Kekurangan" column)."""
    tables = [frame.value for frame in at.dataframe if "Kekurangan" in frame.value.columns]
    assert len(tables) == 1
    return tables[0]


def status_card(status: str) -> str:
    return f":{TINTS[status]}[{GAP_STATUS_LABELS[status]}]"


@pytest.mark.parametrize("level", list(SAMPLE_LEVELS))
def test_figures_equal_data_access_at_every_level(
    level: str, sample_sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_database(monkeypatch, sample_sqlite_url)
    region = SAMPLE_LEVELS[level]
    at = run_page("posyandu.py", region=region, year="2026")
    assert not at.exception
    assert not at.error
    engine = get_engine(sample_sqlite_url)
    scope = resolve_scope(engine, region_code=region, year=2026, today=TODAY)
    worklist = posyandu_worklist(engine, scope)

    cards = metric_values(at)
    assert cards["Jumlah Posyandu"] == format_number(len(worklist))
    for status, count in status_counts(worklist).items():
        assert cards[status_card(status)] == format_number(count), status

    if level in ("kecamatan", "desa_kelurahan"):
        changes = posyandu_changes(engine, scope)
        for change, label in CHANGE_LABELS.items():
            count = int((changes["change"] == change).sum())
            assert cards[f"{ICONS[change]} {label}"] == f"{format_number(count)} Posyandu", change
        table = posyandu_table(at)
        assert len(table) == len(worklist)
        assert list(table["ID"]) == list(worklist["posyandu_id"])
        assert table["Status"].iloc[0] == GAP_STATUS_LABELS[worklist["status"].iloc[0]]
    else:
        assert any("pilih kecamatan atau desa/kelurahan" in info.value for info in at.info)
        expected = gap_status_by_child(engine, scope)
        bars = [spec["data"] for spec in plotly_specs(at)]
        assert len(bars) == 1
        attention = bars[0][0]
        assert list(reversed([row[0] for row in attention["customdata"]])) == list(expected["code"])
        assert list(reversed(attention["text"])) == [format_number(n) if n else "" for n in expected["perlu_perhatian"]]


def test_search_and_filters_narrow_the_list(sample_sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    use_database(monkeypatch, sample_sqlite_url)
    at = run_page("posyandu.py", region="36.73.01", year="2026")
    engine = get_engine(sample_sqlite_url)
    worklist = posyandu_worklist(engine, resolve_scope(engine, region_code="36.73.01", year=2026, today=TODAY))
    at.text_input(key="posyandu_search").input("cimuncang").run()
    assert not at.exception
    assert len(posyandu_table(at)) == int((worklist["desa_name"] == "Cimuncang").sum())
    at.multiselect(key="posyandu_status").select("lengkap").run()
    expected = worklist[(worklist["desa_name"] == "Cimuncang") & (worklist["status"] == "lengkap")]
    assert list(posyandu_table(at)["ID"]) == list(expected["posyandu_id"])


def test_january_compares_with_december(sample_sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    use_database(monkeypatch, sample_sqlite_url)
    at = run_page("posyandu.py", region="36.73.01", year="2026", month="1")
    assert not at.exception
    assert any("Januari 2026 dibanding Desember 2025" in header.value for header in at.subheader)


def test_kecamatan_without_posyandu_says_so(database_factory, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tirtayasa (36.04.03) of the hand-made database has no desa/kelurahan and no posyandu.
    use_database(monkeypatch, database_factory.build("sqlite", "handmade_pages", HANDMADE))
    at = run_page("posyandu.py", region="36.04.03", year="2025")
    assert not at.exception
    assert any("Belum ada Posyandu aktif" in info.value for info in at.info)


def test_kabupaten_with_an_empty_kecamatan(database_factory, monkeypatch: pytest.MonkeyPatch) -> None:
    # Kabupaten Serang (36.04): Ciruas has 5 posyandu in 2025, Kragilan 3, Tirtayasa none.
    use_database(monkeypatch, database_factory.build("sqlite", "handmade_pages", HANDMADE))
    at = run_page("posyandu.py", region="36.04", year="2025")
    assert not at.exception
    assert metric_values(at)["Jumlah Posyandu"] == "8"
    bars = plotly_specs(at)[0]["data"]
    assert sorted(row[0] for row in bars[0]["customdata"]) == ["36.04.01", "36.04.02", "36.04.03"]
