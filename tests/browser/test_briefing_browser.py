"""A real click on "Unduh bahan paparan" in Chromium downloads the two-page PDF of the view on
screen (Streamlit builds it on click, on its own thread, with the page's engine)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.browser.conftest import wait_until_rendered

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "briefing"

pytestmark = pytest.mark.browser


def test_click_downloads_the_briefing_pdf(streamlit_server: str, page) -> None:
    page.goto(f"{streamlit_server}/?region=36.73&year=2025", wait_until="domcontentloaded")
    wait_until_rendered(page)
    button = page.get_by_role("button", name="Unduh bahan paparan")
    button.wait_for(timeout=60_000)
    with page.expect_download(timeout=120_000) as download_info:
        button.click()
    download = download_info.value
    assert download.suggested_filename == "bahan-paparan-kota-serang-2025.pdf"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / "downloaded-kota-serang-2025.pdf"
    download.save_as(str(target))
    reader = PdfReader(target)
    assert len(reader.pages) == 2
    first = " ".join(reader.pages[0].extract_text().split())
    assert "Indonesia › Banten › Kota Serang · Periode 2025 · Data s.d. Oktober 2026" in first
    assert page.failed_requests == []
