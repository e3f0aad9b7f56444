"""Is the database usable, and if not, what exactly is wrong? Answers a person can act on.

Two tools, both used by the dashboard's error path (``dashboard.data.guard``):

- :func:`contract_gaps` -- a cheap check (one ``inspect`` pass, no data read) that every table and
  column of the schema contract (``data_access.models``) exists. A database that is "almost" the
  contract otherwise fails deep inside a metric query with a message nobody outside the team reads.
- :func:`diagnose` -- classify a failure raised by SQLAlchemy, psycopg or sqlite3 (server down,
  unknown host, password rejected, unknown role or database, missing SQLite file, not a database,
  missing table or column, permission denied) into a :class:`DatabaseProblem` whose
  :attr:`~DatabaseProblem.message` says, in Bahasa Indonesia, what is wrong and what to check.

Connection failures from libpq carry no SQLSTATE, so they are recognised by libpq's (stable, English)
wording; server errors by SQLSTATE. The message names host, port, user, database or file -- taken
from the URL, never its password -- and never includes a traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchTableError

from data_access.db import DatabaseFileMissingError, DatabaseUnavailableError, UnsupportedDatabaseError, sqlite_path
from data_access.models import TABLES


class ProblemKind(StrEnum):
    """What is wrong, from the point of view of the person who has to fix it."""

    BAD_URL = "bad_url"
    UNREACHABLE = "unreachable"
    HOST_UNKNOWN = "host_unknown"
    AUTH_FAILED = "auth_failed"
    ROLE_UNKNOWN = "role_unknown"
    DATABASE_MISSING = "database_missing"
    FILE_MISSING = "file_missing"
    FILE_UNREADABLE = "file_unreadable"
    NOT_A_DATABASE = "not_a_database"
    CONTRACT_MISMATCH = "contract_mismatch"
    PERMISSION_DENIED = "permission_denied"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class ContractGaps:
    """Contract tables and columns the database lacks (empty when it has them all)."""

    missing_tables: tuple[str, ...] = ()
    missing_columns: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.missing_tables and not self.missing_columns

    def column_names(self) -> tuple[str, ...]:
        """``posyandu.sk_number`` style names."""
        return tuple(f"{table}.{column}" for table, cols in self.missing_columns.items() for column in cols)

    def names(self) -> list[str]:
        """Missing tables, then missing columns."""
        return list(self.missing_tables) + list(self.column_names())


def contract_gaps(bind: Engine | Connection) -> ContractGaps:
    """Which contract tables/columns are missing. Reads only the catalogue (one query per kind on
    PostgreSQL, one ``PRAGMA`` per table on SQLite), so it is cheap enough to run once per cache period."""
    inspector = inspect(bind)
    present = set(inspector.get_table_names())
    missing_tables = tuple(table.name for table in TABLES if table.name not in present)
    wanted = [table for table in TABLES if table.name in present]
    try:
        found = inspector.get_multi_columns(filter_names=[table.name for table in wanted])
        columns = {key[1]: {column["name"] for column in value} for key, value in found.items()}
    except NotImplementedError:  # pragma: no cover - dialects without the bulk call
        columns = {table.name: {c["name"] for c in inspector.get_columns(table.name)} for table in wanted}
    except NoSuchTableError:  # dropped between the two calls: report it as missing
        columns = {}
    missing_columns = {
        table.name: tuple(column.name for column in table.columns if column.name not in columns.get(table.name, set()))
        for table in wanted
    }
    return ContractGaps(missing_tables, {name: cols for name, cols in missing_columns.items() if cols})


class ContractMismatchError(DatabaseUnavailableError):
    """The database lacks tables or columns of the schema contract."""

    def __init__(self, gaps: ContractGaps) -> None:
        super().__init__("database does not match the schema contract; missing: " + ", ".join(gaps.names()))
        self.gaps = gaps


def require_contract(bind: Engine | Connection) -> None:
    """Raise :class:`ContractMismatchError` when a contract table or column is missing."""
    gaps = contract_gaps(bind)
    if not gaps.ok:
        raise ContractMismatchError(gaps)


# --- classifying failures -------------------------------------------------------------------------

URL_HINT = "`POSYANDU_DATABASE_URL` (atau `database_url` di `.streamlit/secrets.toml`)"
RELOAD_HINT = "Halaman pulih sendiri setelah masalahnya diperbaiki: muat ulang halaman."


@dataclass(frozen=True)
class DatabaseProblem:
    """A classified database failure; :attr:`message` is what the user reads."""

    kind: ProblemKind
    backend: str = ""
    host: str | None = None
    port: int | None = None
    user: str | None = None
    database: str | None = None
    tables: tuple[str, ...] = ()
    """Missing contract tables, or the table read access was denied to."""
    columns: tuple[str, ...] = ()
    """Missing contract columns, as ``table.column`` (a bare ``column`` when the driver names no table)."""

    @property
    def server(self) -> str:
        """``127.0.0.1:5432`` (the default port spelled out, since that is what people check)."""
        port = self.port or (5432 if self.backend == "postgresql" else None)
        return f"{self.host or 'localhost'}:{port}" if port else (self.host or "localhost")

    @property
    def where(self) -> str:
        """The database in words: a SQLite file, or a database on a server."""
        if self.backend == "sqlite":
            return f"berkas SQLite `{self.database}`"
        return f"database `{self.database}` di server {self.server}"

    @property
    def message(self) -> str:
        return _MESSAGES[self.kind](self)


def _quoted(names: tuple[str, ...]) -> str:
    return ", ".join(f"`{name}`" for name in names)


def _contract_message(problem: DatabaseProblem) -> str:
    tables, columns = problem.tables, problem.columns
    parts = []
    if tables:
        parts.append(f"{'Tabel' if len(tables) == 1 else 'Tabel-tabel'} {_quoted(tables)} tidak ada")
    if columns:
        parts.append(f"{'kolom' if len(columns) == 1 else 'kolom-kolom'} {_quoted(columns)} tidak ada")
    found = "; ".join(parts) if parts else "Struktur tabel tidak sesuai"
    found = found[0].upper() + found[1:]
    return (
        f"{found} di {problem.where}. Database ini tidak sesuai kontrak skema (SCHEMA.md): periksa apakah "
        f"{URL_HINT} menunjuk ke database Posyandu yang benar dan apakah skemanya sudah diperbarui. {RELOAD_HINT}"
    )


def _auth_message(problem: DatabaseProblem) -> str:
    return (
        f"Kata sandi database ditolak untuk pengguna `{problem.user}` di server {problem.server}. Periksa kata "
        f"sandi di {URL_HINT}, dan aturan `pg_hba.conf` di server untuk pengguna ini. {RELOAD_HINT}"
    )


_MESSAGES = {
    ProblemKind.BAD_URL: lambda p: (
        f"Alamat database di {URL_HINT} tidak dapat dipakai: tulis `postgresql+psycopg://pengguna:sandi@server:5432/"
        "nama_database` atau `sqlite:///jalur/ke/berkas.sqlite` (hanya PostgreSQL dan SQLite yang didukung, karena "
        f"hanya keduanya yang dibuka baca-saja). {RELOAD_HINT}"
    ),
    ProblemKind.UNREACHABLE: lambda p: (
        f"Server database di {p.server} tidak menjawab. Periksa apakah server PostgreSQL sedang berjalan, "
        f"alamat dan port di {URL_HINT}, serta jaringan atau firewall di antaranya. {RELOAD_HINT}"
    ),
    ProblemKind.HOST_UNKNOWN: lambda p: (
        f"Nama server database `{p.host}` tidak dikenal. Periksa penulisan alamat server di {URL_HINT} dan DNS "
        f"jaringan. {RELOAD_HINT}"
    ),
    ProblemKind.AUTH_FAILED: _auth_message,
    ProblemKind.ROLE_UNKNOWN: lambda p: (
        f"Pengguna database `{p.user}` tidak dikenal di server {p.server}. Periksa nama pengguna di {URL_HINT}, "
        f"atau minta pengelola database membuat pengguna baca-saja ini. {RELOAD_HINT}"
    ),
    ProblemKind.DATABASE_MISSING: lambda p: (
        f"Database `{p.database}` tidak ada di server {p.server}. Periksa nama database di {URL_HINT}. {RELOAD_HINT}"
    ),
    ProblemKind.FILE_MISSING: lambda p: (
        f"Berkas database SQLite `{p.database}` tidak ditemukan. Periksa jalur berkas di {URL_HINT}, atau "
        f"jalankan `python -m sample_data.build` untuk membuat database contoh. {RELOAD_HINT}"
    ),
    ProblemKind.FILE_UNREADABLE: lambda p: (
        f"Berkas database SQLite `{p.database}` tidak dapat dibuka. Periksa izin baca berkas dan foldernya untuk "
        f"pengguna sistem yang menjalankan dashboard. {RELOAD_HINT}"
    ),
    ProblemKind.NOT_A_DATABASE: lambda p: (
        f"Berkas `{p.database}` bukan database SQLite atau rusak. Periksa jalur berkas di {URL_HINT}. {RELOAD_HINT}"
    ),
    ProblemKind.CONTRACT_MISMATCH: _contract_message,
    ProblemKind.PERMISSION_DENIED: lambda p: (
        f"Pengguna database `{p.user}` tidak punya izin membaca tabel {_quoted(p.tables) or 'kontrak'} di "
        f"{p.where}. Minta pengelola database memberikan hak baca saja, misalnya "
        f"`GRANT SELECT ON {p.tables[0] if p.tables else '<tabel>'} TO {p.user};`. {RELOAD_HINT}"
    ),
    ProblemKind.UNKNOWN: lambda p: (
        f"Database ({p.where}) tidak dapat dibaca. Periksa {URL_HINT}, apakah server database berjalan, dan log "
        f"dashboard untuk rinciannya. {RELOAD_HINT}"
    ),
}

_UNREACHABLE_WORDS = (
    "connection refused",
    "timeout expired",
    "timed out",
    "no route to host",
    "network is unreachable",
    "server closed the connection",
    "terminating connection",
    "consuming input failed",
    "the database system is starting up",
    "the database system is shutting down",
    "the database system is in recovery mode",
    "connection is closed",
    "connection to server",  # last: libpq's generic prefix when nothing more specific matched
)
_HOST_UNKNOWN_WORDS = ("failed to resolve host", "could not translate host name", "name or service not known")
_AUTH_WORDS = (
    "password authentication failed",
    "no password supplied",
    "no pg_hba.conf entry",
    "authentication failed",
)


def _field(pattern: str, text: str) -> str | None:
    match = re.search(pattern, text)
    return match.group(1) if match else None


def _missing_table(text: str) -> tuple[str, ...]:
    """The table a "does not exist" / "no such table" message names, if any."""
    name = _field(r'relation "(?:[^".]+\.)?([^"]+)" does not exist', text) or _field(
        r"no such table: (?:\w+\.)?(\w+)", text
    )
    return (name,) if name else ()


def _missing_column(text: str) -> tuple[str, ...]:
    """The column a "does not exist" / "no such column" message names, if any."""
    name = _field(r'column "?([\w.]+)"? does not exist', text) or _field(r"no such column: ([\w.]+)", text)
    return (name,) if name else ()


def diagnose(error: BaseException, url: str | URL) -> DatabaseProblem:
    """Classify ``error`` (raised while using the database at ``url``) into a :class:`DatabaseProblem`."""
    try:
        parsed = make_url(url) if isinstance(url, str) else url
    except ArgumentError:
        return DatabaseProblem(ProblemKind.BAD_URL)
    backend = parsed.get_backend_name()
    database = str(sqlite_path(parsed) or parsed.database) if backend == "sqlite" else parsed.database

    def problem(kind: ProblemKind, tables: tuple[str, ...] = (), columns: tuple[str, ...] = ()) -> DatabaseProblem:
        return DatabaseProblem(
            kind,
            backend=backend,
            host=parsed.host,
            port=parsed.port,
            user=parsed.username,
            database=database,
            tables=tables,
            columns=columns,
        )

    if isinstance(error, UnsupportedDatabaseError | ArgumentError):  # includes NoSuchModuleError
        return problem(ProblemKind.BAD_URL)
    if isinstance(error, ContractMismatchError):
        return problem(ProblemKind.CONTRACT_MISMATCH, error.gaps.missing_tables, error.gaps.column_names())
    if isinstance(error, DatabaseFileMissingError):
        return problem(ProblemKind.FILE_MISSING)
    original = error.orig if isinstance(error, DBAPIError) else error
    text = str(original)
    lowered = text.lower()
    sqlstate = getattr(original, "sqlstate", None)

    if sqlstate == "42P01" or "no such table" in lowered:
        return problem(ProblemKind.CONTRACT_MISMATCH, tables=_missing_table(text))
    if sqlstate == "42703" or "no such column" in lowered:
        return problem(ProblemKind.CONTRACT_MISMATCH, columns=_missing_column(text))
    if sqlstate == "42501" or "permission denied" in lowered:
        table = _field(r"permission denied for (?:table|relation) (\w+)", text)
        return problem(ProblemKind.PERMISSION_DENIED, (table,) if table else ())
    if any(words in lowered for words in _AUTH_WORDS):
        return problem(ProblemKind.AUTH_FAILED)
    if re.search(r'role "[^"]*" does not exist', lowered):
        return problem(ProblemKind.ROLE_UNKNOWN)
    if re.search(r'database "[^"]*" does not exist', lowered):
        return problem(ProblemKind.DATABASE_MISSING)
    if any(words in lowered for words in _HOST_UNKNOWN_WORDS):
        return problem(ProblemKind.HOST_UNKNOWN)
    if backend == "sqlite" and "unable to open database file" in lowered:
        path = sqlite_path(parsed)
        missing = path is not None and not Path(path).exists()
        return problem(ProblemKind.FILE_MISSING if missing else ProblemKind.FILE_UNREADABLE)
    if "file is not a database" in lowered or "database disk image is malformed" in lowered:
        return problem(ProblemKind.NOT_A_DATABASE)
    connection_lost = isinstance(error, DBAPIError) and error.connection_invalidated
    if connection_lost or (backend != "sqlite" and any(words in lowered for words in _UNREACHABLE_WORDS)):
        return problem(ProblemKind.UNREACHABLE)
    return problem(ProblemKind.UNKNOWN)
