"""Build the sample database: ``python -m sample_data.build [--size SIZE] [--database-url URL] [--seed N]``.

Without ``--database-url`` it writes the SQLite file the dashboard opens by default
(``data_access.settings.SAMPLE_DATABASE_PATH``), replacing it atomically: the new file is written
beside it and renamed over it, so a running dashboard never sees a half-built database. With
``--database-url`` (any SQLAlchemy URL, SQLite or ``postgresql+psycopg://...``) the contract's tables
are dropped and recreated there. Either way the same seed gives the same content.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from data_access import settings
from data_access.loader import LoadReport, create_schema, insert_rows
from sample_data import DEFAULT_SEED
from sample_data.dataset import SampleDataset, generate_dataset
from sample_data.regions import RegionSource, sample_area

if TYPE_CHECKING:
    from sample_data.scale import ScaleResult


@dataclass
class BuildResult:
    """What was written where, and how long it took."""

    url: str
    seed: int
    written: dict[str, int] = field(default_factory=dict)
    dropped: dict[str, int] = field(default_factory=dict)
    dirty: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0


def _fast_sqlite(engine: Engine) -> None:
    """No journal fsyncs while bulk-loading a file that is rebuilt from scratch anyway."""

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=MEMORY")
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.close()


def write_dataset(engine: Engine, dataset: SampleDataset, progress: Callable[[str], None]) -> LoadReport:
    """Drop and recreate the contract's tables on ``engine`` and load every table of ``dataset``."""
    create_schema(engine, drop_first=True)
    total = LoadReport()
    for name, rows in dataset.tables.items():
        part = insert_rows(engine, name, rows)
        total.written.update(part.written)
        total.dropped.update(part.dropped)
        dropped = len(part.dropped.get(name, []))
        progress(f"  {name:<16} {part.written[name]:>9,} rows" + (f"  ({dropped} dropped)" if dropped else ""))
    with engine.begin() as conn:
        conn.execute(text("ANALYZE"))  # fresh planner statistics for the dashboard's queries
    return total


def build(
    database_url: str | None = None,
    *,
    seed: int = DEFAULT_SEED,
    source: Callable[[], RegionSource] = sample_area,
    progress: Callable[[str], None] = print,
) -> BuildResult:
    """Generate the sample and write it to ``database_url`` (default: the bundled SQLite file)."""
    started = time.perf_counter()
    target: Path | None = None
    if database_url is None:
        target = settings.SAMPLE_DATABASE_PATH
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = target.with_name(target.name + ".building")
        staging.unlink(missing_ok=True)
        url = f"sqlite:///{staging}"
        shown = f"sqlite:///{target}"
    else:
        url = database_url
        shown = make_url(url).render_as_string(hide_password=True)
    progress(f"Building the sample database (seed {seed}) into {shown}")

    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        _fast_sqlite(engine)
    try:
        with engine.connect():
            pass  # fail before generating when the database cannot be reached
        dataset = generate_dataset(source(), seed=seed)
        progress(f"  generated in {time.perf_counter() - started:.1f} s")
        report = write_dataset(engine, dataset, progress)
    except BaseException:
        engine.dispose()
        if target is not None:
            staging.unlink(missing_ok=True)  # never leave a half-built file behind
        raise
    engine.dispose()
    if target is not None:
        os.replace(staging, target)

    result = BuildResult(
        url=shown,
        seed=seed,
        written=dict(report.written),
        dropped={name: len(rows) for name, rows in report.dropped.items() if rows},
        dirty=Counter(row.kind for row in dataset.dirty),
        seconds=time.perf_counter() - started,
    )
    dropped = sum(result.dropped.values())
    progress(
        f"Done in {result.seconds:.1f} s: {sum(result.written.values()):,} rows, "
        f"{len(dataset.dirty)} deliberately dirty rows"
        + (f", {dropped} of them dropped because this backend cannot hold them" if dropped else "")
    )
    return result


def build_size(
    size: str,
    database_url: str | None = None,
    *,
    seed: int = DEFAULT_SEED,
    progress: Callable[[str], None] = print,
    show_bar: bool = True,
) -> ScaleResult:
    """Build a named scale size (``sample_data/sizes.py``) into ``database_url``.

    Without a URL the SQLite file ``sample_data/build/posyandu_<size>.sqlite`` is written beside its
    old self and renamed over it, like the default sample.
    """
    from sample_data.scale import build_scale
    from sample_data.sizes import SIZES

    target: Path | None = None
    if database_url is None:
        target = settings.SAMPLE_DATABASE_PATH.with_name(f"posyandu_{size}.sqlite")
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = target.with_name(target.name + ".building")
        staging.unlink(missing_ok=True)
        url, shown = f"sqlite:///{staging}", f"sqlite:///{target}"
    else:
        url, shown = database_url, make_url(database_url).render_as_string(hide_password=True)
    progress(f"Building size {size!r} (seed {seed}) into {shown}")
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        _fast_sqlite(engine)
    try:
        with engine.connect():
            pass
        result = build_scale(engine, SIZES[size], seed=seed, progress=progress, show_bar=show_bar)
    except BaseException:
        engine.dispose()
        if target is not None:
            staging.unlink(missing_ok=True)
        raise
    engine.dispose()
    if target is not None:
        os.replace(staging, target)
    for name, count in sorted(result.written.items(), key=lambda item: -item[1]):
        dropped = result.dropped.get(name, 0)
        progress(f"  {name:<16} {count:>12,} rows" + (f"  ({dropped} dropped)" if dropped else ""))
    progress(
        f"Done in {result.seconds:.1f} s: {result.posyandu:,} Posyandu, {sum(result.written.values()):,} rows, "
        f"{sum(result.dirty.values()):,} deliberately dirty rows of {len(result.dirty)} kinds"
    )
    return result


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m sample_data.build", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        help="SQLAlchemy URL to (re)create the tables in; default: the bundled SQLite file "
        f"{settings.SAMPLE_DATABASE_PATH.relative_to(settings.PROJECT_ROOT)}",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument(
        "--size",
        choices=("kabupaten", "provinsi", "nasional"),
        help="a scale size instead of the default sample: kabupaten (~1,000 Posyandu), provinsi (~25,000), "
        "nasional (~300,000, 12 months of reports); see sample_data/README.md",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Exit 0 when built; 2 with a one-line message when the database cannot be reached or written."""
    args = parse_args(argv)
    try:
        if args.size:
            build_size(args.size, args.database_url, seed=args.seed)
        else:
            build(args.database_url, seed=args.seed)
    except (ArgumentError, SQLAlchemyError) as error:
        message = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        print(f"sample_data.build: cannot write the database: {message}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
