"""Every write and read of rapat and tindak lanjut, in one import: what pages, commands and tests call.

The work is split by what it is about -- :mod:`app_store.meetings` (rapat), :mod:`app_store.follow_ups`
(tindak lanjut), :mod:`app_store.versions` (the history of either) -- on two shared layers:
:mod:`app_store.transactions` (the frame of every read and write: input, scope and store checks, one
transaction, the version and its history row, the conflict when someone saved in between) and
:mod:`app_store.stored_rows` (rows to records, lookups by id, the region range of a listing). Only these
modules run SQL on the store's rows.

Writes: each is one transaction that checks the store may be written, changes one row and adds its history row,
so a change and its record stand or fall together. An edit names the version it started from; when someone
else saved in between, nothing is overwritten and :class:`~app_store.errors.ConflictError` shows what they
changed. Nothing is ever deleted: a follow-up is cancelled by its status, a rapat entered by mistake hidden.

Scope: an :class:`~app_store.records.Actor` rooted at a region may write and read only that region and what
lies below it, by the same prefix rule as the figures (:func:`data_access.access.is_within`); in SQL that rule is
a byte-order range on ``region_code``, which the listing indexes serve.
"""

from __future__ import annotations

from app_store.follow_ups import (
    change_status,
    create_tindak_lanjut,
    get_tindak_lanjut,
    list_tindak_lanjut,
    owner_suggestions,
    status_counts,
    tindak_lanjut_filter,
    tindak_lanjut_page_query,
    update_tindak_lanjut,
)
from app_store.meetings import create_rapat, get_rapat, hide_rapat, list_rapat, update_rapat
from app_store.stored_rows import within_region
from app_store.transactions import LIST_LIMIT_MAX
from app_store.versions import item_history

__all__ = [
    "LIST_LIMIT_MAX",
    "change_status",
    "create_rapat",
    "create_tindak_lanjut",
    "get_rapat",
    "get_tindak_lanjut",
    "hide_rapat",
    "item_history",
    "list_rapat",
    "list_tindak_lanjut",
    "owner_suggestions",
    "status_counts",
    "tindak_lanjut_filter",
    "tindak_lanjut_page_query",
    "update_rapat",
    "update_tindak_lanjut",
    "within_region",
]
