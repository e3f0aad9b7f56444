"""A follow-up's versions as a table: who changed which field from what to what. Used by the list (every
version of one item) and by the form (the other person's change that refused a save)."""

from __future__ import annotations

import pandas as pd

from app_store.records import HistoryEntry
from data_access.settings import JAKARTA

FIELD_LABELS = {
    "region_code": "Wilayah",
    "action": "Tindakan",
    "owner": "Pelaksana",
    "due_on": "Tenggat",
    "status": "Status",
    "evidence": "Bukti",
    "metric_code": "Indikator",
    "posyandu_id": "Posyandu",
    "figure_value": "Angka awal",
    "figure_period": "Periode angka awal",
    "figure_target": "Target angka awal",
    "rapat_id": "Rapat",
}
COLUMNS = ["Versi", "Waktu", "Oleh", "Perubahan", "Isian", "Sebelum", "Sesudah"]


def _text(value: object) -> str:
    """Every cell as text: one column may hold dates, numbers and words, and text is shown as typed."""
    return "" if value is None else str(value)


def history_frame(entries: tuple[HistoryEntry, ...]) -> pd.DataFrame:
    """One row per field changed in each version, oldest first, times in WIB."""
    rows = [
        {
            "Versi": entry.version,
            "Waktu": entry.changed_at.astimezone(JAKARTA).strftime("%d-%m-%Y %H:%M WIB"),
            "Oleh": entry.changed_by,
            "Perubahan": entry.action,
            "Isian": FIELD_LABELS.get(field, field),
            "Sebelum": _text(before),
            "Sesudah": _text(after),
        }
        for entry in entries
        for field, (before, after) in entry.changes().items()
    ]
    return pd.DataFrame(rows, columns=COLUMNS)
