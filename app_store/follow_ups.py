"""Tindak lanjut: record and change follow-ups (status moves included), read one, list a region's with the
page's filters, count them by status on a day, and suggest owners typed before."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import replace

from sqlalchemy import Connection, Engine, Select, and_, func, select
from sqlalchemy.sql.elements import ColumnElement

from app_store.errors import InvalidInputError, NotFoundError
from app_store.models import tindak_lanjut_table
from app_store.records import (
    Actor,
    Listing,
    TindakLanjut,
    TindakLanjutInput,
)
from app_store.stored_rows import (
    find_rapat,
    find_tindak_lanjut,
    tindak_lanjut_record,
    tindak_lanjut_select,
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
from app_store.validation import validate_tindak_lanjut
from app_store.vocabulary import OPEN_STATUSES, STATUSES, TERLAMBAT, TINDAK_LANJUT
from data_access.access import is_within

TINDAK_LANJUT_ROWS = Versioned(
    table=tindak_lanjut_table,
    entity=TINDAK_LANJUT,
    noun="tindak lanjut",
    find=find_tindak_lanjut,
    validate=validate_tindak_lanjut,
)
"""How :func:`update_tindak_lanjut` reads, checks and stores a tindak lanjut."""


def _check_rapat_link(conn: Connection, data: TindakLanjutInput) -> None:
    """A follow-up's meeting must exist and the follow-up's region lie in the meeting's region or below it.

    The meeting itself may be above the writer's scope: a camat records what their kecamatan does about a
    kabupaten rapat's decision."""
    if data.rapat_id is None:
        return
    meeting = find_rapat(conn, data.rapat_id)
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
    found = find_tindak_lanjut(conn, item_id)
    assert found is not None  # read in the same transaction that just wrote it
    return found


def create_tindak_lanjut(engine: Engine, *, actor: Actor, data: TindakLanjutInput) -> TindakLanjut:
    """Record a follow-up for ``data.region_code`` (in the actor's scope), with the figure it should move as it
    stands now, if it names one."""
    check_input(data, validate_tindak_lanjut(data))
    require_write_scope(actor, data.region_code, data)

    def work(conn: Connection) -> TindakLanjut:
        _check_rapat_link(conn, data)
        return _found_tindak_lanjut(conn, insert_first_version(conn, tindak_lanjut_table, TINDAK_LANJUT, data, actor))

    return run_write(engine, data, work)


def update_tindak_lanjut(
    engine: Engine, *, actor: Actor, item_id: int, expected_version: int, data: TindakLanjutInput
) -> TindakLanjut:
    """Change a follow-up the actor loaded at ``expected_version`` (status included: cancelling is setting
    ``dibatalkan``). Both the region it had and the one it gets must lie in the actor's scope."""

    def check_moved_link(conn: Connection, current: TindakLanjut) -> None:
        if (data.rapat_id, data.region_code) != (current.data.rapat_id, current.data.region_code):
            _check_rapat_link(conn, data)

    return update_versioned(engine, TINDAK_LANJUT_ROWS, actor, item_id, expected_version, data, check=check_moved_link)


def change_status(
    engine: Engine, *, actor: Actor, item: TindakLanjut, status: str, evidence: str | None = None
) -> TindakLanjut:
    """Move a follow-up the actor has on screen to ``status`` (and set its evidence when given, else keep it):
    the quick action of a list row, checked against the version shown."""
    data = replace(item.data, status=status, evidence=item.data.evidence if evidence is None else evidence)
    return update_tindak_lanjut(engine, actor=actor, item_id=item.id, expected_version=item.stamp.version, data=data)


def get_tindak_lanjut(engine: Engine, *, actor: Actor, item_id: int) -> TindakLanjut:
    found = run_read(engine, lambda conn: find_tindak_lanjut(conn, item_id))
    if found is None:
        raise NotFoundError(f"Tindak lanjut {item_id} tidak ditemukan.")
    require_read_scope(actor, found.data.region_code)
    return found


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
    require_read_scope(actor, region_code)
    check_page(limit, offset)
    where = tindak_lanjut_filter(
        region_code=region_code, statuses=statuses, overdue_on=overdue_on, owner=owner, rapat_id=rapat_id
    )

    def work(conn: Connection) -> Listing[TindakLanjut]:
        total = conn.execute(select(func.count()).select_from(tindak_lanjut_table).where(where)).scalar_one()
        rows = conn.execute(tindak_lanjut_page_query(where, limit, offset))
        return Listing(items=tuple(tindak_lanjut_record(row) for row in rows), total=total)

    return run_read(engine, work)


def tindak_lanjut_page_query(where: ColumnElement[bool], limit: int, offset: int) -> Select:
    """The statement of one listing page: what :func:`list_tindak_lanjut` runs, and what the index test
    explains."""
    return tindak_lanjut_select().where(where).order_by(tl.due_on, tl.id).limit(limit).offset(offset)


def status_counts(engine: Engine, *, actor: Actor, region_code: str | None, on: dt.date) -> dict[str, int]:
    """How many follow-ups of the region (and below) show each status on day ``on``: the stored statuses,
    with the late open ones counted under "terlambat" instead (every status present, 0 where none)."""
    require_read_scope(actor, region_code)
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

    return run_read(engine, work)


def owner_suggestions(
    engine: Engine, *, actor: Actor, region_code: str | None, typed: str = "", limit: int = 10
) -> list[str]:
    """Owners typed before for follow-ups of the region and below, most used first (then alphabetically),
    those containing ``typed`` (ignoring case) when given.

    The match is done in Python with ``casefold`` so it is the same on both backends and for every script
    (SQLite's ``lower`` folds ASCII only); a region has at most thousands of distinct owners.
    """
    require_read_scope(actor, region_code)
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

    return run_read(engine, work)
