"""Every way the store can refuse or fail, each with one Indonesian sentence the page can show as it is.

A refused or failed write raises a :class:`WriteError`, which always carries the input that was submitted
(``submitted``): the page puts it back into the form, so nobody retypes a follow-up because the disk was full
or someone else saved first. Reads raise :class:`StoreUnavailableError` or :class:`NotFoundError`, and
``data_access.access.OutOfScopeError`` for a region outside the reader's scope, as the figures do.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping

import psycopg
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from app_store.records import HistoryEntry, Rapat, Submitted, TindakLanjut
from app_store.vocabulary import RAPAT
from data_access.settings import JAKARTA

KEEP_INPUT = "isian Anda masih ada"


class StoreError(Exception):
    """Base of every store error; ``message`` (also ``str(error)``) is one Indonesian sentence."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class StoreConfigurationError(StoreError):
    """The store's URL is refused (it names the shared database, or a backend other than SQLite/PostgreSQL)."""


class StoreUnavailableError(StoreError):
    """The store cannot be read right now (unreachable, not set up, unreadable); ``kind`` says which."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


class NotFoundError(StoreError, LookupError):
    """A rapat or follow-up id that is not in the store."""


class TransferError(StoreError):
    """An export or import that cannot be done: an import file that is not a store export, a store not
    empty, not at the newest version."""


class WriteError(StoreError):
    """A write that did not happen; ``submitted`` is the input exactly as it was given."""

    def __init__(self, message: str, submitted: Submitted) -> None:
        super().__init__(message)
        self.submitted = submitted


class InvalidInputError(WriteError):
    """Input refused before anything was written; ``problems`` maps each field to what is wrong with it."""

    def __init__(self, submitted: Submitted, problems: Mapping[str, str]) -> None:
        listed = "; ".join(problems.values())
        super().__init__(f"Belum tersimpan karena isian belum benar: {listed}", submitted)
        self.problems = dict(problems)


class WriteOutOfScopeError(WriteError, PermissionError):
    """The region written (or the one the item already has) lies outside the writer's scope."""

    def __init__(self, submitted: Submitted, region_code: str, scope: str | None) -> None:
        super().__init__(
            f"Tidak tersimpan: wilayah {region_code} di luar wilayah akses Anda ({scope or 'nasional'}).", submitted
        )
        self.region_code = region_code
        self.scope = scope


class MissingRecordError(WriteError, LookupError):
    """An edit of a rapat or follow-up that is not in the store."""


class StoreReadOnlyError(WriteError):
    """The store can be read but not written (not set up, behind or ahead of this program, or unsafe):
    ``state`` is the :class:`app_store.migrate.StoreStatus` state, the message says what to do."""

    def __init__(self, message: str, submitted: Submitted, state: str) -> None:
        super().__init__(message, submitted)
        self.state = state


class ConflictError(WriteError):
    """Someone else saved the same item after this writer loaded it.

    ``current`` is the item as it now stands and ``changes`` the history entries written since the version
    the writer started from, so the page can show the other change beside the writer's own input.
    """

    def __init__(self, submitted: Submitted, current: Rapat | TindakLanjut, changes: tuple[HistoryEntry, ...]) -> None:
        what = "Rapat" if isinstance(current, Rapat) else "Tindak lanjut"
        when = current.stamp.updated_at.astimezone(JAKARTA).strftime("%d-%m-%Y %H:%M WIB")
        super().__init__(
            f"Tidak tersimpan: {what} ini sudah diubah oleh {current.stamp.updated_by} pada {when} "
            f"(versi {current.stamp.version}); {KEEP_INPUT}, periksa perubahan itu lalu simpan lagi.",
            submitted,
        )
        self.current = current
        self.changes = changes


class WriteFailedError(WriteError):
    """The database refused or could not take the write; ``kind`` is one of :data:`FAILURE_KINDS`."""

    def __init__(self, submitted: Submitted, kind: str) -> None:
        super().__init__(f"Tidak tersimpan: {FAILURE_REASONS[kind]}; {KEEP_INPUT}, {FAILURE_ADVICE[kind]}.", submitted)
        self.kind = kind


