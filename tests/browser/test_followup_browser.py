"""A rapat's follow-ups in headless chromium, the way the issue tells it: Mode rapat on Kota Serang, "Mulai
rapat", two follow-ups added from the map and the ranking screens, "Keluar"; then the sample's clock moved
past one due date (a second server with another ``POSYANDU_TODAY`` on the same store file) and Mode rapat
reopened: its first screen lists both with then -> now, one of them terlambat. Every new screen and popover
is screenshotted at 1280x720 and 1920x1080 (the viewport, as the projector shows it)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from app_store.engine import create_store_engine
from app_store.migrate import upgrade
from app_store.settings import APP_DATABASE_URL_ENV
from tests.browser.conftest import ROOT, TODAY, _free_port, _wait_healthy, wait_until_rendered
from tests.browser.test_pages_browser import assert_clean
from tests.browser.test_rapat_browser import VIEWPORTS, _open, _shoot

pytestmark = pytest.mark.browser

LATER = "2026-12-15"
"""The second server's day: after the first follow-up's due date (10-12-2026), before the second's."""
MEETING = "/?mode=rapat&region=36.73&year=2025"


@contextmanager
def _server(database_url: str, store_url: str, today: str, log: Path) -> Iterator[str]:
    """A ``streamlit run`` on the sample and the given store, on its own day; stopped by its process group."""
    port = _free_port()
    env = {
        **os.environ,
        "POSYANDU_DATABASE_URL": database_url,
        "POSYANDU_TODAY": today,
        APP_DATABASE_URL_ENV: store_url,
    }
    command = [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.headless", "true"]
    command += ["--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false"]
    with open(log, "w") as output:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_healthy(base, process)
            yield base
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


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
    _shoot(tab, name)
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
        context, tab = _open(browser, width, height)
        try:
            tab.goto(first + MEETING)
            _settled(tab)
            assert _title(tab) == "Angka utama"  # nothing earlier yet: the meeting opens on screen 1
            tab.locator(".st-key-rapat_start button").first.click()
            body = tab.locator('[data-testid="stPopoverBody"]')
            body.get_by_label("Judul rapat").fill("Rakor TP Posyandu Kota Serang")
            tab.wait_for_timeout(400)
            _shoot(tab, f"rapat_tl_{size}_mulai_rapat")
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
        context, tab = _open(browser, width, height)
        try:
            tab.goto(later + MEETING)
            _settled(tab)
            assert _title(tab) == "Tindak lanjut rapat lalu"
            _shoot(tab, f"rapat_tl_{size}_0_rapat_lalu")
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
