"""The one rule every figure follows: the summaries' answer when they have one, else the raw tables'.

Each public function that may read a summary pairs a *stored* lookup (one of :mod:`.lookup`'s
``summary_*`` functions, which return None whenever the summaries cannot answer -- switched off,
missing, stale, not covering the period -- and log why) with the *raw* computation of the same
value from the shared database. The two paths must give the same figures; the tests compare them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def read_through(stored: Callable[[], T | None] | None, raw: Callable[[], T]) -> T:
    """``stored()`` when it answers (not None), else ``raw()``; only ``raw`` when ``stored`` is None.

    ``stored`` is None where the summaries cannot hold the answer by design (a refresh computing
    what it is about to store, a data-quality scan with another offender limit): the call site
    still reads as the same rule. Both callables are run lazily, so the raw queries cost nothing
    when the summaries answer."""
    if stored is not None:
        found = stored()
        if found is not None:
            return found
    return raw()
