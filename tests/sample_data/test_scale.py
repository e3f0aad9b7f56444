"""``python -m sample_data.build --size kabupaten``: real regions, named size, real sparsity, dirt, determinism.

Only the smallest size runs here (a few seconds); ``provinsi`` and ``nasional`` are built and timed by
hand (``sample_data/README.md``) because they take minutes.
"""

from __future__ import annotations

import json
import os
import uuid
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
import shapely
from shapely.geometry import shape
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from data_access import compute_metrics, resolve_scope
from data_access.db import create_read_only_engine
from sample_data import DEFAULT_SEED
from sample_data.build import build_size
from sample_data.dataset import plan_posyandu, region_propensities
from sample_data.idn_area import all_regions, subtree
from sample_data.indicators import read_indicators
from sample_data.posyandu import reporting_start
from sample_data.scale import ScaleResult, build_scale, posyandu_counts
from sample_data.services import reports_for
from sample_data.sizes import INDICATOR_FACTOR, MONTH_FACTOR, SIZES
from tests.conftest import POSTGRES_URL_ENV, postgres_admin_url
from tests.sample_data.conftest import TODAY, build_with_cli, table_checksums

pytestmark = pytest.mark.slow

EVERY_DIRT_KIND = {
    "blank registration number",
    "blank SK number",
    "blank Tim Pembina SK number",
    "blank SK date (an unknown date: the SK counts)",
    "future established_on",
    "future registered_on",
    "future sk_date",
    "future Tim Pembina sk_date",
    "future joined_on",
    "future completed_on",
    "future report period",
    "negative service value",
    "null service value",
    "text service value (SQLite only)",
    "report of an unknown posyandu",
    "report on an unknown indicator",
    "orphan kader",
    "orphan training",
    "orphan partnership",
    "orphan budget",
    "orphan Tim Pembina",
    "orphan regulation",
    "orphan Renstra target",
    "posyandu on a kecamatan",
    "posyandu on an unknown region",
    "target outside 0-100",
    "target on a non-percentage metric",
    "partnership ending before it starts",
    "region without boundary",
    "self-intersecting boundary",
    "code length disagrees with level",
    "boundary that is not JSON (WKT)",
}
"""Every kind :mod:`sample_data.dirty` makes in the default sample (its README table)."""


ON_KECAMATAN = text(
    "SELECT count(*) FROM posyandu p JOIN region r ON r.code = p.region_code WHERE r.level = 'kecamatan'"
)


def quiet(_line: str) -> None:
    """Progress lines are for people; tests keep the output clean."""


@pytest.fixture(scope="module")
def kabupaten(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ScaleResult]:
    path = tmp_path_factory.mktemp("scale") / "kabupaten.sqlite"
    result = build_size("kabupaten", f"sqlite:///{path}", progress=quiet, show_bar=False)
    return path, result


@pytest.fixture(scope="module")
def kabupaten_db(kabupaten: tuple[Path, ScaleResult]) -> Iterator[Engine]:
    engine = create_engine(f"sqlite:///{kabupaten[0]}")
    yield engine
    engine.dispose()


def test_the_vendored_extract_holds_every_region_of_idn_area_data() -> None:
    levels = defaultdict(int)
    for region in all_regions():
        levels[region.level] += 1
    assert dict(levels) == {"provinsi": 38, "kabupaten_kota": 514, "kecamatan": 7_285, "desa_kelurahan": 83_762}
    by_code = {region.code: region for region in all_regions()}
    assert by_code["36.73.01.1001"].parent_code == "36.73.01"
    assert (by_code["32"].name, by_code["32.73"].name, by_code["32.73"].kind) == ("Jawa Barat", "Kota Bandung", "kota")
    assert by_code["62.03.01.1006"].kind == "kelurahan" and (
        by_code["62.03.01.2011"].name,
        by_code["62.03.01.2011"].kind,
    ) == ("Pulau Telo", "desa")
    assert by_code["91.03.01.3007"].kind == "desa"  # desa adat


