"""Download buttons for what is on screen: every table and chart's data as CSV and Excel.

The files are built only when clicked (``data=`` callables), so a page with many tables stays fast.
Each file is granted to the browser that clicked (:func:`dashboard.auth.guard.owned`): served through
``serve.py``, its ``/media/`` URL opens for that browser only, for a minute.
"""

from __future__ import annotations

import io
import re

import pandas as pd
import streamlit as st

from dashboard.auth.guard import owned


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "data"


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV with a UTF-8 BOM so Excel on Windows opens Indonesian names correctly."""
    return frame.to_csv(index=False).encode("utf-8-sig")


def to_excel_bytes(frame: pd.DataFrame, sheet: str = "data") -> bytes:
    """An .xlsx workbook with one sheet (openpyxl)."""
    buffer = io.BytesIO()
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].map(lambda value: isinstance(value, (list, tuple, set))).any():
            safe[column] = safe[column].map(
                lambda value: ", ".join(map(str, value)) if isinstance(value, (list, tuple, set)) else value
            )
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        safe.to_excel(writer, sheet_name=sheet[:31] or "data", index=False)
    return buffer.getvalue()


def download_buttons(frame: pd.DataFrame, name: str, *, key: str) -> None:
    """Two small buttons, "CSV" and "Excel", for ``frame`` (file names from ``name``)."""
    slug = _slug(name)
    row = st.container(horizontal=True, gap="small")
    row.download_button(
        "⬇ CSV",
        data=owned(lambda: to_csv_bytes(frame)),
        file_name=f"{slug}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        width="content",
    )
    row.download_button(
        "⬇ Excel",
        data=owned(lambda: to_excel_bytes(frame, name)),
        file_name=f"{slug}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx",
        width="content",
    )
