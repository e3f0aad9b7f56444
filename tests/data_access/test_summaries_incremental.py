"""An incremental refresh gives the very same summaries as a full one, and rebuilds only what changed.

On the hand-made dirty database (SQLite and PostgreSQL): a full refresh, then one change to the data --
a month of reports added, an old report changed, a report and a kader deleted, a posyandu changed, a
posyandu added, nothing at all -- then an incremental refresh (store A), then a full refresh into a
second store (B). Every summary table of A equals B's row by row, and every function the pages read
through the summaries (the 14 ``read_through`` call sites: metrics, training, dirty rows, the gap
facts and the under-5 list, the gap status per child and of the region, the desa that stopped
reporting, the service breakdowns, budgets and partnerships, the readiness lists and the stuck
counts, the data-quality scan; the previous-year change and the Renstra trajectory on top) gives the
same figures from A as from B, for every region and several cuts, with the summaries actually used.
The plan is checked too: which cuts were rebuilt, why, and that the others were copied. The sample
(slow) repeats the added month on real regions and real volumes.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal
from sqlalchemy import Engine, create_engine, delete, insert, select, update

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
from data_access.db import get_engine
from data_access.gaps import posyandu_gaps, posyandu_under5
from data_access.institution import NOT_READY, desa_readiness, gap_status_by_child, gap_status_summary, stuck_by_region
from data_access.models import Kader, Posyandu, Region, ServiceReport
from data_access.progress import previous_year, renstra_trajectory
from data_access.quality import data_quality, excluded_in_scope
from data_access.reporting import stopped_reporting
from data_access.scope import Scope
from data_access.summaries import forget, summary_counts, summary_facts
from data_access.summaries.fingerprint import source_fingerprint
from data_access.summaries.refresh import RefreshReport, refresh
from data_access.summaries.refresh.signature import UNCHANGED
from data_access.summaries.store import SUMMARY_URL_ENV, TABLES, location_for, schema_map, stamp_table
from sample_data.build import build
from tests.fixtures.handmade import HANDMADE, TODAY

CUTS = [(2025, 2), (2025, 6), (2025, 11), (2025, 12), (2026, 2), (2026, 3), (2026, 10)]
"""Cuts before, at and after the months the changes below touch (the hand-made reports run to March 2026)."""
COMPARED_CUTS = [(2025, 2), (2025, 12), (2026, 3), (2026, 10)]
"""Cuts the functions are compared on: before, at and after the months the changes below touch."""
HELD_MONTH = "2026-03"
"""The last month with reports in the hand-made database: held back, then added as 'the new month'."""


def _day(backend: str, iso: str) -> object:
    """A date as the backend stores it (ISO text on SQLite)."""
    return iso if backend == "sqlite" else dt.date.fromisoformat(iso)


def _without_month(month: str) -> dict[str, list[dict[str, object]]]:
    data = {table: [dict(row) for row in rows] for table, rows in HANDMADE.items()}
    data["service_report"] = [r for r in data["service_report"] if not str(r["period"]).startswith(month)]
    return data


def _store_rows(source_url: str, summary_url: str | None) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every summary table (the stamp without its time of day)."""
    location = location_for(source_url, summary_url)
    assert location is not None
    engine = create_engine(location.url)
    try:
        with engine.connect() as raw:
            conn = raw.execution_options(schema_translate_map=schema_map(location))
            rows = {}
            for table in TABLES:
                found = [tuple(r) for r in conn.execute(select(*table.columns).order_by(*table.primary_key.columns))]
                rows[table.name] = [r for r in found if not (table is stamp_table and r[0] == "refreshed_at")]
            return rows
    finally:
        engine.dispose()


def _figures(engine: Engine, scope: Scope) -> Iterator[object]:
    """What the pages show for ``scope``, through every function that reads the summaries."""
    metrics = compute_metrics(engine, scope)
    yield metrics.region, metrics.children
    yield training_by_type(engine, scope)
    yield excluded_in_scope(engine, scope)
    yield posyandu_gaps(engine, scope)
    yield posyandu_under5(engine, scope)
    yield posyandu_under5(engine, scope, limit=2)
    yield gap_status_by_child(engine, scope)
    yield gap_status_summary(engine, scope)
    yield stopped_reporting(engine, scope)
    for breakdown in (service_volumes, monthly_volumes, bidang_activity, monthly_completeness):
        yield breakdown(engine, scope)
    yield budget_by_source(engine, scope)
    yield budget_by_source(engine, scope, years=(2024, 2025, 2026))
    yield partnerships_by_type(engine, scope)
    yield desa_readiness(engine, scope)
    yield desa_readiness(engine, scope, steps=NOT_READY, limit=2)
    yield stuck_by_region(engine, scope)
    previous = previous_year(engine, scope)
    yield previous.region, previous.children
    yield renstra_trajectory(engine, scope)
    yield data_quality(engine, today=TODAY)


