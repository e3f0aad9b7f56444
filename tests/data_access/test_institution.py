"""Readiness per desa, the camat's worklist and month-on-month changes, worked out by hand.

Readiness and changes run on the hand-made dirty database (``tests/fixtures/handmade.py``: read its
posyandu map and the SK / registration / Tim Pembina rows); the worklist on the tiny one
(``tests/fixtures/tiny.py``). "Today" is 2026-11-23 throughout.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from data_access import compute_metrics, get_engine, resolve_scope
from data_access.institution import (
    FUNNEL_COUNTS,
    STAGES,
    desa_readiness,
    gap_counts,
    gap_status_by_child,
    institution_indicators,
    posyandu_changes,
    posyandu_worklist,
    previous_month,
    readiness_by_region,
    status_counts,
    stuck_step,
    stuck_summary,
)
from data_access.scope import Period
from tests.fixtures.handmade import HANDMADE
from tests.fixtures.tiny import TINY

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def handmade(backend: str, database_factory):
    return get_engine(database_factory.build(backend, "handmade_institution", HANDMADE))


@pytest.fixture
def tiny(backend: str, database_factory):
    return get_engine(database_factory.build(backend, "tiny_institution", TINY))


def scope(engine, region: str | None, year: int = 2025, month: int | None = None):
    return resolve_scope(engine, region_code=region, year=year, month=month, today=TODAY)


def rows_by_desa(frame) -> dict[str, tuple]:
    columns = ["desa_name", "kecamatan_name", "child_code", *FUNNEL_COUNTS, "tp_formed", "stuck_at"]
    return {
        row["desa_code"]: tuple(None if pd.isna(row[c]) else row[c] for c in columns)
        for row in frame.to_dict("records")
    }


def test_stuck_step_takes_the_first_step_not_passed_by_every_posyandu() -> None:
    assert stuck_step(0, 0, 0, True) == "posyandu"
    assert stuck_step(4, 3, 3, True) == "sk"
    assert stuck_step(4, 0, 0, False) == "sk"
    assert stuck_step(4, 4, 2, True) == "registered"
    assert stuck_step(4, 4, 4, False) == "tim_pembina"
    assert stuck_step(4, 4, 4, True) == "siap"


def test_desa_readiness_kabupaten_serang_2025(handmade) -> None:
    frame = desa_readiness(handmade, scope(handmade, "36.04"))
    assert rows_by_desa(frame) == {
        # 1, 2, 3 all have an SK (2's date blank = counts); only 1 is registered; TP since 2024-05.
        "36.04.01.2001": ("Ciruas", "Ciruas", "36.04.01", 3, 3, 1, 1, True, "registered"),
        # 4's SK number is blank, 5 has none; the TP's SK number is blank.
        "36.04.01.2002": ("Kaserangan", "Ciruas", "36.04.01", 2, 0, 0, 0, False, "sk"),
        # 6's SK is dated 2099; 7 has SK and registration; TP with a null date counts.
        "36.04.02.2001": ("Kragilan", "Kragilan", "36.04.02", 2, 1, 1, 1, True, "sk"),
        # 8's SK number is CR/LF; the TP's SK of 2025-10-01 counts for the full year.
        "36.04.02.2002": ("Silebu", "Kragilan", "36.04.02", 1, 0, 0, 0, True, "sk"),
        # only posyandu 9, inactive; TP dated 2099.
        "36.04.02.2003": ("Dukuh", "Kragilan", "36.04.02", 0, 0, 0, 0, False, "posyandu"),
    }


def test_desa_readiness_sums_to_the_funnel_counts(handmade) -> None:
    for region in ("36.04", "36.73", None):
        current = scope(handmade, region)
        frame = desa_readiness(handmade, current)
        counts = compute_metrics(handmade, current).counts
        assert {name: int(frame[name].sum()) for name in FUNNEL_COUNTS} == {
            name: counts[f"posyandu.{name}"] for name in FUNNEL_COUNTS
        }


def test_desa_readiness_kota_serang_2025_and_its_children(handmade) -> None:
    current = scope(handmade, "36.73")
    frame = desa_readiness(handmade, current)
    assert rows_by_desa(frame) == {
        # 10 (SK null date, registered) and 11 (SK, no registration); TP with a blank date counts.
        "36.73.01.1001": ("Cimuncang", "Serang", "36.73.01", 2, 2, 1, 1, True, "registered"),
        # 13's SK number is empty, 14's SK is dated 2026; no TP.
        "36.73.01.1002": ("Lontarbaru", "Serang", "36.73.01", 2, 0, 0, 0, False, "sk"),
        # 15 has SK and registration, 16 no SK; the TP's SK number is a tab.
        "36.73.02.1001": ("Banjar Agung", "Cipocok Jaya", "36.73.02", 2, 1, 1, 0, False, "sk"),
        # 17 has an SK but no registration, 18 nothing (19 only from 2026); TP only from 2026-04.
        "36.73.02.1002": ("Dalung", "Cipocok Jaya", "36.73.02", 2, 1, 0, 0, False, "sk"),
        # the 3-part kelurahan code: in 36.73's subtree by prefix, under no kecamatan.
        "36.73.9001": ("Salah Kode", None, None, 0, 0, 0, 0, False, "posyandu"),
    }
    summary = stuck_summary(frame, current).set_index("code")
    # the region's own row counts every desa of the subtree, the 3-part kelurahan included
    assert summary.loc["36.73", ["desa", "posyandu", "sk", "registered", "siap"]].tolist() == [5, 1, 3, 1, 0]
    assert summary.loc["36.73.01", ["desa", "posyandu", "sk", "registered", "tim_pembina", "siap"]].tolist() == [
        2,
        0,
        1,
        1,
        0,
        0,
    ]
    assert summary.loc["36.73.02", ["desa", "sk"]].tolist() == [2, 2]


def test_desa_readiness_at_desa_level(handmade) -> None:
    current = scope(handmade, "36.73.01.1001")
    frame = desa_readiness(handmade, current)
    assert rows_by_desa(frame) == {
        "36.73.01.1001": ("Cimuncang", "Serang", None, 2, 2, 1, 1, True, "registered"),
    }
    summary = stuck_summary(frame, current)
    assert summary[["code", "desa", "registered"]].values.tolist() == [["36.73.01.1001", 1, 1]]


def test_readiness_by_region_on_tiny(tiny) -> None:
    # August 2026: 1 has SK (Feb 2026) and registration, 2 an SK only, 3 nothing; kelurahan A has a TP.
    frame = readiness_by_region(compute_metrics(tiny, scope(tiny, "31.71", year=2026)))
    head = frame.iloc[0]
    assert (head["code"], bool(head["is_region"])) == ("31.71", True)
    assert [int(head[name]) for name in FUNNEL_COUNTS] == [3, 2, 1, 1]
    assert head["with_sk_pct"] == pytest.approx(200 / 3)
    assert head["with_sk_registered_tp_pct"] == pytest.approx(100 / 3)
    assert frame["code"].tolist() == ["31.71", "31.71.01"]


def test_worklist_puts_perlu_perhatian_first(tiny) -> None:
    frame = posyandu_worklist(tiny, scope(tiny, "31.71"))
    # 3: six gaps; 2: registration, 5 kader, trained kader, last month, six bidang; 1: SK and six bidang.
    assert frame["posyandu_id"].tolist() == [3, 2, 1]
    assert frame["status"].tolist() == ["perlu perhatian", "perlu perhatian", "kurang"]
    assert frame["gap_count"].tolist() == [6, 5, 2]
    trained = frame.set_index("posyandu_id")["trained_pct"]
    assert trained[1] == pytest.approx(20.0)  # one of five active kader
    assert trained[2] == pytest.approx(0.0)
    assert pd.isna(trained[3])  # no kader: null
    assert status_counts(frame) == {"perlu perhatian": 2, "kurang": 1, "lengkap": 0}
    assert dict(gap_counts(frame).values.tolist()) == {
        "registration": 2,
        "sk": 2,
        "kader_5": 2,
        "trained_kader": 2,
        "last_month_report": 2,
        "six_bidang": 3,
    }


def test_gap_status_by_child(tiny) -> None:
    frame = gap_status_by_child(tiny, scope(tiny, "31.71"))
    assert frame[["code", "posyandu", "perlu_perhatian", "kurang", "lengkap"]].values.tolist() == [
        ["31.71.01", 3, 2, 1, 0]
    ]
    assert frame["perlu_perhatian_pct"].iloc[0] == pytest.approx(200 / 3)


def test_previous_month_wraps_to_december() -> None:
    assert previous_month(Period(2026, 1, TODAY)) == Period(2025, 12, TODAY)
    assert previous_month(Period(2025, 7, TODAY)) == Period(2025, 6, TODAY)


def changes(engine, region: str, year: int, month: int) -> list[tuple[int, str, str | None]]:
    frame = posyandu_changes(engine, scope(engine, region, year=year, month=month))
    return [(int(row.posyandu_id), row.change, row.date) for row in frame.itertuples()]


def test_changes_july_2025(handmade) -> None:
    # 3's SK is dated 2025-07-01; 6 reported KS01 January to June 2025 only.
    assert changes(handmade, "36.04", 2025, 7) == [(3, "sk", "2025-07-01"), (6, "stopped_reporting", "2025-06-01")]


def test_changes_september_2025(handmade) -> None:
    # 7 registered on 2025-09-10; everyone who reported in August reported in September.
    assert changes(handmade, "36.04", 2025, 9) == [(7, "registered", "2025-09-10")]


def test_changes_march_2026(handmade) -> None:
    # 8 registered on 2026-03-01 (its SK number is blank); only 1 reports in 2026.
    assert changes(handmade, "36.04", 2026, 3) == [(8, "registered", "2026-03-01")]


def test_changes_january_compares_with_december_of_the_year_before(handmade) -> None:
    found = changes(handmade, "36.73", 2026, 1)
    # 14's SK is dated 2026-01-15. Nobody in Kota Serang reports in 2026; of P (19 only from February),
    # 10, 13, 14, 15, 17 and 18 reported in December 2025 (11 and 16 stopped earlier).
    assert found[0] == (14, "sk", "2026-01-15")
    stopped = {(pid, date) for pid, change, date in found[1:] if change == "stopped_reporting"}
    assert stopped == {(pid, "2025-12-01") for pid in (10, 13, 14, 15, 17, 18)}
    assert len(found) == 7


def test_no_changes_gives_an_empty_frame_with_columns(tiny) -> None:
    # Kelurahan B in 2025, December: posyandu 3 reported only in July and August.
    frame = posyandu_changes(tiny, scope(tiny, "31.71.01.1002"))
    assert frame.empty
    assert list(frame.columns) == ["posyandu_id", "name", "desa_code", "desa_name", "change", "date"]


def test_institution_indicators_on_tiny(tiny) -> None:
    frame = institution_indicators(compute_metrics(tiny, scope(tiny, "31.71")))
    head = frame.iloc[0]
    expected = {
        "registered_pct": (1, 3),  # posyandu 1
        "sk_pct": (1, 3),  # posyandu 2 (1's SK is dated 2026)
        "tp_desa_kel_pct": (1, 2),  # kelurahan A
        "tp_kecamatan_pct": (0, 1),
        "kelembagaan_pct": (1, 3),  # 1 is registered with secretariat and administration
        "pengurus_complete_pct": (0, 3),  # 1 has a ketua_bidang for kesehatan only
        "kader_under5_count": (2, 3),  # 2 has two kader, 3 none
    }
    for metric, (count, base) in expected.items():
        assert (head[f"{metric}_count"], head[f"{metric}_base"]) == (count, base), metric
    assert head["sk_pct"] == pytest.approx(100 / 3)
    assert head["tp_desa_kel_pct"] == pytest.approx(50.0)
    assert head["kader_under5_count"] == 2
    assert head["kader_under5_pct"] == pytest.approx(200 / 3)
    assert frame["code"].tolist() == ["31.71", "31.71.01"]


def test_readiness_stages_partition_the_posyandu(tiny) -> None:
    head = readiness_by_region(compute_metrics(tiny, scope(tiny, "31.71", year=2026))).iloc[0]
    # 3 has no SK; 2 has an SK only; 1 is ready (registered, SK, kelurahan A's TP).
    assert [int(head[name]) for name in STAGES] == [1, 0, 1, 1]
    assert head["stage_no_sk_pct"] == pytest.approx(100 / 3)
    assert head["stage_no_tp_pct"] == pytest.approx(0.0)
