"""The "Unduh bahan paparan" buttons on Ringkasan and Renstra: shown without exception, named for
the region and period on screen; and the file they build is the command line's for that view."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from dashboard.briefing.build import build_file, file_name
from data_access import get_engine
from tests.dashboard.apptest import run_page, use_database

TODAY = dt.date(2026, 11, 23)


def _download_labels(at) -> list[str]:
    return [button.proto.label for button in at.get("download_button")]


@pytest.mark.parametrize("page", [None, "renstra.py"])
def test_pages_show_the_briefing_buttons(page: str | None, sample_sqlite_url: str, monkeypatch) -> None:
    use_database(monkeypatch, sample_sqlite_url)
    at = run_page(page, region="36.73", year="2025")
    assert not at.exception
    labels = _download_labels(at)
    assert labels[:3] == ["📄 Unduh bahan paparan", "⬇ Bahan paparan (Excel)", "🖼 Kartu WhatsApp"]


def test_button_file_is_the_command_line_file(sample_sqlite_url: str) -> None:
    assert file_name("Kota Serang", "2025", ".pdf") == "bahan-paparan-kota-serang-2025.pdf"
    assert file_name("Kota Serang", "2026 s.d. Oktober", ".xlsx") == "bahan-paparan-kota-serang-2026-s-d-oktober.xlsx"
    content = build_file(get_engine(sample_sqlite_url), ".pdf", region_code="36.73", year=2025, today=TODAY)
    assert len(PdfReader(io.BytesIO(content)).pages) == 2


def test_the_button_callable_builds_the_view_on_screen(sample_sqlite_url: str, monkeypatch) -> None:
    """The callable the button holds, run as Streamlit runs it on click (no script context)."""
    from dashboard.briefing_downloads import _builder
    from dashboard.context import PageView
    from data_access import region_path

    use_database(monkeypatch, sample_sqlite_url)
    engine = get_engine(sample_sqlite_url)
    with engine.connect() as conn:
        path = region_path(conn, "62.03.09")
    view = PageView(
        url=sample_sqlite_url,
        region=path[-1],
        path=path,
        children=[],
        year=2025,
        month=6,
        years=[2024, 2025, 2026],
        sample=True,
    )
    text = " ".join(PdfReader(io.BytesIO(_builder(view, ".pdf")())).pages[0].extract_text().split())
    assert "Kecamatan Mantangai" in text
    assert "Periode 2025 s.d. Juni" in text
    assert "DATA CONTOH" in text