def test_regions_are_the_real_codes_and_names_of_kota_tangerang(kabupaten_db: Engine) -> None:
    with kabupaten_db.connect() as conn:
        stored = {tuple(row) for row in conn.execute(text("SELECT code, name, level, parent_code, kind FROM region"))}
    expected = {(r.code, r.name, r.level, r.parent_code, r.kind) for r in subtree("36.71")}
    # One deliberately mis-coded copy of a real kelurahan (the dots lost) is the only extra row.
    extra = stored - expected
    assert stored >= expected and len(extra) == 1
    ((code, name, level, _parent, _kind),) = extra
    assert "." not in code and level == "desa_kelurahan" and (code[:2], code[2:4]) == ("36", "71")
    assert ("36.71.13.1008", "Kreo Selatan", "desa_kelurahan", "36.71.13", "kelurahan") in stored
    assert len([row for row in expected if row[2] == "desa_kelurahan"]) == 104


def test_counts_are_near_the_named_size(kabupaten: tuple[Path, ScaleResult], kabupaten_db: Engine) -> None:
    _path, result = kabupaten
    with kabupaten_db.connect() as conn:
        posyandu = conn.execute(text("SELECT count(*) FROM posyandu")).scalar_one()
        kader = conn.execute(text("SELECT count(*) FROM kader WHERE posyandu_id < 999000")).scalar_one()
        months = conn.execute(text("SELECT count(DISTINCT period) FROM service_report")).scalar_one()
    assert posyandu == result.posyandu == 998  # 104 kelurahan with 7-12 Posyandu each
    assert posyandu == pytest.approx(SIZES["kabupaten"].expected_posyandu, rel=0.1)
    assert 8 <= kader / posyandu <= 14
    assert months == 34 + 1  # January 2024 - October 2026, plus the deliberate 2099 period
    assert result.written["service_report"] > 150_000


@pytest.mark.parametrize("name", ["provinsi", "nasional"])
def test_the_larger_sizes_plan_near_their_named_size(name: str) -> None:
    """Without building them (minutes): the villages' Posyandu counts add up to the named size."""
    size = SIZES[name]
    source = size.source()
    assert sum(posyandu_counts(source, DEFAULT_SEED)) == pytest.approx(size.expected_posyandu, rel=0.05)
    villages = source.at_level("desa_kelurahan")
    assert len(villages) == (5_957 if name == "provinsi" else 83_762)
    assert all(village.code in source.boundaries for village in villages)


def test_reports_are_as_sparse_as_real_ones() -> None:
    """About 80 % of a Posyandu's months reported, about 60 % of its served bidang's indicators each month."""
    size = SIZES["kabupaten"]
    source = size.source()
    indicators = read_indicators()
    bidang_of = {indicator.code: indicator.bidang for indicator in indicators}
    plans = plan_posyandu(source, DEFAULT_SEED, region_propensities(source, DEFAULT_SEED))
    eligible_months = reported_months = served = reported = 0
    for plan in plans:
        if plan.pilot:
            continue  # the pilots report everything by design
        by_month: dict[str, set[str]] = defaultdict(set)
        for row in reports_for(
            plan,
            seed=DEFAULT_SEED,
            indicators=indicators,
            months=size.months,
            month_factor=MONTH_FACTOR,
            indicator_factor=INDICATOR_FACTOR,
        ):
            by_month[str(row["period"])].add(str(row["indicator_code"]))
        start, stop = reporting_start(plan), plan.inactive_since
        for month in size.months:
            if month < start or (stop is not None and month > stop):
                continue
            eligible_months += 1
            if month.isoformat() not in by_month:
                continue
            reported_months += 1
            reported += len(by_month[month.isoformat()])
            served += sum(
                1
                for code, bidang in bidang_of.items()
                if (since := plan.bidang_since[bidang]) is not None
                and (since.year, since.month) <= (month.year, month.month)
            )
    assert reported_months / eligible_months == pytest.approx(0.80, abs=0.04)
    assert reported / served == pytest.approx(0.60, abs=0.04)


def test_every_region_has_a_valid_boundary_except_the_deliberate_ones(
    kabupaten: tuple[Path, ScaleResult], kabupaten_db: Engine
) -> None:
    with kabupaten_db.connect() as conn:
        codes = [row[0] for row in conn.execute(text("SELECT code FROM region"))]
        boundaries = dict(conn.execute(text("SELECT region_code, geojson FROM region_boundary")).all())
    broken = {"self-intersecting boundary", "region without boundary", "code length disagrees with level"}
    with_dirt = set()
    for kind in broken:
        assert kabupaten[1].dirty[kind] == 1
    missing = [code for code in codes if code not in boundaries]
    invalid = []
    for code, geojson in boundaries.items():
        try:
            geometry = shape(json.loads(geojson))
        except ValueError:
            invalid.append(code)  # the WKT row
            continue
        if not geometry.is_valid:
            invalid.append(code)
        else:
            with_dirt.add(code)
    assert len(missing) == 1 and len(invalid) == 2
    assert len(with_dirt) == len(codes) - 3
    # Real boundaries where at hand: Kota Tangerang's own outline, not a grid square.
    tangerang = shape(json.loads(boundaries["36.71"]))
    assert len(shapely.get_coordinates(tangerang)) > 50
    assert 106.5 < tangerang.centroid.x < 106.8 and -6.3 < tangerang.centroid.y < -6.1


