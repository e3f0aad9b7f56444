"""Streamlit entrypoint: a router only. Pages live in ``dashboard/pages`` (the entrypoint stays out
of ``dashboard/`` so that folder's ``pages/`` does not switch Streamlit to its legacy mode). With
access control on (``dashboard.auth``), nothing but the sign-in screen runs before a user signs in."""

from pathlib import Path

import streamlit as st

from dashboard.auth.gate import require_sign_in

PAGES_DIR = Path(__file__).parent / "dashboard" / "pages"
PAGES = [
    ("ringkasan.py", "Ringkasan", "📊", "ringkasan"),
    ("kelembagaan.py", "Kelembagaan", "🏛️", "kelembagaan"),
    ("layanan.py", "Layanan 6 Bidang", "🩺", "layanan"),
    ("kader.py", "Kader & Pelatihan", "🧑‍🤝‍🧑", "kader"),
    ("pendanaan.py", "Pendanaan & Kemitraan", "💰", "pendanaan"),
    ("renstra.py", "Renstra 2025–2029", "🎯", "renstra"),
    ("peta.py", "Peta", "🗺️", "peta"),
    ("posyandu.py", "Daftar Posyandu", "📋", "posyandu"),
    ("kualitas.py", "Kualitas Data", "🧹", "kualitas"),
]

st.set_page_config(page_title="Dashboard TP Posyandu", page_icon="🏥", layout="wide")
if not require_sign_in():  # access control on and nobody signed in: the sign-in screen only
    st.stop()
pages = [
    st.Page(PAGES_DIR / file, title=title, icon=icon, url_path=path, default=(file == "ringkasan.py"))
    for file, title, icon, path in PAGES
    if (PAGES_DIR / file).exists()  # pages land one by one; the router lists those present
]
st.navigation(pages).run()
