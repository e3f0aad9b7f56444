"""Where the store lives: its URL, read in one place so the pages, the command line and the tests agree.

Order: the environment variable ``POSYANDU_APP_DATABASE_URL``, then Streamlit secrets (``app_database_url``
in ``.streamlit/secrets.toml``), then a SQLite file in the project's ``data/`` folder (ignored by git), so the
README's start command works with nothing configured. It mirrors :mod:`data_access.settings`, which names the
shared database; the two are deliberately separate settings (see :mod:`app_store.engine` for why they may
never name the same place).
"""

from __future__ import annotations

import os

from data_access.settings import PROJECT_ROOT

APP_DATABASE_URL_ENV = "POSYANDU_APP_DATABASE_URL"
SECRETS_KEY = "app_database_url"
DEFAULT_STORE_PATH = PROJECT_ROOT / "data" / "app_store.sqlite"
SCHEMA = "posyandu_app"
"""The PostgreSQL schema every store table lives in (on SQLite, which has no schemas, it is translated away)."""


def default_store_url() -> str:
    """The SQLite file used when nothing is configured (created, with its folder, on first upgrade)."""
    return f"sqlite:///{DEFAULT_STORE_PATH}"


def _url_from_streamlit_secrets() -> str | None:
    """``app_database_url`` from ``.streamlit/secrets.toml`` when Streamlit has secrets, else None.

    Streamlit is imported here, not at the top, because the command line and the tests run without it
    configured and importing it costs a second; any failure to read secrets means "not configured".
    """
    try:
        import streamlit as st

        secrets = st.secrets
        if SECRETS_KEY in secrets:
            return str(secrets[SECRETS_KEY])
    except Exception:
        return None
    return None


def app_database_url() -> str:
    """The store's URL when none is given explicitly."""
    return os.environ.get(APP_DATABASE_URL_ENV) or _url_from_streamlit_secrets() or default_store_url()
