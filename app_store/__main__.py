"""Command line: ``python -m app_store [--database-url URL] upgrade | status | export FILE | import FILE``.

- ``upgrade``: apply the store's migrations (creates the SQLite file and its ``data/`` folder on first use);
  ``scripts/start.sh`` runs it before every start.
- ``status``: where the store stands; exit 0 when it may be written, 1 when it needs attention (not set up,
  behind, ahead of this program, or its PostgreSQL role can write outside the store's schema).
- ``export FILE``: the whole store as one JSON file (written to a temporary file, then renamed into place).
- ``import FILE``: such a file into an empty store.

The store is ``--database-url`` or else ``POSYANDU_APP_DATABASE_URL`` / secrets / ``data/app_store.sqlite``
(:mod:`app_store.settings`). Every expected failure is one line on standard error and exit status 2.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from app_store.engine import create_store_engine, prepare_sqlite_folder
from app_store.errors import FAILURE_REASONS, StoreError, failure_kind
from app_store.migrate import LEBIH_BARU, TIDAK_TERJANGKAU, store_status, upgrade
from app_store.settings import app_database_url
from app_store.transfer import export_store, import_store


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m app_store", description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="SQLAlchemy URL of the store (default: POSYANDU_APP_DATABASE_URL)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("upgrade", help="apply the store's migrations")
    commands.add_parser("status", help="the store's revision and whether it may be written")
    export = commands.add_parser("export", help="write the whole store to a JSON file")
    export.add_argument("file", type=Path)
    load = commands.add_parser("import", help="load an export into an empty store")
    load.add_argument("file", type=Path)
    return parser


def _fail(message: str) -> int:
    print(f"error: {' '.join(message.split())}", file=sys.stderr)
    return 2


def _shown(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def _write_atomically(path: Path, content: bytes) -> None:
    """Write beside the target, flush it to disk and rename, so an interrupted export never leaves half a backup
    in place. The file is readable by its owner only (``mkstemp``'s mode): it holds what people typed.

    The same steps as ``dashboard.auth.accounts``' writer, which this package cannot import (dashboard sits
    above it)."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.resolve().parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _upgrade(engine: Engine, url: str) -> int:
    before = store_status(engine)
    if before.state in (LEBIH_BARU, TIDAK_TERJANGKAU):
        return _fail(before.message)
    upgrade(engine)
    after = store_status(engine)
    print(f"penyimpanan {_shown(url)}: versi {after.current} (sebelumnya {before.current or 'kosong'})")
    if after.message:
        print(f"peringatan: {after.message}", file=sys.stderr)
    return 0


def _status(engine: Engine, url: str) -> int:
    status = store_status(engine)
    if status.state == TIDAK_TERJANGKAU:
        return _fail(status.message)
    print(f"penyimpanan {_shown(url)}: {status.state}, versi {status.current or '-'} (terbaru {status.head})")
    if status.message:
        print(status.message)
    return 0 if status.writable else 1


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    url = args.database_url or app_database_url()
    try:
        engine = create_store_engine(url)
        if args.command == "upgrade":
            prepare_sqlite_folder(url)
            return _upgrade(engine, url)
        if args.command == "status":
            return _status(engine, url)
        if args.command == "export":
            content = export_store(engine)
            _write_atomically(args.file, content)
            print(f"diekspor ke {args.file} ({len(content):,} bita)".replace(",", "."))
            return 0
        counts = import_store(engine, args.file.read_bytes())
        print(
            f"diimpor dari {args.file}: {counts['rapat']} rapat, {counts['tindak_lanjut']} tindak lanjut, "
            f"{counts['history']} riwayat"
        )
        return 0
    except StoreError as error:
        return _fail(error.message)
    except SQLAlchemyError as error:
        return _fail(f"{FAILURE_REASONS[failure_kind(error)]} ({_shown(url)})")
    except OSError as error:
        return _fail(f"berkas tidak dapat dibaca atau ditulis: {error}")


if __name__ == "__main__":
    sys.exit(main())
