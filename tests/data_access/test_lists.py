"""Per-Posyandu lists that do not grow with the country: the kader page's under-5 list cut in SQL,
the region's own gap status counts without its list, and region boundaries for any number of codes.

Hand-worked on the hand-made dirty database (``tests/fixtures/handmade.py``: read its posyandu map
and kader rows) and the tiny one (``tests/fixtures/tiny.py``), raw tables only (these databases have
no summaries; the summary path is compared with the raw one in ``test_summaries.py``). "Today" is
2026-11-23 throughout.
"""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from data_access import compute_metrics, get_engine, resolve_scope
from data_access.gaps import UNDER5_COLUMNS, posyandu_gaps, posyandu_under5
from data_access.geography import CODES_PER_QUERY, region_shapes
from data_access.institution import gap_status_summary, posyandu_worklist, status_summary
from data_access.loader import load_dataset
from data_access.scope import Region, child_regions
from tests.conftest import postgres_admin_url
from tests.fixtures.handmade import HANDMADE, TODAY
from tests.fixtures.tiny import TINY


@pytest.fixture
def handmade(backend: str, database_factory):
    return get_engine(database_factory.build(backend, "handmade_lists", HANDMADE))


@pytest.fixture
def tiny(backend: str, database_factory):
    return get_engine(database_factory.build(backend, "tiny_lists", TINY))


def scope(engine, region: str | None, year: int = 2025, month: int | None = None):
    return resolve_scope(engine, region_code=region, year=year, month=month, today=TODAY, require_data=False)


def ids(frame: pd.DataFrame) -> list[int]:
    return [int(pid) for pid in frame["posyandu_id"]]


# --- the under-5 list ------------------------------------------------------------------------------


def test_under5_country_2025_fewest_kader_first(handmade) -> None:
    # Active kader in 2025 (December cut) of P: 3 has none, 14 two, 18 three (ketua + 2), 5 four
    # (ketua, sekretaris, bendahara, 1 kader), 11 four (1105 inactive, 1106 active stored as 2 = not
    # true). 8 and 30 have exactly five: not under. Ties (5 and 11) by desa code: 36.04.01.2002 first.
    frame = posyandu_under5(handmade, scope(handmade, None))
    assert list(frame.columns) == UNDER5_COLUMNS
    assert ids(frame) == [3, 14, 18, 5, 11]
    assert frame["kader_count"].tolist() == [0, 2, 3, 4, 4]
    assert frame["trained_kader_count"].tolist() == [0, 0, 0, 0, 0]
    first = frame.iloc[0]
    assert (first["name"], first["location"], first["desa_code"], first["desa_name"]) == (
        "Posyandu 3",
        "RW 03",
        "36.04.01.2001",
        "Ciruas",
    )
    assert compute_metrics(handmade, scope(handmade, None)).metrics["kader_under5_count"] == len(frame)


def test_under5_limit_cuts_after_the_order(handmade) -> None:
    current = scope(handmade, None)
    assert ids(posyandu_under5(handmade, current, limit=2)) == [3, 14]
    assert ids(posyandu_under5(handmade, current, limit=4)) == [3, 14, 18, 5]
    assert ids(posyandu_under5(handmade, current, limit=100)) == [3, 14, 18, 5, 11]
    empty = posyandu_under5(handmade, current, limit=0)
    assert empty.empty and list(empty.columns) == UNDER5_COLUMNS
    with pytest.raises(ValueError):
        posyandu_under5(handmade, current, limit=-1)


def test_under5_per_region_and_period(handmade) -> None:
    assert ids(posyandu_under5(handmade, scope(handmade, "36.73"))) == [14, 18, 11]
    assert ids(posyandu_under5(handmade, scope(handmade, "36.04"))) == [3, 5]
    assert ids(posyandu_under5(handmade, scope(handmade, "36.73.01.1001"))) == [11]
    assert posyandu_under5(handmade, scope(handmade, "51")).empty  # 30 has exactly five kader
    # June 2025: 18 is established only in August; 5 (April) is there.
    assert ids(posyandu_under5(handmade, scope(handmade, None, month=6))) == [3, 14, 5, 11]
    # 2024: 5 is not established yet.
    assert ids(posyandu_under5(handmade, scope(handmade, None, year=2024))) == [3, 14, 11]


def test_under5_is_the_gaps_list_filtered_everywhere(handmade) -> None:
    """Every region and three cuts: the rows of posyandu_gaps with fewer than 5 kader, in the order
    the page shows them, and as many as the metric kader_under5_count."""
    with handmade.connect() as conn:
        codes = [None, *(row.code for row in conn.execute(text("SELECT code FROM region ORDER BY code")))]
    for year, month in ((2024, 12), (2025, 6), (2025, 12)):
        for code in codes:
            current = scope(handmade, code, year=year, month=month)
            gaps = posyandu_gaps(handmade, current)
            expected = gaps[gaps["kader_count"] < 5].sort_values(["kader_count", "desa_code", "name", "posyandu_id"])
            frame = posyandu_under5(handmade, current)
            where = f"{code} {year}-{month}"
            assert ids(frame) == ids(expected), where
            assert frame["trained_kader_count"].tolist() == expected["trained_kader_count"].tolist(), where
            assert len(frame) == compute_metrics(handmade, current).metrics["kader_under5_count"], where