def _same(first: object, second: object, where: str) -> None:
    if isinstance(first, pd.DataFrame):
        assert isinstance(second, pd.DataFrame), where
        assert_frame_equal(first, second, obj=where)
    else:
        assert first == second, where


def _figures_from(
    monkeypatch: pytest.MonkeyPatch, url: str, summary_url: str | None, scopes: list[Scope]
) -> list[list[object]]:
    """The figures of every scope read from the store at ``summary_url`` (None: the default place),
    checking that the summaries answer (so the comparison is not the raw tables against themselves)."""
    if summary_url is None:
        monkeypatch.delenv(SUMMARY_URL_ENV, raising=False)
    else:
        monkeypatch.setenv(SUMMARY_URL_ENV, summary_url)
    forget()
    engine = get_engine(url)
    found = []
    for scope in scopes:
        with engine.connect() as conn:
            assert summary_counts(conn, scope, "metrics") is not None, scope.target_codes
            assert summary_facts(conn, scope) is not None, scope.target_codes
        found.append(list(_figures(engine, scope)))
    monkeypatch.delenv(SUMMARY_URL_ENV, raising=False)
    forget()
    return found


def _second_store(backend: str, database_factory, name: str, tmp_path) -> str:  # type: ignore[no-untyped-def]
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / (name + '.full.summaries.sqlite')}"
    return database_factory.build(backend, name + "_full_store", {})


def _refresh_and_compare(
    backend: str,
    url: str,
    second: str,
    monkeypatch: pytest.MonkeyPatch,
    regions: list[str | None],
    cuts: list[tuple[int, int]],
    compared_cuts: list[tuple[int, int]],
    today: dt.date = TODAY,
) -> RefreshReport:
    """Incremental refresh into the default store, full refresh into ``second``; both compared."""
    monkeypatch.delenv(SUMMARY_URL_ENV, raising=False)
    incremental = refresh(url, today=today, cuts=cuts, incremental=True)
    assert incremental.mode == "incremental", incremental.why_full
    full = refresh(url, summary_url=second, today=today, cuts=cuts)
    assert full.mode == "full"
    assert _store_rows(url, None) == _store_rows(url, second)
    engine = get_engine(url)
    scopes = [
        resolve_scope(engine, region_code=code, year=year, month=month, today=today, require_data=False)
        for year, month in compared_cuts
        for code in regions
    ]
    from_incremental = _figures_from(monkeypatch, url, None, scopes)
    from_full = _figures_from(monkeypatch, url, second, scopes)
    for scope, first, other in zip(scopes, from_incremental, from_full, strict=True):
        where = f"{scope.target_codes[0]} {scope.period.year}-{scope.period.month:02d}"
        for index, (a, b) in enumerate(zip(first, other, strict=True)):
            _same(a, b, f"{where} figure {index}")
    return incremental


def _all_regions(url: str) -> list[str | None]:
    """The country, every provinsi, kabupaten/kota and kecamatan, and the first desa/kelurahan."""
    with get_engine(url).connect() as conn:
        codes = [row.code for row in conn.execute(select(Region.code).order_by(Region.code))]
    return [None, *(code for code in codes if code.count(".") < 3), next(c for c in codes if c.count(".") == 3)]


SOME_REGIONS: list[str | None] = [None, "36.04", "36.73.02"]
"""The country, a kabupaten and a kecamatan: where the tests after the first compare
figures. Every stored row of the two stores is compared in every test, and every figure is read from
those rows, so comparing every region again there added minutes to the suite and no case;
``test_new_month_rebuilds_only_the_cuts_it_reaches`` still compares every region."""


def _write(url: str, *statements: Callable[[], object]) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(statement())  # type: ignore[call-overload]
    engine.dispose()


def _settled(url: str, timeout_s: float = 20.0) -> None:
    """Wait until the source fingerprint stops moving. PostgreSQL publishes a writer's table counters
    up to about a second after its commit; a refresh started before that sees the fingerprint move
    under it, rightly keeps no signatures, and the next refresh is full (on SQLite it never moves)."""
    engine = create_engine(url)
    try:
        deadline = time.monotonic() + timeout_s
        with engine.connect() as conn:
            last = source_fingerprint(conn)
        while time.monotonic() < deadline:
            time.sleep(1.5)
            with engine.connect() as conn:
                now = source_fingerprint(conn)
            if now == last:
                return
            last = now
    finally:
        engine.dispose()


def _rebuilt(report: RefreshReport) -> list[tuple[int, int]]:
    return [cut for cut, reason in report.reasons.items() if reason != UNCHANGED]