FAILURE_REASONS = {
    "unreachable": "penyimpanan rapat dan tindak lanjut tidak dapat dihubungi",
    "read_only": "penyimpanan rapat dan tindak lanjut hanya dapat dibaca (berkas atau database hanya-baca)",
    "disk_full": "ruang disk penyimpanan rapat dan tindak lanjut penuh",
    "denied": "peran database dashboard tidak berhak menulis ke penyimpanan",
    "busy": "penyimpanan sedang dipakai penulis lain",
    "broken": "penyimpanan rapat dan tindak lanjut rusak atau tidak sesuai versinya",
    "other": "penyimpanan rapat dan tindak lanjut menolak perubahan ini",
}
"""Why a database operation failed, by kind, as the middle of one sentence."""
FAILURE_ADVICE = {
    "unreachable": "coba simpan lagi sebentar lagi",
    "read_only": "hubungi pengelola dashboard",
    "disk_full": "hubungi pengelola dashboard",
    "denied": "hubungi pengelola dashboard",
    "busy": "coba simpan lagi",
    "broken": "hubungi pengelola dashboard",
    "other": "coba lagi atau hubungi pengelola dashboard",
}
FAILURE_KINDS = tuple(FAILURE_REASONS)

_SQLITE_KINDS = {
    "SQLITE_READONLY": "read_only",
    "SQLITE_FULL": "disk_full",
    "SQLITE_CANTOPEN": "unreachable",
    "SQLITE_IOERR": "unreachable",
    "SQLITE_BUSY": "busy",
    "SQLITE_LOCKED": "busy",
    "SQLITE_PERM": "denied",
    "SQLITE_AUTH": "denied",
    "SQLITE_CORRUPT": "broken",
    "SQLITE_NOTADB": "broken",
}
_POSTGRES_KINDS = {
    "25006": "read_only",  # read_only_sql_transaction
    "53100": "disk_full",
    "42501": "denied",  # insufficient_privilege
    "40001": "busy",  # serialization_failure
    "40P01": "busy",  # deadlock_detected
    "55P03": "busy",  # lock_not_available
    "42P01": "broken",  # undefined_table: the schema is not there
    "42703": "broken",  # undefined_column
    "3F000": "broken",  # invalid_schema_name
}
_POSTGRES_CLASSES = {"08": "unreachable", "57": "unreachable", "53": "disk_full"}


def failure_kind(error: SQLAlchemyError) -> str:
    """Which of :data:`FAILURE_KINDS` a database error is, from SQLite's error name or PostgreSQL's SQLSTATE.

    Known by code wherever the database gives one, so a translated server message cannot change the answer;
    only SQLite's generic SQLITE_ERROR needs its text to tell a missing table (a store not set up) apart.
    """
    if not isinstance(error, DBAPIError):
        return "other"
    if error.connection_invalidated:
        return "unreachable"
    original = error.orig
    if isinstance(original, sqlite3.Error):
        name = getattr(original, "sqlite_errorname", "") or ""
        if name == "SQLITE_ERROR" and "no such table" in str(original):
            return "broken"
        for prefix, kind in _SQLITE_KINDS.items():
            if name.startswith(prefix):
                return kind
        return "other"
    state = getattr(original, "sqlstate", None)
    if state is None:
        # psycopg reports a refused or dropped connection without a SQLSTATE
        return "unreachable" if isinstance(original, psycopg.OperationalError) else "other"
    return _POSTGRES_KINDS.get(state) or _POSTGRES_CLASSES.get(state[:2], "other")


_READ_REASONS = {
    "unreachable": FAILURE_REASONS["unreachable"],
    "denied": "peran database dashboard tidak berhak membaca penyimpanan",
    "broken": FAILURE_REASONS["broken"],
}


def unavailable(error: SQLAlchemyError) -> StoreUnavailableError:
    """A failed read as one Indonesian sentence."""
    kind = failure_kind(error)
    reason = _READ_REASONS.get(kind, "penyimpanan rapat dan tindak lanjut tidak dapat dibaca")
    return StoreUnavailableError(f"Rapat dan tindak lanjut tidak dapat ditampilkan: {reason}.", kind)


def what(entity: str) -> str:
    """The word for an entity in a message."""
    return "rapat" if entity == RAPAT else "tindak lanjut"
