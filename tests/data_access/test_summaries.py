"""The summaries give the very same figures as the raw tables, and step aside when they cannot.

Every figure routed through :mod:`data_access.summaries` (all of ``compute_metrics``, so also the
previous-year change, the Renstra trajectory and the readiness funnel; ``training_by_type``; the dirty
rows left out; the service breakdowns; the budgets by source and partnerships by type; the desa
readiness rows -- whole, by step, first N -- and the desa per stuck step; the posyandu gaps behind the
camat's list, the map points, the kader page's under-5 list (whole and cut) and the gap status per
child and of the region; the data-quality scan) is
compared, region by region and cut by cut, with the raw path on the hand-made dirty database and on
the sample, on SQLite and PostgreSQL. Then: a stale, missing or not-covering summary falls back to
the raw tables and logs a warning that says so.
"""

from __future__ import annotations

import datetime as dt
import logging
import time

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal
from sqlalchemy import Engine, create_engine, insert, text

from data_access import compute_metrics, resolve_scope
from data_access.breakdowns import (
    bidang_activity,
    budget_by_source,
    monthly_completeness,
    monthly_volumes,
    partnerships_by_type,
    service_volumes,
    training_by_type,
)
from data_access.breakdowns.funding import FUNDING_KINDS
from data_access.breakdowns.services import BREAKDOWN_KINDS
from data_access.db import get_engine
from data_access.gaps import KADER_MINIMUM, posyandu_gaps, posyandu_under5
from data_access.institution import (
    NOT_READY,
    STUCK_STEPS,
    desa_readiness,
    gap_status_by_child,
    gap_status_summary,
    readiness_kind,
    stuck_by_region,
    stuck_summary,
)
from data_access.models import Region
from data_access.progress import previous_year, renstra_trajectory
from data_access.quality import data_quality, excluded_in_scope, quality_blob_key
from data_access.reporting import stopped_reporting
from data_access.scope import Scope, child_regions, get_region
from data_access.summaries import (
    forget,
    raw_tables_only,
    summary_blob,
    summary_counts,
    summary_desa_rows,
    summary_facts,
    summary_rows,
)
from data_access.summaries.lookup import summary_under5
from data_access.summaries.refresh import first_view_cuts, period_cuts, refresh
from tests.fixtures.handmade import HANDMADE, TODAY

SERVICE_BREAKDOWNS = (service_volumes, monthly_volumes, bidang_activity, monthly_completeness)
READINESS_OPTIONS: list[dict[str, object]] = [
    {},
    {"steps": NOT_READY},
    {"steps": NOT_READY, "limit": 2},
    {"steps": ("sk",), "limit": 1},
    {"steps": ("registered", "siap")},
    {"limit": 3},
]
"""The Kelembagaan page's desa lists: every desa, those not ready, their first N (above kab/kota), one step."""
BUDGET_YEARS = [None, (2023, 2024, 2025), (2024, 2025, 2026), (2020, 2030)]
"""The default years (Y-1, Y), the page's three, and years with no budget at all."""
CUTS = [(2024, 12), (2025, 6), (2025, 12), (2026, 2), (2026, 10)]
"""Cuts with the dirt of the hand-made database in them: mid-year establishment, future dates, zeros."""


