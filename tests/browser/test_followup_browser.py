"""A rapat's follow-ups in headless chromium, the way the issue tells it: Mode rapat on Kota Serang, "Mulai
rapat", two follow-ups added from the map and the ranking screens, "Keluar"; then the sample's clock moved
past one due date (a second server with another ``POSYANDU_TODAY`` on the same store file) and Mode rapat
reopened: its first screen lists both with then -> now, one of them terlambat. Every new screen and popover
is screenshotted at 1280x720 and 1920x1080 (the viewport, as the projector shows it). And two people editing
the same follow-up in two browser sessions: the second save is refused, showing the other change and keeping
the second person's input."""

from __future__ import annotations

import os
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

from app_store.engine import create_store_engine
from app_store.migrate import upgrade
from app_store.records import Actor
from app_store.repository import create_tindak_lanjut, get_tindak_lanjut, item_history
from app_store.settings import APP_DATABASE_URL_ENV
from app_store.vocabulary import TINDAK_LANJUT
from tests.browser.conftest import TODAY, save_screenshot, serve_streamlit, wait_until_rendered
from tests.browser.helpers import VIEWPORTS, assert_clean, open_selectbox, open_tab, shoot
from tests.dashboard.followup_data import registrasi

pytestmark = pytest.mark.browser

LATER = "2026-12-15"
"""The second server's day: after the first follow-up's due date (10-12-2026), before the second's."""
MEETING = "/?mode=rapat&region=36.73&year=2025"


def _server(database_url: str, store_url: str, today: str, log: Path) -> AbstractContextManager[str]:
    """A ``streamlit run`` on the sample and the given store, on its own day; stopped by its process group."""
    env = {
        **os.environ,
        "POSYANDU_DATABASE_URL": database_url,
        "POSYANDU_TODAY": today,
        APP_DATABASE_URL_ENV: store_url,
    }
    return serve_streamlit("streamlit_app.py", env, log=log)


def _settled(tab) -> None:
    wait_until_rendered(tab)
    tab.wait_for_timeout(800)  # the map's first paint, a popover's opening


def _title(tab) -> str:
    return tab.locator(".st-key-rapat_title h1").inner_text()


def _add(tab, name: str, action: str, owner: str, due: str | None) -> None:  # due: the day of this month
    """Open "+ Tindak lanjut", fill it as the room watches, screenshot it, "Simpan"."""
    tab.locator(".st-key-rapat_qa button").first.click()
    body = tab.locator('[data-testid="stPopoverBody"]')
    body.get_by_label("Tindakan").fill(action)
    body.get_by_label("Pelaksana").fill(owner)
    if due is not None:  # a date input of segments (day, month, year): type the day over the one shown
        day = body.get_by_role("spinbutton", name="day, Tenggat")
        day.click()
        tab.keyboard.type(due)
        body.locator('[data-testid="stText"]').first.click()  # closes the calendar, keeps the popover
    tab.wait_for_timeout(500)
    shoot(tab, name)
    body.get_by_role("button", name="Simpan").click()
    tab.wait_for_selector('[data-testid="stToast"]', timeout=30_000)
    _settled(tab)
    tab.keyboard.press("Escape")


@pytest.mark.parametrize(("width", "height"), VIEWPORTS, ids=[f"{w}x{h}" for w, h in VIEWPORTS])
def test_rapat_journey_then_clock_moved(
    sample_sqlite_url: str, browser, tmp_path: Path, width: int, height: int
) -> None:
    store = f"sqlite:///{tmp_path / 'app_store.sqlite'}"
    engine = create_store_engine(store)
    upgrade(engine)
    engine.dispose()
    size = f"{width}x{height}"
    with _server(sample_sqlite_url, store, TODAY, tmp_path / "first.log") as first:
        context, tab = open_tab(browser, width, height)
        try:
            tab.goto(first + MEETING)
            _settled(tab)
            assert _title(tab) == "Angka utama"  # nothing earlier yet: the meeting opens on screen 1
            tab.locator(".st-key-rapat_start button").first.click()
            body = tab.locator('[data-testid="stPopoverBody"]')
            body.get_by_label("Judul rapat").fill("Rakor TP Posyandu Kota Serang")
            tab.wait_for_timeout(400)
            shoot(tab, f"rapat_tl_{size}_mulai_rapat")
            body.get_by_role("button", name="Mulai").click()
            tab.wait_for_function("() => /[?&]rapat=\\d+/.test(window.location.search)", timeout=30_000)
            _settled(tab)
            tab.keyboard.press("Escape")
            tab.locator(".st-key-rapat_next button").first.click()
            tab.wait_for_function("() => /layar=2/.test(window.location.search)", timeout=30_000)
            _settled(tab)
            _add(
                tab, f"rapat_tl_{size}_tambah_peta", "Fasilitasi SK Posyandu di kecamatan", "Camat Serang", "10-12-2026"
            )
            tab.locator(".st-key-rapat_next button").first.click()
            tab.wait_for_function("() => /layar=3/.test(window.location.search)", timeout=30_000)
            _settled(tab)
            _add(tab, f"rapat_tl_{size}_tambah_peringkat", "Pelatihan kader baru", "Ketua TP PKK Kota", None)
            assert_clean(tab)
            tab.locator(".st-key-rapat_exit button:visible").first.click()
            tab.wait_for_function("() => !/mode=rapat/.test(window.location.search)", timeout=30_000)
        finally:
            context.close()
    with _server(sample_sqlite_url, store, LATER, tmp_path / "later.log") as later:
        context, tab = open_tab(browser, width, height)
        try:
            tab.goto(later + MEETING)
            _settled(tab)
            assert _title(tab) == "Tindak lanjut rapat lalu"
            shoot(tab, f"rapat_tl_{size}_0_rapat_lalu")
            late = tab.locator(".st-key-rapat_review_terlambat")
            running = tab.locator(".st-key-rapat_review_berjalan")
            assert "Terlambat (1)" in late.inner_text() and "Fasilitasi SK Posyandu" in late.inner_text()
            assert "Berjalan (1)" in running.inner_text() and "Pelatihan kader baru" in running.inner_text()
            for column in (late, running):
                assert "(2025-12) → " in column.inner_text()
            assert tab.locator(".st-key-rapat_counter").inner_text().strip() == "Rapat lalu"
            size_px = late.locator("h3").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
            assert size_px >= 26
            assert_clean(tab)
        finally:
            context.close()


