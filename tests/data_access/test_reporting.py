"""``stopped_reporting`` on a small hand-made database, every row worked out by hand, on both backends.

Kota 31.71 has two kecamatan: 31.71.01 (desa A, B, C, G, H) and 31.71.02 (desa D, E, F). "Today" is
2026-11-23. For M = March 2026 the look-back window is March 2025 - February 2026, the cutoff is
2026-03-31. What each desa's posyandu report (valid unless said otherwise):

- A (posyandu 1, 2): 1 reports monthly January 2025 - February 2026; 2 never reports.
- B (posyandu 3): February and March 2026.
- C (posyandu 4): February 2025 and 1 March 2025 (the window's first day).
- D (posyandu 5): December 2025; January 2026 as text and March 2026 negative (both invalid).
- E (posyandu 6, 7): 6 in February 2025 only; 7 is inactive and reports January-March 2026.
- F (posyandu 8, 9): 8 on an unknown indicator in January 2026; 9 is established in May 2026 and
  reports January 2026.
- G (posyandu 10): value 0 in February 2026 (a report with nothing to report still counts).
- H (posyandu 12): February and April 2026, nothing in March.
- posyandu 11 stands on an unknown desa and reports February 2026 (in no subtree).
"""

from __future__ import annotations

import datetime as dt

import pytest

from data_access import get_engine, resolve_scope
from data_access.reporting import STOPPED_COLUMNS, lookback_start, months_between, stopped_reporting

TODAY = dt.date(2026, 11, 23)
KOTA, KEC_1, KEC_2 = "31.71", "31.71.01", "31.71.02"
DESA = {
    "A": f"{KEC_1}.1001",
    "B": f"{KEC_1}.1002",
    "C": f"{KEC_1}.1003",
    "G": f"{KEC_1}.1004",
    "H": f"{KEC_1}.1005",
    "D": f"{KEC_2}.2001",
    "E": f"{KEC_2}.2002",
    "F": f"{KEC_2}.2003",
}


def _region(code: str, name: str, level: str, parent: str | None) -> dict[str, object]:
    return {"code": code, "name": name, "level": level, "parent_code": parent, "kind": None}


def _posyandu(pid: int, region_code: str, *, active: int = 1, established_on: str | None = "2015-01-01") -> dict:
    return {
        "id": pid,
        "region_code": region_code,
        "name": f"Posyandu {pid}",
        "location": None,
        "established_on": established_on,
        "registration_number": None,
        "registered_on": None,
        "sk_number": None,
        "sk_date": None,
        "has_secretariat": 0,
        "admin_complete": 0,
        "sarpras_complete": 0,
        "active": active,
        "latitude": None,
        "longitude": None,
    }


def _report(pid: int, period: str, value: object = 5, indicator: str = "KS01") -> dict[str, object]:
    return {"posyandu_id": pid, "period": period, "indicator_code": indicator, "value": value}


DATASET: dict[str, list[dict[str, object]]] = {
    "region": [
        _region("31", "Provinsi Uji", "provinsi", None),
        _region(KOTA, "Kota Uji", "kabupaten_kota", "31"),
        _region(KEC_1, "Kecamatan Satu", "kecamatan", KOTA),
        _region(KEC_2, "Kecamatan Dua", "kecamatan", KOTA),
        *(_region(code, f"Desa {letter}", "desa_kelurahan", code.rsplit(".", 1)[0]) for letter, code in DESA.items()),
    ],
    "region_boundary": [],
    "indicator": [
        {"code": "KS01", "bidang": "kesehatan", "name": "Penimbangan", "output": "Balita", "unit": "Orang"},
    ],
    "posyandu": [
        _posyandu(1, DESA["A"]),
        _posyandu(2, DESA["A"]),
        _posyandu(3, DESA["B"]),
        _posyandu(4, DESA["C"]),
        _posyandu(5, DESA["D"]),
        _posyandu(6, DESA["E"]),
        _posyandu(7, DESA["E"], active=0),
        _posyandu(8, DESA["F"]),
        _posyandu(9, DESA["F"], established_on="2026-05-01"),
        _posyandu(10, DESA["G"]),
        _posyandu(11, "31.71.09.9999"),
        _posyandu(12, DESA["H"]),
    ],
    "service_report": [
        *(_report(1, f"2025-{m:02d}-01") for m in range(1, 13)),
        _report(1, "2026-01-01"),
        _report(1, "2026-02-01"),
        _report(3, "2026-02-01"),
        _report(3, "2026-03-01"),
        _report(4, "2025-02-01"),
        _report(4, "2025-03-01"),
        _report(5, "2025-12-01"),
        _report(5, "2026-01-01", value="n/a"),
        _report(5, "2026-03-01", value=-1),
        _report(6, "2025-02-15"),
        *(_report(7, f"2026-{m:02d}-01") for m in (1, 2, 3)),
        _report(8, "2026-01-01", indicator="XX99"),
        _report(9, "2026-01-01"),
        _report(10, "2026-02-01", value=0),
        _report(11, "2026-02-01"),
        _report(12, "2026-02-01"),
        _report(12, "2026-04-01"),
    ],
}


