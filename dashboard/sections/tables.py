"""A table as tall as its rows, up to a limit, so a short list leaves no empty box and a long one
scrolls inside the page instead of stretching it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

ROW_PX, HEADER_PX = 35, 38


def fitted_height(rows: int, limit: int | None = None) -> int:
    """Pixels for a header and ``rows`` rows, at most ``limit`` (no limit for None)."""
    height = HEADER_PX + ROW_PX * rows
    return height if limit is None else min(height, limit)


def fitted_table(
    table: pd.DataFrame | Styler,
    *,
    limit: int,
    column_config: Mapping[str, Any] | None = None,
    min_rows: int = 0,
) -> None:
    """``table`` full width, without the index, ``limit`` pixels tall at most (and room for
    ``min_rows`` rows, where an empty table should still show its empty row)."""
    rows = len(table.data) if isinstance(table, Styler) else len(table)
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=fitted_height(max(rows, min_rows), limit),
        column_config=column_config,
    )
