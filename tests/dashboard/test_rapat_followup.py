"""Mode rapat with the store: "Mulai rapat" records the meeting and puts it in the URL, the quick
"+ Tindak lanjut" attaches what it saves to that meeting with the figure on screen, the first screen
"Tindak lanjut rapat lalu" lists done / running / late with then -> now, a camat adds only inside their
kecamatan whatever the meeting URL says, and text people typed is shown as typed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_store.engine import create_store_engine
from app_store.records import Actor, RapatInput
from app_store.repository import create_rapat, create_tindak_lanjut, list_tindak_lanjut
from app_store.settings import APP_DATABASE_URL_ENV
from dashboard.followup.quick import keys
from dashboard.meeting.followups import QUICK, START_DATE, START_TITLE
from dashboard.meeting.state import REVIEW_SCREEN, parse_rapat, parse_screen, step
from data_access import compute_metrics, get_engine, resolve_scope
from tests.dashboard.apptest import APP, run_page, use_database
from tests.dashboard.followup_data import registrasi
from tests.dashboard.test_tindak_lanjut_access import CIPOCOK, PASSWORD, access_on  # noqa: F401 - a fixture

TODAY = dt.date(2026, 11, 23)
QA_ACTION, QA_OWNER, QA_DUE, _ = keys(QUICK)
ANON = Actor.anonymous()
HOSTILE = "<script>alert('x')</script> **tebal** [tautan](http://contoh.invalid)"


def _texts(at: AppTest) -> list[str]:
    return [text.value for text in at.text]


def _quick_add(at: AppTest, action: str, owner: str) -> AppTest:
    at.text_input(key=QA_ACTION).input(action)
    at.text_input(key=QA_OWNER).input(owner)
    at.date_input(key=QA_DUE).set_value(dt.date(2027, 1, 31))
    return at.button(key="rapat_qa_save").click().run()


@pytest.mark.parametrize("store_fixture", ["store", pytest.param("pg_store", marks=pytest.mark.postgres)])
def test_start_rapat_then_quick_add_attaches_it_with_the_figure_then(
    store_fixture: str, sample_sqlite_url: str, request: pytest.FixtureRequest
) -> None:
    store = request.getfixturevalue(store_fixture)
    at = run_page(mode="rapat", region="36.73.01", year="2025", layar="2", indikator="sk_pct")
    assert not at.exception
    assert at.title[0].value.startswith("Peta")  # no earlier follow-ups: the screens keep their numbers
    at.date_input(key=START_DATE).set_value(dt.date(2026, 12, 5))
    at.text_input(key=START_TITLE).input("Rakor TP Posyandu Kecamatan Serang")
    at.button(key="rapat_start_go").click().run()
    assert not at.exception
    rapat_id = int(at.query_params["rapat"])
    _quick_add(at, "Percepat SK Posyandu desa", "Kasi Kesra")
    assert not at.exception
    items = list_tindak_lanjut(create_store_engine(store), actor=ANON, region_code="36.73.01").items
    assert len(items) == 1
    item = items[0].data
    assert (item.rapat_id, item.region_code, item.metric_code) == (rapat_id, "36.73.01", "sk_pct")
    shared = get_engine(sample_sqlite_url)
    expected = compute_metrics(shared, resolve_scope(shared, region_code="36.73.01", year=2025, today=TODAY))
    assert item.figure is not None and item.figure.value == pytest.approx(expected.metrics["sk_pct"])
    assert at.text_input(key=QA_ACTION).value == ""  # saved: the quick-add is empty for the next decision


def test_refused_quick_add_keeps_the_input_with_one_sentence(store: str) -> None:
    at = run_page(mode="rapat", region="36.73.01", year="2025")
    at = _quick_add(at, "Pendataan ulang kader", "   ")
    assert not at.exception
    assert [error.value for error in at.error] == ["Belum tersimpan karena isian belum benar: Pelaksana wajib diisi"]
    assert at.text_input(key=QA_ACTION).value == "Pendataan ulang kader"


def test_first_screen_lists_done_running_and_late_with_then_now(store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = create_store_engine(store)
    meeting = create_rapat(engine, actor=ANON, data=RapatInput("36.73", dt.date(2026, 3, 10), "Rakor Kota Serang"))
    create_tindak_lanjut(engine, actor=ANON, data=registrasi(rapat_id=meeting.id, due_on=dt.date(2026, 12, 1)))
    create_tindak_lanjut(engine, actor=ANON, data=registrasi(action="Sosialisasi", status="selesai"))
    create_tindak_lanjut(engine, actor=ANON, data=registrasi(action="Pelatihan kader", status="berjalan"))
    monkeypatch.setenv("POSYANDU_TODAY", "2026-12-15")  # after the first due date only
    at = run_page(mode="rapat", region="36.73", year="2025")
    assert not at.exception
    assert at.title[0].value == "Tindak lanjut rapat lalu"
    assert [header.value for header in at.subheader] == ["Selesai (1)", "Berjalan (1)", "Terlambat (1)"]
    figures = [text for text in _texts(at) if " → " in text]
    assert len(figures) == 3
    assert all("41,5 % (2025-03) → " in text and "(2025-12)" in text for text in figures)
    at.button(key="rapat_next").click().run()
    assert at.title[0].value == "Angka utama" and at.query_params["layar"] == "1"
    old_link = run_page(mode="rapat", region="36.73", year="2025", layar="3")  # old links: same screen
    assert old_link.title[0].value.startswith("Peringkat")


def test_hostile_text_is_shown_as_typed(store: str) -> None:
    create_tindak_lanjut(create_store_engine(store), actor=ANON, data=registrasi(action=HOSTILE, owner=HOSTILE))
    at = run_page(mode="rapat", region="36.73.01", year="2025")
    assert not at.exception
    assert HOSTILE in _texts(at)
    assert all(HOSTILE not in markdown.value for markdown in at.markdown)


def test_camat_cannot_add_for_another_kecamatan_through_the_meeting_url(access_on: str) -> None:  # noqa: F811
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.text_input(key="sign_in_user").input("camat")
    at.text_input(key="sign_in_password").input(PASSWORD)
    at.button(key="FormSubmitter:sign_in-Masuk").click().run()
    for key, value in {"mode": "rapat", "region": CIPOCOK, "year": "2025"}.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    assert any("di luar wilayah akses" in warning.value for warning in at.warning)
    _quick_add(at, "Pendataan ulang kader", "Kasi Kesra")
    assert not at.exception
    engine = create_store_engine(access_on)
    assert list_tindak_lanjut(engine, actor=ANON, region_code=CIPOCOK).items == ()
    written = list_tindak_lanjut(engine, actor=ANON, region_code="36.73.01").items
    assert [(item.data.region_code, item.stamp.created_by) for item in written] == [("36.73.01", "camat")]


def test_review_screen_numbering_keeps_old_links() -> None:
    assert parse_screen(None, first=REVIEW_SCREEN) == (REVIEW_SCREEN, None)
    assert parse_screen("3", first=REVIEW_SCREEN) == (3, None)
    assert parse_screen("0") == (1, "Layar 0 tidak ada (1–5); ditampilkan layar pertama.")
    assert step(0, -1, first=0) == 0 and step(0, 1, first=0) == 1
    assert step(5, 1, wrap=True, first=0) == 0 and step(5, 1, wrap=True) == 1
    assert [parse_rapat(raw) for raw in ("12", "0", "-3", "x", None)] == [12, None, None, None, None]


def test_store_not_set_up_hides_the_actions_with_its_sentence(
    sample_sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_database(monkeypatch, sample_sqlite_url)
    monkeypatch.setenv(APP_DATABASE_URL_ENV, f"sqlite:///{tmp_path / 'never_upgraded.sqlite'}")
    at = run_page(mode="rapat", region="36.73", year="2025")
    assert not at.exception
    assert at.title[0].value == "Angka utama"
    assert any("belum disiapkan" in warning.value for warning in at.warning)
    assert not [field for field in at.text_input if field.key in (QA_ACTION, START_TITLE)]