@pytest.fixture
def engine(backend: str, database_factory):
    return get_engine(database_factory.build(backend, "stopped_reporting", DATASET))


def stopped(engine, region: str | None, month: int, year: int = 2026) -> dict[str, tuple]:
    scope = resolve_scope(engine, region_code=region, year=year, month=month, today=TODAY)
    frame = stopped_reporting(engine, scope)
    assert list(frame.columns) == STOPPED_COLUMNS
    assert list(frame["desa_code"]) == sorted(frame["desa_code"])
    return {
        row.desa_code: (row.kecamatan_name, row.posyandu, row.last_report_period, row.months_silent)
        for row in frame.itertuples()
    }


# March 2026: A (silent since February), C (1 March 2025 is the window's first day), D (the January and
# March rows are invalid, so December), G (a 0 is a report), H (its April report is after the cutoff).
# Not B (reported in March), E (6 reported before the window; 7 is inactive), F (8's indicator does not
# exist; 9 is not yet established), nor posyandu 11 (no desa).
MARCH = {
    DESA["A"]: ("Kecamatan Satu", 2, "2026-02-01", 1),
    DESA["C"]: ("Kecamatan Satu", 1, "2025-03-01", 12),
    DESA["G"]: ("Kecamatan Satu", 1, "2026-02-01", 1),
    DESA["H"]: ("Kecamatan Satu", 1, "2026-02-01", 1),
    DESA["D"]: ("Kecamatan Dua", 1, "2025-12-01", 3),
}


@pytest.mark.parametrize("region", [None, "31", KOTA])
def test_march_for_the_whole_kota(engine, region: str | None) -> None:
    assert stopped(engine, region, 3) == MARCH


def test_march_in_one_kecamatan_and_one_desa(engine) -> None:
    assert stopped(engine, KEC_1, 3) == {code: MARCH[code] for code in (DESA["A"], DESA["C"], DESA["G"], DESA["H"])}
    assert stopped(engine, KEC_2, 3) == {DESA["D"]: MARCH[DESA["D"]]}
    assert stopped(engine, DESA["A"], 3) == {DESA["A"]: MARCH[DESA["A"]]}
    assert stopped(engine, DESA["B"], 3) == {}


def test_april_moves_the_window(engine) -> None:
    # Window April 2025 - March 2026: B now silent (last March), C's March 2025 fell out of the window,
    # H reported in April; A, D and G one month longer silent.
    assert stopped(engine, KOTA, 4) == {
        DESA["A"]: ("Kecamatan Satu", 2, "2026-02-01", 2),
        DESA["B"]: ("Kecamatan Satu", 1, "2026-03-01", 1),
        DESA["G"]: ("Kecamatan Satu", 1, "2026-02-01", 2),
        DESA["D"]: ("Kecamatan Dua", 1, "2025-12-01", 4),
    }


def test_january_looks_back_into_the_previous_year(engine) -> None:
    # Window January - December 2025. A reported in January 2026; D's January row is text, so D has
    # been silent since December; C reported in February and March 2025; E's posyandu 6 in February
    # 2025 (its inactive posyandu 7 does not count).
    assert stopped(engine, KOTA, 1) == {
        DESA["C"]: ("Kecamatan Satu", 1, "2025-03-01", 10),
        DESA["D"]: ("Kecamatan Dua", 1, "2025-12-01", 1),
        DESA["E"]: ("Kecamatan Dua", 1, "2025-02-15", 11),
    }


def test_a_past_year_uses_december(engine) -> None:
    # December 2025: window December 2024 - November 2025. Only C (last March 2025) went quiet; A and D
    # reported in December; E's posyandu 6 (February 2025) is silent too.
    assert stopped(engine, KOTA, 12, year=2025) == {
        DESA["C"]: ("Kecamatan Satu", 1, "2025-03-01", 9),
        DESA["E"]: ("Kecamatan Dua", 1, "2025-02-15", 10),
    }


def test_window_arithmetic() -> None:
    assert lookback_start(2026, 3) == dt.date(2025, 3, 1)
    assert lookback_start(2026, 1) == dt.date(2025, 1, 1)
    assert lookback_start(2026, 12) == dt.date(2025, 12, 1)
    assert months_between(dt.date(2025, 12, 1), 2026, 3) == 3
    assert months_between(dt.date(2026, 3, 31), 2026, 3) == 0