# --- the hand-made database ------------------------------------------------------------------------


def test_new_month_rebuilds_only_the_cuts_it_reaches(backend, database_factory, monkeypatch, tmp_path) -> None:
    url = database_factory.build(backend, "incr_new_month", _without_month(HELD_MONTH))
    refresh(url, today=TODAY, cuts=CUTS)
    held = [dict(r) for r in HANDMADE["service_report"] if str(r["period"]).startswith(HELD_MONTH)]
    assert held
    for row in held:
        row["period"] = _day(backend, str(row["period"]))
    _write(url, lambda: insert(ServiceReport).values(held))
    report = _refresh_and_compare(
        backend,
        url,
        _second_store(backend, database_factory, "incr_new_month", tmp_path),
        monkeypatch,
        _all_regions(url),
        CUTS,
        COMPARED_CUTS,
    )
    assert _rebuilt(report) == [cut for cut in CUTS if cut >= (2026, 3)]
    assert report.reasons[(2026, 3)] == "rebuilt: rows changed in tables service_report (months 2026-03)"
    assert report.reasons[(2026, 2)] == UNCHANGED


def test_changed_old_report_rebuilds_from_its_month(backend, database_factory, monkeypatch, tmp_path) -> None:
    url = database_factory.build(backend, "incr_old_report", HANDMADE)
    refresh(url, today=TODAY, cuts=CUTS)
    period = _day(backend, "2025-06-01")
    where = (ServiceReport.posyandu_id == 1) & (ServiceReport.period == period)
    _write(url, lambda: update(ServiceReport).where(where, ServiceReport.indicator_code == "KS01").values(value=99))
    report = _refresh_and_compare(
        backend,
        url,
        _second_store(backend, database_factory, "incr_old_report", tmp_path),
        monkeypatch,
        SOME_REGIONS,
        CUTS,
        COMPARED_CUTS,
    )
    assert _rebuilt(report) == [cut for cut in CUTS if cut >= (2025, 6)]
    assert "months 2025-06" in report.reasons[(2025, 6)]


def test_deleted_rows_rebuild_what_they_reach(backend, database_factory, monkeypatch, tmp_path) -> None:
    """A report deleted in 2025-11 and, separately, a kader deleted (which may touch any cut)."""
    url = database_factory.build(backend, "incr_deleted", HANDMADE)
    second = _second_store(backend, database_factory, "incr_deleted", tmp_path)
    refresh(url, today=TODAY, cuts=CUTS)
    period = _day(backend, "2025-11-01")
    _write(url, lambda: delete(ServiceReport).where(ServiceReport.posyandu_id == 1, ServiceReport.period == period))
    report = _refresh_and_compare(backend, url, second, monkeypatch, SOME_REGIONS, CUTS, COMPARED_CUTS)
    assert _rebuilt(report) == [cut for cut in CUTS if cut >= (2025, 11)]
    _write(url, lambda: delete(Kader).where(Kader.id == 101))
    report = _refresh_and_compare(backend, url, second, monkeypatch, SOME_REGIONS, CUTS, COMPARED_CUTS)
    assert _rebuilt(report) == CUTS
    assert set(report.reasons.values()) == {"rebuilt: rows changed in tables kader"}


def test_changed_and_added_posyandu_rebuild_every_cut(backend, database_factory, monkeypatch, tmp_path) -> None:
    url = database_factory.build(backend, "incr_posyandu", HANDMADE)
    second = _second_store(backend, database_factory, "incr_posyandu", tmp_path)
    refresh(url, today=TODAY, cuts=CUTS)
    _write(url, lambda: update(Posyandu).where(Posyandu.id == 2).values(sk_date=_day(backend, "2025-05-05")))
    report = _refresh_and_compare(backend, url, second, monkeypatch, SOME_REGIONS, CUTS, COMPARED_CUTS)
    assert _rebuilt(report) == CUTS
    row = {c: None for c in ("location", "registration_number", "sk_number", "sk_date", "latitude", "longitude")}
    row |= {"id": 9001, "region_code": "36.04.01.2001", "name": "Baru", "registered_on": _day(backend, "2026-01-10")}
    row |= {"established_on": _day(backend, "2025-09-01")}
    row |= {"has_secretariat": False, "admin_complete": False, "sarpras_complete": False, "active": True}
    _write(url, lambda: insert(Posyandu).values([row]))
    report = _refresh_and_compare(backend, url, second, monkeypatch, SOME_REGIONS, CUTS, COMPARED_CUTS)
    assert set(report.reasons.values()) == {"rebuilt: rows changed in tables posyandu"}


