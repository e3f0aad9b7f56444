"""``python -m benchmarks.followups_load --database-url URL``: the Tindak Lanjut page with a full store.

The issue's target: with 50,000 follow-ups spread over the nasional database, the Tindak Lanjut page at a
kabupaten/kota stays within the page targets (warm p95 < 300 ms). This script

1. fills a new, empty store (by default a SQLite file in a temporary folder, as a laptop or a single server
   keeps it; ``--store-url`` names another, which must be empty and at the newest revision) with ``--count``
   follow-ups spread evenly over the kabupaten/kota of the shared database and their kecamatan, about one
   rapat per ten follow-ups held by the kabupaten/kota, and the history of both -- a fifth of the follow-ups
   moved once more to another status, so they have two versions. The rows go in through the store's own
   import (``app_store.transfer.import_store``): the same checks as a form, one transaction;
2. times the page through AppTest exactly as ``benchmarks/run.py`` does (cold: first render with empty caches
   in a new process; warm: p95 of ``--page-repeat`` reruns), at the kabupaten/kota of ``--regions`` (default:
   the first kabupaten/kota with Posyandu, the one ``benchmarks/run.py`` measures);
3. prints how many follow-ups fell in each measured region and the figures, last line the verdict.

Everything random comes from ``--seed``, so two runs fill the same store.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import tempfile
import time
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from app_store.engine import create_store_engine
from app_store.migrate import upgrade
from app_store.records import FigureThen, RapatInput, Submitted, TindakLanjutInput, row_values, snapshot
from app_store.settings import APP_DATABASE_URL_ENV
from app_store.transfer import FORMAT, FORMAT_VERSION, export_store, import_store
from app_store.vocabulary import BERJALAN, DIBATALKAN, DIBUAT, DIRENCANAKAN, DIUBAH, RAPAT, SELESAI, TINDAK_LANJUT
from benchmarks.calls import Level
from benchmarks.discovery import first_regions, parse_regions
from benchmarks.isolation import default_mode, run_isolated
from benchmarks.run import Runner, measure_pages
from benchmarks.tasks import preload
from data_access import get_engine
from data_access.scope import child_regions, get_region
from data_access.settings import DATABASE_URL_ENV, TODAY_ENV, database_url
from data_access.settings import today as jakarta_today

PAGE = "tindak_lanjut.py"
WARM_P95_TARGET_MS = 300.0
"""The page target of docs/performance.md for a warm page (p95)."""
ITEMS_PER_RAPAT = 10
SECOND_VERSION_SHARE = 0.2
METRICS = ("registered_pct", "sk_pct", "kader_trained_pct", "report_completeness_pct")
"""Percent metrics a rakor typically targets: their figure then is a percentage with a target."""
ACTIONS = (
    "Fasilitasi registrasi kelembagaan Posyandu yang belum bernomor registrasi",
    "Terbitkan SK kepengurusan Posyandu di desa/kelurahan yang belum memilikinya",
    "Pelatihan kader Posyandu enam bidang SPM",
    "Kunjungi Posyandu yang berhenti melapor tiga bulan terakhir",
    "Pemutakhiran data Posyandu di aplikasi",
)
OWNERS = ("DPMD", "Camat", "Ketua TP PKK", "Dinas Kesehatan", "Bappeda", "Kader Posyandu", "Lurah/Kepala Desa")
STAMP = dt.datetime(2026, 10, 1, 2, 0)
"""Every generated row's creation time (UTC): fixed, so two runs write the same store."""


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.followups_load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="the shared database (default: as the dashboard resolves it)")
    parser.add_argument("--store-url", help="an empty store to fill (default: a new SQLite file in a temp folder)")
    parser.add_argument("--count", type=int, default=50_000, help="follow-ups to write (default 50,000)")
    parser.add_argument("--regions", help="comma-separated codes to time the page at (default: first kab/kota)")
    parser.add_argument("--page-repeat", type=int, default=20, help="warm reruns per page (default 20)")
    parser.add_argument("--cold-repeat", type=int, default=1, help="new processes per cold render (default 1)")
    parser.add_argument("--seed", type=int, default=20261206, help="random seed (default 20261206)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds one measurement may take")
    return parser.parse_args(argv)


