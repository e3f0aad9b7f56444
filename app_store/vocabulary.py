"""The words the store writes and the page will show: statuses, history actions, limits.

They are stored as these exact words (a CHECK constraint holds the statuses), so a word changed here is a
migration, not an edit. "terlambat" is deliberately not among the stored statuses: it is derived from the
due date on the day someone looks (:func:`shown_status`), so it can never go stale in the database.
"""

from __future__ import annotations

import datetime as dt

DIRENCANAKAN = "direncanakan"
BERJALAN = "berjalan"
SELESAI = "selesai"
DIBATALKAN = "dibatalkan"
STATUSES: tuple[str, ...] = (DIRENCANAKAN, BERJALAN, SELESAI, DIBATALKAN)
"""Every stored status, in the order of a follow-up's life (cancel may come at any point)."""
OPEN_STATUSES: tuple[str, ...] = (DIRENCANAKAN, BERJALAN)
"""The statuses of a follow-up still to be done: only these can be late."""
TERLAMBAT = "terlambat"
"""Shown, never stored: an open follow-up whose due date has passed."""

TANPA_AKUN = "tanpa akun"
"""Who wrote, when access control is off (a laptop, the sample): recorded as such in the history."""

RAPAT = "rapat"
TINDAK_LANJUT = "tindak_lanjut"
ENTITIES: tuple[str, ...] = (RAPAT, TINDAK_LANJUT)
"""What a history row may be about."""

DIBUAT = "dibuat"
DIUBAH = "diubah"
HISTORY_ACTIONS: tuple[str, ...] = (DIBUAT, DIUBAH)

# Lengths in characters (code points), checked before any write and, on PostgreSQL, by the column type too.
REGION_CODE_MAX = 13
TITLE_MAX = 200
PLACE_MAX = 200
NOTES_MAX = 2000
ACTION_MAX = 1000
OWNER_MAX = 120
EVIDENCE_MAX = 2000
ACTOR_MAX = 120
PARTICIPANTS_MAX = 100_000
"""A rapat koordinasi has tens to a few hundred participants (Kota Serang's had 83); above this is a typo."""
FIRST_DATE = dt.date(2000, 1, 1)
LAST_DATE = dt.date(2100, 12, 31)
"""Meeting and due dates outside this range are typing mistakes, not plans."""


def is_overdue(status: str, due_on: dt.date, on: dt.date) -> bool:
    """Whether a follow-up is late on day ``on``: still open and its due date has passed (the due day itself
    is not late)."""
    return status in OPEN_STATUSES and due_on < on


def shown_status(status: str, due_on: dt.date, on: dt.date) -> str:
    """The status to show on day ``on``: "terlambat" for a late open follow-up, else the stored one."""
    return TERLAMBAT if is_overdue(status, due_on, on) else status
