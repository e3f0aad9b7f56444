"""The camat's Posyandu list as shown: status with its symbol, ✔/✖ for registration and SK, trained
kader as "3 dari 12 (25,0 %)", the last month reported by name, and the gaps in words; plus the
search and filters, and the month's changes. Pure DataFrame builders, testable without Streamlit."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.charts.formatting import format_number, format_percent, month_name, number_or_none, whole
from dashboard.labels import CHANGE_LABELS, GAP_LABELS, GAP_STATUS_LABELS
from data_access.vocabulary import KURANG, LENGKAP, PERLU_PERHATIAN

CHECK, CROSS = "✔", "✖"
NEVER_REPORTED = "belum pernah"


def month_display(period: object) -> str:
    """``"2026-10-01"`` -> ``"Oktober 2026"``; nothing -> ``"belum pernah"``."""
    if period is None or (not isinstance(period, str) and pd.isna(period)):
        return NEVER_REPORTED
    text = str(period)
    try:
        return f"{month_name(int(text[5:7]))} {text[:4]}"
    except ValueError:
        return text


def date_display(value: object) -> str:
    """``"2025-09-10"`` -> ``"10 September 2025"``; unknown -> ``"–"``."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "–"
    try:
        day = dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return f"{day.day} {month_name(day.month)} {day.year}"


def trained_display(trained: object, kader: object, share: object) -> str:
    """``"3 dari 12 (25,0 %)"``; ``"tidak ada kader"`` without kader."""
    if not kader:
        return "tidak ada kader"
    shown = number_or_none(share)
    return f"{format_number(whole(trained))} dari {format_number(whole(kader))} ({format_percent(shown)})"


def filter_worklist(
    worklist: pd.DataFrame, query: str = "", statuses: list[str] | None = None, gaps: list[str] | None = None
) -> pd.DataFrame:
    """Rows whose name, desa/kelurahan or location contains ``query`` (case-insensitive), whose status
    is one of ``statuses`` and that have every gap in ``gaps`` (empty filters keep everything)."""
    keep = pd.Series(True, index=worklist.index)
    words = query.strip().lower()
    if words:
        haystack = (
            worklist["name"].fillna("").astype(str)
            + " "
            + worklist["desa_name"].fillna("").astype(str)
            + " "
            + worklist["location"].fillna("").astype(str)
        ).str.lower()
        keep &= haystack.str.contains(words, regex=False)
    if statuses:
        keep &= worklist["status"].isin(statuses)
    if gaps:
        wanted = set(gaps)
        keep &= worklist["gaps"].map(lambda found: wanted.issubset(found))
    return worklist[keep]


def worklist_table(worklist: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``posyandu_worklist`` as shown, in the same order: who, what is missing, then the
    details behind the gaps."""
    return pd.DataFrame(
        {
            "Status": worklist["status"].map(GAP_STATUS_LABELS),
            "Posyandu": worklist["name"],
            "Desa/Kelurahan": worklist["desa_name"],
            "Kekurangan": worklist["gaps"].map(lambda gaps: ", ".join(GAP_LABELS[gap] for gap in gaps) or "–"),
            "Lokasi": worklist["location"].fillna("–"),
            "Teregistrasi": worklist["registered"].map(lambda yes: CHECK if yes else CROSS),
            "SK": worklist["has_sk"].map(lambda yes: CHECK if yes else CROSS),
            "Kader": worklist["kader_count"].astype(int),
            "Kader terlatih": [
                trained_display(trained, kader, share)
                for trained, kader, share in zip(
                    worklist["trained_kader_count"], worklist["kader_count"], worklist["trained_pct"], strict=True
                )
            ],
            "Bidang dilayani": worklist["bidang_served"].map(lambda served: f"{int(served)} dari 6"),
            "Laporan terakhir": worklist["last_report_period"].map(month_display),
            "ID": worklist["posyandu_id"].astype(int),
        }
    )


STATUS_CELL_STYLES: dict[str, str] = {
    GAP_STATUS_LABELS[PERLU_PERHATIAN]: "background-color: #FEE2E2; color: #991B1B; font-weight: 600",
    GAP_STATUS_LABELS[KURANG]: "background-color: #FEF3C7; color: #92400E",
    GAP_STATUS_LABELS[LENGKAP]: "background-color: #DCFCE7; color: #166534",
}


def styled_worklist(table: pd.DataFrame):  # -> pandas Styler
    """``worklist_table`` with the status cells tinted (the label and symbol stay, so colour is a help,
    not the only cue)."""
    return table.style.map(lambda value: STATUS_CELL_STYLES.get(value, ""), subset=["Status"])


def changes_table(changes: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``posyandu_changes`` as shown: what changed, where, and when."""
    return pd.DataFrame(
        {
            "Perubahan": changes["change"].map(CHANGE_LABELS),
            "Posyandu": changes["name"],
            "Desa/Kelurahan": changes["desa_name"],
            "Tanggal": [
                month_display(date) if change == "stopped_reporting" else date_display(date)
                for change, date in zip(changes["change"], changes["date"], strict=True)
            ],
            "ID": changes["posyandu_id"].astype(int),
        }
    )


def names_preview(changes: pd.DataFrame, change: str, *, limit: int = 4) -> str:
    """``"Posyandu Mawar (Cimuncang), … dan 3 lainnya"`` for one kind of change; ``""`` when none."""
    rows = changes[changes["change"] == change]
    shown = [f"{name} ({desa})" for name, desa in zip(rows["name"], rows["desa_name"], strict=True)][:limit]
    rest = len(rows) - len(shown)
    text = ", ".join(shown)
    return f"{text} dan {format_number(rest)} lainnya" if rest > 0 else text