def _writable(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _all_regions(engine: Engine) -> list[str | None]:
    with engine.connect() as conn:
        codes = [row.code for row in conn.execute(Region.__table__.select().order_by(Region.code))]
    return [None, *codes]


def _assert_same_everywhere(engine: Engine, regions: list[str | None], cuts: list[tuple[int, int]]) -> int:
    """compute_metrics, training_by_type, excluded_in_scope, the service breakdowns and the posyandu
    gaps, summary path against raw path; returns how many scopes were answered from the summaries."""
    served = 0
    for year, month in cuts:
        for code in regions:
            scope = resolve_scope(engine, region_code=code, year=year, month=month, today=TODAY, require_data=False)
            with engine.connect() as conn:
                assert summary_counts(conn, scope, "metrics") is not None, (code, year, month)
                assert summary_counts(conn, scope, "training") is not None, (code, year, month)
                assert summary_counts(conn, scope, "excluded") is not None, (code, year, month)
                assert summary_facts(conn, scope) is not None, (code, year, month)
                assert summary_under5(conn, scope, below=KADER_MINIMUM) is not None, (code, year, month)
                assert summary_counts(conn, scope, "gapstatus") is not None, (code, year, month)
                assert summary_desa_rows(conn, scope, "stopped_reporting") is not None, (code, year, month)
                assert summary_counts(conn, scope, "stuck") is not None, (code, year, month)
                readiness_kinds = [readiness_kind(step) for step in STUCK_STEPS]
                assert summary_desa_rows(conn, scope, readiness_kinds) is not None, (code, year, month)
                if (code or "").count(".") < 2:  # country, provinsi, kab/kota: the service and funding breakdowns too
                    for kind in (*BREAKDOWN_KINDS, *FUNDING_KINDS):
                        assert summary_rows(conn, scope, kind) is not None, (code, year, month, kind)
            served += 1
            fast = compute_metrics(engine, scope)
            fast_training = training_by_type(engine, scope)
            fast_excluded = excluded_in_scope(engine, scope)
            fast_gaps = posyandu_gaps(engine, scope)
            fast_lists = _lists(engine, scope)
            with raw_tables_only():
                slow_gaps = posyandu_gaps(engine, scope)
                slow_lists = _lists(engine, scope)
                slow = compute_metrics(engine, scope)
                slow_training = training_by_type(engine, scope)
                slow_excluded = excluded_in_scope(engine, scope)
            where = f"{code} {year}-{month:02d}"
            assert fast.region == slow.region, where
            assert fast.children == slow.children, where
            assert fast_training.equals(slow_training), where
            assert fast_excluded == slow_excluded, where
            assert_frame_equal(fast_gaps, slow_gaps, obj=where)
            for fast_list, slow_list in zip(fast_lists, slow_lists, strict=True):
                assert_frame_equal(fast_list, slow_list, obj=where)
            for breakdown in SERVICE_BREAKDOWNS:
                fast_frame = breakdown(engine, scope)
                with raw_tables_only():
                    slow_frame = breakdown(engine, scope)
                # Volumes are exact sums on PostgreSQL (NUMERIC); SQLite adds doubles in its own order.
                assert_frame_equal(fast_frame, slow_frame, check_exact=False, rtol=1e-12, atol=1e-9, obj=where)
            _assert_same_funding_and_readiness(engine, scope, where)
    return served


def _lists(engine: Engine, scope: Scope) -> tuple[pd.DataFrame, ...]:
    """The lists and status counts derived from the gap facts, as the pages ask for them: the gap
    status per child and of the region itself, the desa that stopped reporting, and the under-5 list
    whole and cut after 1 and 4 rows (the cut must fall on the same row on either path; at the
    country in 2025 the fourth and fifth rows have as many kader, told apart by desa code)."""
    return (
        gap_status_by_child(engine, scope),
        gap_status_summary(engine, scope),
        stopped_reporting(engine, scope),
        posyandu_under5(engine, scope),
        posyandu_under5(engine, scope, limit=1),
        posyandu_under5(engine, scope, limit=4),
    )


def _assert_same_funding_and_readiness(engine: Engine, scope, where: str) -> None:
    """Budgets by source (several year choices), partnerships by type, the desa readiness lists and
    the desa per stuck step: summary path against raw path."""
    exact = engine.dialect.name == "postgresql"  # NUMERIC sums; SQLite's SUM adds doubles in row order
    for years in BUDGET_YEARS:
        fast_budget = budget_by_source(engine, scope, years=years)
        with raw_tables_only():
            slow_budget = budget_by_source(engine, scope, years=years)
        assert_frame_equal(fast_budget, slow_budget, check_exact=exact, rtol=1e-12, obj=f"{where} {years}")
    fast_partners = partnerships_by_type(engine, scope)
    with raw_tables_only():
        slow_partners = partnerships_by_type(engine, scope)
    assert_frame_equal(fast_partners, slow_partners, obj=where)
    for options in READINESS_OPTIONS:
        fast_desa = desa_readiness(engine, scope, **options)
        with raw_tables_only():
            slow_desa = desa_readiness(engine, scope, **options)
        assert_frame_equal(fast_desa, slow_desa, obj=f"{where} {options}")
    fast_stuck = stuck_by_region(engine, scope)
    with raw_tables_only():
        slow_stuck = stuck_by_region(engine, scope)
        every_desa = stuck_summary(desa_readiness(engine, scope), scope)
    assert_frame_equal(fast_stuck, slow_stuck, obj=where)
    assert_frame_equal(fast_stuck, every_desa, obj=where)


_REFRESHED: set[str] = set()


@pytest.fixture
def handmade(backend: str, database_factory) -> Engine:
    """The hand-made database with its summaries (refreshed once per session and backend)."""
    url = database_factory.build(backend, "handmade_summaries", HANDMADE)
    if url not in _REFRESHED:
        refresh(url, today=TODAY, cuts=CUTS)
        _REFRESHED.add(url)
    forget()
    return get_engine(url)


def test_period_cuts_are_the_ended_months() -> None:
    cuts = period_cuts(dt.date(2026, 11, 23))
    assert cuts[0] == (2023, 1) and cuts[-1] == (2026, 10) and len(cuts) == 12 * 3 + 10
    assert period_cuts(dt.date(2026, 11, 30))[-1] == (2026, 11)  # the month ends today: its cutoff is E


def test_first_views_refresh_serves_the_default_page(backend: str, database_factory, caplog) -> None:
    """``refresh --first-views`` (what scripts/start.sh runs on the sample): the page a newcomer opens
    -- the latest year at its default month, with its change on last year -- reads only summaries,
    and gives the raw tables' figures."""
    url = database_factory.build(backend, "handmade_first_views", HANDMADE)
    engine = get_engine(url)
    with engine.connect() as conn:
        cuts = first_view_cuts(conn, TODAY)
        scope = resolve_scope(conn, region_code=None, year=cuts[-1][0], month=None, today=TODAY)
    assert (scope.period.year, scope.period.month) in cuts and (scope.period.year - 1, 12) in cuts
    refresh(url, today=TODAY, cuts=cuts)
    forget()
    caplog.set_level(logging.WARNING, logger="data_access.summaries")
    fast = (compute_metrics(engine, scope), previous_year(engine, scope))
    assert _fallback_warnings(caplog) == []
    with raw_tables_only():
        slow = (compute_metrics(engine, scope), previous_year(engine, scope))
    assert fast[0].region == slow[0].region and fast[0].children == slow[0].children
    assert fast[1].region == slow[1].region


def test_handmade_every_region_every_cut(handmade: Engine, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="data_access.summaries")
    served = _assert_same_everywhere(handmade, _all_regions(handmade), CUTS)
    assert served == len(CUTS) * len(_all_regions(handmade))
    assert not [r for r in caplog.records if r.name == "data_access.summaries"]


def test_handmade_data_quality(handmade: Engine, caplog: pytest.LogCaptureFixture) -> None:
    """The whole-database scan, stored on the refresh day; any other day reads the raw tables."""
    caplog.set_level(logging.WARNING, logger="data_access.summaries")
    with handmade.connect() as conn:
        assert summary_blob(conn, "data_quality", TODAY) is not None
        assert summary_blob(conn, "data_quality", TODAY + dt.timedelta(days=1)) is None
    fast = data_quality(handmade, today=TODAY)
    with raw_tables_only():
        slow = data_quality(handmade, today=TODAY)
    assert fast == slow
    assert sum(fast.counts.values()) > 0  # the hand-made database is dirty: this compares real offenders
    assert any("the last refresh ran for 2026-11-23" in r.getMessage() for r in caplog.records)
    scope = resolve_scope(handmade, region_code="36", year=2025, today=TODAY + dt.timedelta(days=1))
    with handmade.connect() as conn:
        assert summary_counts(conn, scope, "excluded") is None  # future dates depend on the day
        assert summary_counts(conn, scope, "metrics") is not None  # the counts do not


def test_handmade_data_quality_per_provinsi(handmade: Engine) -> None:
    """A provincial account's scan (``within`` a provinsi) is stored per provinsi and equals the raw
    scan; below provinsi level it is read raw (no stored key)."""
    with handmade.connect() as conn:
        provinsi = [
            get_region(conn, row.code)
            for row in conn.execute(Region.__table__.select().where(Region.level == "provinsi").order_by(Region.code))
        ]
        kabupaten = get_region(conn, "36.73")
    assert provinsi
    for region in provinsi:
        key = quality_blob_key(region)
        with handmade.connect() as conn:
            assert summary_blob(conn, key, TODAY) is not None, region.code
        fast = data_quality(handmade, today=TODAY, within=region)
        with raw_tables_only():
            slow = data_quality(handmade, today=TODAY, within=region)
        assert fast == slow, region.code
    assert any(sum(data_quality(handmade, today=TODAY, within=r).counts.values()) for r in provinsi)
    assert quality_blob_key(kabupaten) is None


def test_handmade_compositions(handmade: Engine) -> None:
    """Previous year and the Renstra trajectory compose compute_metrics over several cuts."""
    for code in (None, "36", "36.04", "36.73.02"):
        scope = resolve_scope(handmade, region_code=code, year=2025, month=12, today=TODAY)
        fast = (previous_year(handmade, scope), renstra_trajectory(handmade, scope))
        with raw_tables_only():
            slow = (previous_year(handmade, scope), renstra_trajectory(handmade, scope))
        assert fast[0].region == slow[0].region and fast[0].children == slow[0].children
        assert fast[1].equals(slow[1])


@pytest.mark.slow
def test_sample_matches(backend: str, sample_sqlite_url: str, tmp_path, database_factory) -> None:
    """The sample (real regions, every kind of dirt, 458k reports): country, provinsi, kab/kota and
    kecamatan with their children, on two cuts."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'sample.sqlite'}"
        source = create_engine(sample_sqlite_url)
        target = create_engine(url)
        with source.connect() as a, target.connect() as b:
            a.connection.dbapi_connection.backup(b.connection.dbapi_connection)
        source.dispose()
        target.dispose()
    else:
        from sample_data.build import build

        url = database_factory.build(backend, "sample_summaries", {})
        build(url, progress=lambda _message: None)
    cuts = [(2025, 12), (2026, 10)]
    refresh(url, today=TODAY, cuts=cuts)
    forget()
    engine = get_engine(url)
    with engine.connect() as conn:
        country = [None]
        provinsi = [r.code for r in child_regions(conn, None)]
        kabupaten = [r.code for r in child_regions(conn, resolve_scope(conn, region_code="36", year=2025).region)]
    regions = country + provinsi + kabupaten + ["36.71.01", "62.03.01"]
    assert _assert_same_everywhere(engine, regions, cuts) == len(regions) * len(cuts)


# --- falling back ----------------------------------------------------------------------------------


def _fallback_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "data_access.summaries"]


def test_missing_summaries_fall_back_and_say_so(backend: str, database_factory, caplog) -> None:
    caplog.set_level(logging.WARNING, logger="data_access.summaries")
    url = database_factory.build(backend, "handmade_no_summaries", HANDMADE)
    forget()
    engine = get_engine(url)
    scope = resolve_scope(engine, region_code="36", year=2025, today=TODAY)
    with engine.connect() as conn:
        assert summary_counts(conn, scope, "metrics") is None
    fast = compute_metrics(engine, scope)
    with raw_tables_only():
        slow = compute_metrics(engine, scope)
    assert fast.region == slow.region
    assert any("summaries missing" in message and "raw tables" in message for message in _fallback_warnings(caplog))


def test_month_not_ended_or_not_built_falls_back(handmade: Engine, caplog) -> None:
    caplog.set_level(logging.WARNING, logger="data_access.summaries")
    ongoing = resolve_scope(handmade, region_code=None, year=2026, month=11, today=TODAY)  # ends 2026-11-30
    not_built = resolve_scope(handmade, region_code=None, year=2025, month=3, today=TODAY)
    with handmade.connect() as conn:
        assert summary_counts(conn, ongoing, "metrics") is None
        assert summary_counts(conn, not_built, "metrics") is None
    messages = _fallback_warnings(caplog)
    assert any("2026-11: the month has not ended" in m for m in messages)
    assert any("2025-03: not built by the last refresh" in m for m in messages)
    for scope in (ongoing, not_built):
        fast = compute_metrics(handmade, scope)
        with raw_tables_only():
            assert fast.region == compute_metrics(handmade, scope).region


def test_stale_summaries_fall_back_and_say_so(backend: str, database_factory, caplog) -> None:
    """A posyandu added after the refresh: the summaries are stale, the figures count it anyway."""
    caplog.set_level(logging.WARNING, logger="data_access.summaries")
    url = database_factory.build(backend, "handmade_stale", HANDMADE)
    refresh(url, today=TODAY, cuts=[(2025, 12)])
    forget()
    engine = get_engine(url)
    scope = resolve_scope(engine, region_code="36.04", year=2025, month=12, today=TODAY)
    before = compute_metrics(engine, scope).metrics["posyandu_total"]
    with engine.connect() as conn:
        assert summary_counts(conn, scope, "metrics") is not None

    writer = create_engine(url)
    row = {c: None for c in ("location", "established_on", "registration_number", "registered_on")}
    row |= {"id": 9001, "region_code": "36.04.01.2001", "name": "Baru", "sk_number": None, "sk_date": None}
    row |= {"has_secretariat": False, "admin_complete": False, "sarpras_complete": False, "active": True}
    row |= {"latitude": None, "longitude": None}
    with writer.begin() as conn:
        conn.execute(insert(Region.metadata.tables["posyandu"]), [row])
        if backend == "postgresql":
            conn.execute(text("SELECT pg_stat_force_next_flush()"))
    writer.dispose()

    deadline = time.monotonic() + 10  # PostgreSQL publishes its row counters within about a second
    while True:
        forget()
        with engine.connect() as conn:
            if summary_counts(conn, scope, "metrics") is None or time.monotonic() > deadline:
                break
        time.sleep(0.3)
    with engine.connect() as conn:
        assert summary_counts(conn, scope, "metrics") is None
    assert compute_metrics(engine, scope).metrics["posyandu_total"] == before + 1
    assert any("summaries stale" in m and "raw tables" in m for m in _fallback_warnings(caplog))


AWKWARD_NAMES = {
    "36.04.01.2001": 'Soka"an',
    "36.04.01.2002": "Kaserangan \\ Lama\tTimur",
    "36.04.02.2001": "Kragilan Désa",
}
"""Desa names a COPY writer must escape: idn-area-data has a desa named Soka"an (in JSON "Soka\\"an"),
and backslashes, tabs and non-ASCII letters (JSON ``\\u00e9``) must survive too."""


def test_awkward_names_survive_the_refresh(backend: str, database_factory) -> None:
    """The stored gap facts are JSON written through COPY on PostgreSQL: every escape must survive,
    or the whole country's list fails to parse (seen at nasional size)."""
    dataset = {table: [dict(row) for row in rows] for table, rows in HANDMADE.items()}
    for row in dataset["region"]:
        row["name"] = AWKWARD_NAMES.get(row["code"], row["name"])
    url = database_factory.build(backend, "handmade_awkward_names", dataset)
    refresh(url, today=TODAY, cuts=CUTS)
    forget()
    engine = get_engine(url)
    scope = resolve_scope(engine, region_code=None, year=2025, month=12, today=TODAY)
    with engine.connect() as conn:
        stored = summary_facts(conn, scope)
    assert stored is not None
    assert set(AWKWARD_NAMES.values()) <= {fact["desa_name"] for fact in stored}
    fast = posyandu_gaps(engine, scope)
    with raw_tables_only():
        slow = posyandu_gaps(engine, scope)
    assert_frame_equal(fast, slow)
