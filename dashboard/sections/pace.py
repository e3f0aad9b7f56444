"""Beside a Renstra trajectory: the metric's figure and targets, the pace needed from now to the 2029
target and the pace achieved so far (changes in points per year), and whether it must speed up."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.charts.formatting import format_percent
from dashboard.charts.renstra import LAST_YEAR, pace_display, status_label, year_label
from dashboard.context import PageView


def pace_panel(row: pd.Series, pace: pd.Series | None, context: PageView) -> None:
    """The pace needed from now to the 2029 target beside the pace achieved so far."""
    period = year_label(context.year, current_year=context.year, month=context.month)
    st.markdown(f"**Capaian {period}:** {format_percent(row['actual'])} · {status_label(row['status'])}")
    st.markdown(
        f"**Target {context.year}:** {format_percent(row['target'])} · **Target {LAST_YEAR}:** "
        f"{format_percent(row['target_2029'])}"
    )
    achieved, needed = row["achieved_per_year"], row["needed_per_year"]
    first_year = None if pace is None or pd.isna(pace["first_year"]) else int(pace["first_year"])
    with st.container(border=True):
        st.metric(f"Laju diperlukan hingga {LAST_YEAR}", pace_display(needed, needed=True))
        if context.year >= LAST_YEAR:
            st.caption(f"{LAST_YEAR} adalah tahun terakhir Renstra.")
    with st.container(border=True):
        since = f"sejak {first_year}" if first_year is not None and first_year < context.year else ""
        st.metric(f"Laju dicapai {since}".strip(), pace_display(achieved))
        if first_year is not None and first_year >= context.year:
            st.caption("Baru ada data satu tahun, jadi laju belum dapat dihitung.")
    if pd.notna(achieved) and pd.notna(needed) and needed > 0:
        if achieved >= needed:
            st.success("Laju sejauh ini setara atau lebih cepat dari yang diperlukan.", icon="✔")
        else:
            st.warning(
                f"Perlu dipercepat: {pace_display(needed, needed=True)} diperlukan, "
                f"baru {pace_display(achieved)} dicapai.",
                icon="⚠️",
            )
    st.caption(
        f"Laju = perubahan capaian per tahun. Capaian {period} dihitung sampai bulan itu saja, tidak "
        "diproyeksikan ke akhir tahun."
    )