def test_dirty_rows_of_every_kind_are_present(kabupaten: tuple[Path, ScaleResult], kabupaten_db: Engine) -> None:
    dirty = kabupaten[1].dirty
    assert set(dirty) == EVERY_DIRT_KIND
    with kabupaten_db.connect() as conn:
        negative = conn.execute(text("SELECT count(*) FROM service_report WHERE value < 0")).scalar_one()
        future = conn.execute(text("SELECT count(*) FROM posyandu WHERE established_on >= '2099'")).scalar_one()
        on_kecamatan = conn.execute(ON_KECAMATAN).scalar_one()
    assert negative == dirty["negative service value"] == 3
    assert future == dirty["future established_on"]
    assert on_kecamatan == dirty["posyandu on a kecamatan"]


def test_larger_builds_keep_a_small_rate_of_row_dirt(tmp_path: Path) -> None:
    """Each written chunk gets its own row-level dirt, so the rate does not fall as the size grows."""
    engine = create_engine(f"sqlite:///{tmp_path / 'chunks.sqlite'}")
    try:
        result = build_scale(
            engine, SIZES["kabupaten"], seed=DEFAULT_SEED, progress=quiet, show_bar=False, chunk_posyandu=300
        )
        with engine.connect() as conn:
            on_kecamatan = conn.execute(ON_KECAMATAN).scalar_one()
    finally:
        engine.dispose()
    # 998 Posyandu in chunks of 300: three chunks written with their own dirt, the last one soiled in full.
    assert result.dirty["posyandu on a kecamatan"] == on_kecamatan == 1 + 3
    assert result.dirty["negative service value"] == 3 + 3
    assert result.posyandu == 998


def test_the_command_line_build_is_deterministic(kabupaten: tuple[Path, ScaleResult], tmp_path: Path) -> None:
    path = tmp_path / "again.sqlite"
    completed = build_with_cli(f"sqlite:///{path}", "--size", "kabupaten")
    assert completed.returncode == 0, completed.stderr
    assert "998 Posyandu" in completed.stdout
    first, again = create_engine(f"sqlite:///{kabupaten[0]}"), create_engine(f"sqlite:///{path}")
    try:
        assert table_checksums(again) == table_checksums(first)
    finally:
        first.dispose()
        again.dispose()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    admin = postgres_admin_url()
    if not admin:
        if os.environ.get("CI"):
            pytest.fail(f"CI=true but {POSTGRES_URL_ENV} is not set: PostgreSQL tests cannot be skipped in CI")
        pytest.skip(f"{POSTGRES_URL_ENV} not set")
    name = f"t_scale_{uuid.uuid4().hex[:10]}"
    admin_engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with admin_engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))  # generated above, not user input
    try:
        yield make_url(admin).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin_engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin_engine.dispose()


@pytest.mark.postgres
def test_postgresql_build_gives_the_same_metrics_as_sqlite(
    postgres_url: str, kabupaten: tuple[Path, ScaleResult]
) -> None:
    result = build_size("kabupaten", postgres_url, progress=quiet, show_bar=False)
    assert dict(result.dropped) == {"service_report": 3}  # the SQLite-only text values
    figures = []
    for url in (postgres_url, f"sqlite:///{kabupaten[0]}"):
        engine = create_read_only_engine(url)
        try:
            figures.append(compute_metrics(engine, resolve_scope(engine, region_code="36.71", year=2025, today=TODAY)))
        finally:
            engine.dispose()
    ours, reference = figures
    assert ours.counts == reference.counts
    for metric, value in reference.metrics.items():
        if value is None:
            assert ours.metrics[metric] is None, metric
        else:
            assert ours.metrics[metric] == pytest.approx(value, abs=1e-9), metric
    assert [child.code for child in ours.children] == [child.code for child in reference.children]
