"""The briefing's tindak lanjut section: what the rakor decided for the region and below, counted by
status on the briefing's day, and the overdue ones named.

A Wali Kota / Bupati asks "what happened to what we decided?" before asking about the figures, so
the briefing carries the follow-ups kept in the dashboard's own store (:mod:`app_store`), read as
the anonymous actor (the briefing covers the region and everything below, like its figures). The
store is optional: missing, not yet migrated, unreachable or empty, the section says so in one line
and the briefing is still made -- a briefing must never fail because the notes of a meeting could
not be read. Regions are named from the shared database (the store keeps codes only).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from app_store.engine import create_store_engine
from app_store.errors import StoreError
from app_store.migrate import KOSONG, store_status
from app_store.records import Actor, TindakLanjut
from app_store.repository import list_tindak_lanjut, status_counts
from app_store.vocabulary import BERJALAN, DIBATALKAN, DIRENCANAKAN, SELESAI, TERLAMBAT
from data_access.scope import Region, UnknownRegionError, get_region

SHOWN_ORDER = (TERLAMBAT, DIRENCANAKAN, BERJALAN, SELESAI, DIBATALKAN)
"""Counts in the order a reader wants them: late first."""
LIST_LIMIT = 200
"""Follow-ups listed in the workbook; the counts always cover all of them."""
OVERDUE_LIMIT = 20
"""Overdue follow-ups read for naming; the PDF names as many as fit its page."""
LIST_HEADERS = ["Wilayah", "Kode", "Tindakan", "Penanggung jawab", "Jatuh tempo", "Status", "Rapat"]


@dataclass(frozen=True)
class FollowUpRow:
    """One follow-up as the briefing prints it (status as shown on the briefing's day)."""

    region: str
    code: str
    action: str
    owner: str
    due_on: dt.date
    status: str
    rapat: str | None

    def days_late(self, on: dt.date) -> int:
        return (on - self.due_on).days


@dataclass(frozen=True)
class FollowUps:
    """Counts by shown status, the overdue (earliest due first) and the list; ``note`` is the one
    line shown instead when there is nothing to count (no store, unreadable, empty)."""

    counts: dict[str, int]
    overdue: tuple[FollowUpRow, ...]
    rows: tuple[FollowUpRow, ...]
    note: str | None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def counts_line(self) -> str:
        """``12 tindak lanjut: 2 terlambat, 3 direncanakan, 4 berjalan, 2 selesai, 1 dibatalkan.``"""
        parts = [f"{self.counts.get(status, 0)} {status}" for status in SHOWN_ORDER]
        return f"{self.total} tindak lanjut: " + ", ".join(parts) + "."


def unavailable(note: str) -> FollowUps:
    return FollowUps(counts={}, overdue=(), rows=(), note=note)


def _row(item: TindakLanjut, names: dict[str, str], on: dt.date) -> FollowUpRow:
    data = item.data
    return FollowUpRow(
        region=names.get(data.region_code, data.region_code),
        code=data.region_code,
        action=data.action,
        owner=data.owner,
        due_on=data.due_on,
        status=item.shown_status(on),
        rapat=item.rapat_title,
    )


def _region_names(
    shared: Engine, codes: set[str], known: dict[str, str], title: Callable[[Region], str]
) -> dict[str, str]:
    """Code -> printed name ("Kecamatan Curug"); a code the shared database no longer knows is
    printed as the code."""
    names = {code: known[code] for code in codes if code in known}
    with shared.connect() as conn:
        for code in sorted(codes - names.keys()):
            try:
                names[code] = title(get_region(conn, code))
            except UnknownRegionError:
                names[code] = code
    return names


def read_followups(
    store_url: str,
    shared: Engine,
    *,
    region_code: str | None,
    region_title: str,
    on: dt.date,
    known: dict[str, str],
    title: Callable[[Region], str],
) -> FollowUps:
    """The follow-ups of ``region_code`` and below on day ``on``; never raises for a store problem.

    ``known``: printed names already at hand (the region's path and children), so most need no
    query; ``title`` names any other region as the briefing does."""
    try:
        store = create_store_engine(store_url)
    except StoreError as error:
        return unavailable(f"Tindak lanjut tidak dapat dibaca: {error.message}")
    try:
        status = store_status(store)  # a missing SQLite file is "kosong" without being created by the look
        if status.state == KOSONG:
            return unavailable(
                "Belum ada penyimpanan rapat dan tindak lanjut, jadi belum ada tindak lanjut yang dicatat."
            )
        if not status.readable:
            return unavailable(f"Tindak lanjut tidak dapat dibaca: {status.message}")
        actor = Actor.anonymous()
        counts = status_counts(store, actor=actor, region_code=region_code, on=on)
        if not sum(counts.values()):
            return unavailable(f"Belum ada tindak lanjut yang dicatat untuk {region_title} dan wilayah di bawahnya.")
        listed = list_tindak_lanjut(store, actor=actor, region_code=region_code, limit=LIST_LIMIT).items
        late = list_tindak_lanjut(store, actor=actor, region_code=region_code, overdue_on=on, limit=OVERDUE_LIMIT)
    except (StoreError, SQLAlchemyError) as error:
        message = error.message if isinstance(error, StoreError) else "penyimpanan tidak dapat dihubungi."
        return unavailable(f"Tindak lanjut tidak dapat dibaca: {message}")
    finally:
        store.dispose()
    names = _region_names(shared, {item.data.region_code for item in (*listed, *late.items)}, known, title)
    return FollowUps(
        counts=counts,
        overdue=tuple(_row(item, names, on) for item in late.items),
        rows=tuple(_row(item, names, on) for item in listed),
        note=None,
    )
