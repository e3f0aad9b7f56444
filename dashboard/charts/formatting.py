"""Indonesian number, percentage and date formats: ``1.234,5`` and month names Januari ... Desember."""

from __future__ import annotations

MONTHS_ID: tuple[str, ...] = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

NULL_DISPLAY = "–"


def format_number(value: float | int | None, decimals: int = 0) -> str:
    """``1234.5`` -> ``"1.234,5"`` (decimals given); None -> ``"–"``."""
    if value is None:
        return NULL_DISPLAY
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


def format_percent(value: float | None, decimals: int = 1) -> str:
    """``61.234`` -> ``"61,2 %"``; None (denominator 0) -> ``"–"``."""
    if value is None:
        return NULL_DISPLAY
    return f"{format_number(value, decimals)} %"


def format_points(value: float | None, decimals: int = 1) -> str:
    """A change in percentage points with its sign: ``+4,2 poin``."""
    if value is None:
        return NULL_DISPLAY
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return f"{sign}{format_number(abs(value), decimals)} poin"


def month_name(month: int) -> str:
    """1 -> ``"Januari"``."""
    return MONTHS_ID[month - 1]


def period_label(year: int, month: int) -> str:
    """The period as people say it: ``"2025"`` for a whole year, ``"2026 s.d. Oktober"`` for a cut."""
    return str(year) if month == 12 else f"{year} s.d. {month_name(month)}"