def spread_regions(shared: Engine) -> dict[str, list[str]]:
    """Kabupaten/kota code -> its kecamatan codes, for every kabupaten/kota of the shared database."""
    with shared.connect() as conn:
        kabupaten = [child for provinsi in child_regions(conn, None) for child in child_regions(conn, provinsi)]
        return {region.code: [child.code for child in child_regions(conn, region)] for region in kabupaten}


def _stamp(version: int) -> dict[str, object]:
    return {
        "version": version,
        "created_at": STAMP,
        "created_by": "beban.uji",
        "updated_at": STAMP + dt.timedelta(days=version - 1),
        "updated_by": "beban.uji",
    }


def _exported(values: dict[str, object]) -> dict[str, object]:
    """A row as the export file writes it (dates and times in ISO form)."""
    shown: dict[str, object] = {}
    for key, value in values.items():
        if isinstance(value, dt.datetime):
            shown[key] = value.isoformat(timespec="microseconds")
        elif isinstance(value, dt.date):
            shown[key] = value.isoformat()
        else:
            shown[key] = value
    return shown


class StoreDocument:
    """The rows of an export file, built up one record at a time, with their history."""

    def __init__(self) -> None:
        self.tables: dict[str, list[dict[str, object]]] = {"rapat": [], "tindak_lanjut": [], "history": []}

    def _history(self, entity: str, entity_id: int, version: int, before: Submitted | None, after: Submitted) -> None:
        self.tables["history"].append(
            _exported(
                {
                    "id": len(self.tables["history"]) + 1,
                    "entity": entity,
                    "entity_id": entity_id,
                    "version": version,
                    "action": DIBUAT if before is None else DIUBAH,
                    "changed_at": STAMP + dt.timedelta(days=version - 1),
                    "changed_by": "beban.uji",
                    "before": snapshot(before) if before is not None else None,
                    "after": snapshot(after),
                }
            )
        )

    def add(self, table: str, entity: str, versions: list[Submitted]) -> int:
        """A record through its versions (the last is what its row holds); returns its id."""
        new_id = len(self.tables[table]) + 1
        row = {"id": new_id, **row_values(versions[-1]), **_stamp(len(versions))}
        self.tables[table].append(_exported(row))
        for number, version in enumerate(versions, start=1):
            self._history(entity, new_id, number, versions[number - 2] if number > 1 else None, version)
        return new_id

    def to_bytes(self) -> bytes:
        document = {"format": FORMAT, "format_version": FORMAT_VERSION, **self.tables}
        return json.dumps(document, ensure_ascii=False).encode()


def build_document(regions: dict[str, list[str]], count: int, seed: int) -> StoreDocument:
    """``count`` follow-ups over the kabupaten/kota (uniformly) and their kecamatan, with their rapat."""
    rng = random.Random(seed)
    document = StoreDocument()
    kabupaten = sorted(regions)
    meetings: dict[str, list[int]] = {}
    per_kabupaten = max(1, count // (ITEMS_PER_RAPAT * len(kabupaten)))
    for code in kabupaten:
        meetings[code] = [
            document.add(
                "rapat",
                RAPAT,
                [RapatInput(code, dt.date(2026, 1 + number % 10, 1 + number % 27), f"Rakor TP Posyandu {number + 1}")],
            )
            for number in range(per_kabupaten)
        ]
    for number in range(count):
        code = kabupaten[number % len(kabupaten)]
        below = regions[code]
        region = rng.choice(below) if below and rng.random() < 0.8 else code
        metric = rng.choice(METRICS)
        first = TindakLanjutInput(
            region_code=region,
            action=rng.choice(ACTIONS),
            owner=rng.choice(OWNERS),
            due_on=dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(0, 540)),
            status=rng.choice((DIRENCANAKAN, BERJALAN)),
            metric_code=metric,
            figure=FigureThen(value=round(rng.uniform(0, 100), 1), period="2025-12", target=80.0),
            rapat_id=rng.choice(meetings[code]) if rng.random() < 0.6 else None,
        )
        versions: list[Submitted] = [first]
        if rng.random() < SECOND_VERSION_SHARE:
            moved = rng.choice((BERJALAN, SELESAI, DIBATALKAN))
            versions.append(replace(first, status=moved, evidence="Laporan camat" if moved == SELESAI else None))
        document.add("tindak_lanjut", TINDAK_LANJUT, versions)
    return document


