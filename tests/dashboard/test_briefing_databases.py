"""The briefing's sentences follow the data: two tiny databases that differ in who lags, who
improved and who stopped reporting give different sentences, each worked out by hand (see
``tests/fixtures/briefing.py``), on SQLite and on PostgreSQL. The PDF carries them too."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from dashboard.briefing import build_briefing
from dashboard.briefing.pdf import briefing_pdf
from data_access.db import create_read_only_engine
from tests.fixtures.briefing import lagging_alpha, lagging_beta

TODAY = dt.date(2026, 11, 23)

EXPECTED = {
    "lagging_alpha": [
        "Dari 8 indikator utama Kota Uji, belum ada yang mencapai target 2025, 1 tertinggal, dan 7 tanpa target.",
        "Registrasi Posyandu paling jauh dari target: 50,0 %, atau 30,0 poin di bawah target 2025 (80,0 %).",
        "Registrasi Posyandu di Kecamatan Alpha 55,0 poin di bawah target 2025 (25,0 % dari target 80,0 %).",
        "Kenaikan terbesar dibanding 2024: Registrasi Posyandu di Kecamatan Alpha naik 25,0 poin, dari 0,0 % "
        "menjadi 25,0 %.",
        "Tidak ada desa/kelurahan di Kota Uji yang berhenti melapor pada Desember 2025.",
    ],
    "lagging_beta": [
        "Dari 8 indikator utama Kota Uji, belum ada yang mencapai target 2025, 1 mendekati, dan 7 tanpa target.",
        "Registrasi Posyandu paling jauh dari target: 75,0 %, atau 5,0 poin di bawah target 2025 (80,0 %).",
        "Registrasi Posyandu di Kecamatan Beta 30,0 poin di bawah target 2025 (50,0 % dari target 80,0 %).",
        "Kenaikan terbesar dibanding 2024: Registrasi Posyandu di Kecamatan Beta naik 50,0 poin, dari 0,0 % "
        "menjadi 50,0 %.",
        "1 desa/kelurahan berhenti melapor pada Desember 2025 setelah melapor dalam 12 bulan sebelumnya, "
        "semuanya di Kecamatan Beta.",
    ],
}
DATASETS = {"lagging_alpha": lagging_alpha, "lagging_beta": lagging_beta}


def _briefing(backend: str, database_factory, name: str):
    url = database_factory.build(backend, f"briefing_{name}", DATASETS[name])
    engine = create_read_only_engine(url)
    try:
        return build_briefing(engine, region_code="31.71", year=2025, today=TODAY)
    finally:
        engine.dispose()


def test_sentences_change_with_the_database(backend: str, database_factory) -> None:
    alpha = _briefing(backend, database_factory, "lagging_alpha")
    beta = _briefing(backend, database_factory, "lagging_beta")
    assert alpha.sentences == EXPECTED["lagging_alpha"]
    assert beta.sentences == EXPECTED["lagging_beta"]
    assert set(alpha.sentences[2:]).isdisjoint(beta.sentences[2:])


@pytest.mark.parametrize("name", list(DATASETS))
def test_pdf_carries_the_sentences_rankings_and_caveats(backend: str, database_factory, name: str) -> None:
    briefing = _briefing(backend, database_factory, name)
    reader = PdfReader(io.BytesIO(briefing_pdf(briefing)))
    assert len(reader.pages) == 2
    first = " ".join(reader.pages[0].extract_text().split())
    for sentence in EXPECTED[name]:
        assert sentence in first
    completeness = "100,0 %" if name == "lagging_alpha" else "95,8 %"  # Beta silent in December: 23/24 months
    assert f"Catatan data: kelengkapan laporan bulanan {completeness} (ambang 80 %)" in first
    second = reader.pages[1].extract_text()
    lagging = "Alpha" if name == "lagging_alpha" else "Beta"
    assert f"1 Kecamatan {lagging} " in second
    assert briefing.shapes.missing == []
