"""The frame of every read and write of the store's rows: one transaction, the checks before it (input, scope,
store writable) and the versioning inside it.

A write checks that the store may be written (:func:`app_store.migrate.status_of`), changes one row and adds its
history row in the same transaction, so a change and its record stand or fall together. An edit names the
version it started from; the UPDATE only matches that version, so when someone else saved in between, nothing
is overwritten and :class:`~app_store.errors.ConflictError` shows what they changed. Every refusal or failure
is a :class:`~app_store.errors.WriteError` carrying the submitted input.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy import Connection, Engine, Table, insert, update
from sqlalchemy.exc import SQLAlchemyError

from app_store.errors import (
    KEEP_INPUT,
    ConflictError,
    InvalidInputError,
    MissingRecordError,
    StoreReadOnlyError,
    WriteError,
    WriteFailedError,
    WriteOutOfScopeError,
    failure_kind,
    unavailable,
)
from app_store.migrate import status_of
from app_store.models import history_table
from app_store.records import (
    Actor,
    Rapat,
    RapatInput,
    Submitted,
    TindakLanjut,
    TindakLanjutInput,
    canonical_json,
    row_values,
    snapshot,
)
from app_store.stored_rows import (
    history_since,
)
from app_store.validation import Problems
from app_store.vocabulary import DIBUAT, DIUBAH
from data_access.access import OutOfScopeError

R = TypeVar("R")
Stored = TypeVar("Stored", Rapat, TindakLanjut)
Input = TypeVar("Input", RapatInput, TindakLanjutInput)


LIST_LIMIT_MAX = 1000
"""The most rows one listing call returns; the page pages through the rest."""


def now_utc() -> dt.datetime:
    """Now in UTC, stored without its zone (both backends then keep the same value)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def run_read(engine: Engine, work: Callable[[Connection], R]) -> R:
    """Run a read; a database failure becomes one Indonesian sentence (:func:`app_store.errors.unavailable`)."""
    try:
        with engine.connect() as conn:
            return work(conn)
    except SQLAlchemyError as error:
        raise unavailable(error) from error


def run_write(engine: Engine, submitted: Submitted, work: Callable[[Connection], R]) -> R:
    """Run a write in one transaction on a store that may be written; whatever stops it, the caller gets a
    :class:`WriteError` carrying ``submitted``."""
    try:
        with engine.begin() as conn:
            status = status_of(conn)
            if not status.writable:
                raise StoreReadOnlyError(f"Tidak tersimpan: {status.message}", submitted, status.state)
            return work(conn)
    except WriteError:
        raise
    except SQLAlchemyError as error:
        raise WriteFailedError(submitted, failure_kind(error)) from error


def check_input(submitted: Submitted, problems: Problems) -> None:
    if problems:
        raise InvalidInputError(submitted, problems)


def require_write_scope(actor: Actor, region_code: str, submitted: Submitted) -> None:
    if not actor.may_access(region_code):
        raise WriteOutOfScopeError(submitted, region_code, actor.scope)


def require_read_scope(actor: Actor, region_code: str | None) -> None:
    if not actor.may_access(region_code):
        raise OutOfScopeError(region_code, actor.scope)


def check_page(limit: int, offset: int) -> None:
    if not 1 <= limit <= LIST_LIMIT_MAX or offset < 0:
        raise ValueError(f"limit must be 1-{LIST_LIMIT_MAX} and offset >= 0, got {limit}, {offset}")


def record_version(
    conn: Connection,
    *,
    entity: str,
    entity_id: int,
    version: int,
    at: dt.datetime,
    actor: Actor,
    before: Submitted | None,
    after: Submitted,
) -> None:
    """The history row of one version: written in the same transaction as the change itself."""
    conn.execute(
        insert(history_table).values(
            entity=entity,
            entity_id=entity_id,
            version=version,
            action=DIBUAT if before is None else DIUBAH,
            changed_at=at,
            changed_by=actor.name,
            before=canonical_json(snapshot(before)) if before is not None else None,
            after=canonical_json(snapshot(after)),
        )
    )


def insert_first_version(conn: Connection, table: Table, entity: str, data: Submitted, actor: Actor) -> int:
    now = now_utc()
    stamp = {"version": 1, "created_at": now, "created_by": actor.name, "updated_at": now, "updated_by": actor.name}
    new_id = conn.execute(insert(table).values(**row_values(data), **stamp).returning(table.c.id)).scalar_one()
    record_version(conn, entity=entity, entity_id=new_id, version=1, at=now, actor=actor, before=None, after=data)
    return new_id


def save_next_version(
    conn: Connection,
    *,
    table: Table,
    entity: str,
    current: Rapat | TindakLanjut,
    expected_version: int,
    data: Submitted,
    actor: Actor,
    find: Callable[[Connection, int], Rapat | TindakLanjut | None],
) -> None:
    """Write ``data`` over ``current`` as the next version, unless someone saved since ``expected_version``.

    Saving an unchanged form writes nothing (no empty version in the history). The UPDATE matches the version
    read, so of two writers racing past the first check, only one changes the row.
    """
    if current.stamp.version != expected_version:
        raise ConflictError(data, current, history_since(conn, entity, current.id, expected_version))
    if current.data == data:
        return
    now = now_utc()
    version = expected_version + 1
    result = conn.execute(
        update(table)
        .where(table.c.id == current.id, table.c.version == expected_version)
        .values(**row_values(data), version=version, updated_at=now, updated_by=actor.name)
    )
    if result.rowcount != 1:
        latest = find(conn, current.id)
        assert latest is not None  # rows are never deleted: the id read a moment ago is still there
        raise ConflictError(data, latest, history_since(conn, entity, current.id, expected_version))
    record_version(
        conn, entity=entity, entity_id=current.id, version=version, at=now, actor=actor, before=current.data, after=data
    )


@dataclass(frozen=True)
class Versioned(Generic[Stored, Input]):
    """What the shared edit frame (:func:`update_versioned`) needs to know of one kind of row: where it is
    stored, its name in the history (``entity``) and in a refusal (``noun``), how one is read by id, and how
    its input is checked."""

    table: Table
    entity: str
    noun: str
    find: Callable[[Connection, int], Stored | None]
    validate: Callable[[Input], Problems]


def update_versioned(
    engine: Engine,
    kind: Versioned[Stored, Input],
    actor: Actor,
    item_id: int,
    expected_version: int,
    data: Input,
    *,
    check: Callable[[Connection, Stored], None] | None = None,
) -> Stored:
    """Change the ``kind`` row ``item_id`` the actor loaded at ``expected_version`` and return it as saved.

    One frame for every edit, so a rapat and a follow-up are refused for the same reasons in the same order:
    the input, the scope of the region it gets, then in the transaction the row's existence, the scope of the
    region it had, the caller's own ``check`` of the current row, and the version (:func:`save_next_version`,
    which also records the history row).
    """
    check_input(data, kind.validate(data))
    require_write_scope(actor, data.region_code, data)

    def work(conn: Connection) -> Stored:
        current = kind.find(conn, item_id)
        if current is None:
            raise MissingRecordError(f"Tidak tersimpan: {kind.noun} {item_id} tidak ada; {KEEP_INPUT}.", data)
        require_write_scope(actor, current.data.region_code, data)
        if check is not None:
            check(conn, current)
        save_next_version(
            conn,
            table=kind.table,
            entity=kind.entity,
            current=current,
            expected_version=expected_version,
            data=data,
            actor=actor,
            find=kind.find,
        )
        saved = kind.find(conn, item_id)
        assert saved is not None  # read in the same transaction that just wrote it
        return saved

    return run_write(engine, data, work)
