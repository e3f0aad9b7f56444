"""``python -m dashboard.briefing``: writes the PDF or the workbook, and every expected failure is
one line on standard error with exit status 2 (as ``python -m data_access summary``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from dashboard.briefing.workbook import SHEETS
from tests.fixtures.briefing import lagging_beta

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "POSYANDU_TODAY": "2026-11-23"}
    env.pop("POSYANDU_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "dashboard.briefing", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=180,
    )


def own_lines(stderr: str) -> list[str]:
    """The command's own lines on standard error, without the log line of ``data_access.summaries``
    that says the raw tables were read (these test databases have no summaries, as issue 4 logs)."""
    return [line for line in stderr.strip().splitlines() if "reading the raw tables instead" not in line]


@pytest.fixture
def beta_url(backend: str, database_factory) -> str:
    return database_factory.build(backend, "briefing_lagging_beta", lagging_beta)


@pytest.fixture
def beta_sqlite_url(database_factory) -> str:
    """The failure paths are the same on both backends (scope checks): SQLite keeps them quick."""
    return database_factory.build("sqlite", "briefing_lagging_beta", lagging_beta)


def test_writes_the_pdf_and_the_workbook(beta_url: str, tmp_path: Path) -> None:
    pdf = tmp_path / "kota-uji.pdf"
    result = run_cli("--database-url", beta_url, "--region", "31.71", "--year", "2025", "--out", str(pdf))
    assert result.returncode == 0, result.stderr
    assert own_lines(result.stderr) == []
    reader = PdfReader(pdf)
    assert len(reader.pages) == 2
    first = " ".join(reader.pages[0].extract_text().split())
    assert "Indonesia › Provinsi Uji › Kota Uji · Periode 2025 · Data s.d. Desember 2025" in first
    assert "Registrasi Posyandu di Kecamatan Beta 30,0 poin di bawah target 2025" in first

    workbook = tmp_path / "kota-uji.xlsx"
    result = run_cli("--database-url", beta_url, "--region", "31.71", "--year", "2025", "--out", str(workbook))
    assert result.returncode == 0, result.stderr
    assert openpyxl.load_workbook(workbook).sheetnames == list(SHEETS)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--region", "99.99", "--year", "2025"), "unknown region code '99.99'"),
        (("--region", "31.71", "--year", "2019"), "no service reports in year 2019"),
        (("--region", "31.71", "--year", "2025", "--month", "13"), "bulan tidak valid: 13"),
    ],
)
def test_bad_scope_exits_2_with_one_line(
    beta_sqlite_url: str, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    out = tmp_path / "x.pdf"
    result = run_cli("--database-url", beta_sqlite_url, *args, "--out", str(out))
    assert result.returncode == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert len(own_lines(result.stderr)) == 1
    assert not out.exists()


def test_unreachable_database_bad_suffix_and_unwritable_output(tmp_path: Path) -> None:
    missing = run_cli(
        "--database-url", f"sqlite:///{tmp_path / 'none.sqlite'}", "--year", "2025", "--out", str(tmp_path / "x.pdf")
    )
    assert missing.returncode == 2
    assert "database unreachable" in missing.stderr and len(own_lines(missing.stderr)) == 1
    refused = run_cli(
        "--database-url",
        "postgresql+psycopg://nobody@127.0.0.1:1/none",
        "--year",
        "2025",
        "--out",
        str(tmp_path / "x.pdf"),
    )
    assert refused.returncode == 2
    assert "database unreachable" in refused.stderr and len(own_lines(refused.stderr)) == 1
    suffix = run_cli("--year", "2025", "--out", str(tmp_path / "x.docx"))
    assert suffix.returncode == 2 and "must end in .pdf, .xlsx or .png" in suffix.stderr


def test_unwritable_output(beta_sqlite_url: str, tmp_path: Path) -> None:
    out = tmp_path / "no-such-folder" / "x.pdf"
    result = run_cli("--database-url", beta_sqlite_url, "--region", "31.71", "--year", "2025", "--out", str(out))
    assert result.returncode == 2
    assert "cannot write" in result.stderr and len(own_lines(result.stderr)) == 1
