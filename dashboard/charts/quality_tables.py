"""Tables of the data-quality page, with Indonesian headers: the offending rows of a check, the
desa/kelurahan that stopped reporting, and report completeness month by month. Pure builders
(DataFrame in, DataFrame out), testable without Streamlit."""

from __future__ import annotations

import pandas as pd

from dashboard.charts.formatting import month_name
from dashboard.labels import QUALITY_COLUMN_LABELS


def month_display(iso_date: str | None) -> str:
    """``2026-02-01`` -> ``Februari 2026``."""
    if not iso_date:
        return "–"
    return f"{month_name(int(iso_date[5:7]))} {iso_date[:4]}"


def offender_table(rows: list[dict[str, object]]) -> pd.DataFrame:
    """Offending rows with Indonesian headers; ids and codes as text so none is shown as ``22.817``."""
    frame = pd.DataFrame(rows)
    frame = frame.astype("string")
    return frame.rename(columns=lambda column: QUALITY_COLUMN_LABELS.get(column, column))


def stopped_table(stopped: pd.DataFrame) -> pd.DataFrame:
    """Rows of ``stopped_reporting``: where, how many Posyandu, the last valid report, months silent."""
    return pd.DataFrame(
        {
            "Kode desa/kel.": stopped["desa_code"],
            "Desa/kelurahan": stopped["desa_name"],
            "Kecamatan": stopped["kecamatan_name"].fillna("–"),
            "Posyandu": stopped["posyandu"],
            "Laporan sah terakhir": stopped["last_report_period"].map(month_display),
            "Bulan tanpa laporan": stopped["months_silent"],
        }
    )


def completeness_table(monthly: pd.DataFrame) -> pd.DataFrame:
    """Rows of ``monthly_completeness``: expected and reporting Posyandu and the share, per month."""
    return pd.DataFrame(
        {
            "Bulan": monthly["month"].map(lambda m: month_name(int(m))),
            "Posyandu diharapkan melapor": monthly["expected"],
            "Posyandu melapor": monthly["reported"],
            "Kelengkapan (%)": monthly["completeness_pct"].round(1),
        }
    )
