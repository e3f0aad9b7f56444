"""Metric cards straight from a :class:`~data_access.MetricsResult`: value, Renstra target and
status, change on last year, and the counts behind a percentage in the card's caption."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from dashboard.cards import metric_card
from dashboard.charts.formatting import format_number
from data_access import MetricsResult


def counted(counts: Mapping[str, int], numerator: str, denominator: str, noun: str) -> str:
    """``**649** dari 967 Posyandu``: the numbers behind a percentage, from the family counts."""
    return f"**{format_number(counts.get(numerator, 0))}** dari {format_number(counts.get(denominator, 0))} {noun}"


def result_card(
    result: MetricsResult,
    code: str,
    *,
    changes: Mapping[str, float | None] | None = None,
    caption: str | None = None,
) -> None:
    """One card of ``code`` for the region on screen; call inside a column."""
    metric_card(
        code,
        result.metrics[code],
        target=result.targets.get(code),
        status=result.status.get(code),
        change=(changes or {}).get(code),
        count_caption=caption,
    )


def card_row(
    result: MetricsResult,
    codes: Sequence[str],
    *,
    changes: Mapping[str, float | None] | None = None,
    caption: Callable[[str], str | None] | None = None,
    slots: int | None = None,
) -> list[DeltaGenerator]:
    """``codes`` side by side in ``slots`` equal columns (one per code by default), each card with
    ``caption(code)``; returns the columns, so a page can put its own card in a free one."""
    columns = st.columns(slots or len(codes))
    for column, code in zip(columns, codes, strict=False):
        with column:
            result_card(result, code, changes=changes, caption=caption(code) if caption else None)
    return columns
