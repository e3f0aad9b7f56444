"""The frame every page shares: title, breadcrumb, period, date of the latest data, the sample
badge, and the data-quality note beside the figures."""

from __future__ import annotations

import streamlit as st

from dashboard import data
from dashboard.charts.formatting import format_number, format_percent, month_name, period_label
from dashboard.context import COUNTRY_NAME, PageView

COMPLETENESS_THRESHOLD = 80.0


def breadcrumb(context: PageView) -> str:
    """``Indonesia › Banten › Kota Serang``."""
    return " › ".join([COUNTRY_NAME] + [region.name for region in context.path])


def latest_data_label(context: PageView) -> str:
    """``Data s.d. Oktober 2026``: the last month with reports in the whole database."""
    latest_year = context.years[-1]
    month = data.resolved_month(context.url, latest_year, None)
    return f"Data s.d. {month_name(month)} {latest_year}"


def page_header(context: PageView, title: str, *, icon: str = "") -> None:
    """Title line, breadcrumb and period, the badges, and any message about the URL."""
    st.title(f"{icon} {title}".strip())
    badges = [
        f"📍 {breadcrumb(context)}",
        f"🗓️ {period_label(context.year, context.month)}",
        f"🕒 {latest_data_label(context)}",
    ]
    if context.sample:
        badges.append(":orange-badge[🧪 data contoh]")
    st.markdown(" &nbsp;·&nbsp; ".join(badges))
    for message in context.messages:
        st.warning(message, icon="⚠️")


def quality_note(context: PageView) -> None:
    """A note beside the figures whenever report completeness is below 80 % or dirty rows were
    excluded, stating both numbers."""
    try:
        result = context.fetch("metrics")
        excluded = context.fetch("excluded")
    except data.DashboardError:
        return
    completeness = result.metrics.get("report_completeness_pct")
    dropped = sum(excluded.values())
    if (completeness is not None and completeness < COMPLETENESS_THRESHOLD) or dropped > 0:
        st.info(
            f"Catatan data: kelengkapan laporan bulanan {context.name} {format_percent(completeness)} "
            f"(ambang 80 %); {format_number(dropped)} baris data tidak valid dikecualikan dari angka ini "
            "(rinciannya di halaman Kualitas Data).",
            icon="ℹ️",
        )
