"""Build a named scale size (``--size kabupaten|provinsi|nasional``) by streaming Posyandu in chunks.

The default sample holds every row in memory and writes it table by table; the whole country has
some 300,000 Posyandu, 3.5 million kader and tens of millions of reports, so here the same
per-Posyandu generators run village by village and each chunk of Posyandu is written (SQLite
``executemany`` in big transactions, PostgreSQL ``COPY``) and dropped before the next is made.
Region-level tables (regions, boundaries, Tim Pembina, regulations, targets) are small enough to
keep. The last chunk is held back so that the deliberate dirt of :mod:`sample_data.dirty` can be
mixed into it together with the region-level tables -- its new ids (orphan kader, partnerships)
then follow the largest ids written -- and every earlier chunk gets a little row-level dirt of its
own (blank numbers, future dates, invalid values, misplaced Posyandu), so the dirt keeps a small
*rate* at any size. Same seed, same rows: every draw is seeded by the seed and a stable name.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter

from psycopg import sql
from sqlalchemy import Engine, text
from tqdm import tqdm

from data_access.loader import create_schema, insert_rows
from data_access.models import Base
from sample_data.dataset import TABLE_ORDER, pilot_villages, region_propensities
from sample_data.dirty import DirtyRow, soil, soil_chunk
from sample_data.funding import funding_for
from sample_data.governance import renstra_target_rows, synthetic_regulation_rows, tim_pembina_rows
from sample_data.indicators import read_indicators
from sample_data.kader import kader_for
from sample_data.places import geometry_from_geojson
from sample_data.posyandu import plan_village
from sample_data.regions import RegionSource
from sample_data.services import reports_for
from sample_data.sizes import INDICATOR_FACTOR, MONTH_FACTOR, ScaleSize

Rows = list[dict[str, object]]
CHUNK_POSYANDU = 2_000
"""Posyandu per written chunk: about 200 MB of row dicts at 34 months of reports."""
PER_POSYANDU_TABLES = ("posyandu", "kader", "training", "service_report", "partnership", "budget")
REGION_TABLES = ("region", "region_boundary", "indicator", "tim_pembina", "regulation", "renstra_target")


@dataclass
class ScaleResult:
    """What a scale build wrote: rows per table, rows the backend could not hold, the dirt, the time."""

    size: str
    seed: int
    posyandu: int = 0
    written: Counter[str] = field(default_factory=Counter)
    dropped: Counter[str] = field(default_factory=Counter)
    dirty: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0


def posyandu_counts(source: RegionSource, seed: int) -> list[int]:
    """Posyandu per desa/kelurahan, in code order: the same draw as the default sample's planner."""
    return [
        random.Random(f"{seed}/count/{village.code}").randint(*source.village_range(village))
        for village in source.at_level("desa_kelurahan")
    ]


def absent_code(known: set[str], candidates: list[str]) -> str:
    """The first candidate code that is not a region of the source (orphan rows must point nowhere)."""
    return next(code for code in candidates if code not in known)


class ChunkWriter:
    """Collects per-Posyandu rows and writes them a chunk at a time, holding the last chunk back."""

    def __init__(self, engine: Engine, result: ScaleResult, seed: int, chunk_posyandu: int) -> None:
        self.engine = engine
        self.chunk_posyandu = chunk_posyandu
        self.result = result
        self.seed = seed
        self.protected: set[int] = set()
        self.current: dict[str, Rows] = {name: [] for name in PER_POSYANDU_TABLES}
        self.held: dict[str, Rows] | None = None
        self.chunks = 0
        self.next_kader = 1
        self.next_training = 1
        self.next_partnership = 1

    def full(self) -> bool:
        return len(self.current["posyandu"]) >= self.chunk_posyandu

    def rotate(self) -> int:
        """Write the held chunk (with its row dirt) and hold the current one; returns Posyandu written."""
        written = 0
        if self.held is not None:
            self.result.dirty.update(
                row.kind for row in soil_chunk(self.held, seed=self.seed, chunk=self.chunks, protected=self.protected)
            )
            written = len(self.held["posyandu"])
            self.write(self.held)
            self.chunks += 1
        self.held = self.current
        self.current = {name: [] for name in PER_POSYANDU_TABLES}
        return written

    def write(self, tables: dict[str, Rows], *, representable: bool = True) -> None:
        """Write every non-empty table of ``tables``.

        A chunk carries only dirt that both backends can hold, so it goes through the fast writer;
        the final chunk (``representable=False``) holds the SQLite-only dirt -- text in a numeric
        column, a blank date -- and goes through :func:`data_access.loader.insert_rows`, which
        converts or drops such rows on PostgreSQL and reports them.
        """
        for name in TABLE_ORDER:
            if name not in tables or not tables[name]:
                continue
            if representable:
                self.result.written[name] += fast_insert(self.engine, name, tables[name])
            else:
                report = insert_rows(self.engine, name, tables[name], batch=200_000)
                self.result.written[name] += report.written[name]
                if report.dropped[name]:
                    self.result.dropped[name] += len(report.dropped[name])


