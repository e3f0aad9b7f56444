"""The frame every page shares: title, breadcrumb, period, date of the latest data, the sample
badge, and the data-quality note beside the figures (also in the meeting screen's shorter words)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import streamlit as st

from dashboard import data
from dashboard.charts.formatting import format_number, format_percent, month_name, period_label
from dashboard.context import PageView
from dashboard.headline import COMPLETENESS_THRESHOLD
from dashboard.labels import COUNTRY_NAME
from dashboard.registry import PageEntry

STATIC = Path(__file__).parent / "static"
PHONE_CSS = STATIC / "phone.css"
TOUCH_JS = STATIC / "touch.js"


@cache
def _phone_support_html() -> str:
    """The phone styles and the tap-to-select script, read once per process."""
    css = PHONE_CSS.read_text(encoding="utf-8")
    script = TOUCH_JS.read_text(encoding="utf-8")
    return f"<style>\n{css}</style><script>\n{script}</script>"


def phone_support() -> None:
    """What a phone needs on every page: styles for narrow screens (media queries, so a desktop is
    untouched) and the script that lets a tap on a bar select it as a click does (see touch.js)."""
    st.html(_phone_support_html(), unsafe_allow_javascript=True)


def breadcrumb(context: PageView) -> str:
    """``Indonesia › Banten › Kota Serang``."""
    return " › ".join([COUNTRY_NAME] + [region.name for region in context.path])


def latest_data_label(context: PageView) -> str:
    """``Data s.d. Oktober 2026``: the last month with reports in the whole database."""
    latest_year = context.years[-1]
    month = data.resolved_month(context.url, latest_year, None)
    return f"Data s.d. {month_name(month)} {latest_year}"


def page_header(context: PageView, page: PageEntry) -> None:
    """Title line (the page's registry entry), breadcrumb and period, the badges, and any message
    about the URL."""
    phone_support()
    st.title(f"{page.icon} {page.page_title}".strip())
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


def quality_note(context: PageView, *, compact: bool = False) -> None:
    """A note beside the figures whenever report completeness is below 80 % or dirty rows were
    excluded, stating both numbers; ``compact`` is the meeting screen's one-line caption."""
    try:
        result = context.fetch("metrics")
        excluded = context.fetch("excluded")
    except data.DashboardError:
        return
    completeness = result.metrics.get("report_completeness_pct")
    dropped = sum(excluded.values())
    if not ((completeness is not None and completeness < COMPLETENESS_THRESHOLD) or dropped > 0):
        return
    threshold = format_percent(COMPLETENESS_THRESHOLD, 0)
    if compact:
        st.caption(
            f"ℹ️ Kelengkapan laporan {format_percent(completeness)} (ambang {threshold}); "
            f"{format_number(dropped)} baris data tidak valid dikecualikan."
        )
        return
    st.info(
        f"Catatan data: kelengkapan laporan bulanan {context.name} {format_percent(completeness)} "
        f"(ambang {threshold}); {format_number(dropped)} baris data tidak valid dikecualikan dari angka ini "
        "(rinciannya di halaman Kualitas Data).",
        icon="ℹ️",
    )
