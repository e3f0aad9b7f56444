"""Daftar Posyandu's "+ Tindak lanjut" through AppTest: the most urgent listed Posyandu preselected with its
gaps as the suggested action, saved with the Posyandu as the figure (its gap count then, target 0) and its
desa as the region; another Posyandu chosen brings its own gaps; a store not yet set up hides the action with
its sentence."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app_store.engine import create_store_engine
from app_store.records import Actor
from app_store.repository import list_tindak_lanjut
from app_store.settings import APP_DATABASE_URL_ENV
from dashboard.followup.posyandu import PICKED, QUICK
from dashboard.followup.quick import keys
from dashboard.labels import GAP_LABELS
from data_access import get_engine, resolve_scope
from data_access.institution import posyandu_worklist
from tests.dashboard.apptest import run_page, use_database

PAGE = "posyandu.py"
TODAY = dt.date(2026, 11, 23)
ACTION, OWNER, DUE, ERROR = keys(QUICK)


def test_posyandu_follow_up_keeps_its_gap_count_then(store: str, sample_sqlite_url: str) -> None:
    shared = get_engine(sample_sqlite_url)
    worklist = posyandu_worklist(shared, resolve_scope(shared, region_code="36.73.01", year=2025, today=TODAY))
    first, second = worklist.iloc[0], worklist.iloc[1]
    at = run_page(PAGE, region="36.73.01", year="2025")
    assert not at.exception
    assert at.selectbox(key=PICKED).value == int(first["posyandu_id"])
    gaps = ", ".join(GAP_LABELS[gap] for gap in first["gaps"])
    assert at.text_input(key=ACTION).value == f"Lengkapi: {gaps}"
    at.selectbox(key=PICKED).set_value(int(second["posyandu_id"])).run()
    assert at.text_input(key=ACTION).value == "Lengkapi: " + ", ".join(GAP_LABELS[gap] for gap in second["gaps"])
    at.text_input(key=OWNER).input("Kepala Desa")
    at.button(key=f"{QUICK}_save").click().run()
    assert not at.exception and not at.error
    items = list_tindak_lanjut(create_store_engine(store), actor=Actor.anonymous(), region_code=None).items
    assert len(items) == 1
    data = items[0].data
    assert (data.posyandu_id, data.region_code, data.metric_code) == (
        int(second["posyandu_id"]),
        str(second["desa_code"]),
        None,
    )
    assert data.figure is not None
    assert (data.figure.value, data.figure.target, data.figure.period) == (float(second["gap_count"]), 0.0, "2025-12")
    assert at.text_input(key=OWNER).value == ""  # saved: empty for the next one, the gaps suggested again
    assert at.text_input(key=ACTION).value.startswith("Lengkapi: ")
    meeting = run_page(mode="rapat", region=str(second["desa_code"]), year="2025")  # then -> now as gaps
    gaps_then = f"{int(second['gap_count'])} kekurangan (2025-12)"
    line = f"Posyandu nomor {int(second['posyandu_id'])}: {gaps_then} → {gaps_then} tetap"
    assert meeting.title[0].value == "Tindak lanjut rapat lalu" and line in [text.value for text in meeting.text]
    listed = run_page("tindak_lanjut.py", region="36.73.01", year="2025").dataframe[0].value.iloc[0]
    assert listed["Indikator"] == f"Kekurangan Posyandu nomor {int(second['posyandu_id'])}"
    assert (listed["Angka awal"], listed["Angka kini"]) == (gaps_then, gaps_then)


def test_store_not_set_up_hides_the_action_with_its_sentence(
    sample_sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_database(monkeypatch, sample_sqlite_url)
    monkeypatch.setenv(APP_DATABASE_URL_ENV, f"sqlite:///{tmp_path / 'never_upgraded.sqlite'}")
    at = run_page(PAGE, region="36.73.01", year="2025")
    assert not at.exception
    assert any("belum disiapkan" in warning.value for warning in at.warning)
    assert not [box for box in at.selectbox if box.key == PICKED]
