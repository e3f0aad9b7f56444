"""Every page (and drilled URLs) in headless chromium against ``streamlit run`` on the sample:
no error element, no failed network request (the maps must work offline), a screenshot of each,
the region kept across page navigation, and the drill round trip by a click on the map measured."""

from __future__ import annotations

import time

import pytest

from tests.browser.conftest import save_screenshot, wait_until_rendered
from tests.browser.helpers import assert_clean, wait_for_charts

pytestmark = pytest.mark.browser

KOTA = "region=36.73&year=2025"
PAGES = [
    ("ringkasan", f"/?{KOTA}"),
    ("ringkasan-nasional", "/?year=2026"),
    ("kelembagaan", f"/kelembagaan?{KOTA}"),
    ("layanan", f"/layanan?{KOTA}"),
    ("kader", f"/kader?{KOTA}"),
    ("pendanaan", f"/pendanaan?{KOTA}"),
    ("renstra", f"/renstra?{KOTA}"),
    ("peta", f"/peta?{KOTA}"),
    ("posyandu", "/posyandu?region=36.73.01&year=2026"),
    ("kualitas", f"/kualitas?{KOTA}"),
    ("tindak-lanjut", f"/tindak-lanjut?{KOTA}"),
    # drilled views
    ("kelembagaan-kecamatan", "/kelembagaan?region=36.73.01&year=2025"),
    ("peta-kelurahan", "/peta?region=36.73.01.1001&year=2026"),
    ("posyandu-kelurahan", "/posyandu?region=36.73.01.1001&year=2026"),
    ("ringkasan-kode-salah", "/?region=99.99"),
]


@pytest.mark.parametrize(("name", "path"), PAGES, ids=[name for name, _ in PAGES])
def test_page_renders(streamlit_server: str, page, name: str, path: str) -> None:
    page.goto(streamlit_server + path)
    wait_until_rendered(page)
    page.wait_for_selector('[data-testid="stMainBlockContainer"] h1', timeout=30_000)
    wait_for_charts(page)  # every plotly and Vega-Lite chart on the page drawn
    page.wait_for_timeout(300)  # let plotly finish its transition before the screenshot
    save_screenshot(page, name)
    assert_clean(page)


def test_navigation_keeps_the_region(streamlit_server: str, page) -> None:
    page.goto(streamlit_server + "/?region=36.73.01&year=2025")
    wait_until_rendered(page)
    page.get_by_role("link", name="Kelembagaan").click()
    page.wait_for_function("() => window.location.pathname.endsWith('/kelembagaan')", timeout=30_000)
    wait_until_rendered(page)
    assert "region=36.73.01" in page.url
    assert "year=2025" in page.url
    assert_clean(page)


def test_drill_round_trip_by_map_click(streamlit_server: str, page, capsys: pytest.CaptureFixture[str]) -> None:
    """Click inside the map of Kota Serang's kecamatan; the page must re-render on the kecamatan."""
    page.goto(streamlit_server + "/peta?region=36.73&year=2025")
    wait_until_rendered(page)
    canvas = page.locator('[data-testid="stPlotlyChart"] canvas').first
    canvas.wait_for(timeout=30_000)
    page.wait_for_timeout(1000)  # the map's first paint
    box = canvas.bounding_box()
    assert box is not None
    started = time.perf_counter()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function("() => /region=36\\.73\\.0\\d/.test(window.location.search)", timeout=30_000)
    wait_until_rendered(page)
    page.locator('[data-testid="stPlotlyChart"] canvas').first.wait_for(timeout=30_000)
    elapsed_ms = (time.perf_counter() - started) * 1000
    with capsys.disabled():  # reported in every run, never asserted (speed is not a test)
        print(f"\ndrill round trip (map click -> drilled page rendered): {elapsed_ms:.0f} ms")
    save_screenshot(page, "peta-drilled")
    assert_clean(page)
