"""Cached calls into ``data_access`` for the pages: the one place that knows about Streamlit caching.

Pages call :func:`fetch` with a name from :data:`FETCHERS` and plain filter values; the result is
cached per (database, name, region, period, options), so a drill back to a region already seen is
instant. Database failures become :class:`DashboardError` with an Indonesian message that says
what to check -- a traceback never reaches the screen.

With access control on (``dashboard.auth``), every public call here checks the requested region
against the signed-in user's scope *before* the cache or the database is touched, and refuses with
:class:`AccessRefusedError`: the shared cache may hold another user's regions, and pages, downloads,
the briefing and the meeting mode all come through here, so no route can reach outside the scope.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import replace
from typing import Any, TypeVar

import streamlit as st
from sqlalchemy import Connection, Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from dashboard.auth.session import NotSignedInError, request_access
from data_access import (
    DatabaseUnavailableError,
    Region,
    available_years,
    compute_metrics,
    region_path,
    resolve_scope,
    summaries,
)
from data_access.access import AccessScope, OutOfScopeError
from data_access.breakdowns import (
    bidang_activity,
    budget_by_source,
    monthly_completeness,
    monthly_volumes,
    partnerships_by_type,
    service_volumes,
    training_by_type,
)
from data_access.breakdowns.regional import kabupaten_regulations
from data_access.db import create_read_only_engine
from data_access.gaps import posyandu_under5
from data_access.geography import region_shapes
from data_access.health import (
    ContractMismatchError,
    DatabaseProblem,
    ProblemKind,
    contract_gaps,
    diagnose,
    require_contract,
)
from data_access.institution import (
    desa_readiness,
    gap_status_by_child,
    gap_status_summary,
    posyandu_changes,
    posyandu_worklist,
    stuck_by_region,
)
from data_access.map_points import posyandu_points
from data_access.progress import previous_year, renstra_trajectory
from data_access.progress import renstra_pace as _renstra_pace
from data_access.quality import data_quality, excluded_in_scope
from data_access.reporting import stopped_reporting
from data_access.scope import Scope, child_regions, get_region
from data_access.settings import database_url, is_sample_database
from data_access.settings import today as jakarta_today

CACHE_TTL_SECONDS = 600
UNDER5_LIMIT = 1_000
"""Most Posyandu the kader page lists with fewer than 5 kader (``posyandu_under5`` with ``limit``):
above kecamatan level there can be tens of thousands; the page says how many it shows."""
T = TypeVar("T")
log = logging.getLogger(__name__)


class DashboardError(RuntimeError):
    """A failure the page shows as a message (in Indonesian), with what to check."""

    def __init__(self, message: str, *, problem: DatabaseProblem | None = None) -> None:
        super().__init__(message)
        self.problem = problem


class AccessRefusedError(DashboardError):
    """A region outside the signed-in user's scope (or no user while access control is on)."""


def _access() -> AccessScope | None:
    """This run's scope (None = access control off); refuses when nobody is signed in."""
    try:
        return request_access()
    except NotSignedInError as error:
        raise AccessRefusedError("Silakan masuk terlebih dahulu untuk melihat data.") from error


def check_access(code: str | None) -> AccessScope | None:
    """Refuse ``code`` (None = the whole country) unless the signed-in user may see it; returns the
    scope (None when access control is off). Pure: runs no query."""
    access = _access()
    if access is not None and not access.allows(code):
        log.warning("refused region %s outside scope %s", code or "nasional", access.root_code or "nasional")
        shown = code or "seluruh Indonesia"
        raise AccessRefusedError(
            f"Wilayah {shown} di luar wilayah akses Anda ({access.root_name})."
        ) from OutOfScopeError(code, access.root_code)
    return access


@st.cache_resource(on_release=lambda engine: engine.dispose())
def _engine(url: str) -> Engine:
    return create_read_only_engine(url)


def engine(url: str) -> Engine:
    """The cached read-only engine of ``url`` (for work that builds files outside ``fetch``, such as
    the briefing download)."""
    return _engine(url)


def current_url() -> str:
    """The database URL of this run (environment, secrets, or the sample)."""
    return database_url()


def on_sample(url: str | None = None) -> bool:
    """Whether the dashboard runs on the bundled sample (the pages show a "data contoh" badge)."""
    return is_sample_database(url or current_url())


def today() -> dt.date:
    return jakarta_today()


