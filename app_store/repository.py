"""Every write and read of rapat and tindak lanjut: the only module that runs SQL on the store's rows.

Writes: each is one transaction that checks the store may be written (:func:`app_store.migrate.status_of`),
changes one row and adds its history row, so a change and its record stand or fall together. An edit names the
version it started from; the UPDATE only matches that version, so when someone else saved in between, nothing
is overwritten and :class:`~app_store.errors.ConflictError` shows what they changed. Nothing is ever deleted: a
follow-up is cancelled by its status. Every refusal or failure is a :class:`~app_store.errors.WriteError`
carrying the submitted input.

Scope: an :class:`~app_store.records.Actor` rooted at a region may write and read only that region and what
lies below it, by the same prefix rule as the figures (:func:`data_access.access.is_within`); in SQL that rule is
a byte-order range on ``region_code``, which the listing indexes serve.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Collection
from dataclasses import replace
from typing import TypeVar

from sqlalchemy import Connection, Engine, Row, Select, Table, and_, func, insert, or_, select, true, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.sql.elements import ColumnElement

from app_store.errors import (
    KEEP_INPUT,
    ConflictError,
    InvalidInputError,
    MissingRecordError,
    NotFoundError,
    StoreReadOnlyError,
    WriteError,
    WriteFailedError,
    WriteOutOfScopeError,
    failure_kind,
    unavailable,
    what,
)
from app_store.migrate import status_of
from app_store.models import history_table, rapat_table, tindak_lanjut_table
from app_store.records import (
    Actor,
    FigureThen,
    HistoryEntry,
    Listing,
    Rapat,
    RapatInput,
    Stamp,
    Submitted,
    TindakLanjut,
    TindakLanjutInput,
    canonical_json,
    row_values,
    snapshot,
)
from app_store.validation import Problems, validate_rapat, validate_tindak_lanjut
from app_store.vocabulary import DIBUAT, DIUBAH, ENTITIES, OPEN_STATUSES, RAPAT, STATUSES, TERLAMBAT, TINDAK_LANJUT
from data_access.access import OutOfScopeError, is_within

R = TypeVar("R")
LIST_LIMIT_MAX = 1000
"""The most rows one listing call returns; the page pages through the rest."""

rapat = rapat_table.c
tl = tindak_lanjut_table.c
history = history_table.c


# -- shared pieces ---------------------------------------------------------------------------------------------


def within_region(column: ColumnElement[str], code: str | None) -> ColumnElement[bool]:
    """``code`` and every region below it (None: everything), as :func:`data_access.access.is_within` decides.

    Written as one range, ``code <= column < code + '/'`` ('/' follows '.' in byte order), so an index on the
    column serves it; the extra term drops a code that merely continues the digits (``36.731``), which a
    validated code never is but the rule must not depend on that.
    """
    if code is None:
        return true()
    return and_(column >= code, column < code + "/", or_(column == code, column >= code + "."))


def _now() -> dt.datetime:
    """Now in UTC, stored without its zone (both backends then keep the same value)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC)


def _stamp(row: Row) -> Stamp:
    return Stamp(
        version=row.version,
        created_at=_utc(row.created_at),
        created_by=row.created_by,
        updated_at=_utc(row.updated_at),
        updated_by=row.updated_by,
    )


def _rapat(row: Row) -> Rapat:
    data = RapatInput(
        region_code=row.region_code,
        held_on=row.held_on,
        title=row.title,
        place=row.place,
        participants=row.participants,
        notes=row.notes,
        hidden=row.hidden,
    )
    return Rapat(id=row.id, data=data, stamp=_stamp(row))


def _tindak_lanjut(row: Row) -> TindakLanjut:
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
        id=row.id, data=data, stamp=_stamp(row), rapat_title=row.rapat_title, rapat_held_on=row.rapat_held_on
    )


