"""How the store's rows become records, and the lookups every read and write shares: the region range of a
listing, the follow-up SELECT with its meeting, one rapat or follow-up by id, a record's versions since one.

Every function here takes an open connection: the transaction around it is the caller's
(:mod:`app_store.transactions`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Connection, Row, Select, and_, false, or_, select, true
from sqlalchemy.sql.elements import ColumnElement

from app_store.migrate import current_revision
from app_store.models import history_table, rapat_table, tindak_lanjut_table
from app_store.records import (
    FigureThen,
    HistoryEntry,
    Rapat,
    RapatInput,
    Stamp,
    TindakLanjut,
    TindakLanjutInput,
)

rapat = rapat_table.c
tl = tindak_lanjut_table.c
history = history_table.c

T = TypeVar("T")


def within_region(column: ColumnElement[str], code: str | None) -> ColumnElement[bool]:
    """``code`` and every region below it (None: everything), as :func:`data_access.access.is_within` decides.

    Written as one range, ``code <= column < code + '/'`` ('/' follows '.' in byte order), so an index on the
    column serves it; the extra term drops a code that merely continues the digits (``36.731``), which a
    validated code never is but the rule must not depend on that.
    """
    if code is None:
        return true()
    return and_(column >= code, column < code + "/", or_(column == code, column >= code + "."))


def as_utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC)


def stamp_of(row: Row) -> Stamp:
    return Stamp(
        version=row.version,
        created_at=as_utc(row.created_at),
        created_by=row.created_by,
        updated_at=as_utc(row.updated_at),
        updated_by=row.updated_by,
    )


def rapat_record(row: Row) -> Rapat:
    data = RapatInput(
        region_code=row.region_code,
        held_on=row.held_on,
        title=row.title,
        place=row.place,
        participants=row.participants,
        notes=row.notes,
        hidden=row.hidden,
    )
    return Rapat(id=row.id, data=data, stamp=stamp_of(row))


def tindak_lanjut_record(row: Row) -> TindakLanjut:
    figure = (
        FigureThen(value=row.figure_value, period=row.figure_period, target=row.figure_target)
        if row.figure_period is not None
        else None
    )
    data = TindakLanjutInput(
        region_code=row.region_code,
        action=row.action,
        owner=row.owner,
        due_on=row.due_on,
        status=row.status,
        metric_code=row.metric_code,
        posyandu_id=row.posyandu_id,
        figure=figure,
        evidence=row.evidence,
        rapat_id=row.rapat_id,
    )
    return TindakLanjut(
        id=row.id, data=data, stamp=stamp_of(row), rapat_title=row.rapat_title, rapat_held_on=row.rapat_held_on
    )


def history_entry(row: Row) -> HistoryEntry:
    return HistoryEntry(
        entity=row.entity,
        entity_id=row.entity_id,
        version=row.version,
        action=row.action,
        changed_at=as_utc(row.changed_at),
        changed_by=row.changed_by,
        before=json.loads(row.before) if row.before is not None else None,
        after=json.loads(row.after),
    )


def tindak_lanjut_select() -> Select:
    """Follow-ups with the title and date of the meeting each came from."""
    return select(
        tindak_lanjut_table, rapat.title.label("rapat_title"), rapat.held_on.label("rapat_held_on")
    ).select_from(tindak_lanjut_table.outerjoin(rapat_table, tl.rapat_id == rapat.id))


BEFORE_HIDDEN = frozenset({"0001", "0002"})
"""Revisions whose ``rapat`` has no ``hidden`` column: a store behind is still read (and never written)."""


def has_hidden_column(conn: Connection) -> bool:
    """Whether this store's ``rapat`` has ``hidden`` (migration 0003): one small read of the revision."""
    return current_revision(conn) not in BEFORE_HIDDEN


def rapat_select(conn: Connection) -> Select:
    """Every column of ``rapat``; on a store behind 0003 ``hidden`` is read as false, as every meeting there was
    shown when it was written."""
    if has_hidden_column(conn):
        return select(rapat_table)
    return select(*(column for column in rapat_table.c if column.name != "hidden"), false().label("hidden"))


def find_one(conn: Connection, statement: Select, record: Callable[[Row], T]) -> T | None:
    """The record of the one row ``statement`` selects, or None when there is none: every lookup by id reads
    so, and more than one row is an error (an id is a primary key)."""
    row = conn.execute(statement).one_or_none()
    return record(row) if row is not None else None


def find_rapat(conn: Connection, rapat_id: int) -> Rapat | None:
    return find_one(conn, rapat_select(conn).where(rapat.id == rapat_id), rapat_record)


def find_tindak_lanjut(conn: Connection, item_id: int) -> TindakLanjut | None:
    return find_one(conn, tindak_lanjut_select().where(tl.id == item_id), tindak_lanjut_record)


def history_since(conn: Connection, entity: str, entity_id: int, version: int) -> tuple[HistoryEntry, ...]:
    rows = conn.execute(
        select(history_table)
        .where(history.entity == entity, history.entity_id == entity_id, history.version > version)
        .order_by(history.version)
    )
    return tuple(history_entry(row) for row in rows)
