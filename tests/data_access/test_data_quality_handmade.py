"""Data-quality counts and offending rows on the hand-made dirty database, counted by hand.

Why: METRICS.md promises that every kind of dirt is counted (and listed by id or code) on the
data-quality page rather than silently skewing a figure or crashing a page. The expected counts
below come from reading ``tests/fixtures/handmade.py`` row by row, not from running the code.
Counts are over the whole database, whatever the region and period. One count depends on the
backend: text in a numeric column (``'n/a'``) exists only in SQLite; PostgreSQL's loader drops it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest
from sqlalchemy import Engine

from data_access import data_quality, get_engine
from data_access.loader import LoadReport
from tests.fixtures.handmade import HANDMADE, TODAY

Offender = Mapping[str, object]

# The one service_report row only SQLite can hold (text in a numeric column).
TEXT_VALUE_ROW = {"posyandu_id": 3, "period": "2025-04-01", "indicator_code": "KS01", "value": "n/a"}


@pytest.fixture
def loaded(backend: str, database_factory) -> tuple[str, Engine, LoadReport]:
    url, report = database_factory.build_with_report(backend, "handmade", HANDMADE)
    return backend, get_engine(url), report


def expected_counts(backend: str) -> dict[str, int]:
    return {
        # 20 (on kecamatan 36.04.01), 21 (unknown 36.04.01.2999), 22 (unknown 88.01.01.0001, inactive)
        "unplaced_posyandu": 3,
        # negative: (1, 2025-12, KS01) -3, (10, 2025-03, SO02) -1, (999, 2025-03, KS01) -2  -> 3
        # null: (3, 2025-01..03, KS01) x3, (10, 2025-04, SO02)                              -> 4
        # text: (3, 2025-04, KS01) 'n/a' -- SQLite only                                      -> 1
        "invalid_service_values": 3 + 4 + (1 if backend == "sqlite" else 0),
        # posyandu 999: (2025-01, KS01), (2025-01, KS02), (2025-02, XX99: both missing, once), (2025-03, KS01);
        # indicator XX99: (1, 2025-11)
        "orphan_service_reports": 4 + 1,
        # kader 9901, 9902; training 25; partnership 9; budget (999, 2025, apbdes); tim_pembina 40;
        # regulation 6; renstra_target (88.01, 2025, registered_pct)
        "orphan_rows": 2 + 1 + 1 + 1 + 1 + 1 + 1,
        # posyandu 4 registered_on, 6 sk_date, 23 established_on; tim_pembina 5, 23; kader 101 joined_on;
        # training 5; service_report (2, 2026-12-01) and (3, 2099-01-01). Not counted: partnership 8 and
        # regulation 5 (2099) -- those columns are not in METRICS.md's list.
        "future_dated": 3 + 2 + 1 + 1 + 2,
        "invalid_partnerships": 1,  # partnership 3 ends 2024-03-01, starts 2024-06-01
        # (36.73.01, registered_pct, 150), (36.04.01, sk_pct, -5), (36, posyandu_total, 80)
        "invalid_targets": 3,
        # 36.04.01.2002, 36.04.02.2001, 36.04.02.2002, 36.04.02.2003, 36.04.03, 36.73.01.1002, 36.73.02.1001,
        # 36.73.02.1002, 36.73.9001 (22 regions, 13 boundary rows)
        "regions_without_boundary": 9,
        "invalid_boundaries": 3,  # 36.04.01 (Point), 36.04.02 (bowtie), 36.73 (not JSON)
        "level_mismatch": 1,  # 36.73.9001: desa_kelurahan with 3 parts
    }


# Fields that identify a row of each table (composite keys where the table has no ``id``). An offender
# may carry them as separate keys or as one space-separated ``id`` text (e.g. "999 2025 apbdes").
ROW_KEY: dict[str, tuple[str, ...]] = {
    "budget": ("posyandu_id", "year", "source"),
    "renstra_target": ("region_code", "year", "metric"),
    "service_report": ("posyandu_id", "indicator_code"),  # the period is the dated column itself
}


def row_key(offender: Offender) -> tuple[object, ...]:
    """(table, identifying values as text[, column]) of one offender, whichever shape it is listed in."""
    table = str(offender.get("table"))
    fields = ROW_KEY.get(table, ("id",))
    if all(field in offender for field in fields):
        values = tuple(str(offender[field]) for field in fields)
    else:
        values = tuple(str(offender["id"]).split())
    column = offender.get("column")
    return (table, *values) if column is None else (table, *values, str(column))


def assert_offenders(offenders: Sequence[Offender], wanted: Sequence[tuple[object, ...]], check: str) -> None:
    """The offenders are exactly the wanted rows (compared by :func:`row_key`), each listed once."""
    got = sorted(map(row_key, offenders), key=str)
    assert got == sorted(wanted, key=str), f"{check}: {list(offenders)}"


def _region_codes(offenders: Sequence[Offender]) -> list[str]:
    return sorted(str(o.get("region_code", o.get("code"))) for o in offenders)


def _report_keys(offenders: Sequence[Offender]) -> list[tuple[int, str, str]]:
    return sorted((int(o["posyandu_id"]), str(o["period"])[:10], str(o["indicator_code"])) for o in offenders)


def test_loader_kept_every_row_but_sqlite_only_text(loaded) -> None:
    backend, _engine, report = loaded
    dropped = {table: rows for table, rows in report.dropped.items() if rows}
    if backend == "sqlite":
        assert dropped == {}
    else:
        assert dropped == {"service_report": [TEXT_VALUE_ROW]}


def test_counts(loaded) -> None:
    backend, engine, _report = loaded
    dq = data_quality(engine, today=TODAY)
    assert dict(dq.counts) == expected_counts(backend)


def test_counts_match_offender_lists(loaded) -> None:
    backend, engine, _report = loaded
    dq = data_quality(engine, today=TODAY)
    assert set(dq.offenders) == set(expected_counts(backend))
    for check, count in dq.counts.items():
        assert len(dq.offenders[check]) == count, check


def test_unplaced_posyandu(loaded) -> None:
    _backend, engine, _report = loaded
    offenders = data_quality(engine, today=TODAY).offenders["unplaced_posyandu"]
    assert sorted(int(o["id"]) for o in offenders) == [20, 21, 22]


def test_orphan_rows(loaded) -> None:
    _backend, engine, _report = loaded
    offenders = data_quality(engine, today=TODAY).offenders["orphan_rows"]
    assert_offenders(
        offenders,
        [
            ("kader", "9901"),
            ("kader", "9902"),
            ("training", "25"),
            ("partnership", "9"),
            ("budget", "999", "2025", "apbdes"),
            ("tim_pembina", "40"),
            ("regulation", "6"),
            ("renstra_target", "88.01", "2025", "registered_pct"),
        ],
        "orphan_rows",
    )


def test_invalid_targets(loaded) -> None:
    _backend, engine, _report = loaded
    offenders = data_quality(engine, today=TODAY).offenders["invalid_targets"]
    keys = sorted(row_key({"table": "renstra_target", **o})[1:] for o in offenders)
    assert keys == [
        ("36", "2025", "posyandu_total"),  # not a percentage metric
        ("36.04.01", "2025", "sk_pct"),  # -5
        ("36.73.01", "2025", "registered_pct"),  # 150
    ]


def test_level_mismatch(loaded) -> None:
    _backend, engine, _report = loaded
    offenders = data_quality(engine, today=TODAY).offenders["level_mismatch"]
    assert _region_codes(offenders) == ["36.73.9001"]


def test_boundaries(loaded) -> None:
    _backend, engine, _report = loaded
    dq = data_quality(engine, today=TODAY)
    assert _region_codes(dq.offenders["invalid_boundaries"]) == ["36.04.01", "36.04.02", "36.73"]
    assert _region_codes(dq.offenders["regions_without_boundary"]) == [
        "36.04.01.2002",
        "36.04.02.2001",
        "36.04.02.2002",
        "36.04.02.2003",
        "36.04.03",
        "36.73.01.1002",
        "36.73.02.1001",
        "36.73.02.1002",
        "36.73.9001",
    ]


def test_future_dated(loaded) -> None:
    _backend, engine, _report = loaded
    offenders = data_quality(engine, today=TODAY).offenders["future_dated"]
    assert_offenders(
        offenders,
        [
            ("posyandu", "4", "registered_on"),
            ("posyandu", "6", "sk_date"),
            ("posyandu", "23", "established_on"),
            ("tim_pembina", "5", "sk_date"),
            ("tim_pembina", "23", "sk_date"),
            ("kader", "101", "joined_on"),
            ("training", "5", "completed_on"),
            ("service_report", "2", "KS01", "period"),  # 2026-12-01
            ("service_report", "3", "KS01", "period"),  # 2099-01-01
        ],
        "future_dated",
    )


def test_service_report_offenders(loaded) -> None:
    backend, engine, _report = loaded
    dq = data_quality(engine, today=TODAY)
    assert _report_keys(dq.offenders["orphan_service_reports"]) == [
        (1, "2025-11-01", "XX99"),
        (999, "2025-01-01", "KS01"),
        (999, "2025-01-01", "KS02"),
        (999, "2025-02-01", "XX99"),
        (999, "2025-03-01", "KS01"),
    ]
    invalid = [
        (1, "2025-12-01", "KS01"),
        (3, "2025-01-01", "KS01"),
        (3, "2025-02-01", "KS01"),
        (3, "2025-03-01", "KS01"),
        (10, "2025-03-01", "SO02"),
        (10, "2025-04-01", "SO02"),
        (999, "2025-03-01", "KS01"),
    ]
    if backend == "sqlite":
        invalid.append((3, "2025-04-01", "KS01"))  # 'n/a'
    assert _report_keys(dq.offenders["invalid_service_values"]) == sorted(invalid)


def test_invalid_partnerships(loaded) -> None:
    _backend, engine, _report = loaded
    offenders = data_quality(engine, today=TODAY).offenders["invalid_partnerships"]
    assert [int(o["id"]) for o in offenders] == [3]
