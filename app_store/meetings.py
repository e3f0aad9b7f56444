"""Rapat: record, change, hide (entered by mistake), read and list the meetings a TP holds."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import Connection, Engine, and_, func, select

from app_store.errors import InvalidInputError, NotFoundError
from app_store.models import rapat_table, tindak_lanjut_table
from app_store.records import (
    Actor,
    Listing,
    Rapat,
    RapatInput,
)
from app_store.stored_rows import (
    find_rapat,
    has_hidden_column,
    rapat,
    rapat_record,
    rapat_select,
    tl,
    within_region,
)
from app_store.transactions import (
    Versioned,
    check_input,
    check_page,
    insert_first_version,
    require_read_scope,
    require_write_scope,
    run_read,
    run_write,
    update_versioned,
)
from app_store.validation import validate_rapat
from app_store.vocabulary import RAPAT

RAPAT_ROWS = Versioned(table=rapat_table, entity=RAPAT, noun="rapat", find=find_rapat, validate=validate_rapat)
"""How :func:`update_rapat` reads, checks and stores a rapat."""


def create_rapat(engine: Engine, *, actor: Actor, data: RapatInput) -> Rapat:
    """Record a meeting held by the TP of ``data.region_code``, which must lie in the actor's scope."""
    check_input(data, validate_rapat(data))
    require_write_scope(actor, data.region_code, data)

    def work(conn: Connection) -> Rapat:
        new_id = insert_first_version(conn, rapat_table, RAPAT, data, actor)
        return rapat_record(conn.execute(rapat_select(conn).where(rapat.id == new_id)).one())

    return run_write(engine, data, work)


def update_rapat(engine: Engine, *, actor: Actor, rapat_id: int, expected_version: int, data: RapatInput) -> Rapat:
    """Change a meeting the actor loaded at ``expected_version``. Its region may move only where every
    follow-up of the meeting still lies inside it."""

    def check_region_move(conn: Connection, current: Rapat) -> None:
        if data.region_code == current.data.region_code:
            return
        outside = conn.execute(
            select(func.count())
            .select_from(tindak_lanjut_table)
            .where(tl.rapat_id == rapat_id, ~within_region(tl.region_code, data.region_code))
        ).scalar_one()
        if outside:
            raise InvalidInputError(
                data,
                {"region_code": f"{outside} tindak lanjut rapat ini berada di luar wilayah {data.region_code}"},
            )

    return update_versioned(engine, RAPAT_ROWS, actor, rapat_id, expected_version, data, check=check_region_move)


def get_rapat(engine: Engine, *, actor: Actor, rapat_id: int) -> Rapat:
    found = run_read(engine, lambda conn: find_rapat(conn, rapat_id))
    if found is None:
        raise NotFoundError(f"Rapat {rapat_id} tidak ditemukan.")
    require_read_scope(actor, found.data.region_code)
    return found


def list_rapat(
    engine: Engine,
    *,
    actor: Actor,
    region_code: str | None,
    include_hidden: bool = False,
    limit: int = 100,
    offset: int = 0,
) -> Listing[Rapat]:
    """Meetings held in ``region_code`` (None: the whole country) and every region below it, newest first;
    those hidden as entered by mistake only when ``include_hidden``."""
    require_read_scope(actor, region_code)
    check_page(limit, offset)
    where = within_region(rapat.region_code, region_code)

    def work(conn: Connection) -> Listing[Rapat]:
        shown = where if include_hidden or not has_hidden_column(conn) else and_(where, rapat.hidden.is_(False))
        total = conn.execute(select(func.count()).select_from(rapat_table).where(shown)).scalar_one()
        rows = conn.execute(
            rapat_select(conn).where(shown).order_by(rapat.held_on.desc(), rapat.id.desc()).limit(limit).offset(offset)
        )
        return Listing(items=tuple(rapat_record(row) for row in rows), total=total)

    return run_read(engine, work)


def hide_rapat(engine: Engine, *, actor: Actor, meeting: Rapat, hidden: bool = True) -> Rapat:
    """Hide a meeting entered by mistake (or show it again), as the actor saw it: an edit like any other, so it
    is refused when someone changed the meeting since, and its history row keeps the flag before and after.
    The meeting's follow-ups are not touched: they stay linked to it, with their own history."""
    return update_rapat(
        engine,
        actor=actor,
        rapat_id=meeting.id,
        expected_version=meeting.stamp.version,
        data=replace(meeting.data, hidden=hidden),
    )
