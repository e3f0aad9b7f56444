"""``kabupaten_regulations`` on the hand-made database, each row worked out by hand.

Regulations in ``tests/fixtures/handmade.py``: 36.73 perkada 2024-04-01 (its own); 36 perda 2023
(provincial: counts for no kabupaten/kota); 36.04 perda 2026-05-01, sk 2099-01-01 (future), perkada
2025-08-01; 51 perda 2023 (provincial); 88.01 perda 2024 (unknown region). Kabupaten/kota: 36.04,
36.73, 51.71. "Today" is 2026-11-23.
"""

from __future__ import annotations

import datetime as dt

import pytest

from data_access import compute_metrics, get_engine, resolve_scope
from data_access.breakdowns.regional import REGULATION_COLUMNS, kabupaten_regulations
from tests.fixtures.handmade import HANDMADE, TODAY

D = dt.date


@pytest.fixture
def engine(backend: str, database_factory):
    return get_engine(database_factory.build(backend, "handmade_regional", HANDMADE))


def rows(engine, region: str | None, year: int = 2025, month: int | None = None) -> list[tuple]:
    scope = resolve_scope(engine, region_code=region, year=year, month=month, today=TODAY)
    frame = kabupaten_regulations(engine, scope)
    assert list(frame.columns) == REGULATION_COLUMNS
    return [
        (r.code, r.name, bool(r.has_regulation), int(r.regulations), r.latest_issued_on, r.kinds)
        for r in frame.itertuples()
    ]


def test_country_2025_lists_every_kabupaten_kota(engine) -> None:
    assert rows(engine, None) == [
        ("36.04", "KABUPATEN SERANG", True, 1, D(2025, 8, 1), "perkada"),  # the 2026 perda and 2099 sk do not count
        ("36.73", "KOTA SERANG", True, 1, D(2024, 4, 1), "perkada"),  # the provincial perda is not its own
        ("51.71", "KOTA DENPASAR", False, 0, None, ""),  # only Bali's provincial perda
    ]


def test_month_cut_and_later_years(engine) -> None:
    # Cut at June 2025: the perkada of 2025-08-01 is after the period end.
    assert rows(engine, "36", month=6)[0] == ("36.04", "KABUPATEN SERANG", False, 0, None, "")
    # 2026 to November: cutoff = today, so the 2026-05-01 perda counts too; the 2099 sk never does.
    assert rows(engine, "36.04", year=2026, month=11) == [
        ("36.04", "KABUPATEN SERANG", True, 2, D(2026, 5, 1), "perda, perkada")
    ]


def test_provinsi_lists_its_own_kabupaten_kota_only(engine) -> None:
    assert [row[0] for row in rows(engine, "36")] == ["36.04", "36.73"]
    assert rows(engine, "51") == [("51.71", "KOTA DENPASAR", False, 0, None, "")]


@pytest.mark.parametrize(
    ("region", "expected"),
    [("36.73.01", "36.73"), ("36.04.01.2001", "36.04"), ("36.73.9001", "36.73"), ("51.71.01.1001", "51.71")],
)
def test_below_kabupaten_kota_gives_the_parent(engine, region: str, expected: str) -> None:
    # A kecamatan or desa has no regulation of its own to count: the page shows its kabupaten/kota.
    assert [row[0] for row in rows(engine, region)] == [expected]


@pytest.mark.parametrize(("region", "month"), [(None, None), (None, 6), ("36", None), ("36.04", 6), ("51", None)])
def test_agrees_with_regulation_pct(engine, region: str | None, month: int | None) -> None:
    scope = resolve_scope(engine, region_code=region, year=2025, month=month, today=TODAY)
    frame = kabupaten_regulations(engine, scope)
    metric = compute_metrics(engine, scope).metrics["regulation_pct"]
    assert metric == pytest.approx(100.0 * frame["has_regulation"].sum() / len(frame))
