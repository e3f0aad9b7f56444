"""Streamlit entrypoint: a router only. Pages live in ``dashboard/pages`` (the entrypoint stays out
of ``dashboard/`` so that folder's ``pages/`` does not switch Streamlit to its legacy mode).

Meeting mode: ``?mode=rapat`` on any page, or the "Mode rapat" toggle in the sidebar, opens the
meeting screen (``dashboard/pages/rapat.py``) with the navigation hidden; the page it came from is
remembered so the meeting's "Keluar" returns there on the same region and period.

With access control on (``dashboard.auth``), nothing but the sign-in screen runs before a user signs in."""

from pathlib import Path

import streamlit as st

from dashboard.auth import gate
from dashboard.data import DashboardError
from dashboard.meeting import carried_params, is_meeting

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

MEETING_FILE, MEETING_PATH = "rapat.py", "rapat"
ENTER_MEETING = "_rapat_enter"
RETURN_STATE = "_rapat_return"  # read by dashboard/pages/rapat.py


def _toggle_meeting() -> None:
    """The sidebar toggle: enter the meeting on this run; the toggle itself is back off on return."""
    st.session_state["_rapat_toggle"] = False
    st.session_state[ENTER_MEETING] = True


st.set_page_config(page_title="Dashboard TP Posyandu", page_icon="🏥", layout="wide")
meeting_mode = is_meeting(st.query_params)
listed = [
    (file, st.Page(PAGES_DIR / file, title=title, icon=icon, url_path=path, default=(file == "ringkasan.py")))
    for file, title, icon, path in PAGES
    if (PAGES_DIR / file).exists()  # pages land one by one; the router lists those present
]
pages = [listed_page for _, listed_page in listed]
meeting_page = st.Page(
    PAGES_DIR / MEETING_FILE, title="Mode rapat", icon="📽️", url_path=MEETING_PATH, visibility="hidden"
)
# Navigation is resolved even before sign-in (hidden), so a link to /kualitas?region=... still opens
# that page once the user has signed in; with access control on, nothing else runs until then.
signed_in = gate.ready()
page = st.navigation([*pages, meeting_page], position="sidebar" if signed_in and not meeting_mode else "hidden")
if not signed_in:
    gate.sign_in_screen()
    st.stop()
if page.url_path != MEETING_PATH:
    if meeting_mode or st.session_state.pop(ENTER_MEETING, False):
        files = {listed_page.url_path: f"dashboard/pages/{file}" for file, listed_page in listed}
        st.session_state[RETURN_STATE] = files.get(page.url_path, "dashboard/pages/ringkasan.py")
        st.switch_page(meeting_page, query_params=carried_params(st.query_params, meeting=True))
    gate.account_box()
    st.sidebar.toggle(
        "📽️ Mode rapat",
        key="_rapat_toggle",
        on_change=_toggle_meeting,
        help="Layar pertemuan untuk proyektor: huruf besar, satu topik per layar, tanpa panel samping.",
    )
try:
    page.run()
except DashboardError as error:
    # The database went away in the middle of a run (after the page's first checks): the same
    # Indonesian message as at the top of a page, never a traceback; the next run recovers.
    st.error(str(error))
