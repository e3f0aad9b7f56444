"""``python -m dashboard.briefing --children --out-dir DIR`` (issue 13): the PDF and the WhatsApp
card of every child region into one folder, named after the region, with a one-line summary on
standard output; a bad region, a region without children or a wrong option combination is one
line on standard error and exit status 2. Kota Serang (6 kecamatan) is tested; Kabupaten Kapuas
(17) is measured by hand (see the report in the commit)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from dashboard.briefing.card import HEIGHT, WIDTH
from data_access import get_engine, resolve_scope
from tests.dashboard.test_briefing_cli import own_lines, run_cli
from tests.fixtures.briefing import lagging_beta

MAX_CARD_BYTES = 300 * 1024


@pytest.fixture
def beta_sqlite_url(database_factory) -> str:
    return database_factory.build("sqlite", "briefing_lagging_beta", lagging_beta)


def test_kota_serang_children_give_one_pdf_and_one_card_each(sample_sqlite_url: str, tmp_path: Path) -> None:
    out = tmp_path / "serang"
    result = run_cli(
        "--database-url", sample_sqlite_url, "--region", "36.73", "--year", "2025", "--children", "--out-dir", str(out)
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"6 kecamatan Kota Serang: 12 berkas (PDF + kartu) di {out}/ dalam ")

    engine = get_engine(sample_sqlite_url)
    kecamatan = resolve_scope(engine, region_code="36.73", year=2025).children
    assert len(kecamatan) == 6
    slugs = {region.name.lower().replace(" ", "-") for region in kecamatan}
    expected = {f"bahan-paparan-kecamatan-{slug}-2025.pdf" for slug in slugs}
    expected |= {f"kartu-capaian-kecamatan-{slug}-2025.png" for slug in slugs}
    assert {path.name for path in out.iterdir()} == expected
    for path in out.glob("*.png"):
        content = path.read_bytes()
        assert len(content) < MAX_CARD_BYTES, path.name
        assert Image.open(io.BytesIO(content)).size == (WIDTH, HEIGHT)
    for path in out.glob("*.pdf"):
        reader = PdfReader(path)
        assert len(reader.pages) == 2, path.name  # a kecamatan has desa: the map page
        name = path.stem.removeprefix("bahan-paparan-").removesuffix("-2025").replace("-", " ")
        assert name in " ".join(reader.pages[0].extract_text().split()).lower()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--region", "99.99", "--children", "--out-dir", "OUT"), "unknown region code '99.99'"),
        (("--region", "31.71.01.1001", "--children", "--out-dir", "OUT"), "has no child regions"),
        (("--region", "31.71", "--children", "--out", "x.pdf"), "give --out-dir, not --out"),
        (("--region", "31.71", "--out-dir", "OUT"), "--out-dir needs --children"),
        (
            (
                "--region",
                "31.71",
            ),
            "give --out FILE, or --children --out-dir FOLDER",
        ),
    ],
)
def test_bad_batch_requests_exit_2_with_one_line(
    beta_sqlite_url: str, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    out = tmp_path / "out"
    args = tuple(str(out) if arg == "OUT" else arg for arg in args)
    result = run_cli("--database-url", beta_sqlite_url, "--year", "2025", *args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert len(own_lines(result.stderr)) == 1
    assert not out.exists()
