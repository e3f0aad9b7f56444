"""Streamlit entrypoint: a router only. Pages live in ``dashboard/pages`` (see STACK-NOTES.md for why
the entrypoint is not inside ``dashboard/``)."""

from pathlib import Path

import streamlit as st

PAGES = Path(__file__).parent / "dashboard" / "pages"

st.set_page_config(page_title="Dashboard TP Posyandu", page_icon="🏥", layout="wide")
page = st.navigation([st.Page(PAGES / "ringkasan.py", title="Ringkasan", icon="📊", default=True)])
page.run()
