"""Where the database URL comes from, and what "today" is.

Order (issue 2): the environment variable ``POSYANDU_DATABASE_URL``, then Streamlit secrets
(``database_url`` or ``[database] url``), then the bundled sample SQLite file that
``python -m sample_data.build`` writes. Keeping this in one place means the CLI, the pages, the
benchmarks and the tests can never disagree about which database they read.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from zoneinfo import ZoneInfo

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DATABASE_PATH = PROJECT_ROOT / "sample_data" / "build" / "posyandu_sample.sqlite"
DATABASE_URL_ENV = "POSYANDU_DATABASE_URL"
TODAY_ENV = "POSYANDU_TODAY"
JAKARTA = ZoneInfo("Asia/Jakarta")


def sample_database_url() -> str:
    """URL of the bundled sample database (built, not committed: see README)."""
    return f"sqlite:///{SAMPLE_DATABASE_PATH}"


def _url_from_streamlit_secrets() -> str | None:
    """The URL from ``.streamlit/secrets.toml`` when Streamlit is running with one, else None."""
    try:
        import streamlit as st

        secrets = st.secrets
        if "database_url" in secrets:
            return str(secrets["database_url"])
        if "database" in secrets and "url" in secrets["database"]:
            return str(secrets["database"]["url"])
    except Exception:
        return None
    return None


def database_url() -> str:
    """The database URL the dashboard and the CLI use when none is given explicitly."""
    return os.environ.get(DATABASE_URL_ENV) or _url_from_streamlit_secrets() or sample_database_url()


def is_sample_database(url: str) -> bool:
    """True when ``url`` points at the bundled sample (the pages then show a "data contoh" badge)."""
    return url == sample_database_url()


def today() -> dt.date:
    """Today in Asia/Jakarta, as METRICS.md defines it.

    ``POSYANDU_TODAY`` (ISO date) overrides it, so that a demo or a test can be replayed on a
    fixed day; it is never set in production.
    """
    override = os.environ.get(TODAY_ENV)
    if override:
        return dt.date.fromisoformat(override)
    return dt.datetime.now(JAKARTA).date()
