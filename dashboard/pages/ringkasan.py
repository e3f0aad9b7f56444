"""Ringkasan: the country's (or a region's) headline figures against Renstra targets.

A first page until the full dashboard lands: it reads the region and period from the URL, calls
``data_access`` through the cached layer, and shows cards and the child-region table.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.charts.formatting import format_number, format_percent, month_name, period_label
from dashboard.data import DashboardError, current_url, metrics, on_sample, years
from dashboard.labels import METRIC_LABELS, STATUS_LABELS
from data_access import METRIC_CODES, NoDataYearError, UnknownRegionError

COUNT_METRICS = ("posyandu_total", "kader_total", "kader_under5_count")


def _value(code: str, value: float | int | None) -> str:
    return format_number(value) if code in COUNT_METRICS else format_percent(value)


def main() -> None:
    url = current_url()
    st.title("Ringkasan Posyandu")
    if on_sample():
        st.caption("🧪 **data contoh** — dashboard berjalan pada database contoh, bukan data resmi.")
    try:
        year_options = years(url)
    except DashboardError as error:
        st.error(str(error))
        return
    if not year_options:
        st.info("Belum ada laporan layanan di database. Setelah Posyandu melapor, angka akan tampil di sini.")
        return
    params = st.query_params
    region_code = params.get("region") or None
    try:
        year = int(params.get("year", year_options[-1]))
    except ValueError:
        year = year_options[-1]
    if year not in year_options:
        st.warning(f"Tahun {year} tidak memiliki data; ditampilkan tahun {year_options[-1]}.")
        year = year_options[-1]
    try:
        result = metrics(url, region_code, year, None)
    except UnknownRegionError:
        st.warning(f"Kode wilayah {region_code!r} tidak dikenal; ditampilkan seluruh Indonesia.")
        result = metrics(url, None, year, None)
    except NoDataYearError:
        st.warning(f"Tahun {year} tidak memiliki data laporan.")
        return
    except DashboardError as error:
        st.error(str(error))
        return

    period = result.scope.period
    st.subheader(f"{result.region.name} — {period_label(period.year, period.month)}")
    st.caption(f"Data s.d. {month_name(period.month)} {period.year}")
    cards = list(METRIC_CODES)
    for start in range(0, len(cards), 3):
        columns = st.columns(3)
        for column, code in zip(columns, cards[start : start + 3], strict=False):
            target = result.targets.get(code)
            status = result.status.get(code)
            help_text = None
            if target is not None:
                help_text = f"Target Renstra {period.year}: {format_percent(target)} — {STATUS_LABELS[status]}"
            column.metric(METRIC_LABELS[code], _value(code, result.metrics[code]), help=help_text)

    if result.children:
        st.subheader("Wilayah di bawahnya")
        table = pd.DataFrame(
            [
                {"Kode": child.code, "Wilayah": child.name}
                | {METRIC_LABELS[code]: _value(code, child.metrics[code]) for code in METRIC_CODES}
                for child in result.children
            ]
        )
        st.dataframe(table, hide_index=True, width="stretch")


main()
