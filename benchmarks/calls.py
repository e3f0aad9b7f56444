"""The catalogue: which ``data_access`` calls each page makes, at each region level, and how to make them.

Written by reading the pages, because "every call each page makes" depends on the page's own branches:

- ``dashboard/context.py`` (every page, first): ``years``, ``region`` and ``path`` (with a region),
  ``children``, ``resolved_month``;
- ``dashboard/layout.py`` (the quality note on every page): ``metrics`` and ``excluded``;
- ``dashboard/pages/<page>.py``: each ``context.fetch("name")`` under the condition the page puts on
  it for its default render (no widget touched);
- ``dashboard/data.py``: every cache miss of ``fetch`` first resolves the scope (``scope`` here),
  then calls ``FETCHERS[name](engine, scope, **options)``.

The calls are made directly (``FETCHERS`` holds the plain ``data_access`` functions; the Streamlit
cache wraps them elsewhere), so a timing here is the database work of one cache miss. Because a
catalogue written by hand can drift from the pages, :func:`page_uses` also re-reads each page's
source and times any ``fetch`` name it does not list (reported as such).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, literal, select

from data_access import Scope, available_years, region_path, resolve_scope
from data_access.scope import child_regions, get_region

ROOT = Path(__file__).resolve().parent.parent
PAGES_DIR = ROOT / "dashboard" / "pages"
LIST_LEVELS = ("kecamatan", "desa_kelurahan")
"""Levels at which the Daftar Posyandu page shows the list itself (``dashboard/pages/posyandu.py``)."""

CONTEXT_CALLS = ("years", "region", "path", "children", "resolved_month")
"""What ``dashboard.context.current_view`` asks for on every page, before the page's own fetches."""
SCOPE_CALL = "scope"
"""``resolve_scope``: run by every cache miss of ``dashboard.data.fetch`` before the fetcher itself."""
FLOOR_CALL = "floor"
"""The bare aggregate of :mod:`benchmarks.floor`: the least SQL a completeness figure can cost."""


@dataclass(frozen=True)
class Level:
    """One measured region: the country (``code`` None) or a region of ``name`` level."""

    name: str
    code: str | None
    region_name: str
    has_children: bool

    @property
    def label(self) -> str:
        return self.name if self.code is None else f"{self.name} {self.code}"


def _always(level: Level) -> bool:
    return True


def _with_children(level: Level) -> bool:
    return level.has_children


def _without_children(level: Level) -> bool:
    return not level.has_children


def _list_level(level: Level) -> bool:
    return level.name in LIST_LEVELS


def _above_list_level(level: Level) -> bool:
    return level.name not in LIST_LEVELS


def _kecamatan(level: Level) -> bool:
    return level.name == "kecamatan"


def _desa_level(level: Level) -> bool:
    return level.name == "desa_kelurahan"


@dataclass(frozen=True)
class Use:
    """A fetch a page makes when ``when(level)`` holds; ``on_demand`` ones wait for a widget (timed as
    calls, not part of the page's default render)."""

    fetch: str
    when: Callable[[Level], bool] = _always
    on_demand: bool = False
    listed: bool = True


def _base(*names: str) -> tuple[Use, ...]:
    return tuple(Use(name) for name in names)


PAGE_USES: dict[str, tuple[Use, ...]] = {
    "ringkasan.py": (*_base("metrics", "metrics_previous_year", "excluded"), Use("child_shapes", _with_children)),
    "kelembagaan.py": (
        *_base("metrics", "metrics_previous_year", "stuck_by_region", "excluded"),
        Use("desa_readiness", _desa_level),  # the desa's own step
        Use("desa_readiness", _with_children),  # the list of desa not ready (limited above kab/kota)
        Use("posyandu_worklist", _without_children),
    ),
    "layanan.py": _base(
        "metrics",
        "metrics_previous_year",
        "service_volumes",
        "monthly_volumes",
        "bidang_activity",
        "monthly_completeness",
        "excluded",
    ),
    "kader.py": _base("metrics", "metrics_previous_year", "training_by_type", "posyandu_under5", "excluded"),
    "pendanaan.py": _base(
        "metrics",
        "metrics_previous_year",
        "budget_by_source",
        "partnerships_by_type",
        "kabupaten_regulations",
        "excluded",
    ),
    "renstra.py": _base("metrics", "renstra_progress", "excluded"),
    "peta.py": (
        *_base("metrics", "excluded"),
        Use("child_shapes", _with_children),
        Use("posyandu_points", _kecamatan, on_demand=True),  # the "Tampilkan titik Posyandu" toggle
        Use("own_shape", _without_children),
        Use("posyandu_points", _without_children),
    ),
    "posyandu.py": (
        *_base("metrics", "excluded"),
        Use("gap_status_by_child", _above_list_level),
        Use("gap_status_summary", _above_list_level),
        Use("posyandu_worklist", _list_level),
        Use("posyandu_changes", _list_level),
    ),
    "kualitas.py": _base("data_quality", "stopped_reporting", "monthly_completeness", "excluded", "metrics"),
    # Follow-ups come from the dashboard's own store; the figures then -> now from the region's metrics
    # (its children's are in the same result).
    "tindak_lanjut.py": _base("metrics", "excluded"),
    # The meeting screen renders screen 1 (the headline figures) by default; the others wait for a key.
    "rapat.py": (
        *_base("metrics", "metrics_previous_year", "excluded"),
        Use("child_shapes", _with_children, on_demand=True),  # screen 2, the map of the children
        Use("own_shape", _without_children, on_demand=True),  # screen 2 at desa level: its own map
        Use("posyandu_points", _without_children, on_demand=True),  # screens 2 and 3 at desa level
        Use("renstra_progress", on_demand=True),  # screen 4
        Use("bidang_activity", on_demand=True),  # screen 5
    ),
}
"""Page file -> the fetches it makes (in ``streamlit_app.py``'s order)."""

