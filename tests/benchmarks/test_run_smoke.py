"""Smoke test of ``benchmarks/run.py`` on the tiny database: it runs every call and page and ends with
the verdict line. No timing is asserted -- on a shared machine a number proves nothing; the
benchmark itself is run by hand (``docs/performance.md``)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine

from benchmarks.discovery import first_regions
from benchmarks.isolation import run_isolated
from tests.fixtures.tiny import TINY

ROOT = Path(__file__).resolve().parents[2]
VERDICT = re.compile(r"^worst page warm p95: \d+ ms; cold: \d+ ms$")


def test_benchmark_runs_on_the_tiny_database(database_factory, tmp_path: Path) -> None:
    url = database_factory.build("sqlite", "tiny_bench", TINY)
    results = tmp_path / "bench.json"
    env = os.environ | {"POSYANDU_TODAY": "2026-11-23"}
    env.pop("POSYANDU_DATABASE_URL", None)
    command = [
        sys.executable,
        "-m",
        "benchmarks.run",
        "--database-url",
        url,
        "--repeat",
        "2",
        "--page-repeat",
        "1",
        "--regions",
        "country,31.71.01",
        "--json",
        str(results),
    ]  # two levels keep it well under a minute; the default choice of regions is tested below

    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)

    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert VERDICT.match(done.stdout.strip().splitlines()[-1]), done.stdout[-1000:]
    document = json.loads(results.read_text(encoding="utf-8"))
    assert {(page["page"], page["level"]) for page in document["pages"]} >= {
        ("ringkasan.py", "country"),
        ("posyandu.py", "kecamatan 31.71.01"),
    }
    assert all(entry["warm_p95_ms"] is not None for entry in document["calls"])


def test_default_regions_are_the_first_of_each_level_with_posyandu(database_factory) -> None:
    engine = create_engine(database_factory.build("sqlite", "tiny_bench", TINY))
    try:
        with engine.connect() as conn:
            assert first_regions(conn) == ["31", "31.71", "31.71.01"]
    finally:
        engine.dispose()


def test_a_measurement_runs_in_a_spawned_interpreter_too(database_factory) -> None:
    url = database_factory.build("sqlite", "tiny_bench", TINY)
    assert run_isolated({"kind": "sizes", "url": url}, mode="spawn", timeout=120)["sizes"]["posyandu"] == 3
