"""The briefing's tindak lanjut section (issue 12): counts by status and the overdue follow-ups
named, read from the store as the anonymous actor on the briefing's "today", still within two A4
pages; the workbook lists them on its own sheet. A store that is missing, not set up, unreachable
or empty is one line in the briefing, never a failed briefing."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from app_store.engine import create_store_engine
from app_store.migrate import upgrade
from app_store.records import Actor, TindakLanjutInput
from app_store.repository import create_tindak_lanjut
from app_store.vocabulary import BERJALAN, DIRENCANAKAN, SELESAI
from dashboard.briefing import build_briefing
from dashboard.briefing.pdf import briefing_pdf
from dashboard.briefing.workbook import SHEETS, briefing_workbook
from data_access import get_engine

TODAY = dt.date(2026, 11, 23)
LATE_ACTION = "Verifikasi dokumen registrasi Posyandu di Kelurahan Sukawana"


def flat(text: str) -> str:
    return " ".join(text.split())


def new_store(path: Path, items: list[TindakLanjutInput]) -> str:
    url = f"sqlite:///{path}"
    engine = create_store_engine(url, shared_url="sqlite:////no/shared/database.sqlite")
    try:
        upgrade(engine)
        for item in items:
            create_tindak_lanjut(engine, actor=Actor.anonymous(), data=item)
    finally:
        engine.dispose()
    return url


def item(code: str, action: str, due_on: dt.date, status: str = DIRENCANAKAN) -> TindakLanjutInput:
    return TindakLanjutInput(region_code=code, action=action, owner="Camat", due_on=due_on, status=status)


@pytest.fixture(scope="module")
def engine(sample_sqlite_url: str):
    return get_engine(sample_sqlite_url)


def test_kota_serang_briefing_counts_and_names_the_overdue(engine, tmp_path: Path) -> None:
    store = new_store(
        tmp_path / "store.sqlite",
        [
            item("36.73.01", LATE_ACTION, dt.date(2026, 10, 1), BERJALAN),  # late: open, due before today
            item("36.73.02", "Rapat koordinasi kader kecamatan", dt.date(2026, 12, 15)),
            item("36.73.03", "Pelatihan kader teknis", dt.date(2026, 9, 1), SELESAI),  # past due but done
            item("36.01", "Di luar Kota Serang: tidak dihitung", dt.date(2026, 1, 1)),
        ],
    )
    briefing = build_briefing(engine, region_code="36.73", year=2025, today=TODAY, sample=True, store_url=store)
    followups = briefing.followups
    assert followups.note is None
    assert followups.counts_line == (
        "3 tindak lanjut: 1 terlambat, 1 direncanakan, 0 berjalan, 1 selesai, 0 dibatalkan."
    )
    reader = PdfReader(io.BytesIO(briefing_pdf(briefing)))
    assert len(reader.pages) == 2
    text = flat(" ".join(page.extract_text() for page in reader.pages))
    assert "Tindak lanjut rapat" in text
    assert followups.counts_line in text
    late_region = followups.overdue[0].region
    assert late_region.startswith("Kecamatan ")
    assert f"✖ Terlambat 53 hari (jatuh tempo 1 Oktober 2026) · {late_region} · Camat: {LATE_ACTION}" in text
    assert "Di luar Kota Serang" not in text and "Pelatihan kader teknis" not in text

    sheet = openpyxl.load_workbook(io.BytesIO(briefing_workbook(briefing)))["Tindak lanjut"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0].startswith(followups.counts_line)
    assert list(rows[2]) == ["Wilayah", "Kode", "Tindakan", "Penanggung jawab", "Jatuh tempo", "Status", "Rapat"]
    listed = {row[2]: row for row in rows[3:]}
    assert set(listed) == {LATE_ACTION, "Rapat koordinasi kader kecamatan", "Pelatihan kader teknis"}
    assert listed[LATE_ACTION][5] == "terlambat" and listed["Pelatihan kader teknis"][5] == "selesai"


@pytest.mark.parametrize("region", ["62.03", "62.03.09.2001", None])
def test_many_overdue_still_fit_two_pages(region: str | None, engine, tmp_path: Path) -> None:
    code = "62.03.09.2001"  # a desa of Kapuas: within every region tested
    store = new_store(
        tmp_path / "store.sqlite",
        [
            item(code, f"Tindakan terlambat nomor {n} " + "dengan uraian panjang " * 6, dt.date(2026, 1, n))
            for n in range(1, 26)
        ],
    )
    briefing = build_briefing(engine, region_code=region, year=2025, today=TODAY, store_url=store)
    reader = PdfReader(io.BytesIO(briefing_pdf(briefing)))
    assert len(reader.pages) <= 2
    text = flat(" ".join(page.extract_text() for page in reader.pages))
    assert "25 tindak lanjut: 25 terlambat" in text
    assert "Tindakan terlambat nomor 1 " in text  # the earliest due is named first
    assert "lainnya yang terlambat; daftar lengkap di Excel" in text
    sheet = openpyxl.load_workbook(io.BytesIO(briefing_workbook(briefing)))["Tindak lanjut"]
    assert sheet.max_row == 3 + 25


def test_missing_empty_and_unreachable_stores_are_one_line(engine, tmp_path: Path) -> None:
    missing = tmp_path / "none.sqlite"
    cases = {
        f"sqlite:///{missing}": "Belum ada penyimpanan rapat dan tindak lanjut",
        new_store(tmp_path / "empty.sqlite", []): "Belum ada tindak lanjut yang dicatat untuk Kota Serang",
        "postgresql+psycopg://nobody@127.0.0.1:1/none": "Tindak lanjut tidak dapat dibaca",
    }
    for url, line in cases.items():
        briefing = build_briefing(engine, region_code="36.73", year=2025, today=TODAY, store_url=url)
        assert briefing.followups.note is not None and briefing.followups.note.startswith(line), url
        reader = PdfReader(io.BytesIO(briefing_pdf(briefing)))
        assert len(reader.pages) == 2
        assert briefing.followups.note in flat(reader.pages[-1].extract_text())
        book = openpyxl.load_workbook(io.BytesIO(briefing_workbook(briefing)))
        assert book.sheetnames == list(SHEETS)
        assert book["Tindak lanjut"]["A1"].value == briefing.followups.note
    assert not missing.exists()  # looking did not create the store
