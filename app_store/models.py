"""The store's tables as they stand at the newest migration (``tests/app_store/test_migrations.py`` checks
that the migrated database and these declarations agree).

Every table is declared in the ``posyandu_app`` schema; on SQLite, which has no schemas, the engine
translates the schema away (:mod:`app_store.engine`). Region codes are compared by prefix ranges
(``36.73.`` <= code < ``36.73/``), which needs byte order, so on PostgreSQL they use the "C" collation
whatever the database's default is. Lengths are the limits of :mod:`app_store.vocabulary`: PostgreSQL
enforces them again, SQLite relies on the validation before every write.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

from app_store.settings import SCHEMA
from app_store.vocabulary import (
    ACTION_MAX,
    ACTOR_MAX,
    ENTITIES,
    EVIDENCE_MAX,
    HISTORY_ACTIONS,
    NOTES_MAX,
    OWNER_MAX,
    PLACE_MAX,
    REGION_CODE_MAX,
    STATUSES,
    TITLE_MAX,
)

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
"""Constraint names fixed by rule, so a migration can name what an earlier one created on either backend."""

METRIC_CODE_MAX = 40
PERIOD_LENGTH = 7
"""A figure's period is written ``YYYY-MM``: the year cut at that month, as every dashboard figure is."""

metadata = MetaData(schema=SCHEMA, naming_convention=NAMING_CONVENTION)


def region_code_type() -> String:
    """Text compared in byte order on both backends (SQLite's default; "C" collation on PostgreSQL)."""
    return String(REGION_CODE_MAX).with_variant(String(REGION_CODE_MAX, collation="C"), "postgresql")


def _audit_columns() -> list[Column]:
    """Version (for optimistic concurrency) and who created and last changed a row, when (UTC)."""
    return [
        Column("version", Integer, nullable=False),
        Column("created_at", DateTime, nullable=False),
        Column("created_by", String(ACTOR_MAX), nullable=False),
        Column("updated_at", DateTime, nullable=False),
        Column("updated_by", String(ACTOR_MAX), nullable=False),
    ]


rapat_table = Table(
    "rapat",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("region_code", region_code_type(), nullable=False),
    Column("held_on", Date, nullable=False),
    Column("title", String(TITLE_MAX), nullable=False),
    Column("place", String(PLACE_MAX)),
    Column("participants", Integer),
    Column("notes", String(NOTES_MAX)),
    Column("hidden", Boolean, nullable=False, server_default=false()),
    *_audit_columns(),
    CheckConstraint("participants >= 0", name="participants_not_negative"),
    Index(None, "region_code", "held_on"),
)

tindak_lanjut_table = Table(
    "tindak_lanjut",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("region_code", region_code_type(), nullable=False),
    Column("rapat_id", Integer, ForeignKey("rapat.id")),
    Column("metric_code", String(METRIC_CODE_MAX)),
    Column("posyandu_id", Integer),
    Column("action", String(ACTION_MAX), nullable=False),
    Column("owner", String(OWNER_MAX), nullable=False),
    Column("due_on", Date, nullable=False),
    Column("status", String(20), nullable=False),
    Column("evidence", String(EVIDENCE_MAX)),
    Column("figure_value", Float),
    Column("figure_period", String(PERIOD_LENGTH)),
    Column("figure_target", Float),
    *_audit_columns(),
    CheckConstraint(f"status IN ({', '.join(repr(status) for status in STATUSES)})", name="status_known"),
    CheckConstraint("metric_code IS NULL OR posyandu_id IS NULL", name="one_figure"),
    Index(None, "region_code", "due_on"),
    Index(None, "due_on"),
    Index(None, "rapat_id"),
)

history_table = Table(
    "history",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("entity", String(20), nullable=False),
    Column("entity_id", Integer, nullable=False),
    Column("version", Integer, nullable=False),
    Column("action", String(10), nullable=False),
    Column("changed_at", DateTime, nullable=False),
    Column("changed_by", String(ACTOR_MAX), nullable=False),
    Column("before", Text),
    Column("after", Text, nullable=False),
    CheckConstraint(f"entity IN ({', '.join(repr(entity) for entity in ENTITIES)})", name="entity_known"),
    CheckConstraint(f"action IN ({', '.join(repr(action) for action in HISTORY_ACTIONS)})", name="action_known"),
    UniqueConstraint("entity", "entity_id", "version"),
)
"""One row per version of every rapat and tindak lanjut: the snapshot it had before (None when created) and
after, as canonical JSON text. The unique key makes a second row for the same version impossible, so two
writers can never both record "version 3"."""
