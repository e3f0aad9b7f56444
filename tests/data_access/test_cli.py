"""``python -m data_access summary``: the JSON it prints and the one-line errors with exit 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from data_access.metrics import METRIC_CODES
from data_access.quality import DATA_QUALITY_CHECKS
from tests.fixtures.tiny import TINY

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "POSYANDU_TODAY": "2026-11-23"}
    env.pop("POSYANDU_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "data_access", "summary", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )


@pytest.fixture
def tiny_url(backend: str, database_factory) -> str:
    return database_factory.build(backend, "tiny", TINY)


def test_summary_json_for_a_kota(tiny_url: str) -> None:
    result = run_cli("--database-url", tiny_url, "--region", "31.71", "--year", "2025")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert list(summary) == ["region", "year", "month", "metrics", "children", "data_quality"]
    assert (summary["region"], summary["year"], summary["month"]) == ("31.71", 2025, 12)
    assert list(summary["metrics"]) == list(METRIC_CODES)
    metrics = summary["metrics"]
    assert metrics["posyandu_total"] == 3
    assert metrics["registered_pct"] == pytest.approx(100 * 1 / 3)
    assert metrics["sk_pct"] == pytest.approx(100 * 1 / 3)
    # Expected (posyandu, month) pairs: 12 + 12 + 7 (posyandu 3 from June); reported: 12 + 2.
    assert metrics["report_completeness_pct"] == pytest.approx(100 * 14 / 31)
    # 2 kelurahan, one with a decreed TP.
    assert metrics["tp_desa_kel_pct"] == pytest.approx(50.0)
    assert metrics["regulation_pct"] == 0.0
    assert [child["code"] for child in summary["children"]] == ["31.71.01"]
    assert summary["children"][0]["name"] == "Kecamatan Uji"
    assert list(summary["children"][0]["metrics"]) == list(METRIC_CODES)
    assert list(summary["data_quality"]) == list(DATA_QUALITY_CHECKS)
    # All five regions lack a boundary in the tiny database.
    assert summary["data_quality"]["regions_without_boundary"] == 5


def test_summary_for_the_country_lists_provinces(tiny_url: str) -> None:
    result = run_cli("--database-url", tiny_url, "--year", "2025")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["region"] is None
    assert [child["code"] for child in summary["children"]] == ["31"]
    assert summary["metrics"]["posyandu_total"] == 3


def test_current_year_opens_on_the_latest_month_with_data(tiny_url: str) -> None:
    result = run_cli("--database-url", tiny_url, "--region", "31.71.01.1001", "--year", "2026")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["month"] == 8
    assert summary["children"] == []
    # Posyandu 1 and 2 in kelurahan A; SK of 1 (Feb 2026) and 2 (2025) both count by August 2026.
    assert summary["metrics"]["sk_pct"] == pytest.approx(100.0)
    assert summary["metrics"]["regulation_pct"] is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--region", "99.99", "--year", "2025"), "unknown region code '99.99'"),
        (("--year", "2019"), "year with no data"),
        (("--year", "2025", "--month", "13"), "bulan tidak valid"),
    ],
)
def test_bad_requests_exit_2_with_one_line(tiny_url: str, args: tuple[str, ...], message: str) -> None:
    result = run_cli("--database-url", tiny_url, *args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "url",
    ["sqlite:////nonexistent/posyandu.sqlite", "postgresql+psycopg://nobody@127.0.0.1:9/none"],
    ids=["missing-sqlite-file", "refused-postgresql"],
)
def test_unreachable_database_exits_2(url: str) -> None:
    result = run_cli("--database-url", url, "--year", "2025")
    assert result.returncode == 2
    assert "database unreachable" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
