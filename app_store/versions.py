"""The history of one rapat or follow-up, every version oldest first, for a reader who may see it now."""

from __future__ import annotations

from sqlalchemy import Connection, Engine, select

from app_store.errors import (
    NotFoundError,
    what,
)
from app_store.models import rapat_table, tindak_lanjut_table
from app_store.records import (
    Actor,
    HistoryEntry,
)
from app_store.stored_rows import (
    history_since,
)
from app_store.transactions import (
    require_read_scope,
    run_read,
)
from app_store.vocabulary import ENTITIES, RAPAT


def item_history(engine: Engine, *, actor: Actor, entity: str, entity_id: int) -> tuple[HistoryEntry, ...]:
    """Every version of one rapat or follow-up, oldest first, for an actor who may read it now."""
    if entity not in ENTITIES:
        raise ValueError(f"unknown entity {entity!r}")
    table = rapat_table if entity == RAPAT else tindak_lanjut_table

    def work(conn: Connection) -> tuple[str | None, tuple[HistoryEntry, ...]]:
        region = conn.execute(select(table.c.region_code).where(table.c.id == entity_id)).scalar_one_or_none()
        return region, history_since(conn, entity, entity_id, 0)

    region, entries = run_read(engine, work)
    if region is None:
        raise NotFoundError(f"{what(entity).capitalize()} {entity_id} tidak ditemukan.")
    require_read_scope(actor, region)
    return entries