def _history_entry(row: Row) -> HistoryEntry:
    return HistoryEntry(
        entity=row.entity,
        entity_id=row.entity_id,
        version=row.version,
        action=row.action,
        changed_at=_utc(row.changed_at),
        changed_by=row.changed_by,
        before=json.loads(row.before) if row.before is not None else None,
        after=json.loads(row.after),
    )


def _tindak_lanjut_select() -> Select:
    """Follow-ups with the title and date of the meeting each came from."""
    return select(
        tindak_lanjut_table, rapat.title.label("rapat_title"), rapat.held_on.label("rapat_held_on")
    ).select_from(tindak_lanjut_table.outerjoin(rapat_table, tl.rapat_id == rapat.id))


def _find_rapat(conn: Connection, rapat_id: int) -> Rapat | None:
    row = conn.execute(select(rapat_table).where(rapat.id == rapat_id)).one_or_none()
    return _rapat(row) if row is not None else None


def _find_tindak_lanjut(conn: Connection, item_id: int) -> TindakLanjut | None:
    row = conn.execute(_tindak_lanjut_select().where(tl.id == item_id)).one_or_none()
    return _tindak_lanjut(row) if row is not None else None


def _read(engine: Engine, work: Callable[[Connection], R]) -> R:
    """Run a read; a database failure becomes one Indonesian sentence (:func:`app_store.errors.unavailable`)."""
    try:
        with engine.connect() as conn:
            return work(conn)
    except SQLAlchemyError as error:
        raise unavailable(error) from error


def _write(engine: Engine, submitted: Submitted, work: Callable[[Connection], R]) -> R:
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


def _check_input(submitted: Submitted, problems: Problems) -> None:
    if problems:
        raise InvalidInputError(submitted, problems)


def _require_write_scope(actor: Actor, region_code: str, submitted: Submitted) -> None:
    if not actor.may_access(region_code):
        raise WriteOutOfScopeError(submitted, region_code, actor.scope)


def _require_read_scope(actor: Actor, region_code: str | None) -> None:
    if not actor.may_access(region_code):
        raise OutOfScopeError(region_code, actor.scope)


