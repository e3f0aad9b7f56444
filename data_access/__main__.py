"""Command line: ``python -m data_access summary [--database-url URL] [--region CODE] --year Y [--month M]``.

Prints the summary JSON to standard output. Every expected failure -- an unknown region, a year
with no data, an unreachable database -- is one line on standard error and exit status 2, so
scripts and people both get a clear answer and never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys

from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from data_access.db import DatabaseUnavailableError, create_read_only_engine
from data_access.scope import InvalidPeriodError, NoDataYearError, UnknownRegionError
from data_access.settings import database_url
from data_access.summary import build_summary


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m data_access", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    summary = commands.add_parser("summary", help="every METRICS.md figure for a region and its children, as JSON")
    summary.add_argument("--database-url", help="SQLAlchemy URL (default: the dashboard's database)")
    summary.add_argument("--region", help="kode wilayah, e.g. 36.73 (default: the whole country)")
    summary.add_argument("--year", type=int, required=True, help="year, e.g. 2025")
    summary.add_argument("--month", type=int, help="cut the year at this month (1-12)")
    return parser


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def _one_line(error: BaseException) -> str:
    text = str(getattr(error, "orig", None) or error)
    return " ".join(text.split())[:300]


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    url = args.database_url or database_url()
    try:
        engine = create_read_only_engine(url)
        summary = build_summary(engine, region_code=args.region, year=args.year, month=args.month)
    except UnknownRegionError as error:
        return _fail(f"unknown region code {error.code!r}")
    except NoDataYearError as error:
        return _fail(f"no service reports in year {error.year}: a year with no data")
    except InvalidPeriodError as error:
        return _fail(str(error))
    except DatabaseUnavailableError as error:
        return _fail(f"database unreachable: {error}")
    except (DBAPIError, SQLAlchemyError) as error:
        return _fail(f"database unreachable or not in the contract's schema: {_one_line(error)}")
    json.dump(summary, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
