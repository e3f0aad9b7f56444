"""Indonesian number, percentage and date formats: ``1.234,5`` and month names Januari ... Desember.

Rounding is half-up (61,25 % reads "61,3 %"), as people round by hand; missing values -- None or a
pandas NaN -- read "–" (METRICS.md: a null is shown as "–", never 0).
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import SupportsFloat, SupportsInt

import pandas as pd

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

MONTHS_SHORT: tuple[str, ...] = tuple(name[:3] for name in MONTHS_ID)
"""``Jan`` … ``Des``: a month axis's labels, which must fit a phone's width level (the hover keeps
the full name)."""

NULL_DISPLAY = "–"


def _nan(value: float | int) -> bool:
    return isinstance(value, float) and math.isnan(value)


def number_or_none(value: object) -> float | None:
    """A figure or table cell as a float; None for a missing one (None, NaN, ``pd.NA``). Anything
    that is not a number (or numeric text) raises TypeError, as ``float()`` would."""
    if value is None or pd.isna(value):
        return None
    if isinstance(value, (SupportsFloat, str)):
        return float(value)
    raise TypeError(f"not a number: {value!r}")


def whole(value: object) -> int:
    """A count from a table cell (a Python or numpy integer, or a whole float) as an int."""
    if isinstance(value, (SupportsInt, str)):
        return int(value)
    raise TypeError(f"not a count: {value!r}")


def _rounded(value: float | int, decimals: int) -> Decimal:
    return Decimal(repr(float(value)) if isinstance(value, float) else str(value)).quantize(
        Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP
    )


def format_number(value: float | int | None, decimals: int = 0) -> str:
    """``1234.5`` -> ``"1.234,5"`` (decimals given); None, NaN or infinity -> ``"–"``."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return NULL_DISPLAY
    text = f"{_rounded(value, decimals):,.{decimals}f}"
    if text.startswith("-") and _rounded(value, decimals) == 0:
        text = text[1:]
    return text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


def format_percent(value: float | None, decimals: int = 1) -> str:
    """``61.234`` -> ``"61,2 %"``; None (denominator 0) -> ``"–"``."""
    if value is None or _nan(value):
        return NULL_DISPLAY
    return f"{format_number(value, decimals)} %"


def format_points(value: float | None, decimals: int = 1) -> str:
    """A change in percentage points with its sign: ``+4,2 poin``; ``±0,0 poin`` when it rounds to 0."""
    if value is None or _nan(value):
        return NULL_DISPLAY
    rounded = _rounded(value, decimals)
    sign = "+" if rounded > 0 else ("−" if rounded < 0 else "±")
    return f"{sign}{format_number(abs(value), decimals)} poin"


def month_name(month: int) -> str:
    """1 -> ``"Januari"``; anything outside 1-12 raises ValueError."""
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1-12, not {month}")
    return MONTHS_ID[month - 1]


def period_label(year: int, month: int) -> str:
    """The period as people say it: ``"2025"`` for a whole year, ``"2026 s.d. Oktober"`` for a cut."""
    return str(year) if month == 12 else f"{year} s.d. {month_name(month)}"
