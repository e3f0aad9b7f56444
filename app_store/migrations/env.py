"""Alembic's entry point for the store, always driven from Python (:mod:`app_store.migrate`).

There is no alembic.ini: ``app_store.migrate.alembic_config`` builds the configuration in code and hands
over an open connection of the store's engine, so the migrations run on exactly the engine the dashboard
uses (SQLite with its schema translated away, PostgreSQL in the ``posyandu_app`` schema) and never on a URL
typed somewhere else.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, text
from sqlalchemy.schema import CreateSchema

from app_store.engine import store_schema
from app_store.models import metadata


def _ensure_schema(connection: Connection, schema: str) -> None:
    """Create the store's schema when it is missing. Checked first, because ``CREATE SCHEMA IF NOT EXISTS``
    needs the CREATE right on the database even when the schema exists (a role given only its own schema,
    as docs/app_store.md recommends, has no such right)."""
    exists = connection.execute(text("SELECT 1 FROM pg_namespace WHERE nspname = :name"), {"name": schema}).first()
    if exists is None:
        connection.execute(CreateSchema(schema))


def run_migrations() -> None:
    connection = context.config.attributes.get("connection")
    if not isinstance(connection, Connection):
        raise RuntimeError("the store's migrations run only through app_store.migrate, with a connection")
    schema = store_schema(connection.dialect.name)
    if schema is not None:
        _ensure_schema(connection, schema)
    context.configure(
        connection=connection,
        target_metadata=metadata,
        version_table_schema=schema,
        include_schemas=schema is not None,
        include_name=lambda name, type_, _parent: type_ != "schema" or name == schema,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
