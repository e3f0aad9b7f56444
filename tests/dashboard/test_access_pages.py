"""Access control through AppTest on the sample: the sign-in screen, wrong passwords, the rate limit,
and a camat of 36.73.01 held to their kecamatan on every route the sidebar and URL offer."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.auth import gate
from dashboard.auth.accounts import add_user
from dashboard.auth.passwords import hash_password
from dashboard.auth.ratelimit import LoginRateLimiter
from data_access import get_engine
from data_access.scope import child_regions, get_region
from tests.dashboard.apptest import APP, use_database

PASSWORD = "camat-serang-2026"


@pytest.fixture
def access_on(sample_sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    use_database(monkeypatch, sample_sqlite_url)
    path = tmp_path / "users.toml"
    add_user(path, "camat", region="36.73.01", display_name="Camat Serang", password_hash=hash_password(PASSWORD))
    add_user(path, "pusat", region="nasional", display_name="TP Pusat", password_hash=hash_password(PASSWORD))
    monkeypatch.setenv("POSYANDU_AUTH_FILE", str(path))
    monkeypatch.setattr(gate, "LIMITER", LoginRateLimiter())
    return path


def _open(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def _sign_in(at: AppTest, user: str, password: str) -> AppTest:
    at.text_input(key="sign_in_user").input(user)
    at.text_input(key="sign_in_password").input(password)
    return at.button(key="FormSubmitter:sign_in-Masuk").click().run()


def test_sign_in_screen_only(access_on) -> None:
    at = _open(region="36.73.01")
    assert not at.exception
    assert [t.value for t in at.title] == ["🏥 Dashboard TP Posyandu"]
    assert [t.label for t in at.text_input] == ["Nama pengguna", "Kata sandi"]
    assert len(at.metric) == 0 and len(at.sidebar.selectbox) == 0  # no page, no picker, no data


def test_wrong_password_and_unknown_user(access_on, caplog: pytest.LogCaptureFixture) -> None:
    at = _open()
    with caplog.at_level(logging.WARNING, logger="dashboard.auth"):
        _sign_in(at, "camat", "bukan-sandinya")
        assert [e.value for e in at.error] == [gate.WRONG_CREDENTIALS]
        _sign_in(at, "tidak-ada", "bukan-sandinya")
        assert [e.value for e in at.error] == [gate.WRONG_CREDENTIALS]  # same words: no user enumeration
    assert len(at.metric) == 0
    logged = caplog.text
    assert "sign-in failed for user 'camat'" in logged and "'tidak-ada'" in logged
    assert "bukan-sandinya" not in logged


def test_rate_limited_after_five_failures(access_on, caplog: pytest.LogCaptureFixture) -> None:
    at = _open()
    for _ in range(5):
        _sign_in(at, "camat", "tebakan-salah")
    assert [e.value for e in at.error] == [gate.WRONG_CREDENTIALS]
    with caplog.at_level(logging.WARNING, logger="dashboard.auth"):
        _sign_in(at, "camat", PASSWORD)  # even the right password waits now
    assert at.error[0].value.startswith("Terlalu banyak percobaan yang gagal. Coba lagi dalam 30 detik")
    assert len(at.metric) == 0
    assert "locked" in caplog.text and PASSWORD not in caplog.text


def _child_names(url: str, code: str) -> list[str]:
    with get_engine(url).connect() as conn:
        return [child.name for child in child_regions(conn, get_region(conn, code))]


def test_camat_sees_their_kecamatan_only(access_on, sample_sqlite_url: str) -> None:
    at = _sign_in(_open(), "camat", PASSWORD)
    assert not at.exception
    assert at.title[0].value == "📊 Ringkasan"
    assert at.query_params["region"] == "36.73.01"
    assert at.sidebar.caption[0].value.startswith("👤 **Camat Serang** · wilayah akses: Serang")
    crumbs = {
        b.label.replace("\u2003", "").replace("▸ ", ""): b.disabled for b in at.sidebar.button if b.key != "sign_out"
    }
    assert crumbs == {"Indonesia": True, "Banten": True, "Kota Serang": True, "**Serang**": True}
    picker = at.sidebar.selectbox(key="_child_pick")
    assert picker.options == _child_names(sample_sqlite_url, "36.73.01")  # Serang's kelurahan, nothing else


def test_url_outside_refused_with_fallback(access_on) -> None:
    at = _sign_in(_open(region="36.73.02", year="2025"), "camat", PASSWORD)
    assert not at.exception
    assert [w.value for w in at.warning] == [
        "Wilayah 36.73.02 di luar wilayah akses Anda; ditampilkan Serang (36.73.01)."
    ]
    assert at.query_params["region"] == "36.73.01"
    # a link edited afterwards, to the kota and to the whole country
    for region, shown in (("36.73", "36.73"), ("", None)):
        at.query_params["region"] = region
        at.run()
        assert at.query_params["region"] == "36.73.01"
        warnings = [w.value for w in at.warning]
        refused = f"Wilayah {shown} di luar wilayah akses Anda; ditampilkan Serang (36.73.01)."
        assert warnings == ([refused] if shown else [])


def test_kualitas_scoped(access_on) -> None:
    at = _sign_in(_open(), "camat", PASSWORD)
    at.switch_page("dashboard/pages/kualitas.py")
    at.run()
    assert not at.exception
    assert at.subheader[0].value == "Pemeriksaan seluruh wilayah akses Anda (Serang)"
    assert {m.label: m.value for m in at.metric}["Baris data bermasalah"] == "0"  # the sample's dirt is elsewhere


def test_sign_out_returns_to_the_sign_in_screen(access_on) -> None:
    at = _sign_in(_open(), "camat", PASSWORD)
    at.sidebar.button(key="sign_out").click().run()
    assert [t.label for t in at.text_input] == ["Nama pengguna", "Kata sandi"]
    assert len(at.metric) == 0


def test_national_user_sees_the_country(access_on) -> None:
    at = _sign_in(_open(), "pusat", PASSWORD)
    assert not at.exception
    assert "region" not in at.query_params
    assert len(at.warning) == 0
    at.switch_page("dashboard/pages/kualitas.py")
    at.run()
    assert at.subheader[0].value == "Pemeriksaan seluruh database"


def test_account_removed_or_moved_ends_the_session(access_on: Path) -> None:
    at = _sign_in(_open(), "camat", PASSWORD)
    assert at.title[0].value == "📊 Ringkasan"
    add_user(access_on, "camat", region="36.73.02", display_name=None, password_hash=hash_password(PASSWORD))
    at.run()
    assert [t.label for t in at.text_input] == ["Nama pengguna", "Kata sandi"]  # moved: signed out
    assert len(at.metric) == 0
