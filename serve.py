"""How to run the dashboard for people: ``streamlit run serve.py`` (what ``scripts/start.sh`` does).

The same app as ``streamlit run streamlit_app.py``, behind :class:`dashboard.auth.guard.RequestGuard`:
Streamlit's metrics endpoint is off, a download is served only to the browser that made it, for a
minute, and every browser gets the cookie that sign-in uses to recognise it. ``streamlit run`` sees the
``st.App`` below and serves it (flags such as ``--server.port`` work as usual). docs/security.md says why.

The heavy modules the pages use (the briefing's matplotlib, fpdf and openpyxl, plotly's figure classes,
Altair for Ringkasan's Vega-Lite charts, geopandas, ``data_access``) are imported here, once, while the
server starts and before ``/_stcore/health`` answers, instead of by the first visitors' page runs: they
were ~77 % of a fresh process's first page (py-spy, docs/performance.md), and every visitor who arrived
meanwhile waited on Python's import lock. None of them touches Streamlit's runtime at import; the ``st.cache_*`` modules
are left to the page runs.
"""

import geopandas  # noqa: F401  (preloaded: see above)
import plotly.graph_objects  # noqa: F401  (preloaded)
import streamlit as st
from starlette.middleware import Middleware

import dashboard.briefing.build
import dashboard.charts.maps  # (preloaded)
import dashboard.charts.vega_status_map  # noqa: F401  (preloaded: Altair, for Ringkasan's charts)
import data_access  # noqa: F401  (preloaded)
from dashboard.auth.guard import RequestGuard
from dashboard.server_sockets import no_delay_on_listening_sockets

# uvicorn imports this module after Streamlit has bound the server's socket and before it accepts
# anyone: the moment to turn Nagle's algorithm off for every connection (dashboard/server_sockets.py).
no_delay_on_listening_sockets()
app = st.App("streamlit_app.py", middleware=[Middleware(RequestGuard)])
