"""Streamlit entrypoint: a router only. Pages live in ``dashboard/pages`` (the entrypoint stays out
of ``dashboard/`` so that folder's ``pages/`` does not switch Streamlit to its legacy mode); their
titles, icons and URL paths come from ``dashboard/registry.py``, which the page headings read too.

Meeting mode: ``?mode=rapat`` on any page, or the "Mode rapat" toggle in the sidebar, opens the
meeting screen (``dashboard/pages/rapat.py``) with the navigation hidden; the page it came from is
remembered so the meeting's "Keluar" returns there on the same region and period.

With access control on (``dashboard.auth``), nothing but the sign-in screen runs before a user signs in."""

import streamlit as st

from dashboard import registry
from dashboard.auth import gate
from dashboard.data import DashboardError
from dashboard.meeting.state import RETURN_STATE, carried_params, is_meeting

ENTER_MEETING = "_rapat_enter"


def _toggle_meeting() -> None:
    """The sidebar toggle: enter the meeting on this run; the toggle itself is back off on return."""
    st.session_state["_rapat_toggle"] = False
    st.session_state[ENTER_MEETING] = True


st.set_page_config(page_title="Dashboard TP Posyandu", page_icon="🏥", layout="wide")
meeting_mode = is_meeting(st.query_params)
pages = [
    st.Page(entry.path, title=entry.title, icon=entry.icon, url_path=entry.url_path, default=entry is registry.DEFAULT)
    for entry in registry.LISTED
]
meeting = registry.MEETING
meeting_page = st.Page(
    meeting.path, title=meeting.title, icon=meeting.icon, url_path=meeting.url_path, visibility="hidden"
)
# Navigation is resolved even before sign-in (hidden), so a link to /kualitas?region=... still opens
# that page once the user has signed in; with access control on, nothing else runs until then.
signed_in = gate.ready()
page = st.navigation([*pages, meeting_page], position="sidebar" if signed_in and not meeting_mode else "hidden")
if not signed_in:
    gate.sign_in_screen()
    st.stop()
if page.url_path != meeting.url_path:
    if meeting_mode or st.session_state.pop(ENTER_MEETING, False):
        st.session_state[RETURN_STATE] = registry.script_of(page.url_path)
        st.switch_page(meeting_page, query_params=carried_params(st.query_params, meeting=True))
    gate.account_box()
    st.sidebar.toggle(
        f"{meeting.icon} {meeting.title}",
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
