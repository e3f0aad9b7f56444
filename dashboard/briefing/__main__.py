"""Command line: ``python -m dashboard.briefing [--database-url URL] [--region CODE] --year Y [--month M] --out FILE``.

``... --children --out-dir FOLDER`` writes the PDF and the card of every child region instead
(e.g. each kecamatan of ``--region 62.03``), with a progress bar and a one-line summary.

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
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from tqdm import tqdm

from dashboard.briefing.batch import Children, NoChildRegionsError, write_children
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
        "--children",
        action="store_true",
        help="write the PDF and the card of every child region (e.g. every kecamatan) into --out-dir",
    )
    parser.add_argument("--out-dir", type=Path, help="with --children: the folder for the files (created if missing)")
    parser.add_argument(
        "--out",
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


def _usage_error(args: argparse.Namespace) -> str | None:
    """The one-line complaint about the output options, or None when they make sense together."""
    if args.children:
        if args.out_dir is None or args.out is not None:
            return "--children writes into a folder: give --out-dir, not --out (dengan --children, pakai --out-dir)"
        return None
    if args.out_dir is not None:
        return "--out-dir needs --children (--out-dir hanya dengan --children)"
    if args.out is None:
        return "give --out FILE, or --children --out-dir FOLDER (berkas keluaran belum diberikan)"
    if args.out.suffix.lower() not in FORMATS:
        return (
            f"--out must end in .pdf, .xlsx or .png, not {args.out.name!r} "
            "(berkas keluaran harus .pdf, .xlsx, atau .png)"
        )
    return None


def _progress(children: Children, unit: str) -> Iterable[tuple[str, str]]:
    return tqdm(children, unit=f" {unit}", desc="Bahan paparan", file=sys.stderr, leave=False)


def _run(args: argparse.Namespace, url: str) -> str:
    """Build and write what was asked; the line to print. Raises the errors :func:`main` reports."""
    engine = create_read_only_engine(url)
    sample = is_sample_database(url)
    if args.children:
        result = write_children(
            engine,
            args.out_dir,
            region_code=args.region,
            year=args.year,
            month=args.month,
            sample=sample,
            progress=_progress,
        )
        return result.summary_line(args.out_dir)
    content = build_file(
        engine, args.out.suffix.lower(), region_code=args.region, year=args.year, month=args.month, sample=sample
    )
    args.out.write_bytes(content)
    return f"{args.out} ({len(content):,} bytes)"


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    problem = _usage_error(args)
    if problem:
        return _fail(problem)
    url = args.database_url or database_url()
    try:
        line = _run(args, url)
    except UnknownRegionError as error:
        return _fail(f"unknown region code {error.code!r} (kode wilayah tidak dikenal)")
    except NoChildRegionsError as error:
        return _fail(f"region {error.code!r} has no child regions (wilayah ini tidak punya wilayah di bawahnya)")
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
    except OSError as error:
        # Only writing raises a bare OSError here: database failures arrive wrapped by SQLAlchemy.
        where = error.filename or args.out or args.out_dir
        return _fail(f"cannot write {where}: {error.strerror or error} (berkas tidak dapat ditulis)")
    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
