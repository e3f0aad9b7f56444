"""The briefing of Kota Serang (36.73) 2025 built from the sample: at most two A4 pages whose text
carries the cover line, the headline figures exactly as the ``summary`` JSON has them (formatted
the Indonesian way), the sentences, the rankings and the caveats; the Excel workbook holds the same
numbers, one sheet per section. The first page is saved as PNG under ``tests/artifacts/briefing/``
for a person to look at."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pypdfium2
import pytest
from pypdf import PdfReader
from sqlalchemy import Engine

from dashboard.briefing import build_briefing
from dashboard.briefing.content import COUNT_METRICS, HEADLINE_METRICS
from dashboard.briefing.pdf import briefing_pdf
from dashboard.briefing.workbook import SHEETS, briefing_workbook
from dashboard.charts.formatting import format_number, format_percent
from dashboard.labels import METRIC_LABELS
from data_access import Scope, build_summary, compute_metrics, get_engine, resolve_scope
from data_access.progress import rank_children
from data_access.reporting import stopped_reporting

TODAY = dt.date(2026, 11, 23)
A4_POINTS = (595.28, 841.89)
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "briefing"


def pdf_text(content: bytes) -> tuple[int, list[str]]:
    reader = PdfReader(io.BytesIO(content))
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4_POINTS, abs=0.5)
    return len(reader.pages), [page.extract_text() for page in reader.pages]


def flat(text: str) -> str:
    """Whitespace collapsed, so a sentence wrapped over two lines still matches."""
    return " ".join(text.split())


def save_png(content: bytes, name: str) -> Path:
    """Render every page to PNG (pypdfium2, no system tool) for people and the README."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    document = pypdfium2.PdfDocument(content)
    try:
        for index in range(len(document)):
            document[index].render(scale=1.6).to_pil().save(ARTIFACTS / f"{name}-{index + 1}.png")
    finally:
        document.close()
    return ARTIFACTS / f"{name}-1.png"


def serang_scope(engine: Engine) -> Scope:
    return resolve_scope(engine, region_code="36.73", year=2025, today=TODAY)


@pytest.fixture(scope="module")
def serang(sample_sqlite_url: str):
    engine = get_engine(sample_sqlite_url)
    briefing = build_briefing(engine, region_code="36.73", year=2025, today=TODAY, sample=True)
    summary = build_summary(engine, region_code="36.73", year=2025, today=TODAY)
    return engine, briefing, summary, briefing_pdf(briefing)


def test_kota_serang_pdf_is_two_a4_pages_with_the_summary_figures(serang) -> None:
    _, briefing, summary, content = serang
    pages, texts = pdf_text(content)
    assert pages == 2
    first = texts[0]
    lines = first.splitlines()
    assert "Kota Serang" in lines
    assert (
        "Indonesia › Banten › Kota Serang · Periode 2025 · Data s.d. Oktober 2026 · Dicetak 23 November 2026" in first
    )
    assert "DATA CONTOH" in first
    for code in HEADLINE_METRICS:
        value = format_percent(summary["metrics"][code])
        assert any(line.startswith(f"{METRIC_LABELS[code]} {value} ") for line in lines), (code, value)
    assert summary["metrics"]["registered_pct"] == pytest.approx(100 * 159 / 422)  # 37,7 %: the sample's figure
    assert any(line.startswith("Posyandu teregistrasi 37,7 % 65,0 % −27,3 ✖ Tertinggal") for line in lines)
    for code in COUNT_METRICS:
        assert format_number(summary["metrics"][code]) in lines, code
    assert "Catatan data: kelengkapan laporan bulanan 85,5 % (ambang 80 %)" in flat(first)
    for sentence in briefing.sentences:
        assert sentence in flat(first)
    assert 3 <= len(briefing.sentences) <= 5
    save_png(content, "kota-serang-2025")


