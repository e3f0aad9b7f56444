"""Each page (and a drilled URL) loads in headless chromium with no error and no failed request."""

from __future__ import annotations

import pytest

from tests.browser.conftest import save_screenshot, wait_until_rendered

pytestmark = pytest.mark.browser

PAGES = [
    ("ringkasan-nasional", "/?year=2025"),
    ("ringkasan-kota-serang", "/?region=36.73&year=2025"),
    ("ringkasan-kecamatan", "/?region=36.73.01&year=2026"),
    ("ringkasan-kode-salah", "/?region=99.99"),
]


@pytest.mark.parametrize(("name", "path"), PAGES, ids=[name for name, _ in PAGES])
def test_page_renders(streamlit_server: str, page, name: str, path: str) -> None:
    page.goto(streamlit_server + path)
    wait_until_rendered(page)
    page.wait_for_selector('[data-testid="stMetric"]', timeout=30_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stMetric"]').count() >= 10
    save_screenshot(page, name)
    assert page.failed_requests == []  # type: ignore[attr-defined]
