"""Command line: ``python -m dashboard.briefing [--database-url URL] [--region CODE] --year Y [--month M] --out FILE``.

Writes the briefing of one region and period as a PDF (``FILE.pdf``, at most two A4 pages), as
an Excel workbook (``FILE.xlsx``) or as the WhatsApp card (``FILE.png``, 1080×1350), the same file
the pages' buttons give.
Every expected failure -- an unknown region, a year with no data, a bad month, an unreachable
database, an output that cannot be written -- is one line on standard error (English, then
Indonesian) and exit status 2, as for ``python -m data_access summary``; never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from dashboard.briefing.build import build_file
from data_access.db import DatabaseUnavailableError, create_read_only_engine
from data_access.scope import InvalidPeriodError, NoDataYearError, UnknownRegionError
from data_access.settings import database_url, is_sample_database

FORMATS = (".pdf", ".xlsx", ".png")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dashboard.briefing", description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="SQLAlchemy URL (default: the dashboard's database)")
    parser.add_argument("--region", help="kode wilayah, e.g. 36.73 (default: the whole country)")
    parser.add_argument("--year", type=int, required=True, help="year, e.g. 2025")
    parser.add_argument("--month", type=int, help="cut the year at this month (1-12)")
    parser.add_argument(
        "--out",
        required=True,
        type=Path,
        help="output file: .pdf (briefing), .xlsx (workbook) or .png (WhatsApp card)",
    )
    return parser


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def _one_line(error: BaseException) -> str:
    text = str(getattr(error, "orig", None) or error)
    return " ".join(text.split())[:300]


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    suffix = args.out.suffix.lower()
    if suffix not in FORMATS:
        return _fail(
            f"--out must end in .pdf, .xlsx or .png, not {args.out.name!r} "
            "(berkas keluaran harus .pdf, .xlsx, atau .png)"
        )
    url = args.database_url or database_url()
    try:
        engine = create_read_only_engine(url)
        content = build_file(
            engine, suffix, region_code=args.region, year=args.year, month=args.month, sample=is_sample_database(url)
        )
    except UnknownRegionError as error:
        return _fail(f"unknown region code {error.code!r} (kode wilayah tidak dikenal)")
    except NoDataYearError as error:
        return _fail(f"no service reports in year {error.year}: a year with no data (tahun tanpa data laporan)")
    except InvalidPeriodError as error:
        return _fail(f"invalid year or month ({error})")
    except DatabaseUnavailableError as error:
        return _fail(f"database unreachable: {error} (database tidak dapat dibuka)")
    except (DBAPIError, SQLAlchemyError) as error:
        return _fail(
            f"database unreachable or not in the contract's schema: {_one_line(error)} (database tidak dapat dihubungi)"
        )
    try:
        args.out.write_bytes(content)
    except OSError as error:
        return _fail(f"cannot write {args.out}: {error.strerror or error} (berkas tidak dapat ditulis)")
    print(f"{args.out} ({len(content):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