def test_kota_serang_sentences_name_the_regions_and_numbers(serang) -> None:
    engine, briefing, summary, _ = serang
    by_name = {child["name"]: child["metrics"] for child in summary["children"]}
    assert briefing.sentences[0] == (
        "Dari 8 indikator utama Kota Serang, 3 sudah mencapai target 2025, 1 mendekati, dan 4 tertinggal."
    )
    assert briefing.sentences[1] == (
        "Registrasi Posyandu paling jauh dari target: 37,7 %, atau 27,3 poin di bawah target 2025 (65,0 %)."
    )
    curug = format_percent(by_name["Curug"]["registered_pct"])
    assert briefing.sentences[2] == (
        f"Registrasi Posyandu di Kecamatan Curug 49,7 poin di bawah target 2025 ({curug} dari target 65,0 %)."
    )
    assert briefing.sentences[3].startswith("Kenaikan terbesar dibanding 2024: ")
    assert stopped_reporting(engine, serang_scope(engine)).empty
    assert briefing.sentences[4] == "Tidak ada desa/kelurahan di Kota Serang yang berhenti melapor pada Desember 2025."


def test_kota_serang_second_page_maps_and_ranks_the_metric_furthest_behind(serang) -> None:
    engine, briefing, summary, content = serang
    assert briefing.focus_metric == "registered_pct"  # 27,3 points below: the widest gap of Kota Serang
    _, texts = pdf_text(content)
    second = texts[1]
    assert "Peta per kecamatan: Posyandu teregistrasi" in second
    ranked = rank_children(compute_metrics(engine, serang_scope(engine)), "registered_pct")
    behind, ahead = ranked.head(3), ranked.iloc[3:].iloc[::-1]
    for title, rows in (("3 kecamatan paling tertinggal", behind), ("3 kecamatan paling maju", ahead)):
        assert f"{title}: Posyandu teregistrasi" in second
        for number, row in enumerate(rows.itertuples(), start=1):
            assert f"{number} Kecamatan {row.name} {format_percent(row.value)} {format_percent(row.target)}" in second
    by_code = {child["code"]: child["metrics"]["registered_pct"] for child in summary["children"]}
    assert dict(zip(briefing.children["code"], briefing.children["value"], strict=True)) == pytest.approx(by_code)


def test_workbook_has_one_sheet_per_section_with_the_same_numbers(serang) -> None:
    _, briefing, summary, _ = serang
    book = openpyxl.load_workbook(io.BytesIO(briefing_workbook(briefing)))
    assert book.sheetnames == list(SHEETS)
    headline = {row[0]: row for row in book["Angka utama"].iter_rows(min_row=2, values_only=True)}
    for code in HEADLINE_METRICS + COUNT_METRICS:
        assert headline[code][2] == pytest.approx(summary["metrics"][code]), code
    assert headline["registered_pct"][4] == 65
    assert headline["registered_pct"][6] == "✖ Tertinggal"
    sentences = [row[1] for row in book["Pokok-pokok"].iter_rows(min_row=2, values_only=True)]
    assert sentences == briefing.sentences
    mapped = {row[1]: row[3] for row in book["Peta"].iter_rows(min_row=4, values_only=True)}
    assert mapped == pytest.approx({c["code"]: c["metrics"]["registered_pct"] for c in summary["children"]})
    behind = [row[2] for row in book["Paling tertinggal"].iter_rows(min_row=2, values_only=True)]
    assert behind == list(briefing.most_behind["label"])
    assert book["Catatan data"]["B2"].value == briefing.caveats
    assert book["Sampul"]["B2"].value == "Kota Serang"


@pytest.mark.parametrize("region", [None, "36", "62.03", "62.03.09", "62.03.09.2001"])
def test_every_level_fits_two_pages(region: str | None, sample_sqlite_url: str) -> None:
    engine = get_engine(sample_sqlite_url)
    briefing = build_briefing(engine, region_code=region, year=2025, today=TODAY, sample=True)
    pages, texts = pdf_text(briefing_pdf(briefing))
    assert pages == (1 if region == "62.03.09.2001" else 2)
    assert 3 <= len(briefing.sentences) <= 5
    assert all(sentence in flat(texts[0]) for sentence in briefing.sentences)


def test_a_month_cut_is_named_as_such(sample_sqlite_url: str) -> None:
    engine = get_engine(sample_sqlite_url)
    briefing = build_briefing(engine, region_code="62.03", year=2026, month=3, today=TODAY)
    pages, texts = pdf_text(briefing_pdf(briefing))
    assert pages == 2
    assert "Periode 2026 s.d. Maret" in texts[0]
    assert "DATA CONTOH" not in texts[0]
    assert "berhenti melapor pada Maret 2026" in flat(texts[0])
