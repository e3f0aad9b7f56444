"""The figures before and after a change: the ``summary`` JSON of the sample for fixed scopes.

A refactor must leave every figure byte-identical. This writes (``--write``) or checks the JSON of
``build_summary`` for the country, Banten's Kota Serang, its first kecamatan and Kabupaten Kapuas,
for 2025 and 2026, with a fixed "today", into ``tests/golden/summary/<backend>/`` (one set per
backend: PostgreSQL cannot store the sample's three text service values, so its
``invalid_service_values`` count is 6 where SQLite's is 9). The test
``tests/data_access/test_summary_snapshot.py`` runs the same check on SQLite and PostgreSQL.

    .venv/bin/python -m scripts.summary_snapshot --database-url sqlite:///sample_data/build/posyandu_sample.sqlite
    .venv/bin/python -m scripts.summary_snapshot --write   # after a deliberate change of a figure
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from sqlalchemy.engine import make_url

from data_access.db import create_read_only_engine
from data_access.settings import database_url
from data_access.summary import build_summary

GOLDEN_DIR = Path(__file__).resolve().parents[1] / "tests" / "golden" / "summary"
REGIONS: tuple[str | None, ...] = (None, "36.73", "36.73.01", "62.03")
YEARS = (2025, 2026)
TODAY = dt.date(2026, 11, 23)


def snapshot_path(url: str, region: str | None, year: int) -> Path:
    """``tests/golden/summary/<sqlite|postgresql>/<region>_<year>.json``."""
    return GOLDEN_DIR / make_url(url).get_backend_name() / f"{region or 'indonesia'}_{year}.json"


def snapshot_text(url: str, region: str | None, year: int) -> str:
    """The summary JSON exactly as ``python -m data_access summary`` prints it."""
    engine = create_read_only_engine(url)
    try:
        summary = build_summary(engine, region_code=region, year=year, today=TODAY)
    finally:
        engine.dispose()
    return json.dumps(summary, ensure_ascii=False) + "\n"


def differing(url: str) -> list[str]:
    """The snapshot files whose JSON differs from what ``url`` gives now."""
    return [
        snapshot_path(url, region, year).name
        for region in REGIONS
        for year in YEARS
        if snapshot_path(url, region, year).read_text(encoding="utf-8") != snapshot_text(url, region, year)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None, help="default: the dashboard's database")
    parser.add_argument("--write", action="store_true", help="rewrite the snapshot files")
    args = parser.parse_args(argv)
    url = args.database_url or database_url()
    if args.write:
        for region in REGIONS:
            for year in YEARS:
                path = snapshot_path(url, region, year)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(snapshot_text(url, region, year), encoding="utf-8")
        print(f"wrote {len(REGIONS) * len(YEARS)} snapshots to {path.parent}")
        return 0
    changed = differing(url)
    print("identical" if not changed else "changed: " + ", ".join(changed))
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
