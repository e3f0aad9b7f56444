"""The "+ Tindak lanjut" button other pages put where a decision is born (Ringkasan, Renstra): it opens the
Tindak Lanjut page's form on the same region and period, with the metric in view already chosen.

The view travels in the session (``dashboard.context``), the request in two query parameters the Tindak Lanjut
page reads once and drops (``dashboard.followup.form.consume_link``).
"""

from __future__ import annotations

import streamlit as st

from dashboard import registry
from dashboard.followup.form import ADD_PARAM, METRIC_PARAM


def followup_button(metric: str | None, *, key: str) -> None:
    """A small button that switches to the Tindak Lanjut form, prefilled with ``metric`` when given."""
    if st.button("+ Tindak lanjut", key=key, help="Catat tindak lanjut untuk wilayah dan indikator ini"):
        params = {ADD_PARAM: "1"} | ({METRIC_PARAM: metric} if metric else {})
        st.switch_page(registry.TINDAK_LANJUT.script, query_params=params)
