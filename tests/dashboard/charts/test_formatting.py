"""Indonesian number and date formats (``dashboard/charts/formatting.py``): ``1.234,5``, ``61,2 %``,
``+4,2 poin``, month names. Also the fixed bugs: NaN, a change rounding to zero, month 0."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from dashboard.charts.formatting import (
    MONTHS_ID,
    NULL_DISPLAY,
    format_number,
    format_percent,
    format_points,
    month_name,
    number_or_none,
    period_label,
    whole,
)


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (0, 0, "0"),
        (7, 0, "7"),
        (1234, 0, "1.234"),
        (1234567, 0, "1.234.567"),
        (1234.5, 1, "1.234,5"),
        (1234.56, 2, "1.234,56"),
        (0.25, 2, "0,25"),
        (999.96, 1, "1.000,0"),
        (3074.4, 0, "3.074"),
        (-1234.5, 1, "-1.234,5"),
    ],
)
def test_format_number_uses_dot_thousands_and_comma_decimals(value: float, decimals: int, expected: str) -> None:
    assert format_number(value, decimals) == expected


def test_none_is_a_dash_everywhere() -> None:
    assert NULL_DISPLAY == "–"
    assert format_number(None) == "–"
    assert format_percent(None) == "–"
    assert format_points(None) == "–"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(61.234, "61,2 %"), (0, "0,0 %"), (100, "100,0 %"), (99.96, "100,0 %"), (12.0, "12,0 %")],
)
def test_format_percent_one_decimal_with_a_spaced_sign(value: float, expected: str) -> None:
    assert format_percent(value) == expected


def test_format_percent_decimals() -> None:
    assert format_percent(80, 0) == "80 %"
    assert format_percent(61.2345, 2) == "61,23 %"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(4.2, "+4,2 poin"), (-4.2, "−4,2 poin"), (0, "±0,0 poin"), (1234.5, "+1.234,5 poin"), (-0.26, "−0,3 poin")],
)
def test_format_points_signs_the_change(value: float, expected: str) -> None:
    assert format_points(value) == expected


def test_month_names_are_indonesian() -> None:
    assert [month_name(m) for m in range(1, 13)] == list(MONTHS_ID)
    assert month_name(1) == "Januari"
    assert month_name(8) == "Agustus"
    assert month_name(12) == "Desember"


@pytest.mark.parametrize(
    ("year", "month", "expected"),
    [(2025, 12, "2025"), (2026, 10, "2026 s.d. Oktober"), (2026, 1, "2026 s.d. Januari")],
)
def test_period_label(year: int, month: int, expected: str) -> None:
    assert period_label(year, month) == expected


def test_nan_is_a_dash() -> None:
    assert format_number(float("nan")) == "–"
    assert format_percent(float("nan")) == "–"


def test_a_change_that_rounds_to_zero_reads_plus_minus_zero() -> None:
    assert format_points(-0.04) == "±0,0 poin"
    assert format_points(0.04) == "±0,0 poin"


def test_month_zero_is_rejected() -> None:
    with pytest.raises((ValueError, IndexError)):
        month_name(0)


def test_rounding_is_half_up() -> None:
    assert format_percent(61.25) == "61,3 %"
    assert format_number(2.5) == "3"
    assert format_number(-0.4) == "0"


def test_number_or_none_reads_cells_and_misses() -> None:
    assert number_or_none(None) is None
    assert number_or_none(float("nan")) is None
    assert number_or_none(pd.NA) is None
    assert number_or_none(np.int64(3)) == 3.0
    assert number_or_none(Decimal("61.25")) == 61.25
    assert number_or_none("1.5") == 1.5
    assert math.isinf(number_or_none(float("inf")) or 0.0)
    with pytest.raises(TypeError):
        number_or_none(object())
    assert whole(np.int64(4)) == 4 and whole(3.0) == 3
    with pytest.raises(TypeError):
        whole(None)
