"""Tindak Lanjut with access control on: a camat of 36.73.01 reads and writes only their kecamatan's
follow-ups, whatever the URL says, and their writes carry their name; a store not yet set up is shown as a
sentence and offers no form."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_store.engine import create_store_engine
from app_store.migrate import downgrade
from app_store.records import Actor
from app_store.repository import create_tindak_lanjut, list_tindak_lanjut
from app_store.settings import APP_DATABASE_URL_ENV
from dashboard.auth import gate
from dashboard.auth.accounts import add_user
from dashboard.auth.passwords import hash_password
from dashboard.auth.ratelimit import LoginRateLimiter
from tests.dashboard.apptest import APP, run_page, use_database
from tests.dashboard.followup_data import registrasi
from tests.dashboard.test_tindak_lanjut_page import PAGE, SAVE

PASSWORD = "camat-serang-2026"
CIPOCOK = "36.73.02"


@pytest.fixture
def access_on(store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    path = tmp_path / "users.toml"
    add_user(path, "camat", region="36.73.01", display_name="Camat Serang", password_hash=hash_password(PASSWORD))
    monkeypatch.setenv("POSYANDU_AUTH_FILE", str(path))
    monkeypatch.setattr(gate, "LIMITER", LoginRateLimiter())
    return store


def _camat_on_page(region: str) -> AppTest:
    """Signed in as the camat on the Tindak Lanjut page, then a link naming ``region`` (as a pasted URL)."""
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.text_input(key="sign_in_user").input("camat")
    at.text_input(key="sign_in_password").input(PASSWORD)
    at.button(key="FormSubmitter:sign_in-Masuk").click().run()
    at.switch_page(f"dashboard/pages/{PAGE}")
    at.run()
    at.query_params["region"] = region
    at.query_params["year"] = "2025"
    return at.run()


def test_camat_sees_and_writes_their_kecamatan_only(access_on: str) -> None:
    engine = create_store_engine(access_on)
    own = create_tindak_lanjut(engine, actor=Actor.anonymous(), data=registrasi())
    create_tindak_lanjut(
        engine, actor=Actor.anonymous(), data=registrasi(region_code=CIPOCOK, owner="Camat Cipocok Jaya")
    )
    at = _camat_on_page(CIPOCOK)
    assert not at.exception
    assert any("di luar wilayah akses" in warning.value for warning in at.warning)
    listed = at.dataframe[0].value
    assert list(listed["No"]) == [own.id]
    assert "Camat Cipocok Jaya" not in " ".join(text.value for text in at.text)
    regions = at.selectbox(key="tl_region").options
    assert regions and all(CIPOCOK not in option for option in regions)
    at.text_area(key="tl_action").input("Pendataan ulang kader")
    at.text_input(key="tl_owner").input("Kasi Kesra")
    at.button(key=SAVE).click().run()
    assert not at.exception
    written = list_tindak_lanjut(engine, actor=Actor(name="t", scope="36.73.01"), region_code="36.73.01").items
    assert {item.stamp.created_by for item in written} == {"tanpa akun", "camat"}


def test_store_not_set_up_is_a_sentence_without_form(
    sample_sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_database(monkeypatch, sample_sqlite_url)
    monkeypatch.setenv(APP_DATABASE_URL_ENV, f"sqlite:///{tmp_path / 'never_upgraded.sqlite'}")
    at = run_page(PAGE, region="36.73", year="2025")
    assert not at.exception
    assert [warning.value for warning in at.warning] == [
        "Penyimpanan rapat dan tindak lanjut belum disiapkan (jalankan python -m app_store upgrade); "
        "sampai itu, rapat dan tindak lanjut hanya dapat dibaca."
    ]
    assert len(at.get("form")) == 0 and len(at.dataframe) == 0


def test_behind_store_shows_the_list_without_form(store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = create_store_engine(store)
    create_tindak_lanjut(engine, actor=Actor.anonymous(), data=registrasi(due_on=dt.date(2026, 12, 1)))
    downgrade(engine, "0001")
    at = run_page(PAGE, region="36.73", year="2025")
    assert not at.exception
    assert any("masih versi 0001" in warning.value for warning in at.warning)
    assert len(at.dataframe) == 1 and len(at.get("form")) == 0
