"""``python -m dashboard.auth add-user USER --region CODE [--name "Display name"] [--file PATH]``

Asks for the password twice on a terminal; reads it from the first line of standard input otherwise
(``printf '%s\\n' "$PW" | python -m dashboard.auth add-user ...``), so accounts can be scripted
without the password ever appearing in a command line or a process list. The file defaults to
``POSYANDU_AUTH_FILE``. The region is checked against the database when it can be opened, so a typo
never creates an account that sees nothing.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Sequence
from pathlib import Path

from dashboard.auth.accounts import add_user
from dashboard.auth.config import AUTH_FILE_ENV, AuthConfigError, auth_file_path
from dashboard.auth.passwords import hash_password
from data_access import DatabaseUnavailableError, UnknownRegionError, get_engine
from data_access.access import parse_region_setting
from data_access.scope import get_region
from data_access.settings import database_url as default_url


def _read_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("Kata sandi: ")
        if getpass.getpass("Ulangi kata sandi: ") != first:
            raise ValueError("kedua kata sandi tidak sama")
        return first
    line = sys.stdin.readline()
    return line[:-1] if line.endswith("\n") else line


def _check_region_exists(code: str | None, database_url: str | None) -> None:
    """Refuse a region code the database does not know (skipped when the database cannot be opened)."""
    if code is None:
        return
    try:
        with get_engine(database_url or default_url()).connect() as conn:
            get_region(conn, code)
    except UnknownRegionError as error:
        raise ValueError(f"kode wilayah {code} tidak ada di database") from error
    except DatabaseUnavailableError as error:
        print(f"peringatan: database tidak dapat dibuka, wilayah {code} tidak diperiksa ({error})", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard.auth", description="Akun lokal dasbor TP Posyandu.")
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add-user", help="tambah atau perbarui satu pengguna (kata sandi ditanyakan)")
    add.add_argument("user", help="nama pengguna (huruf kecil, angka, . - _)")
    add.add_argument("--region", required=True, help="kode wilayah akses, mis. 36.73.01, atau 'nasional'")
    add.add_argument("--name", help="nama tampilan, mis. 'Camat Serang'")
    add.add_argument("--file", type=Path, help=f"berkas akun (bawaan: ${AUTH_FILE_ENV})")
    add.add_argument("--database-url", help="database untuk memeriksa kode wilayah (bawaan: seperti dasbor)")
    args = parser.parse_args(argv)

    path = args.file or auth_file_path()
    if path is None:
        print(f"galat: berikan --file atau setel {AUTH_FILE_ENV}", file=sys.stderr)
        return 2
    try:
        region = parse_region_setting(args.region)
        _check_region_exists(region, args.database_url)
        password_hash = hash_password(_read_password())
        created = add_user(path, args.user, region=args.region, display_name=args.name, password_hash=password_hash)
    except (ValueError, AuthConfigError, OSError) as error:
        print(f"galat: {error}", file=sys.stderr)
        return 2
    print(f"pengguna {args.user.strip().lower()} {'ditambahkan' if created else 'diperbarui'} di {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
