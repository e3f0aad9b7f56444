"""Rapat, tindak lanjut and the history of every change to them.

Every row carries a version (for optimistic concurrency) and who created and last changed it; the history
table keeps one snapshot per version, unique per (entity, id, version). Region codes use the "C" collation
on PostgreSQL, since the listings select a region and everything below it by a byte-order prefix range.

Revision ID: 0001
Revises:
Create Date: 2026-10-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from app_store.engine import store_schema

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def _region_code() -> sa.types.TypeEngine:
    return sa.String(13).with_variant(sa.String(13, collation="C"), "postgresql")


def _audit_columns() -> list[sa.Column]:
    return [
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("created_by", sa.String(120), nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("updated_by", sa.String(120), nullable=False),
    ]


def upgrade() -> None:
    schema = store_schema(op.get_bind().dialect.name)
    op.create_table(
        "rapat",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("region_code", _region_code(), nullable=False),
        sa.Column("held_on", sa.Date, nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("place", sa.String(200)),
        sa.Column("participants", sa.Integer),
        sa.Column("notes", sa.String(2000)),
        *_audit_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rapat")),
        sa.CheckConstraint("participants >= 0", name=op.f("ck_rapat_participants_not_negative")),
        schema=schema,
    )
    op.create_table(
        "tindak_lanjut",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("region_code", _region_code(), nullable=False),
        sa.Column("rapat_id", sa.Integer),
        sa.Column("metric_code", sa.String(40)),
        sa.Column("posyandu_id", sa.Integer),
        sa.Column("action", sa.String(1000), nullable=False),
        sa.Column("owner", sa.String(120), nullable=False),
        sa.Column("due_on", sa.Date, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("evidence", sa.String(2000)),
        sa.Column("figure_value", sa.Float),
        sa.Column("figure_period", sa.String(7)),
        sa.Column("figure_target", sa.Float),
        *_audit_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tindak_lanjut")),
        sa.ForeignKeyConstraint(
            ["rapat_id"],
            [f"{schema}.rapat.id" if schema else "rapat.id"],
            name=op.f("fk_tindak_lanjut_rapat_id_rapat"),
        ),
        sa.CheckConstraint(
            "status IN ('direncanakan', 'berjalan', 'selesai', 'dibatalkan')",
            name=op.f("ck_tindak_lanjut_status_known"),
        ),
        sa.CheckConstraint("metric_code IS NULL OR posyandu_id IS NULL", name=op.f("ck_tindak_lanjut_one_figure")),
        schema=schema,
    )
    op.create_table(
        "history",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("entity", sa.String(20), nullable=False),
        sa.Column("entity_id", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("action", sa.String(10), nullable=False),
        sa.Column("changed_at", sa.DateTime, nullable=False),
        sa.Column("changed_by", sa.String(120), nullable=False),
        sa.Column("before", sa.Text),
        sa.Column("after", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_history")),
        sa.CheckConstraint("entity IN ('rapat', 'tindak_lanjut')", name=op.f("ck_history_entity_known")),
        sa.CheckConstraint("action IN ('dibuat', 'diubah')", name=op.f("ck_history_action_known")),
        sa.UniqueConstraint("entity", "entity_id", "version", name=op.f("uq_history_entity_entity_id_version")),
        schema=schema,
    )


def downgrade() -> None:
    schema = store_schema(op.get_bind().dialect.name)
    for table in ("history", "tindak_lanjut", "rapat"):
        op.drop_table(table, schema=schema)
