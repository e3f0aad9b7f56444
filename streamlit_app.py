"""Streamlit entrypoint: a router only. Pages live in ``dashboard/pages`` (the entrypoint stays out
of ``dashboard/`` so that folder's ``pages/`` does not switch Streamlit to its legacy mode). With
access control on (``dashboard.auth``), nothing but the sign-in screen runs before a user signs in."""

from pathlib import Path

import streamlit as st

from dashboard.auth import gate

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
pages = [
    st.Page(PAGES_DIR / file, title=title, icon=icon, url_path=path, default=(file == "ringkasan.py"))
    for file, title, icon, path in PAGES
    if (PAGES_DIR / file).exists()  # pages land one by one; the router lists those present
]
# Navigation is resolved even before sign-in (hidden), so a link to /kualitas?region=... still opens
# that page once the user has signed in; with access control on, nothing else runs until then.
signed_in = gate.ready()
page = st.navigation(pages, position="sidebar" if signed_in else "hidden")
if not signed_in:
    gate.sign_in_screen()
    st.stop()
gate.account_box()
page.run()
