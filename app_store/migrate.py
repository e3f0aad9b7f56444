"""Applying the store's migrations, and telling whether the store is fit to be written.

Alembic is driven from Python with a configuration built here (no alembic.ini at the repository root): the
migrations live in ``app_store/migrations/versions`` and run on a connection of the store's own engine.

:func:`store_status` is what the page asks before offering a form, and what every write checks inside its
transaction: a store that is empty, behind or ahead of this program, or whose PostgreSQL role could write
outside the store's schema, is read-only, with one Indonesian sentence saying why and what to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import SQLAlchemyError

from app_store.engine import store_schema
from app_store.errors import FAILURE_REASONS, failure_kind
from app_store.settings import SCHEMA
from data_access.db import sqlite_path

MIGRATIONS_FOLDER = Path(__file__).resolve().parent / "migrations"
UPGRADE_COMMAND = "python -m app_store upgrade"

TERKINI = "terkini"
KOSONG = "kosong"
TERTINGGAL = "tertinggal"
LEBIH_BARU = "lebih baru"
TIDAK_AMAN = "tidak aman"
TIDAK_TERJANGKAU = "tidak terjangkau"
STATES = (TERKINI, KOSONG, TERTINGGAL, LEBIH_BARU, TIDAK_AMAN, TIDAK_TERJANGKAU)
READABLE_STATES = (TERKINI, TERTINGGAL, TIDAK_AMAN)
"""States in which the existing rows can be shown (a store one revision behind keeps every column it had)."""
_READ_ONLY = "sampai itu, rapat dan tindak lanjut hanya dapat dibaca"


@dataclass(frozen=True)
class StoreStatus:
    """Where the store stands: ``state`` (one of :data:`STATES`), its revision and the newest this program
    knows, and ``message``, one Indonesian sentence for the page (empty when all is well)."""

    state: str
    current: str | None
    head: str
    message: str
    unsafe_tables: tuple[str, ...] = ()

    @property
    def writable(self) -> bool:
        return self.state == TERKINI

    @property
    def readable(self) -> bool:
        return self.state in READABLE_STATES


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic configuration for the store's migrations, bound to ``connection`` when given.

    Also what a developer uses to write the next revision::

        from alembic import command
        from app_store.migrate import alembic_config
        command.revision(alembic_config(), message="...", rev_id="0003")
    """
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_FOLDER))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@lru_cache(maxsize=1)
def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError(f"no migrations under {MIGRATIONS_FOLDER}")
    return head


def current_revision(connection: Connection) -> str | None:
    """The revision the store is at, None when it has never been migrated."""
    context = MigrationContext.configure(
        connection, opts={"version_table_schema": store_schema(connection.dialect.name)}
    )
    return context.get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the store to ``revision`` (default: the newest), in one transaction."""
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Take the store back to ``revision`` (``base``: no tables). Indexes and tables only; rows of a table that
    a downgrade drops are lost, so export first."""
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), revision)


def writable_outside_store(connection: Connection) -> tuple[str, ...]:
    """Tables outside the store's schema that the connection's PostgreSQL role could change.

    Empty for a role that owns only its own schema, as docs/app_store.md sets up; a superuser or the shared
    database's owner finds every shared table here, which is exactly what the store must not be able to do.
    """
    if connection.dialect.name != "postgresql":
        return ()
    rows = connection.execute(
        text(
            "SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname <> :schema "
            "AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%' "
            "AND has_table_privilege(c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE') "
            "ORDER BY 1 LIMIT 5"
        ),
        {"schema": SCHEMA},
    )
    return tuple(str(name) for (name,) in rows)


@lru_cache(maxsize=1)
def _ancestors(head: str) -> frozenset[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return frozenset(revision.revision for revision in script.walk_revisions(base="base", head=head))


def _empty_message() -> str:
    return f"Penyimpanan rapat dan tindak lanjut belum disiapkan (jalankan {UPGRADE_COMMAND}); {_READ_ONLY}."


def status_of(connection: Connection) -> StoreStatus:
    """:class:`StoreStatus` read through an open connection (raises on database errors)."""
    head = head_revision()
    current = current_revision(connection)
    if current is None:
        return StoreStatus(KOSONG, None, head, _empty_message())
    if current != head and current in _ancestors(head):
        return StoreStatus(
            TERTINGGAL,
            current,
            head,
            f"Penyimpanan rapat dan tindak lanjut masih versi {current}, aplikasi ini memerlukan versi {head} "
            f"(jalankan {UPGRADE_COMMAND}); {_READ_ONLY}.",
        )
    if current != head:
        return StoreStatus(
            LEBIH_BARU,
            current,
            head,
            f"Penyimpanan rapat dan tindak lanjut berversi {current}, lebih baru dari aplikasi ini (versi {head}); "
            "perbarui aplikasinya, dan sampai itu rapat dan tindak lanjut tidak ditampilkan.",
        )
    unsafe = writable_outside_store(connection)
    if unsafe:
        return StoreStatus(
            TIDAK_AMAN,
            current,
            head,
            f"Peran database penyimpanan rapat dan tindak lanjut dapat mengubah tabel di luar skema {SCHEMA} "
            f"({', '.join(unsafe)}); gunakan peran tersendiri seperti di docs/app_store.md, {_READ_ONLY}.",
            unsafe,
        )
    return StoreStatus(TERKINI, current, head, "")


def store_status(engine: Engine) -> StoreStatus:
    """Where the store stands; an unreachable store is a status too ("tidak terjangkau"), never an exception,
    so the page can always say something. A SQLite store whose file does not exist yet is "kosong" without
    opening it, since opening would create an empty file as a side effect of looking."""
    path = sqlite_path(engine.url) if engine.dialect.name == "sqlite" else None
    if path is not None and not path.exists():
        return StoreStatus(KOSONG, None, head_revision(), _empty_message())
    try:
        with engine.connect() as connection:
            return status_of(connection)
    except SQLAlchemyError as error:
        reason = FAILURE_REASONS[failure_kind(error)]
        return StoreStatus(
            TIDAK_TERJANGKAU,
            None,
            head_revision(),
            f"Rapat dan tindak lanjut tidak dapat ditampilkan untuk sementara: {reason}.",
        )
