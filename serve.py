"""How to run the dashboard for people: ``streamlit run serve.py`` (what ``scripts/start.sh`` does).

The same app as ``streamlit run streamlit_app.py``, behind :class:`dashboard.auth.guard.RequestGuard`:
Streamlit's metrics endpoint is off, a download is served only to the browser that made it, for a
minute, and every browser gets the cookie that sign-in uses to recognise it. ``streamlit run`` sees the
``st.App`` below and serves it (flags such as ``--server.port`` work as usual). docs/security.md says why.
"""

import streamlit as st
from starlette.middleware import Middleware

from dashboard.auth.guard import RequestGuard

app = st.App("streamlit_app.py", middleware=[Middleware(RequestGuard)])
