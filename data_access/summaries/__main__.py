"""``python -m data_access.summaries``: build the dashboard's summaries and indexes (writer role).

    python -m data_access.summaries refresh --database-url URL [--summary-url URL] [--grant-to ROLE]
    python -m data_access.summaries refresh --full            # rebuild every cut (first load, repairs)
    python -m data_access.summaries refresh --first-views     # only what the pages open first (seconds)
    python -m data_access.summaries status  --database-url URL [--summary-url URL]
    python -m data_access.summaries indexes --database-url URL

``refresh`` reads the shared database (read-only) and rewrites the summaries (see the package doc):
by default incrementally -- only the cuts whose source rows changed since the last refresh, and new
months, are rebuilt; the others are copied -- and in full with ``--full``, or when there is no
previous generation to build on;
``status`` says whether the dashboard would use them now; ``indexes`` creates the indexes the
dashboard's queries need on the shared database itself, so it needs a role that may create them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys

from sqlalchemy import create_engine

from data_access.db import create_read_only_engine
from data_access.loader import create_indexes
from data_access.settings import database_url
from data_access.settings import today as jakarta_today
from data_access.summaries.refresh import first_view_cuts, refresh
from data_access.summaries.status import describe


def _cuts(value: str) -> list[tuple[int, int]]:
    try:
        return [(int(part[:4]), int(part[5:7])) for part in value.split(",") if part.strip()]
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"cuts are YYYY-MM[,YYYY-MM...]: {value}") from error


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m data_access.summaries", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (
        ("refresh", "rebuild every summary from the shared database"),
        ("status", "say whether the summaries are present and fresh"),
        ("indexes", "create the indexes the dashboard's queries need (on the shared database)"),
    ):
        command = commands.add_parser(name, help=help_text)
        command.add_argument("--database-url", default=None, help="the shared database (default: the dashboard's)")
        if name != "indexes":
            command.add_argument("--summary-url", default=None, help="where the summaries live (default: see docs)")
        if name == "refresh":
            command.add_argument("--today", type=dt.date.fromisoformat, default=None, help="ISO date (tests/demos)")
            command.add_argument("--grant-to", default=None, help="PostgreSQL role that may read the summaries")
            command.add_argument("--first-year", type=int, default=None, help="first year to summarise (default 2023)")
            command.add_argument(
                "--full",
                action="store_true",
                help="rebuild every cut (default: only the cuts whose source rows changed, and new months)",
            )
            which = command.add_mutually_exclusive_group()
            which.add_argument(
                "--cuts", type=_cuts, default=None, help="only these cuts, e.g. 2025-12,2026-10 (partial refresh)"
            )
            which.add_argument(
                "--first-views",
                action="store_true",
                help="only the cuts the pages open on by default (the latest month, a year before, its December)",
            )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    url = args.database_url or database_url()
    if args.command == "indexes":
        engine = create_engine(url)
        try:
            created = create_indexes(engine)
        finally:
            engine.dispose()
        print(f"indexes ensured: {', '.join(created)}")
        return 0
    if args.command == "status":
        text_out, usable = describe(url, args.summary_url)
        print(text_out)
        return 0 if usable else 1
    cuts = args.cuts
    if args.first_views:
        source = create_read_only_engine(url)
        try:
            with source.connect() as conn:
                cuts = first_view_cuts(conn, args.today or jakarta_today())
        finally:
            source.dispose()
    report = refresh(
        url,
        summary_url=args.summary_url,
        today=args.today,
        first_year=args.first_year,
        cuts=cuts,
        grant_to=args.grant_to,
        incremental=not args.full,
    )
    if not report.cuts:
        print("no cut to build: every month asked for ends after today", file=sys.stderr)
        return 1
    for (year, month), reason in report.reasons.items():
        print(f"{year}-{month:02d}: {reason}")
    print("data quality: rebuilt (always: it counts dates after the refresh day)")
    first, last = report.cuts[0], report.cuts[-1]
    mode = report.mode + (f" ({report.why_full})" if report.why_full else "")
    print(
        f"summaries refreshed ({mode}) in {report.seconds:.1f} s: {len(report.rebuilt)} of {len(report.cuts)} "
        f"cuts rebuilt ({first[0]}-{first[1]:02d} .. {last[0]}-{last[1]:02d}), {report.rows:,} rows written, "
        f"into {report.location}"
    )
    if report.changed_during_refresh:
        print(
            "warning: the data changed during the refresh; the dashboard will treat these summaries as stale "
            "until the next refresh",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