def test_under5_on_tiny(tiny) -> None:
    # 2 has two kader, 3 none; 1 has five.
    frame = posyandu_under5(tiny, scope(tiny, "31.71"))
    assert ids(frame) == [3, 2]
    assert frame["kader_count"].tolist() == [0, 2]


# --- the region's own gap status counts -----------------------------------------------------------


def test_gap_status_summary_on_tiny(tiny) -> None:
    # 3: six gaps and 2: five (perlu perhatian); 1: SK and six bidang (kurang).
    frame = gap_status_summary(tiny, scope(tiny, "31.71"))
    assert frame[["status", "posyandu"]].values.tolist() == [["perlu perhatian", 2], ["kurang", 1], ["lengkap", 0]]
    assert frame["share"].tolist() == pytest.approx([200 / 3, 100 / 3, 0.0])


def test_gap_status_summary_equals_the_worklist_counts(handmade) -> None:
    with handmade.connect() as conn:
        codes = [None, "36", "36.04", "36.04.03", "36.73", "36.73.02", "51"]
        provinsi = [region.code for region in child_regions(conn, None)]
    assert provinsi == ["36", "51"]
    for year, month in ((2024, 12), (2025, 12)):
        for code in codes:
            current = scope(handmade, code, year=year, month=month)
            expected = status_summary(posyandu_worklist(handmade, current))
            pd.testing.assert_frame_equal(gap_status_summary(handmade, current), expected, obj=f"{code} {year}")
    empty = gap_status_summary(handmade, scope(handmade, "36.04.03"))  # no desa, no posyandu
    assert empty["posyandu"].tolist() == [0, 0, 0]
    assert empty["share"].isna().all()


# --- boundaries of any number of regions ----------------------------------------------------------


def test_region_shapes_for_more_codes_than_a_statement_may_bind(handmade) -> None:
    """The country's desa (83,762 at nasional size) in one IN list is more than PostgreSQL's 65,535
    bound parameters (and SQLite's 32,766): asked in chunks, unknown codes are simply missing."""
    real = [Region("36.04.01.2001", "Ciruas", "desa_kelurahan", None, None)]
    codes = [f"99.{n // 10000:02d}.{n % 10000:04d}" for n in range(70_000)]
    fake = [Region(code, f"Desa {code}", "desa_kelurahan", None, None) for code in codes]
    regions = fake[:35_000] + real + fake[35_000:]
    assert len(regions) > 65_535 and len(regions) > 70 * CODES_PER_QUERY
    shapes = region_shapes(handmade, regions)
    assert [feature["id"] for feature in shapes.feature_collection["features"]] == ["36.04.01.2001"]
    assert len(shapes.missing) == 70_000 and "36.04.01.2001" not in shapes.missing
    assert shapes.missing[:2] == [fake[0].code, fake[1].code]
    nothing = region_shapes(handmade, fake)
    assert nothing.feature_collection["features"] == [] and nothing.bounds is None
    assert nothing.missing == [region.code for region in fake]


# --- the order holds whatever the database's collation -------------------------------------------

AWKWARD = {10: "posyandu b", 11: "Posyandu-C", 13: "Posyandu a", 14: "Posyandu B"}


@pytest.mark.postgres
def test_under5_order_is_by_code_point_on_a_locale_collation() -> None:
    """A PostgreSQL database with a language collation (ICU ``en``: case and dashes ignored at first)
    still lists -- and cuts -- the under-5 list in code-point order, as Python and SQLite sort."""
    admin = postgres_admin_url()
    if not admin:
        pytest.skip("POSYANDU_TEST_POSTGRES_URL not set")
    name = "t_lists_icu_collation"
    admin_engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with admin_engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))  # a fixed test name
        conn.execute(
            text(f"CREATE DATABASE \"{name}\" TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en' LOCALE 'C'")
        )
    url = make_url(admin).set(database=name).render_as_string(hide_password=False)
    try:
        dataset = {table: [dict(row) for row in rows] for table, rows in HANDMADE.items()}
        dataset["kader"] = [row for row in dataset["kader"] if row["posyandu_id"] not in AWKWARD]  # no kader
        for row in dataset["posyandu"]:
            row["name"] = AWKWARD.get(row["id"], row["name"])
            if row["id"] in AWKWARD:
                row["region_code"] = "36.73.01.1001"  # one desa: the order falls to the names
        writer = create_engine(url)
        load_dataset(writer, dataset)
        writer.dispose()
        engine = get_engine(url)
        with engine.connect() as conn:
            collated = (
                conn.execute(text("SELECT name FROM posyandu WHERE id IN (10, 11, 13, 14) ORDER BY name"))
                .scalars()
                .all()
            )
        assert collated != sorted(collated)  # the database's own order is not the code-point one
        current = scope(engine, "36.73.01.1001")
        frame = posyandu_under5(engine, current)
        assert frame["name"].tolist() == sorted(AWKWARD.values())  # "Posyandu B" < "Posyandu a" < ...
        assert frame["name"].tolist()[:2] == posyandu_under5(engine, current, limit=2)["name"].tolist()
    finally:
        get_engine.cache_clear()
        with admin_engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin_engine.dispose()
