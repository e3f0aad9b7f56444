"""The WhatsApp card (issue 13): a portrait 1080×1350 PNG under 300 KB whose drawn figures are the
``summary`` JSON's, formatted the Indonesian way, with status as symbol and word, the child region
furthest behind, two of the briefing's sentences and "DATA CONTOH" on the sample. The texts the
card drew are compared (:attr:`Card.texts`), not pixels; the Kota Serang card is saved under
``tests/artifacts/briefing/`` for a person to look at."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from PIL import Image

from dashboard.briefing import build_briefing
from dashboard.briefing.build import build_file, file_name
from dashboard.briefing.card import HEIGHT, WIDTH, Card, card_png, card_sentences
from dashboard.briefing.content import HEADLINE_METRICS
from dashboard.charts.formatting import format_percent
from dashboard.charts.renstra import status_label
from dashboard.labels import METRIC_LABELS
from data_access import build_summary, compute_metrics, get_engine, resolve_scope

TODAY = dt.date(2026, 11, 23)
MAX_BYTES = 300 * 1024
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts" / "briefing"


def check_image(png: bytes) -> None:
    assert len(png) < MAX_BYTES
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.size == (WIDTH, HEIGHT) == (1080, 1350)


def drawn_row(card: Card, label: str) -> list[str]:
    """A headline row as drawn: label, target line, figure, status."""
    start = card.texts.index(label)
    return list(card.texts[start : start + 4])


@pytest.fixture(scope="module")
def serang(sample_sqlite_url: str):
    engine = get_engine(sample_sqlite_url)
    briefing = build_briefing(engine, region_code="36.73", year=2025, today=TODAY, sample=True)
    summary = build_summary(engine, region_code="36.73", year=2025, today=TODAY)
    result = compute_metrics(engine, resolve_scope(engine, region_code="36.73", year=2025, today=TODAY))
    summary["targets"], summary["status"] = dict(result.targets), dict(result.status)  # the JSON has no targets
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph (✔ ◐ ✖) is a matplotlib warning: fail on it
        card = card_png(briefing)
    return briefing, summary, card


def test_kota_serang_card_draws_the_summary_figures(serang) -> None:
    briefing, summary, card = serang
    check_image(card.png)
    texts = card.texts
    assert texts[:4] == (
        "TP POSYANDU · CAPAIAN RENSTRA",
        "DATA CONTOH",
        "Kota Serang",
        "Periode 2025 · Data s.d. Oktober 2026",
    )
    for code in HEADLINE_METRICS:
        target = summary["targets"][code]
        assert drawn_row(card, METRIC_LABELS[code]) == [
            METRIC_LABELS[code],
            f"target {format_percent(target)}",
            format_percent(summary["metrics"][code]),
            status_label(summary["status"][code]),
        ], code
    assert drawn_row(card, "Posyandu teregistrasi") == [
        "Posyandu teregistrasi",
        "target 65,0 %",
        "37,7 %",
        "✖ Tertinggal",
    ]
    assert {"✔ Tercapai", "◐ Mendekati", "✖ Tertinggal"} <= set(texts)

    curug = next(child for child in summary["children"] if child["name"] == "Curug")
    start = texts.index("Kecamatan paling tertinggal · Posyandu teregistrasi")
    assert list(texts[start + 1 : start + 4]) == [
        "Kecamatan Curug",
        f"{format_percent(curug['metrics']['registered_pct'])} dari target 65,0 %",
        "✖ Tertinggal",
    ]
    drawn_sentences = [" ".join(text.split()) for text in texts if text.endswith(".")]
    assert drawn_sentences == card_sentences(briefing) == [briefing.sentences[0], briefing.sentences[-1]]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "kartu-whatsapp-kota-serang-2025.png").write_bytes(card.png)


@pytest.mark.parametrize("region", [None, "62", "62.03.09", "62.03.09.2001"])
def test_every_level_draws_a_small_card(region: str | None, sample_sqlite_url: str) -> None:
    engine = get_engine(sample_sqlite_url)
    briefing = build_briefing(engine, region_code=region, year=2026, month=3, today=TODAY)
    card = card_png(briefing)
    check_image(card.png)
    assert "DATA CONTOH" not in card.texts  # not flagged as the sample: the badge follows the flag
    assert "Periode 2026 s.d. Maret · Data s.d. Oktober 2026" in card.texts
    assert card.texts[-1] == "Dashboard TP Posyandu · dibuat 23 November 2026"
    has_children = region != "62.03.09.2001"
    assert any(text.endswith(" paling tertinggal · " + str(briefing.focus_label)) for text in card.texts) is (
        has_children
    )


def test_command_line_and_button_write_the_card(sample_sqlite_url: str, tmp_path: Path) -> None:
    assert file_name("Kota Serang", "2025", ".png") == "kartu-capaian-kota-serang-2025.png"
    content = build_file(get_engine(sample_sqlite_url), ".png", region_code="36.73", year=2025, today=TODAY)
    check_image(content)
    out = tmp_path / "card.png"
    result = subprocess.run(
        [sys.executable, "-m", "dashboard.briefing", "--database-url", sample_sqlite_url, "--region", "36.73"]
        + ["--year", "2025", "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"POSYANDU_TODAY": "2026-11-23", "PATH": "/usr/bin:/bin"},
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    check_image(out.read_bytes())
