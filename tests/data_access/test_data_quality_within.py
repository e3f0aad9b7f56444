"""Data quality limited to one region (``within``), for a user whose access is scoped to it.

Why: a camat must see the dirty rows of their kecamatan -- and none of another's, nor the rows that
name no region at all (a kader of a posyandu that does not exist), which only national users see.
Expected counts and rows come from reading ``tests/fixtures/handmade.py`` row by row.
"""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from data_access import data_quality, get_engine
from data_access.scope import get_region
from tests.data_access.test_data_quality_handmade import assert_offenders, expected_counts
from tests.fixtures.handmade import HANDMADE, TODAY


@pytest.fixture
def loaded(backend: str, database_factory) -> tuple[str, Engine]:
    return backend, get_engine(database_factory.build(backend, "handmade", HANDMADE))


def _within(engine: Engine, code: str):
    with engine.connect() as conn:
        region = get_region(conn, code)
    return data_quality(engine, today=TODAY, within=region)


def test_kota_serang(loaded) -> None:
    backend, engine = loaded
    dq = _within(engine, "36.73")
    assert dq.counts == {
        "unplaced_posyandu": 0,  # 20, 21 are in 36.04; 22 names 88.01.01.0001
        "invalid_service_values": 2,  # (10, 2025-03, SO02) -1 and (10, 2025-04, SO02) null
        "orphan_service_reports": 0,  # posyandu 999 names no region; (1, XX99) is in 36.04
        "orphan_rows": 0,
        "future_dated": 2,  # posyandu 23 established_on; tim_pembina 23 (36.73.02)
        "invalid_partnerships": 0,  # partnership 3 belongs to posyandu 3 (36.04.01)
        "invalid_targets": 1,  # (36.73.01, registered_pct, 150); the provinsi's target is above 36.73
        "regions_without_boundary": 4,  # 36.73.01.1002, 36.73.02.1001, 36.73.02.1002, 36.73.9001
        "invalid_boundaries": 1,  # 36.73 itself (not JSON)
        "level_mismatch": 1,  # 36.73.9001 (inside 36.73 by its code)
    }
    assert sorted({int(o["posyandu_id"]) for o in dq.offenders["invalid_service_values"]}) == [10]
    assert_offenders(
        dq.offenders["future_dated"],
        [("posyandu", "23", "established_on"), ("tim_pembina", "23", "sk_date")],
        "future_dated",
    )
    assert sorted(o["region_code"] for o in dq.offenders["regions_without_boundary"]) == [
        "36.73.01.1002",
        "36.73.02.1001",
        "36.73.02.1002",
        "36.73.9001",
    ]


def test_kecamatan_ciruas(loaded) -> None:
    backend, engine = loaded
    dq = _within(engine, "36.04.01")
    assert dq.counts == {
        "unplaced_posyandu": 2,  # 20 on the kecamatan itself; 21 on 36.04.01.2999 (unknown, under it)
        # (1, 2025-12, KS01) -3; (3, 2025-01..03, KS01) null x3; (3, 2025-04) 'n/a' on SQLite only
        "invalid_service_values": 4 + (1 if backend == "sqlite" else 0),
        "orphan_service_reports": 1,  # (1, 2025-11, XX99)
        "orphan_rows": 1,  # tim_pembina 40 on 36.04.01.2999
        # posyandu 4 registered_on; kader 101; training 5 (kader 111 of posyandu 1); reports of 2 and 3
        "future_dated": 5,
        "invalid_partnerships": 1,  # partnership 3 of posyandu 3
        "invalid_targets": 1,  # (36.04.01, sk_pct, -5)
        "regions_without_boundary": 1,  # 36.04.01.2002
        "invalid_boundaries": 1,  # 36.04.01 (a Point)
        "level_mismatch": 0,
    }
    assert sorted(int(o["id"]) for o in dq.offenders["unplaced_posyandu"]) == [20, 21]
    assert_offenders(dq.offenders["orphan_rows"], [("tim_pembina", "40")], "orphan_rows")
    assert_offenders(
        dq.offenders["future_dated"],
        [
            ("posyandu", "4", "registered_on"),
            ("kader", "101", "joined_on"),
            ("training", "5", "completed_on"),
            ("service_report", "2", "KS01", "period"),
            ("service_report", "3", "KS01", "period"),
        ],
        "future_dated",
    )


def test_scoped_counts_never_exceed_national_and_orphans_stay_national(loaded) -> None:
    """Every region's counts are at most the national ones; the rows naming no region (posyandu
    999, kader 9901/9902, training 25, partnership 9, budget of 999, and 88.01 rows) appear in no
    provinsi's list -- only in the national one."""
    backend, engine = loaded
    national = data_quality(engine, today=TODAY)
    assert national.counts == expected_counts(backend)
    provinces = [_within(engine, code) for code in ("36", "51")]
    for check, count in national.counts.items():
        assert sum(dq.counts[check] for dq in provinces) <= count, check
    for dq in provinces:
        orphan_keys = {(o["table"], str(o["id"])) for o in dq.offenders["orphan_rows"]}
        assert orphan_keys <= {("tim_pembina", "40")}
        assert all(int(o["posyandu_id"]) != 999 for o in dq.offenders["orphan_service_reports"])
        assert all(int(o["id"]) != 22 for o in dq.offenders["unplaced_posyandu"])
