"""Then -> now: did the figure a follow-up was meant to move go toward its target?

Pure (no database): the follow-up keeps its figure as it stood when written (:class:`FigureThen`); the caller
reads the same figure now from ``data_access`` (:class:`FigureNow`) and asks :func:`movement`. The answer is
one of :data:`MOVEMENTS`, in the dashboard's words.
"""

from __future__ import annotations

from app_store.records import FigureNow, FigureThen
from data_access.metrics.renstra import attainment_status
from data_access.vocabulary import TERCAPAI

MENDEKATI_TARGET = "mendekati target"
MENJAUH = "menjauh"
TETAP = "tetap"
TANPA_DATA = "tanpa data"
MOVEMENTS: tuple[str, ...] = (TERCAPAI, MENDEKATI_TARGET, TETAP, MENJAUH, TANPA_DATA)
"""Every answer of :func:`movement`, best first."""

STEADY_TOLERANCE = 0.05
"""A change smaller than this is "tetap": the pages show percentages to one decimal, so a figure that reads
the same on screen must not be called a movement. Counts move in whole steps, so it never hides one."""
LOWER_IS_BETTER_METRICS = frozenset({"kader_under5_count"})
"""Metric codes a follow-up should push down (Posyandu with fewer than 5 kader); every other goes up."""


def higher_is_better(metric_code: str | None) -> bool:
    """The direction a follow-up should move its figure: up for a metric, except the counts of what is
    lacking; down for a Posyandu (``metric_code`` None), whose figure is its number of gaps."""
    if metric_code is None:
        return False
    return metric_code not in LOWER_IS_BETTER_METRICS


def _reached(value: float, target: float, higher: bool) -> bool:
    if higher:
        return attainment_status(value, target) == TERCAPAI
    return value <= target + 1e-9


def movement(then: FigureThen, now: FigureNow, *, higher: bool = True) -> str:
    """Where the figure went from ``then`` to ``now``.

    - "tercapai" when ``now`` meets the target (``now.target`` if the caller has the later period's target,
      else the one kept with the follow-up), whatever the way there; for a figure that goes up this is the
      Renstra attainment rule (:func:`data_access.metrics.renstra.attainment_status`);
    - "mendekati target" when it moved the right way (``higher``: up) by at least
      :data:`STEADY_TOLERANCE`, "menjauh" when it moved the wrong way, "tetap" otherwise; without a target the
      right way is still the direction;
    - "tanpa data" when either value is unknown (a figure with nothing to divide by).

    Raises ValueError when ``now`` is for a period before ``then`` (``YYYY-MM`` text compares in time order).
    """
    if now.period < then.period:
        raise ValueError(f"figure now ({now.period}) is older than the figure then ({then.period})")
    if then.value is None or now.value is None:
        return TANPA_DATA
    target = now.target if now.target is not None else then.target
    if target is not None and _reached(now.value, target, higher):
        return TERCAPAI
    change = now.value - then.value if higher else then.value - now.value
    if abs(change) < STEADY_TOLERANCE:
        return TETAP
    return MENDEKATI_TARGET if change > 0 else MENJAUH
