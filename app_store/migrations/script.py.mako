"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from app_store.engine import store_schema
${imports if imports else ""}
revision = "${up_revision}"
down_revision: str | None = ${repr(down_revision)}
branch_labels: str | None = ${repr(branch_labels)}
depends_on: str | None = ${repr(depends_on)}


def upgrade() -> None:
    schema = store_schema(op.get_bind().dialect.name)
    ${upgrades if upgrades else 'raise NotImplementedError(f"write this revision (schema {schema!r})")'}


def downgrade() -> None:
    schema = store_schema(op.get_bind().dialect.name)
    ${downgrades if downgrades else 'raise NotImplementedError(f"write this revision (schema {schema!r})")'}
