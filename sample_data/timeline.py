"""The sample's fixed calendar, and the date helpers every generator shares.

Nothing here reads today's date: the sample must be identical whenever it is built, so its data
stop at a fixed month (October 2026) and its deliberately future-dated rows use 2099, which stays in
the future on any machine.
"""

from __future__ import annotations

import datetime as dt
import random

FIRST_REPORT_MONTH = dt.date(2024, 1, 1)
LAST_REPORT_MONTH = dt.date(2026, 10, 1)
DATA_END = dt.date(2026, 10, 31)
"""No generated fact (other than the dirty 2099 rows) is dated after this day."""
FUTURE_YEAR = 2099


def months(first: dt.date = FIRST_REPORT_MONTH, last: dt.date = LAST_REPORT_MONTH) -> list[dt.date]:
    """First days of every month from ``first`` to ``last`` inclusive."""
    result = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        result.append(dt.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result


REPORT_MONTHS: tuple[dt.date, ...] = tuple(months())


def iso(day: dt.date | None) -> str | None:
    """A date as the contract's ISO text (None stays None)."""
    return day.isoformat() if day is not None else None


def from_year_fraction(value: float) -> dt.date:
    """2025.5 -> about 2 July 2025: the generators think in fractional years, rows hold dates."""
    year = int(value)
    start = dt.date(year, 1, 1)
    length = (dt.date(year + 1, 1, 1) - start).days
    return start + dt.timedelta(days=min(length - 1, int((value - year) * length)))


def year_fraction(day: dt.date) -> float:
    """The inverse of :func:`from_year_fraction`."""
    start = dt.date(day.year, 1, 1)
    length = (dt.date(day.year + 1, 1, 1) - start).days
    return day.year + (day - start).days / length


def random_date(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    """A uniformly drawn day in [first, last]."""
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def adoption_date(
    rng: random.Random, *, centre: float, spread: float, earliest: float, last: dt.date = DATA_END
) -> dt.date | None:
    """When something (a registration, a training, a decree) happened, or None if not yet by ``last``.

    Drawn from a normal distribution around ``centre`` (a fractional year) and reflected at
    ``earliest`` (so that no lump piles up on that day): regions and Posyandu with a higher
    propensity get an earlier centre, so the share of adopters rises over time and differs between
    places -- what the Renstra figures should show.
    """
    value = rng.gauss(centre, spread)
    if value < earliest:
        value = earliest + (earliest - value)
    day = from_year_fraction(value)
    return day if day <= last else None