def test_unchanged_database_rebuilds_nothing(backend, database_factory, monkeypatch, tmp_path) -> None:
    url = database_factory.build(backend, "incr_unchanged", HANDMADE)
    first = refresh(url, today=TODAY, cuts=CUTS, incremental=True)
    assert first.mode == "full" and first.why_full == "no previous generation"
    report = _refresh_and_compare(
        backend,
        url,
        _second_store(backend, database_factory, "incr_unchanged", tmp_path),
        monkeypatch,
        [None, "36", "36.04", "36.73.02"],
        CUTS,
        COMPARED_CUTS,
    )
    assert _rebuilt(report) == []
    assert set(report.reasons.values()) == {UNCHANGED}


def test_new_cuts_and_a_new_day(backend, database_factory, monkeypatch, tmp_path) -> None:
    """A later refresh day adds the month that has ended since (built, the others copied, since no row
    of the hand-made database is dated between the two days); a cut the previous partial refresh did
    not build is built; a cut it built but no longer asked for is dropped."""
    url = database_factory.build(backend, "incr_new_cuts", HANDMADE)
    refresh(url, today=TODAY, cuts=[(2025, 1), (2025, 12), (2026, 10)])
    later = dt.date(2026, 11, 30)  # November has ended; the report of 2026-12-01 is still in the future
    cuts = [(2025, 12), (2026, 2), (2026, 10), (2026, 11)]
    report = _refresh_and_compare(
        backend,
        url,
        _second_store(backend, database_factory, "incr_new_cuts", tmp_path),
        monkeypatch,
        [None, "36", "36.04"],
        cuts,
        cuts,
        today=later,
    )
    assert report.reasons == {
        (2025, 12): UNCHANGED,
        (2026, 2): "rebuilt: not in the previous generation",
        (2026, 10): UNCHANGED,
        (2026, 11): "rebuilt: new month",
    }


def test_a_row_passing_the_refresh_day_rebuilds_every_cut(backend, database_factory, monkeypatch, tmp_path) -> None:
    """The dirty-row counts count dates after the refresh day: a report dated 2026-12-01 is "future" on
    2026-11-23 and an ordinary report a week later, so every cut is rebuilt then."""
    url = database_factory.build(backend, "incr_day_passes", HANDMADE)
    cuts = [(2025, 12), (2026, 10)]
    refresh(url, today=TODAY, cuts=cuts)
    report = _refresh_and_compare(
        backend,
        url,
        _second_store(backend, database_factory, "incr_day_passes", tmp_path),
        monkeypatch,
        [None, "36"],
        cuts,
        cuts,
        today=dt.date(2026, 12, 28),
    )
    assert report.reasons == {cut: "rebuilt: rows changed in tables service_report" for cut in cuts}


# --- the sample ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_sample_new_month(backend, sample_sqlite_url, database_factory, monkeypatch, tmp_path) -> None:
    """The sample's last month (October 2026) held back, refreshed, put back: the incremental refresh
    rebuilds that cut alone, and every figure equals a full refresh's."""
    cuts = [(2025, 10), (2026, 9), (2026, 10)]
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'sample.sqlite'}"
        source, target = create_engine(sample_sqlite_url), create_engine(url)
        with source.connect() as a, target.connect() as b:
            a.connection.dbapi_connection.backup(b.connection.dbapi_connection)  # type: ignore[union-attr]
        source.dispose()
        target.dispose()
    else:
        url = database_factory.build(backend, "incr_sample", {})
        build(url, progress=lambda _message: None)
    october = (ServiceReport.period >= _day(backend, "2026-10-01")) & (
        ServiceReport.period < _day(backend, "2026-11-01")
    )
    # The writer stays connected through the first refresh, as a loader's pool would: PostgreSQL then
    # publishes its 20,000-row delete to the row counters only ~10 s later, during the refresh. The
    # refresh read one snapshot, so it keeps its signatures and the next one is incremental all the same.
    writer = create_engine(url)
    with writer.begin() as conn:
        held = [dict(row._mapping) for row in conn.execute(select(ServiceReport.__table__).where(october))]
        conn.execute(delete(ServiceReport).where(october))
    refresh(url, today=TODAY, cuts=cuts)
    with writer.begin() as conn:
        conn.execute(insert(ServiceReport), held)
    writer.dispose()
    _settled(url)
    assert len(held) > 10_000
    regions = [None, "36", "36.71", "62.03", "36.71.01", "62.03.01"]
    report = _refresh_and_compare(
        backend,
        url,
        _second_store(backend, database_factory, "incr_sample", tmp_path),
        monkeypatch,
        regions,
        cuts,
        cuts,
    )
    assert report.reasons == {
        (2025, 10): UNCHANGED,
        (2026, 9): UNCHANGED,
        (2026, 10): "rebuilt: rows changed in tables service_report (months 2026-10)",
    }