def fast_insert(engine: Engine, name: str, rows: Rows) -> int:
    """Rows of clean types (int, float, ISO text, None) in one transaction, as fast as the driver goes.

    PostgreSQL: ``COPY ... FROM STDIN`` with psycopg's C row writer (PostgreSQL parses ISO text into
    dates and ``0``/``1`` into booleans itself). SQLite: one ``executemany`` of tuples on the raw
    connection, skipping SQLAlchemy's per-row parameter processing.
    """
    columns = [column.name for column in Base.metadata.tables[name].columns]
    getter = itemgetter(*columns)
    raw = engine.raw_connection()
    try:
        if engine.dialect.name == "postgresql":
            cursor = raw.cursor()
            statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
                sql.Identifier(name), sql.SQL(", ").join(map(sql.Identifier, columns))
            )
            with cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row(getter(row))
        else:
            placeholders = ", ".join("?" for _ in columns)
            quoted = ", ".join(f'"{column}"' for column in columns)  # names from the schema, not input
            # the sqlite3 connection itself streams the tuples (no list of every row in memory)
            sqlite_connection = raw.driver_connection
            assert sqlite_connection is not None
            sqlite_connection.executemany(f'INSERT INTO "{name}" ({quoted}) VALUES ({placeholders})', map(getter, rows))
        raw.commit()
    finally:
        raw.close()
    return len(rows)


def build_scale(
    engine: Engine,
    size: ScaleSize,
    *,
    seed: int,
    progress: Callable[[str], None] = print,
    show_bar: bool = True,
    chunk_posyandu: int = CHUNK_POSYANDU,
) -> ScaleResult:
    """Generate ``size`` with ``seed`` and write it to ``engine`` (tables dropped and recreated).

    ``chunk_posyandu`` sets how many Posyandu are written at a time; the row-level dirt is drawn per
    chunk, so the same seed and chunk size give the same database.
    """
    started = time.perf_counter()
    result = ScaleResult(size=size.name, seed=seed)
    source: RegionSource = size.source()
    indicators = read_indicators()
    propensity = region_propensities(source, seed)
    pilots = pilot_villages(source, propensity)
    villages = source.at_level("desa_kelurahan")
    counts = posyandu_counts(source, seed)
    total = sum(counts)
    progress(
        f"  {size.name}: {len(source.regions):,} regions, {len(villages):,} desa/kelurahan, {total:,} Posyandu, "
        f"{len(size.months)} months of reports (set up in {time.perf_counter() - started:.1f} s)"
    )
    region_tables: dict[str, Rows] = {
        "region": [region.as_row() for region in sorted(source.regions, key=lambda r: r.code)],
        "region_boundary": [
            {"region_code": code, "geojson": source.boundaries[code]} for code in sorted(source.boundaries)
        ],
        "indicator": [indicator.as_row() for indicator in indicators],
        "tim_pembina": tim_pembina_rows(seed=seed, source=source, propensity=propensity),
        "regulation": synthetic_regulation_rows(seed=seed, source=source),
        "renstra_target": renstra_target_rows(seed=seed, source=source),
    }
    create_schema(engine, drop_first=True)

    protected: list[int] = []
    writer = ChunkWriter(engine, result, seed, chunk_posyandu)
    bar = tqdm(total=total, unit=" Posyandu", desc=f"{size.name}", disable=not show_bar, smoothing=0.05)
    next_id = 1
    for village, count in zip(villages, counts, strict=True):
        boundary = source.boundaries.get(village.code)
        plans = plan_village(
            seed=seed,
            village=village,
            village_propensity=propensity[village.code],
            count=count,
            first_id=next_id,
            geometry=geometry_from_geojson(boundary) if boundary else None,
            pilot_count=1 if village.code in pilots else 0,
        )
        next_id += count
        tables = writer.current
        for plan in plans:
            if plan.pilot:
                protected.append(plan.id)
                writer.protected.add(plan.id)
            tables["posyandu"].append(plan.row)
            people = kader_for(
                plan, seed=seed, first_kader_id=writer.next_kader, first_training_id=writer.next_training
            )
            writer.next_kader += len(people.kader)
            writer.next_training += len(people.training)
            tables["kader"] += people.kader
            tables["training"] += people.training
            tables["service_report"] += reports_for(
                plan,
                seed=seed,
                indicators=indicators,
                months=size.months,
                month_factor=MONTH_FACTOR,
                indicator_factor=INDICATOR_FACTOR,
            )
            funding = funding_for(plan, seed=seed, first_partnership_id=writer.next_partnership)
            writer.next_partnership += len(funding.partnership)
            tables["partnership"] += funding.partnership
            tables["budget"] += funding.budget
        if writer.full():
            bar.update(writer.rotate())
    bar.update(writer.rotate())
    last = writer.held or {name: [] for name in PER_POSYANDU_TABLES}
    known = {region.code for region in source.regions}
    everything = {**region_tables, **last}
    log: list[DirtyRow] = soil(
        everything,
        seed=seed,
        protected_posyandu=protected,
        unknown_kecamatan=absent_code(known, ["36.71.14", "31.71.11", "11.01.99"]),
        outside_region=absent_code(known, ["36.74", "36.75", "31.76", "11.99"]),
    )
    result.dirty.update(row.kind for row in log)
    writer.write(everything, representable=False)
    bar.update(len(last["posyandu"]))
    bar.close()
    result.posyandu = total
    progress("  analysing (planner statistics) ...")
    with engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    result.seconds = time.perf_counter() - started
    return result