def _edit(tab, base: str, item_id: int) -> None:
    """Open the Tindak Lanjut page of kecamatan Serang and load follow-up ``item_id`` into the form."""
    tab.goto(base + "/tindak-lanjut?region=36.73.01&year=2025")
    _settled(tab)
    options = open_selectbox(tab, "tl_edit_pick")
    options.filter(has_text=f"{item_id} · ").first.click()
    tab.get_by_text(f"Ubah tindak lanjut nomor {item_id}").wait_for(timeout=30_000)
    _settled(tab)


def test_two_people_edit_the_same_follow_up(sample_sqlite_url: str, browser, tmp_path: Path) -> None:
    """Two sessions load the same follow-up; the first saves; the second save is refused with a message naming
    the other change (and the table of what it changed), the second person's input still in the form; "Simpan"
    again applies it over the other change knowingly."""
    store = f"sqlite:///{tmp_path / 'app_store.sqlite'}"
    engine = create_store_engine(store)
    upgrade(engine)
    item = create_tindak_lanjut(engine, actor=Actor.anonymous(), data=registrasi())
    engine.dispose()
    with _server(sample_sqlite_url, store, TODAY, tmp_path / "conflict.log") as base:
        first_context, first = open_tab(browser, 1280, 720)
        second_context, second = open_tab(browser, 1280, 720)
        try:
            _edit(first, base, item.id)
            _edit(second, base, item.id)

            first_form = first.locator('[data-testid="stForm"]')
            first_form.locator(".st-key-tl_evidence textarea").fill("SK Camat nomor 12/2026 sudah terbit")
            first_form.get_by_role("button", name="Simpan").click()
            first.get_by_text(f"Tindak lanjut nomor {item.id} disimpan (versi 2).").wait_for(timeout=30_000)

            second_form = second.locator('[data-testid="stForm"]')
            owner = second_form.locator(".st-key-tl_owner input")
            owner.fill("Kasi Pemerintahan Kecamatan Serang")
            second_form.get_by_role("button", name="Simpan").click()
            refusal = second.locator('[data-testid="stAlertContentError"]')
            refusal.wait_for(timeout=30_000)
            _settled(second)
            message = refusal.inner_text()
            assert message.startswith("Tidak tersimpan: Tindak lanjut ini sudah diubah oleh tanpa akun pada ")
            assert "(versi 2)" in message and "simpan lagi" in message
            second.get_by_text("Perubahan orang lain sejak Anda membuka isian ini:").wait_for()
            assert second.locator('[data-testid="stDataFrame"]').count() >= 2  # the list, and the other change
            assert owner.input_value() == "Kasi Pemerintahan Kecamatan Serang"  # the input kept to re-apply
            assert second_form.locator(".st-key-tl_evidence textarea").input_value() == ""  # as this person left it
            save_screenshot(second, "tindak_lanjut_1280x720_bentrok_halaman")  # the whole page, 1280 wide
            refusal.scroll_into_view_if_needed()
            second.wait_for_timeout(300)
            shoot(second, "tindak_lanjut_1280x720_bentrok")  # the window as the second person sees it
            assert second.locator('[data-testid="stException"]').count() == 0

            second_form.get_by_role("button", name="Simpan").click()
            second.get_by_text(f"Tindak lanjut nomor {item.id} disimpan (versi 3).").wait_for(timeout=30_000)
            assert_clean(first)
            assert_clean(second)
        finally:
            first_context.close()
            second_context.close()
    engine = create_store_engine(store)
    try:
        saved = get_tindak_lanjut(engine, actor=Actor.anonymous(), item_id=item.id)
        history = item_history(engine, actor=Actor.anonymous(), entity=TINDAK_LANJUT, entity_id=item.id)
    finally:
        engine.dispose()
    assert (saved.stamp.version, saved.data.owner) == (3, "Kasi Pemerintahan Kecamatan Serang")
    assert [entry.version for entry in history] == [1, 2, 3]
    assert history[1].after["evidence"] == "SK Camat nomor 12/2026 sudah terbit"
    assert history[2].before is not None and history[2].before["owner"] == "Camat Serang"