def guard(call: Callable[[], T], url: str | None = None) -> T:
    """Run ``call``; turn database failures into :class:`DashboardError` naming what is wrong.

    The message comes from :func:`data_access.health.diagnose` (server down, password rejected,
    missing table or column, ...): it names host, user, database or file but never the password,
    and the detail goes to the log only. Nothing is cached on failure (``st.cache_data`` does not
    keep exceptions; the engine cache only holds engines that were created), so the page shows
    the figures again on the next run once the database is back.
    """
    url = url or current_url()
    try:
        return call()
    except (DatabaseUnavailableError, SQLAlchemyError) as error:
        problem = diagnose(error, url)
        if problem.kind is ProblemKind.CONTRACT_MISMATCH and not isinstance(error, ContractMismatchError):
            problem = _with_exact_gaps(problem, url)
        log.warning("database problem (%s) on %s: %s", problem.kind, _safe_url(url), _first_line(error))
        _drop_pooled_connections(url)
        raise DashboardError(problem.message, problem=problem) from error


def _drop_pooled_connections(url: str) -> None:
    """After a failure, let the next run open fresh connections: a pooled SQLite connection keeps
    reading a file that has since been replaced (fixed by an atomic rename), and a pooled PostgreSQL
    connection may belong to a server that restarted. The engine itself stays cached and usable."""
    try:
        _engine(url).dispose()
    except Exception:  # the engine could not even be created (e.g. missing file): nothing pooled
        log.debug("no engine to reset for %s", _safe_url(url))


def _with_exact_gaps(problem: DatabaseProblem, url: str) -> DatabaseProblem:
    """A query failed on a missing table or column: name every contract gap, not just the first hit."""
    try:
        gaps = contract_gaps(_engine(url))
    except (DatabaseUnavailableError, SQLAlchemyError):
        return problem
    return replace(problem, tables=gaps.missing_tables, columns=gaps.column_names()) if not gaps.ok else problem


def _safe_url(url: str) -> str:
    """The URL for the log, with any password masked."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL is itself the problem; never log it raw (it may hold a password)
        return "<URL tidak valid>"


def _first_line(error: BaseException) -> str:
    """The driver's own message without SQLAlchemy's SQL echo and background link."""
    original = getattr(error, "orig", None) or error
    return str(original).strip().splitlines()[0] if str(original).strip() else type(error).__name__


# --- regions and years (no period needed) -------------------------------------------------------


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def years(url: str) -> list[int]:
    """Years from 2024 with report data, oldest first."""

    def run() -> list[int]:
        with _engine(url).connect() as conn:
            # The first query of every page: check the contract here, so a database lacking a table or
            # column says so by name instead of failing later inside some metric query.
            require_contract(conn)
            return available_years(conn, today=jakarta_today())

    return guard(run, url)


def region(url: str, code: str) -> Region:
    """One region inside the user's scope (raises UnknownRegionError for an unknown code)."""
    check_access(code)
    return _region(url, code)


def account_region(url: str, code: str) -> Region:
    """The root region of an account being signed in (no scope yet to check it against)."""
    return _region(url, code)


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def _region(url: str, code: str) -> Region:
    def run() -> Region:
        with _engine(url).connect() as conn:
            return get_region(conn, code)

    return guard(run)


def path(url: str, code: str | None) -> list[Region]:
    """The breadcrumb of ``code``, from the provinsi down (levels above the user's root included,
    by name only, so the user sees where their region sits)."""
    check_access(code)
    return _path(url, code)


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def _path(url: str, code: str | None) -> list[Region]:
    def run() -> list[Region]:
        with _engine(url).connect() as conn:
            return region_path(conn, code)

    return guard(run)


def children(url: str, code: str | None) -> list[Region]:
    """The regions one level below ``code`` (provinsi for the country) inside the user's scope."""
    access = check_access(code)
    found = _children(url, code)
    return found if access is None else [child for child in found if access.allows_region(child)]


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def _children(url: str, code: str | None) -> list[Region]:
    def run() -> list[Region]:
        with _engine(url).connect() as conn:
            parent = get_region(conn, code) if code else None
            return list(child_regions(conn, parent))

    return guard(run)


# --- everything that depends on a (region, period) ----------------------------------------------

Fetcher = Callable[..., Any]


def _metrics_previous_year(engine: Engine | Connection, scope: Scope) -> Any:
    return previous_year(engine, scope)