_FETCH_PATTERN = re.compile(r"""\.fetch\(\s*["'](\w+)["']""")


def page_files() -> list[str]:
    """The pages to render: the catalogue's, then any other file in ``dashboard/pages``."""
    present = {path.name for path in PAGES_DIR.glob("*.py") if not path.name.startswith("_")}
    return [name for name in PAGE_USES if name in present] + sorted(present - set(PAGE_USES))


def fetch_names_in_source(page: str) -> list[str]:
    """Every ``.fetch("name")`` written in the page's source, in order of appearance."""
    found = _FETCH_PATTERN.findall((PAGES_DIR / page).read_text(encoding="utf-8"))
    return list(dict.fromkeys(found))


def page_uses(page: str) -> tuple[Use, ...]:
    """The catalogue's uses of ``page`` plus any fetch in its source the catalogue misses."""
    uses = PAGE_USES.get(page, ())
    listed = {use.fetch for use in uses}
    extra = tuple(Use(name, listed=False) for name in fetch_names_in_source(page) if name not in listed)
    return uses + extra


def context_calls(level: Level) -> list[str]:
    """The sidebar context's calls at ``level`` (``region`` and ``path`` only below the country)."""
    return [name for name in CONTEXT_CALLS if level.code is not None or name not in ("region", "path")]


def page_fetches(page: str, level: Level, *, on_demand: bool = False) -> list[str]:
    """The distinct fetches ``page`` makes at ``level`` in its default render (or on demand)."""
    names = [use.fetch for use in page_uses(page) if use.on_demand == on_demand and use.when(level)]
    return list(dict.fromkeys(names))


def level_calls(level: Level, pages: list[str]) -> list[str]:
    """Every call to time at ``level``: context, scope, then each page's fetches (first use first)."""
    names = context_calls(level) + [SCOPE_CALL]
    for page in pages:
        names += page_fetches(page, level) + page_fetches(page, level, on_demand=True)
    return list(dict.fromkeys(names))


def unlisted_fetches(pages: list[str]) -> dict[str, list[str]]:
    """Page -> fetch names found in its source but missing from :data:`PAGE_USES` (to report)."""
    found = {page: [use.fetch for use in page_uses(page) if not use.listed] for page in pages}
    return {page: names for page, names in found.items() if names}


def fetch_options(name: str, year: int, level: Level | None = None) -> dict[str, Any]:
    """Options a page passes with a fetch (``pendanaan.py``: three budget years; ``kader.py``: the
    most Posyandu it lists with fewer than 5 kader; ``kelembagaan.py``: the desa not ready, the first
    ``desa_list_limit`` above kabupaten/kota level, where it lists them)."""
    if name == "budget_by_source":
        return {"years": (year - 2, year - 1, year)}
    if name == "posyandu_under5":
        from dashboard.data import UNDER5_LIMIT

        return {"limit": UNDER5_LIMIT}
    if name == "desa_readiness" and level is not None and level.has_children:
        from data_access.institution import NOT_READY, desa_list_limit

        return {"steps": NOT_READY, "limit": desa_list_limit(None if level.code is None else level.name)}
    return {}


def open_connection(engine: Engine) -> None:
    """Open the pool's connection with a trivial query, so no timing includes the connect itself."""
    with engine.connect() as conn:
        conn.execute(select(literal(1))).scalar()


def level_scope(engine: Engine, level: Level, year: int, today: dt.date) -> Scope:
    """The scope every fetch of ``level`` gets (month None: the page's default month)."""
    return resolve_scope(engine, region_code=level.code, year=year, month=None, today=today)


def run_call(name: str, engine: Engine, level: Level, scope: Scope | None, year: int, today: dt.date) -> Any:
    """Make call ``name`` as the dashboard makes it, minus the Streamlit cache."""
    from benchmarks.floor import floor_counts
    from dashboard.data import FETCHERS

    if name == "years":
        with engine.connect() as conn:
            return available_years(conn, today=today)
    if name == "region":
        with engine.connect() as conn:
            return get_region(conn, level.code or "")
    if name == "path":
        with engine.connect() as conn:
            return region_path(conn, level.code)
    if name == "children":
        with engine.connect() as conn:
            parent = get_region(conn, level.code) if level.code else None
            return child_regions(conn, parent)
    if name == "resolved_month":
        return resolve_scope(engine, region_code=None, year=year, month=None, today=today).period.month
    if name == SCOPE_CALL:
        return level_scope(engine, level, year, today)
    if scope is None:
        raise ValueError(f"call {name!r} needs a scope")
    if name == FLOOR_CALL:
        return floor_counts(engine, scope)
    return FETCHERS[name](engine, scope, **fetch_options(name, year, level))
