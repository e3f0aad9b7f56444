"""``scripts/prepare_views.py``: which views it opens, and that it opens them on a real server (the
sample, started as ``benchmarks/load.py`` starts it). No timing is asserted: that a prepared view is
fast is measured by hand (docs/benchmarks/README.md, 2026-12-07)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.load_server import start_server
from scripts.prepare_views import first_regions, main, views

ROOT = Path(__file__).parents[2]


def test_the_first_views_are_each_regions_ringkasan_then_its_meeting_screens() -> None:
    planned = [view.path_and_query() for view in views([None, "62.03"], meeting=True)]
    assert planned[0] == "/"
    assert planned[1:6] == [f"/?mode=rapat&layar={n}" for n in range(1, 6)]
    assert planned[6] == "/?region=62.03"
    assert planned[7:] == [f"/?region=62.03&mode=rapat&layar={n}" for n in range(1, 6)]
    assert [view.path_and_query() for view in views(["62.03"], meeting=False, years=[2025, 2026])] == [
        "/?region=62.03&year=2025",
        "/?region=62.03&year=2026",
    ]


def test_the_regions_are_the_country_every_provinsi_and_every_kabupaten(sample_sqlite_url: str) -> None:
    regions = first_regions(sample_sqlite_url)
    assert regions[0] is None
    codes = [code for code in regions[1:] if code is not None]
    assert len(codes) == len(regions) - 1 == len(set(codes))
    provinces = [code for code in codes if "." not in code]
    kabupaten = [code for code in codes if code.count(".") == 1]
    assert provinces and kabupaten and codes == provinces + kabupaten
    assert "62.03" in kabupaten  # Kabupaten Kapuas, the load test's view
    assert all(code.split(".")[0] in provinces for code in kabupaten)


def test_only_this_machine_is_ever_contacted(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--url", "http://example.org:8501", "--regions", "62.03"]) == 2
    assert "127.0.0.1" in capsys.readouterr().err


def _prepare(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "POSYANDU_DATABASE_URL": database_url}
    command = [sys.executable, "-m", "scripts.prepare_views", *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)


@pytest.mark.slow
def test_it_opens_every_view_on_a_running_server(sample_sqlite_url: str) -> None:
    deployment = start_server(sample_sqlite_url, "2026-11-23")
    try:
        url = deployment.target.base_url
        # As start.sh runs it: a process of its own (its event loop cannot share pytest's main thread,
        # where the browser tests' Playwright keeps one running).
        done = _prepare(
            sample_sqlite_url,
            "--url",
            url,
            "--regions",
            "62.03,country",
            "--meeting",
            "--timeout",
            "150",
            "--no-settle",
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert f"{url}: 12 views" in done.stdout
    finally:
        deployment.stop()
    assert _prepare(sample_sqlite_url, "--url", url, "--regions", "62.03").returncode == 2  # nothing answered