def _child_shapes(engine: Engine | Connection, scope: Scope) -> Any:
    return region_shapes(engine, scope.children)


def _quality(engine: Engine | Connection, scope: Scope) -> Any:
    """Data quality over the whole database, or over the user's whole scope (the page passes the
    scope's root, see :func:`fetch`), never over rows outside it."""
    return data_quality(engine, today=scope.period.today, within=scope.region)


def _own_shape(engine: Engine | Connection, scope: Scope) -> Any:
    """The boundary of the scope's region itself (the desa map), empty for the country."""
    return region_shapes(engine, [scope.region] if scope.region else [])


def _renstra_progress(engine: Engine | Connection, scope: Scope) -> Any:
    """(trajectory 2025-2029, pace to 2029) of the scope's region: the pace is derived from the
    trajectory, so both come from one fetch."""
    trajectory = renstra_trajectory(engine, scope)
    return trajectory, _renstra_pace(trajectory, scope)


FETCHERS: dict[str, Fetcher] = {
    "metrics": compute_metrics,
    "metrics_previous_year": _metrics_previous_year,
    "posyandu_under5": posyandu_under5,
    "service_volumes": service_volumes,
    "monthly_volumes": monthly_volumes,
    "bidang_activity": bidang_activity,
    "monthly_completeness": monthly_completeness,
    "training_by_type": training_by_type,
    "budget_by_source": budget_by_source,
    "partnerships_by_type": partnerships_by_type,
    "renstra_trajectory": renstra_trajectory,
    "child_shapes": _child_shapes,
    "excluded": excluded_in_scope,
    "data_quality": _quality,
    "stopped_reporting": stopped_reporting,
    "kabupaten_regulations": kabupaten_regulations,
    "own_shape": _own_shape,
    "posyandu_points": posyandu_points,
    "renstra_progress": _renstra_progress,
    "desa_readiness": desa_readiness,
    "stuck_by_region": stuck_by_region,
    "posyandu_worklist": posyandu_worklist,
    "posyandu_changes": posyandu_changes,
    "gap_status_by_child": gap_status_by_child,
    "gap_status_summary": gap_status_summary,
}
"""Name -> ``function(engine, scope, **options)`` in ``data_access``. Pages add what they need here."""


def data_version(url: str) -> str:
    """The name of the data behind ``url``'s figures now (:func:`data_access.summaries.data_version`):
    part of every data cache key below, so a summaries refresh or new reports show within a minute and
    ``scripts/prepare_views.py`` run after a refresh prepares the new figures, not the old ones."""
    return guard(lambda: summaries.data_version(_engine(url)), url)


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def _fetch(
    name: str, url: str, region_code: str | None, year: int, month: int | None, options: tuple, version: str
) -> Any:
    """``version`` (:func:`data_version`) only keys the cache: the figures of other data are other entries."""

    def run() -> Any:
        engine = _engine(url)
        scope = resolve_scope(engine, region_code=region_code, year=year, month=month, today=jakarta_today())
        return FETCHERS[name](engine, scope, **dict(options))

    return guard(run)


WHOLE_DATABASE_FETCHERS = frozenset({"data_quality"})
"""Fetchers whose result does not depend on the region on screen: computed over the whole database
(or the user's whole scope), cached once, not once per region drilled."""


def fetch(name: str, url: str, region_code: str | None, year: int, month: int | None, **options: Any) -> Any:
    """Cached ``FETCHERS[name]`` for the scope (region, year, month). Raises DashboardError
    (:class:`AccessRefusedError` for a region outside the user's scope, before any query),
    UnknownRegionError or NoDataYearError for the page to show."""
    if name in WHOLE_DATABASE_FETCHERS:
        access = _access()
        region_code = access.root_code if access is not None else None
    check_access(region_code)
    return _fetch(name, url, region_code, year, month, tuple(sorted(options.items())), data_version(url))


def resolved_month(url: str, year: int, month: int | None) -> int:
    """M for (year, month): the month given, or the default (December for a past year, the latest
    month with data for the current one: a new month of reports moves it, hence the data version)."""
    return _resolved_month(url, year, month, data_version(url))


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def _resolved_month(url: str, year: int, month: int | None, version: str) -> int:

    def run() -> int:
        engine = _engine(url)
        scope = resolve_scope(engine, region_code=None, year=year, month=month, today=jakarta_today())
        return scope.period.month

    return guard(run)
