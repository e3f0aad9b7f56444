"""A rapat entered by mistake can be hidden: ``rapat.hidden``, false for every existing meeting.

Hiding is an ordinary edit (a new version and its history row, the flag before and after), never a delete: the
follow-ups taken in that meeting stay, still linked to it, with their own history. Hidden meetings are left out
of the pickers only.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from app_store.engine import store_schema

revision = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    schema = store_schema(op.get_bind().dialect.name)
    op.add_column("rapat", sa.Column("hidden", sa.Boolean, nullable=False, server_default=sa.false()), schema=schema)


def downgrade() -> None:
    schema = store_schema(op.get_bind().dialect.name)
    with op.batch_alter_table("rapat", schema=schema) as batch:
        batch.drop_column("hidden")
