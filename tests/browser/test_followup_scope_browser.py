"""Follow-ups held to the signed-in user's scope in a real browser: a camat of 36.73.01 (local account, access
control on) can neither read nor write the follow-ups of 36.73.02 (Cipocok Jaya) on any route -- the Tindak
Lanjut page opened at 36.73.02 by URL, its list and its CSV, the "+ Tindak lanjut" link prefilled for 36.73.02,
and Mode rapat opened at 36.73.02 on a rapat of Cipocok Jaya.

The store is seeded through ``app_store.repository`` with one follow-up in each kecamatan and a rapat of
Cipocok Jaya, before the server starts; what the camat saves is read back from the store afterwards."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app_store.engine import create_store_engine
from app_store.migrate import upgrade
from app_store.records import Actor, RapatInput
from app_store.repository import create_rapat, create_tindak_lanjut, list_tindak_lanjut
from app_store.settings import APP_DATABASE_URL_ENV
from dashboard.auth.accounts import add_user
from dashboard.auth.passwords import hash_password
from dashboard.followup.listing import PICK
from tests.browser.conftest import TODAY, save_screenshot, serve_in_app_folder, wait_until_rendered
from tests.browser.helpers import CAMAT, PASSWORD, REFUSED, assert_clean, open_selectbox, sign_in
from tests.dashboard.followup_data import registrasi

pytestmark = pytest.mark.browser

CIPOCOK = "36.73.02"
OWN_ACTION = "Fasilitasi registrasi kelembagaan Posyandu yang belum bernomor registrasi"
OTHER_ACTION = "Kunjungan ke Posyandu Cipocok Jaya yang berhenti melapor"
OTHER_OWNER = "Camat Cipocok Jaya"
NEW_ACTION = "Pendataan ulang kader Posyandu Kecamatan Serang"


@dataclass(frozen=True)
class Seeded:
    base: str
    store_url: str
    own_id: int
    other_id: int
    other_rapat_id: int


@pytest.fixture(scope="module")
def camat_server(sample_sqlite_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    tmp = tmp_path_factory.mktemp("followup-scope")
    store_url = f"sqlite:///{tmp / 'app_store.sqlite'}"
    engine = create_store_engine(store_url)
    try:
        upgrade(engine)
        anonymous = Actor.anonymous()
        own = create_tindak_lanjut(engine, actor=anonymous, data=registrasi())
        meeting = create_rapat(
            engine,
            actor=anonymous,
            data=RapatInput(region_code=CIPOCOK, held_on=dt.date(2026, 11, 2), title="Rakor Kecamatan Cipocok Jaya"),
        )
        other = create_tindak_lanjut(
            engine,
            actor=anonymous,
            data=registrasi(region_code=CIPOCOK, action=OTHER_ACTION, owner=OTHER_OWNER, rapat_id=meeting.id),
        )
    finally:
        engine.dispose()
    accounts = tmp / "users.toml"
    add_user(accounts, "camat", region=CAMAT, display_name="Camat Serang", password_hash=hash_password(PASSWORD))
    env = {
        "POSYANDU_DATABASE_URL": sample_sqlite_url,
        "POSYANDU_TODAY": TODAY,
        "POSYANDU_AUTH_FILE": str(accounts),
        APP_DATABASE_URL_ENV: store_url,
    }
    with serve_in_app_folder("streamlit_app.py", env, tmp / "app", log=tmp / "server.log") as base:
        yield Seeded(base, store_url, own.id, other.id, meeting.id)


def _open_signed_in(page, url: str) -> None:
    """A new page load is a new session: the sign-in screen first, then the page the link asked for."""
    page.goto(url)
    sign_in(page, "camat", PASSWORD)
    page.get_by_text(REFUSED).wait_for(timeout=60_000)
    wait_until_rendered(page)
    assert re.search(r"region=36\.73\.01(&|$)", page.url)


def _options(page, key: str) -> list[str]:
    """The options of the keyed selectbox, as the dropdown lists them."""
    options = open_selectbox(page, key)
    texts = [text.strip() for text in options.all_inner_texts()]
    page.keyboard.press("Escape")
    return texts


def test_camat_can_neither_read_nor_write_another_kecamatan(camat_server: Seeded, page) -> None:
    base = camat_server.base

    # The page at 36.73.02 by URL: refused, the camat's kecamatan shown, only its follow-up counted and listed.
    _open_signed_in(page, base + f"/tindak-lanjut?region={CIPOCOK}&year=2025")
    page.locator('[data-testid="stMainBlockContainer"] h1:has-text("Tindak Lanjut")').wait_for(timeout=30_000)
    planned = page.locator('[data-testid="stMetric"]').filter(has_text="Direncanakan")
    assert planned.locator('[data-testid="stMetricValue"]').inner_text().strip() == "1"
    picked = _options(page, "tl_edit_pick")
    assert picked == [PICK, f"{camat_server.own_id} · {OWN_ACTION}"[:90]]
    assert _options(page, "tl_history_pick") == [PICK, str(camat_server.own_id)]
    assert OTHER_OWNER not in _options(page, "tl_filter_owner")
    assert not [option for option in _options(page, "tl_filter_rapat") if "Cipocok" in option]
    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_role("button", name="⬇ CSV").first.click()
    rows = list(csv.DictReader(io.StringIO(Path(download_info.value.path()).read_text(encoding="utf-8-sig"))))
    assert [row["No"] for row in rows] == [str(camat_server.own_id)]
    assert OTHER_ACTION not in page.locator('[data-testid="stMain"]').inner_text()
    save_screenshot(page, "tindak-lanjut-camat-ditolak")
    assert_clean(page)

    # The "+ Tindak lanjut" link prefilled for 36.73.02: refused; the form offers the camat's kecamatan and
    # its kelurahan only, and what is saved lands there, written by the camat.
    _open_signed_in(page, base + f"/tindak-lanjut?region={CIPOCOK}&year=2025&tambah=1&indikator=registered_pct")
    form = page.locator('[data-testid="stForm"]')
    form.wait_for(timeout=30_000)
    regions = _options(page, "tl_region")
    assert regions and regions[0] == f"Serang ({CAMAT})"
    assert not [option for option in regions if CIPOCOK in option]
    form.locator(".st-key-tl_action textarea").fill(NEW_ACTION)
    form.locator(".st-key-tl_owner input").fill("Kasi Kesra Kecamatan Serang")
    form.get_by_role("button", name="Simpan").click()
    page.get_by_text("ditambahkan (versi 1)").wait_for(timeout=30_000)
    assert_clean(page)
    engine = create_store_engine(camat_server.store_url)
    try:
        everything = list_tindak_lanjut(engine, actor=Actor.anonymous(), region_code=None).items
    finally:
        engine.dispose()
    (added,) = [item for item in everything if item.data.action == NEW_ACTION]
    assert (added.data.region_code, added.data.metric_code) == (CAMAT, "registered_pct")
    assert added.stamp.created_by == "camat"
    assert [item.id for item in everything if item.data.region_code == CIPOCOK] == [camat_server.other_id]
    assert all(item.stamp.version == 1 for item in everything)  # nothing of 36.73.02 was touched

    # Mode rapat at 36.73.02 on Cipocok Jaya's rapat: refused, the rapat not attached, and the review screen
    # lists the camat's own follow-ups only.
    _open_signed_in(page, base + f"/?mode=rapat&region={CIPOCOK}&year=2025&rapat={camat_server.other_rapat_id}")
    page.get_by_text("Rapat di tautan berada di luar wilayah akses Anda").wait_for(timeout=30_000)
    assert page.locator(".st-key-rapat_title h1").inner_text() == "Tindak lanjut rapat lalu"
    review = page.locator('[class*="st-key-rapat_review_"]')
    shown = "\n".join(review.all_inner_texts())
    assert OWN_ACTION in shown and NEW_ACTION in shown
    assert OTHER_ACTION not in shown and OTHER_OWNER not in shown
    assert "Rakor Kecamatan Cipocok Jaya" not in page.locator('[data-testid="stMain"]').inner_text()
    save_screenshot(page, "rapat-camat-ditolak")
    assert page.failed_requests == []  # type: ignore[attr-defined]