def _record(
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


def _history_since(conn: Connection, entity: str, entity_id: int, version: int) -> tuple[HistoryEntry, ...]:
    rows = conn.execute(
        select(history_table)
        .where(history.entity == entity, history.entity_id == entity_id, history.version > version)
        .order_by(history.version)
    )
    return tuple(_history_entry(row) for row in rows)


def _insert(conn: Connection, table: Table, entity: str, data: Submitted, actor: Actor) -> int:
    now = _now()
    stamp = {"version": 1, "created_at": now, "created_by": actor.name, "updated_at": now, "updated_by": actor.name}
    new_id = conn.execute(insert(table).values(**row_values(data), **stamp).returning(table.c.id)).scalar_one()
    _record(conn, entity=entity, entity_id=new_id, version=1, at=now, actor=actor, before=None, after=data)
    return new_id


def _save_change(
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
        raise ConflictError(data, current, _history_since(conn, entity, current.id, expected_version))
    if current.data == data:
        return
    now = _now()
    version = expected_version + 1
    result = conn.execute(
        update(table)
        .where(table.c.id == current.id, table.c.version == expected_version)
        .values(**row_values(data), version=version, updated_at=now, updated_by=actor.name)
    )
    if result.rowcount != 1:
        latest = find(conn, current.id)
        assert latest is not None  # rows are never deleted: the id read a moment ago is still there
        raise ConflictError(data, latest, _history_since(conn, entity, current.id, expected_version))
    _record(
        conn, entity=entity, entity_id=current.id, version=version, at=now, actor=actor, before=current.data, after=data
    )


# -- rapat -----------------------------------------------------------------------------------------------------


def create_rapat(engine: Engine, *, actor: Actor, data: RapatInput) -> Rapat:
    """Record a meeting held by the TP of ``data.region_code``, which must lie in the actor's scope."""
    _check_input(data, validate_rapat(data))
    _require_write_scope(actor, data.region_code, data)

    def work(conn: Connection) -> Rapat:
        new_id = _insert(conn, rapat_table, RAPAT, data, actor)
        return _rapat(conn.execute(select(rapat_table).where(rapat.id == new_id)).one())

    return _write(engine, data, work)


def update_rapat(engine: Engine, *, actor: Actor, rapat_id: int, expected_version: int, data: RapatInput) -> Rapat:
    """Change a meeting the actor loaded at ``expected_version``. Its region may move only where every
    follow-up of the meeting still lies inside it."""
    _check_input(data, validate_rapat(data))
    _require_write_scope(actor, data.region_code, data)

    def work(conn: Connection) -> Rapat:
        current = _find_rapat(conn, rapat_id)
        if current is None:
            raise MissingRecordError(f"Tidak tersimpan: rapat {rapat_id} tidak ada; {KEEP_INPUT}.", data)
        _require_write_scope(actor, current.data.region_code, data)
        if data.region_code != current.data.region_code:
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
        _save_change(
            conn,
            table=rapat_table,
            entity=RAPAT,
            current=current,
            expected_version=expected_version,
            data=data,
            actor=actor,
            find=_find_rapat,
        )
        found = _find_rapat(conn, rapat_id)
        assert found is not None  # read in the same transaction that just wrote it
        return found

    return _write(engine, data, work)


def get_rapat(engine: Engine, *, actor: Actor, rapat_id: int) -> Rapat:
    found = _read(engine, lambda conn: _find_rapat(conn, rapat_id))
    if found is None:
        raise NotFoundError(f"Rapat {rapat_id} tidak ditemukan.")
    _require_read_scope(actor, found.data.region_code)
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
    _require_read_scope(actor, region_code)
    _check_page(limit, offset)
    where = within_region(rapat.region_code, region_code)
    if not include_hidden:
        where = and_(where, rapat.hidden.is_(False))

    def work(conn: Connection) -> Listing[Rapat]:
        total = conn.execute(select(func.count()).select_from(rapat_table).where(where)).scalar_one()
        rows = conn.execute(
            select(rapat_table).where(where).order_by(rapat.held_on.desc(), rapat.id.desc()).limit(limit).offset(offset)
        )
        return Listing(items=tuple(_rapat(row) for row in rows), total=total)

    return _read(engine, work)


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


# -- tindak lanjut ---------------------------------------------------------------------------------------------


def _check_rapat_link(conn: Connection, data: TindakLanjutInput) -> None:
    """A follow-up's meeting must exist and the follow-up's region lie in the meeting's region or below it.

    The meeting itself may be above the writer's scope: a camat records what their kecamatan does about a
    kabupaten rapat's decision."""
    if data.rapat_id is None:
        return
    meeting = _find_rapat(conn, data.rapat_id)
    if meeting is None:
        raise InvalidInputError(data, {"rapat_id": f"Rapat {data.rapat_id} tidak ditemukan"})
    if not is_within(meeting.data.region_code, data.region_code):
        raise InvalidInputError(
            data,
            {
                "region_code": f"Wilayah tindak lanjut harus wilayah rapat ({meeting.data.region_code}) "
                "atau wilayah di bawahnya"
            },
        )


def _found_tindak_lanjut(conn: Connection, item_id: int) -> TindakLanjut:
    found = _find_tindak_lanjut(conn, item_id)
    assert found is not None  # read in the same transaction that just wrote it
    return found


def create_tindak_lanjut(engine: Engine, *, actor: Actor, data: TindakLanjutInput) -> TindakLanjut:
    """Record a follow-up for ``data.region_code`` (in the actor's scope), with the figure it should move as it
    stands now, if it names one."""
    _check_input(data, validate_tindak_lanjut(data))
    _require_write_scope(actor, data.region_code, data)

    def work(conn: Connection) -> TindakLanjut:
        _check_rapat_link(conn, data)
        return _found_tindak_lanjut(conn, _insert(conn, tindak_lanjut_table, TINDAK_LANJUT, data, actor))

    return _write(engine, data, work)


def update_tindak_lanjut(
    engine: Engine, *, actor: Actor, item_id: int, expected_version: int, data: TindakLanjutInput
) -> TindakLanjut:
    """Change a follow-up the actor loaded at ``expected_version`` (status included: cancelling is setting
    ``dibatalkan``). Both the region it had and the one it gets must lie in the actor's scope."""
    _check_input(data, validate_tindak_lanjut(data))
    _require_write_scope(actor, data.region_code, data)

    def work(conn: Connection) -> TindakLanjut:
        current = _find_tindak_lanjut(conn, item_id)
        if current is None:
            raise MissingRecordError(f"Tidak tersimpan: tindak lanjut {item_id} tidak ada; {KEEP_INPUT}.", data)
        _require_write_scope(actor, current.data.region_code, data)
        if (data.rapat_id, data.region_code) != (current.data.rapat_id, current.data.region_code):
            _check_rapat_link(conn, data)
        _save_change(
            conn,
            table=tindak_lanjut_table,
            entity=TINDAK_LANJUT,
            current=current,
            expected_version=expected_version,
            data=data,
            actor=actor,
            find=_find_tindak_lanjut,
        )
        return _found_tindak_lanjut(conn, item_id)

    return _write(engine, data, work)


def change_status(
    engine: Engine, *, actor: Actor, item: TindakLanjut, status: str, evidence: str | None = None
) -> TindakLanjut:
    """Move a follow-up the actor has on screen to ``status`` (and set its evidence when given, else keep it):
    the quick action of a list row, checked against the version shown."""
    data = replace(item.data, status=status, evidence=item.data.evidence if evidence is None else evidence)
    return update_tindak_lanjut(engine, actor=actor, item_id=item.id, expected_version=item.stamp.version, data=data)


def get_tindak_lanjut(engine: Engine, *, actor: Actor, item_id: int) -> TindakLanjut:
    found = _read(engine, lambda conn: _find_tindak_lanjut(conn, item_id))
    if found is None:
        raise NotFoundError(f"Tindak lanjut {item_id} tidak ditemukan.")
    _require_read_scope(actor, found.data.region_code)
    return found


def _check_page(limit: int, offset: int) -> None:
    if not 1 <= limit <= LIST_LIMIT_MAX or offset < 0:
        raise ValueError(f"limit must be 1-{LIST_LIMIT_MAX} and offset >= 0, got {limit}, {offset}")


def tindak_lanjut_filter(
    *,
    region_code: str | None,
    statuses: Collection[str] | None = None,
    overdue_on: dt.date | None = None,
    owner: str | None = None,
    rapat_id: int | None = None,
) -> ColumnElement[bool]:
    """The WHERE clause of a follow-up listing (see :func:`list_tindak_lanjut`); no scope check here."""
    unknown = set(statuses or ()) - set(STATUSES)
    if unknown:
        hint = f" (use overdue_on for {TERLAMBAT!r})" if TERLAMBAT in unknown else ""
        raise ValueError(f"unknown statuses {sorted(unknown)}{hint}")
    conditions = [within_region(tl.region_code, region_code)]
    if statuses:
        conditions.append(tl.status.in_(sorted(statuses)))
    if overdue_on is not None:
        conditions += [tl.status.in_(OPEN_STATUSES), tl.due_on < overdue_on]
    if owner is not None:
        conditions.append(tl.owner == owner)
    if rapat_id is not None:
        conditions.append(tl.rapat_id == rapat_id)
    return and_(*conditions)


def list_tindak_lanjut(
    engine: Engine,
    *,
    actor: Actor,
    region_code: str | None,
    statuses: Collection[str] | None = None,
    overdue_on: dt.date | None = None,
    owner: str | None = None,
    rapat_id: int | None = None,
    limit: int = 200,
    offset: int = 0,
) -> Listing[TindakLanjut]:
    """Follow-ups of ``region_code`` (None: the whole country) and every region below it, the earliest due
    first; narrowed to stored ``statuses``, to those late on ``overdue_on`` (open and due before that day), to
    one ``owner`` (exactly as typed) or to one meeting's."""
    _require_read_scope(actor, region_code)
    _check_page(limit, offset)
    where = tindak_lanjut_filter(
        region_code=region_code, statuses=statuses, overdue_on=overdue_on, owner=owner, rapat_id=rapat_id
    )

    def work(conn: Connection) -> Listing[TindakLanjut]:
        total = conn.execute(select(func.count()).select_from(tindak_lanjut_table).where(where)).scalar_one()
        rows = conn.execute(tindak_lanjut_page_query(where, limit, offset))
        return Listing(items=tuple(_tindak_lanjut(row) for row in rows), total=total)

    return _read(engine, work)


def tindak_lanjut_page_query(where: ColumnElement[bool], limit: int, offset: int) -> Select:
    """The statement of one listing page: what :func:`list_tindak_lanjut` runs, and what the index test
    explains."""
    return _tindak_lanjut_select().where(where).order_by(tl.due_on, tl.id).limit(limit).offset(offset)


def status_counts(engine: Engine, *, actor: Actor, region_code: str | None, on: dt.date) -> dict[str, int]:
    """How many follow-ups of the region (and below) show each status on day ``on``: the stored statuses,
    with the late open ones counted under "terlambat" instead (every status present, 0 where none)."""
    _require_read_scope(actor, region_code)
    late = and_(tl.status.in_(OPEN_STATUSES), tl.due_on < on)

    def work(conn: Connection) -> dict[str, int]:
        rows = conn.execute(
            select(tl.status, late.label("late"), func.count())
            .where(within_region(tl.region_code, region_code))
            .group_by(tl.status, late)
        )
        counts = dict.fromkeys((*STATUSES, TERLAMBAT), 0)
        for status, is_late, count in rows:
            counts[TERLAMBAT if is_late else status] += count
        return counts

    return _read(engine, work)


def owner_suggestions(
    engine: Engine, *, actor: Actor, region_code: str | None, typed: str = "", limit: int = 10
) -> list[str]:
    """Owners typed before for follow-ups of the region and below, most used first (then alphabetically),
    those containing ``typed`` (ignoring case) when given.

    The match is done in Python with ``casefold`` so it is the same on both backends and for every script
    (SQLite's ``lower`` folds ASCII only); a region has at most thousands of distinct owners.
    """
    _require_read_scope(actor, region_code)
    needle = typed.casefold()

    def work(conn: Connection) -> list[str]:
        uses = func.count().label("uses")
        rows = conn.execute(
            select(tl.owner, uses)
            .where(within_region(tl.region_code, region_code))
            .group_by(tl.owner)
            .order_by(uses.desc(), tl.owner)
        )
        matching = (owner for owner, _uses in rows if needle in owner.casefold())
        return [owner for _index, owner in zip(range(limit), matching, strict=False)]

    return _read(engine, work)


def item_history(engine: Engine, *, actor: Actor, entity: str, entity_id: int) -> tuple[HistoryEntry, ...]:
    """Every version of one rapat or follow-up, oldest first, for an actor who may read it now."""
    if entity not in ENTITIES:
        raise ValueError(f"unknown entity {entity!r}")
    table = rapat_table if entity == RAPAT else tindak_lanjut_table

    def work(conn: Connection) -> tuple[str | None, tuple[HistoryEntry, ...]]:
        region = conn.execute(select(table.c.region_code).where(table.c.id == entity_id)).scalar_one_or_none()
        return region, _history_since(conn, entity, entity_id, 0)

    region, entries = _read(engine, work)
    if region is None:
        raise NotFoundError(f"{what(entity).capitalize()} {entity_id} tidak ditemukan.")
    _require_read_scope(actor, region)
    return entries
