"""Then -> now, a pure function: toward the target, away from it, steady, reached, or unknown."""

from __future__ import annotations

import pytest

from app_store.figures import (
    MENDEKATI_TARGET,
    MENJAUH,
    MOVEMENTS,
    TANPA_DATA,
    TETAP,
    higher_is_better,
    movement,
)
from app_store.records import FigureNow, FigureThen
from data_access.metrics.codes import METRIC_CODES
from data_access.vocabulary import TERCAPAI


@pytest.mark.parametrize(
    ("then", "now", "higher", "expected"),
    [
        (FigureThen(41.5, "2025-03", 80.0), FigureNow(55.0, "2025-06"), True, MENDEKATI_TARGET),
        (FigureThen(41.5, "2025-03", 80.0), FigureNow(39.0, "2025-06"), True, MENJAUH),
        (FigureThen(41.5, "2025-03", 80.0), FigureNow(41.54, "2025-06"), True, TETAP),  # reads 41,5 either way
        (FigureThen(41.5, "2025-03", 80.0), FigureNow(41.56, "2025-06"), True, MENDEKATI_TARGET),
        (FigureThen(41.5, "2025-03", 80.0), FigureNow(80.0, "2025-06"), True, TERCAPAI),
        (FigureThen(90.0, "2025-03", 80.0), FigureNow(85.0, "2025-06"), True, TERCAPAI),  # fell, still reached
        (FigureThen(41.5, "2025-03", 80.0), FigureNow(70.0, "2026-01", target=65.0), True, TERCAPAI),  # new year
        (FigureThen(41.5, "2025-03", None), FigureNow(45.0, "2025-06"), True, MENDEKATI_TARGET),  # no target
        (FigureThen(10.0, "2025-03", 0.0), FigureNow(5.0, "2025-06"), True, TERCAPAI),  # a target of 0 is met
        (FigureThen(None, "2025-03", 80.0), FigureNow(20.0, "2025-06"), True, TANPA_DATA),
        (FigureThen(20.0, "2025-03", 80.0), FigureNow(None, "2025-06"), True, TANPA_DATA),
        # a Posyandu's gaps go down toward 0
        (FigureThen(3, "2025-03", 0), FigureNow(1, "2025-06"), False, MENDEKATI_TARGET),
        (FigureThen(3, "2025-03", 0), FigureNow(4, "2025-06"), False, MENJAUH),
        (FigureThen(3, "2025-03", 0), FigureNow(3, "2025-06"), False, TETAP),
        (FigureThen(3, "2025-03", 0), FigureNow(0, "2025-06"), False, TERCAPAI),
        (FigureThen(2, "2025-03", 0), FigureNow(2, "2025-03"), False, TETAP),  # the same period
    ],
)
def test_movement(then: FigureThen, now: FigureNow, higher: bool, expected: str) -> None:
    assert movement(then, now, higher=higher) == expected
    assert expected in MOVEMENTS


def test_now_before_then_is_the_callers_mistake() -> None:
    with pytest.raises(ValueError, match="older"):
        movement(FigureThen(41.5, "2025-06"), FigureNow(50.0, "2025-05"))


def test_directions() -> None:
    assert higher_is_better("registered_pct") and higher_is_better("kader_total")
    assert not higher_is_better("kader_under5_count")
    assert not higher_is_better(None)  # a Posyandu: its number of gaps
    assert [code for code in METRIC_CODES if not higher_is_better(code)] == ["kader_under5_count"]
