"""How many rows stand at each status -- indicators behind / close to / on target, Posyandu in need
of attention / short / complete -- as one bordered card per status: side by side under a heading,
or stacked in the narrow column beside a map."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import nullcontext

import pandas as pd
import streamlit as st

from dashboard.charts.formatting import format_number


def status_tally(
    statuses: Sequence[str],
    column: pd.Series,
    *,
    label: Callable[[str], str],
    value: Callable[[int], str] = format_number,
    caption: Callable[[str], str] | None = None,
    side_by_side: bool = False,
) -> None:
    """One card per status in ``statuses`` (in that order) with ``value(count)`` of the rows of
    ``column`` at that status, titled ``label(status)``, and ``caption(status)`` under it if given."""
    columns = st.columns(len(statuses)) if side_by_side else None
    for index, status in enumerate(statuses):
        count = int((column == status).sum())
        with columns[index] if columns else nullcontext(), st.container(border=True):
            st.metric(label(status), value(count))
            if caption is not None:
                st.caption(caption(status))