def fill_store(store_url: str, shared_url: str, count: int, seed: int) -> dict[str, Any]:
    """Fill the store; returns what it holds and how long each step took."""
    started = time.perf_counter()
    regions = spread_regions(get_engine(shared_url))
    listed = time.perf_counter()
    document = build_document(regions, count, seed)
    content = document.to_bytes()
    built = time.perf_counter()
    engine = create_store_engine(store_url, shared_url=shared_url)
    try:
        upgrade(engine)
        held = import_store(engine, content)
        imported = time.perf_counter()
        exported_bytes = len(export_store(engine))
    finally:
        engine.dispose()
    return {
        "held": held,
        "kabupaten_kota": len(regions),
        "kecamatan": sum(len(below) for below in regions.values()),
        "list_regions_s": listed - started,
        "build_document_s": built - listed,
        "import_s": imported - built,
        "export_bytes": exported_bytes,
        "document": document,
    }


def items_within(document: StoreDocument, code: str | None) -> int:
    if code is None:
        return len(document.tables["tindak_lanjut"])
    return sum(
        1
        for row in document.tables["tindak_lanjut"]
        if row["region_code"] == code or str(row["region_code"]).startswith(code + ".")
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    shared_url = args.database_url or database_url()
    folder = None
    if args.store_url is None:
        folder = tempfile.mkdtemp(prefix="posyandu-followups-load-")
    store_url = args.store_url or f"sqlite:///{Path(folder or '.') / 'app_store.sqlite'}"
    filled = fill_store(store_url, shared_url, args.count, args.seed)
    print(
        f"store {store_url}: {filled['held']} over {filled['kabupaten_kota']} kabupaten/kota and "
        f"{filled['kecamatan']} kecamatan; regions listed in {filled['list_regions_s']:.1f} s, document built in "
        f"{filled['build_document_s']:.1f} s, imported in {filled['import_s']:.1f} s; export "
        f"{filled['export_bytes'] / 1e6:.1f} MB"
    )

    today = jakarta_today()
    os.environ[DATABASE_URL_ENV] = shared_url
    os.environ[TODAY_ENV] = today.isoformat()
    os.environ[APP_DATABASE_URL_ENV] = store_url
    preload()
    run: Runner = partial(run_isolated, mode=default_mode(), timeout=args.timeout)
    base: dict[str, Any] = {"url": shared_url, "today": today.isoformat(), "page_timeout": args.timeout}
    codes = parse_regions(args.regions)
    if codes is None:
        with get_engine(shared_url).connect() as conn:
            kabupaten: list[str | None] = [
                code for code in first_regions(conn) if get_region(conn, code).level == "kabupaten_kota"
            ]
        codes = kabupaten[:1]
    found = run(base | {"kind": "discover", "year": None, "regions": codes})
    if "error" in found:
        print(f"cannot read the shared database:\n{found['error']}", file=sys.stderr)
        return 2
    base["year"] = found["year"]
    levels = [Level(**level) for level in found["levels"]]
    measured = measure_pages(run, base, levels, [PAGE], args)

    print(f"\nTindak Lanjut page, year {found['year']}, today {today}, {args.page_repeat} warm reruns:")
    print("| region | follow-ups in it | cold ms | warm p95 ms | warm median ms | problems |")
    print("|---|---:|---:|---:|---:|---|")
    worst = 0.0
    failed = False
    for level, result in zip(levels, measured, strict=True):
        warm = result["warm_p95_ms"] or 0.0
        worst = max(worst, warm)
        failed = failed or bool(result["problems"])
        cold = result["cold_ms"]
        print(
            f"| {level.label} {level.region_name} | {items_within(filled['document'], level.code):,} | "
            f"{cold:.0f} | {warm:.0f} | {result['warm_median_ms'] or 0:.0f} | "
            f"{'; '.join(result['problems'])[:200]} |"
            if cold is not None
            else f"| {level.label} | – | – | – | – | {'; '.join(result['problems'])[:200]} |"
        )
    within = worst < WARM_P95_TARGET_MS and not failed
    print(f"\nworst warm p95: {worst:.0f} ms ({'within' if within else 'over'} the {WARM_P95_TARGET_MS:.0f} ms target)")
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
