"""Breakdowns, gaps and progress on the tiny database, each figure worked out by hand.

See ``tests/fixtures/tiny.py``: kota 31.71 has posyandu 1 and 2 in kelurahan A and posyandu 3
(established June 2025) in kelurahan B; "today" is 2026-11-23.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from data_access import compute_metrics, get_engine, resolve_scope
from data_access.breakdowns import (
    bidang_activity,
    budget_by_source,
    monthly_completeness,
    partnerships_by_type,
    service_volumes,
    training_by_type,
)
from data_access.gaps import posyandu_gaps
from data_access.progress import (
    change_against_previous_year,
    previous_year,
    rank_children,
    renstra_pace,
    renstra_trajectory,
)
from tests.fixtures.tiny import TINY

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def engine(backend: str, database_factory):
    return get_engine(database_factory.build(backend, "tiny_breakdowns", TINY))


def scope(engine, region: str | None = "31.71", year: int = 2025, month: int | None = None):
    return resolve_scope(engine, region_code=region, year=year, month=month, today=TODAY)


def test_funnel_counts(engine) -> None:
    counts = compute_metrics(engine, scope(engine)).counts
    # P = {1, 2, 3}; SK in 2025: posyandu 2 only; SK and registered: none (1 has its SK in 2026).
    assert counts["posyandu.posyandu"] == 3
    assert counts["posyandu.with_sk"] == 1
    assert counts["posyandu.with_sk_registered"] == 0
    counts_2026 = compute_metrics(engine, scope(engine, year=2026)).counts
    # By August 2026 posyandu 1 is registered and has its SK; kelurahan A has a decreed TP.
    assert counts_2026["posyandu.with_sk_registered"] == 1
    assert counts_2026["posyandu.with_sk_registered_tp"] == 1


def test_training_by_type(engine) -> None:
    frame = training_by_type(engine, scope(engine)).set_index(["code", "training_type"])
    # K = 5 active on posyandu 1 + 2 on posyandu 2 = 7; one technical (kesehatan) training counts.
    assert frame.loc[("31.71", "teknis_kesehatan"), "trained"] == 1
    assert frame.loc[("31.71", "teknis_kesehatan"), "base"] == 7
    assert frame.loc[("31.71", "teknis_kesehatan"), "trained_pct"] == pytest.approx(100 / 7)
    # Managerial over G = ketua, sekretaris, bendahara, ketua_bidang = 4; the sekretaris is trained.
    assert frame.loc[("31.71", "manajerial"), "trained_pct"] == pytest.approx(25.0)
    assert frame.loc[("31.71", "teknis_sosial"), "trained"] == 0
    assert frame.loc[("31.71.01", "teknis_kesehatan"), "trained"] == 1


def test_budget_by_source(engine) -> None:
    frame = budget_by_source(engine, scope(engine))
    amounts = {(row.year, row.source): row.amount for row in frame.itertuples()}
    assert amounts == {
        (2024, "apbdes"): 5_000_000,
        (2025, "apbdes"): 6_000_000,
        (2025, "csr"): 1_500_000,
        (2025, "swadaya"): 500_000,
    }
    # budget_up: posyandu 1 (7.5 M > 5 M) and posyandu 2 (0.5 M > nothing) of 3.
    assert compute_metrics(engine, scope(engine)).metrics["budget_up_pct"] == pytest.approx(200 / 3)


def test_partnerships_by_type(engine) -> None:
    frame = partnerships_by_type(engine, scope(engine))
    assert dict(zip(frame["partner_type"], frame["posyandu"], strict=True)) == {"csr": 1, "lsm": 1}
    # In 2026 the LSM partnership (ended March 2025) no longer runs.
    frame_2026 = partnerships_by_type(engine, scope(engine, year=2026))
    assert list(frame_2026["partner_type"]) == ["csr"]


def test_service_volumes_and_bidang(engine) -> None:
    volumes = service_volumes(engine, scope(engine)).set_index("indicator_code")
    assert volumes.loc["KS01", "volume"] == pytest.approx(12 * 10)  # posyandu 1, 12 months of 10
    assert volumes.loc["PU02", "volume"] == pytest.approx(2.5)  # kilograms, a fraction
    assert volumes.loc["PD01", "volume"] == 0  # reported, but 0
    assert volumes.loc["PD01", "posyandu_reporting"] == 0
    assert volumes.loc["KS01", "unit"] == "Orang"
    activity = dict(bidang_activity(engine, scope(engine)).itertuples(index=False))
    assert activity == {
        "pendidikan": 0,
        "kesehatan": 1,
        "pekerjaan_umum": 1,
        "perumahan_rakyat": 0,
        "trantibumlinmas": 0,
        "sosial": 0,
    }


def test_monthly_completeness(engine) -> None:
    frame = monthly_completeness(engine, scope(engine)).set_index("month")
    # Jan-May: posyandu 1 and 2 expected; from June posyandu 3 too. Posyandu 1 reports every month,
    # posyandu 3 in July and August (a 0 value is still a valid report).
    assert list(frame["expected"]) == [2] * 5 + [3] * 7
    assert list(frame["reported"]) == [1] * 6 + [2, 2] + [1] * 4
    assert frame.loc[7, "completeness_pct"] == pytest.approx(200 / 3)
    assert frame["reported"].sum() / frame["expected"].sum() == pytest.approx(14 / 31)


def test_posyandu_gaps(engine) -> None:
    frame = posyandu_gaps(engine, scope(engine)).set_index("posyandu_id")
    assert frame.loc[1, "gaps"] == ["sk", "six_bidang"]
    assert frame.loc[1, "status"] == "kurang"
    assert frame.loc[1, "last_report_period"] == "2025-12-01"
    assert frame.loc[2, "gaps"] == ["registration", "kader_5", "trained_kader", "last_month_report", "six_bidang"]
    assert frame.loc[2, "status"] == "perlu perhatian"
    assert pd.isna(frame.loc[2, "last_report_period"])
    assert frame.loc[3, "gap_count"] == 6
    assert frame.loc[3, "last_report_period"] == "2025-08-01"
    assert frame.loc[3, "bidang_missing"] == [
        "pendidikan",
        "kesehatan",
        "perumahan_rakyat",
        "trantibumlinmas",
        "sosial",
    ]


def test_change_and_ranking(engine) -> None:
    current = compute_metrics(engine, scope(engine, year=2026))  # opens on August 2026
    before = previous_year(engine, current.scope)  # 2025 cut at August
    assert before.scope.period.month == 8
    change = change_against_previous_year(current, before)
    assert change["registered_pct"] == pytest.approx(0.0)  # 1 of 3 both years
    assert change["sk_pct"] == pytest.approx(200 / 3 - 100 / 3)  # 2 of 3 against 1 of 3
    kecamatan = compute_metrics(engine, scope(engine, region="31.71.01"))
    ranked = rank_children(kecamatan, "registered_pct")
    # Both kelurahan inherit the kota's 2025 target of 40: B (0 %) is 40 points behind, A (50 %) ahead.
    assert list(ranked["code"]) == ["31.71.01.1002", "31.71.01.1001"]
    assert list(ranked["gap"]) == [pytest.approx(40.0), pytest.approx(-10.0)]
    assert list(ranked["status"]) == ["tertinggal", "tercapai"]


def test_renstra_trajectory_and_pace(engine) -> None:
    current = scope(engine, year=2026)
    trajectory = renstra_trajectory(engine, current)
    registered = trajectory[trajectory["metric"] == "registered_pct"].set_index("year")
    assert registered.loc[2025, "actual"] == pytest.approx(100 / 3)
    assert registered.loc[2025, "status"] == "mendekati"  # 33.3 of 40 = 83 %
    assert registered.loc[2026, "month"] == 8
    assert registered.loc[2026, "actual"] == pytest.approx(100 / 3)
    assert registered.loc[2029, "target"] == 100
    pace = {p.metric: p for p in renstra_pace(trajectory, current)}["registered_pct"]
    assert pace.first_year == 2025
    assert pace.achieved_per_year == pytest.approx(0.0)
    assert pace.needed_per_year == pytest.approx((100 - 100 / 3) / 3)
