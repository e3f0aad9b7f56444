"""Indexes for the listings the page asks for at scale (50,000 follow-ups and more).

A region and everything below it is a range on ``region_code`` (paired with the due date, the listing's
order); "overdue as of a day" nationally is a range on ``due_on``; a meeting's follow-ups are found by
``rapat_id``; a region's meetings by ``region_code`` and date.

Revision ID: 0002
Revises: 0001
Create Date: 2026-10-01
"""

from __future__ import annotations

from alembic import op

from app_store.engine import store_schema

revision = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

INDEXES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("ix_rapat_region_code_held_on", "rapat", ("region_code", "held_on")),
    ("ix_tindak_lanjut_region_code_due_on", "tindak_lanjut", ("region_code", "due_on")),
    ("ix_tindak_lanjut_due_on", "tindak_lanjut", ("due_on",)),
    ("ix_tindak_lanjut_rapat_id", "tindak_lanjut", ("rapat_id",)),
)


def upgrade() -> None:
    schema = store_schema(op.get_bind().dialect.name)
    for name, table, columns in INDEXES:
        op.create_index(op.f(name), table, list(columns), schema=schema)


def downgrade() -> None:
    schema = store_schema(op.get_bind().dialect.name)
    for name, table, _columns in INDEXES:
        op.drop_index(op.f(name), table_name=table, schema=schema)
