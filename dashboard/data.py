"""Cached calls into ``data_access`` for the pages: one place that knows about Streamlit caching.

Pages call these with plain filter values; results are cached per (database, region, period), so a
drill back to a region already seen is instant. Errors are turned into :class:`DashboardError`
with an Indonesian message that says what to check -- never a traceback.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from data_access import (
    DatabaseUnavailableError,
    MetricsResult,
    available_years,
    compute_metrics,
    resolve_scope,
)
from data_access.db import create_read_only_engine
from data_access.settings import database_url, is_sample_database
from data_access.settings import today as jakarta_today

CACHE_TTL_SECONDS = 600
T = TypeVar("T")


class DashboardError(RuntimeError):
    """A failure the page shows as a message (in Indonesian), with what to check."""


@st.cache_resource(on_release=lambda engine: engine.dispose())
def _engine(url: str) -> Engine:
    return create_read_only_engine(url)


def current_url() -> str:
    return database_url()


def on_sample() -> bool:
    """Whether the dashboard runs on the bundled sample (the pages show a "data contoh" badge)."""
    return is_sample_database(current_url())


def _guard(call: Callable[[], T]) -> T:
    try:
        return call()
    except DatabaseUnavailableError as error:
        raise DashboardError(
            f"Database tidak dapat dibuka ({error}). Jalankan `python -m sample_data.build` untuk membuat "
            "database contoh, atau periksa POSYANDU_DATABASE_URL."
        ) from error
    except SQLAlchemyError as error:
        raise DashboardError(
            "Database tidak dapat dihubungi atau strukturnya tidak sesuai kontrak. Periksa alamat database "
            "(POSYANDU_DATABASE_URL), kata sandi, dan apakah server database sedang berjalan."
        ) from error


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def years(url: str) -> list[int]:
    """Years with report data, newest last."""

    def run() -> list[int]:
        with _engine(url).connect() as conn:
            return available_years(conn, today=jakarta_today())

    return _guard(run)


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def metrics(url: str, region_code: str | None, year: int, month: int | None) -> MetricsResult:
    """Every METRICS.md figure for the region and its children."""

    def run() -> MetricsResult:
        engine = _engine(url)
        scope = resolve_scope(engine, region_code=region_code, year=year, month=month, today=jakarta_today())
        return compute_metrics(engine, scope)

    return _guard(run)


def today() -> dt.date:
    return jakarta_today()
