"""The query API the page will call: follow-ups of a region and below with filters, counts per shown status,
owner suggestions; and, with 50,000 follow-ups on SQLite, the plan of a kabupaten listing uses the index."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest
from sqlalchemy import Engine, func, insert, select

from app_store.engine import store_schema
from app_store.models import tindak_lanjut_table
from app_store.records import TindakLanjut
from app_store.repository import (
    change_status,
    create_rapat,
    create_tindak_lanjut,
    list_rapat,
    list_tindak_lanjut,
    owner_suggestions,
    status_counts,
    tindak_lanjut_filter,
    tindak_lanjut_page_query,
)
from app_store.vocabulary import BERJALAN, DIBATALKAN, DIRENCANAKAN, SELESAI, TERLAMBAT
from tests.app_store.helpers import NASIONAL, SQLITE_ONLY, rakor_kota_serang, registrasi_serang

DAY = dt.date(2025, 7, 1)


@pytest.fixture
def kota_serang(engine: Engine) -> dict[str, TindakLanjut]:
    """Six follow-ups of one rakor over two kecamatan, due around :data:`DAY`, in every status."""
    meeting = create_rapat(engine, actor=NASIONAL, data=rakor_kota_serang())
    other = create_rapat(engine, actor=NASIONAL, data=rakor_kota_serang(title="Rakor lomba Posyandu"))
    specs = {
        "late open": ("36.73.01.1001", dt.date(2025, 6, 1), "Dinas Kesehatan", DIRENCANAKAN, meeting.id),
        "late running": ("36.73.01", dt.date(2025, 6, 30), "dinas kesehatan", BERJALAN, meeting.id),
        "due today": ("36.73.01.1002", DAY, "Dinas Kesehatan", DIRENCANAKAN, meeting.id),
        "late but done": ("36.73.02", dt.date(2025, 5, 1), "DPMD", SELESAI, meeting.id),
        "late but cancelled": ("36.73.02.1001", dt.date(2025, 5, 2), "Bappeda", DIBATALKAN, other.id),
        "later": ("36.73", dt.date(2025, 12, 31), "Dinas Kesehatan", DIRENCANAKAN, None),
    }
    items: dict[str, TindakLanjut] = {}
    for name, (code, due, owner, status, rapat_id) in specs.items():
        created = create_tindak_lanjut(
            engine,
            actor=NASIONAL,
            data=registrasi_serang(region_code=code, due_on=due, owner=owner, rapat_id=rapat_id),
        )
        items[name] = (
            change_status(engine, actor=NASIONAL, item=created, status=status) if status != DIRENCANAKAN else created
        )
    return items


def _names(items: dict[str, TindakLanjut], listing) -> list[str]:
    by_id = {item.id: name for name, item in items.items()}
    return [by_id[item.id] for item in listing.items]


def test_listing_filters(engine: Engine, kota_serang: dict[str, TindakLanjut]) -> None:
    def listed(**filters: object) -> list[str]:
        return _names(kota_serang, list_tindak_lanjut(engine, actor=NASIONAL, **filters))

    # earliest due first
    assert listed(region_code="36.73") == [
        "late but done",
        "late but cancelled",
        "late open",
        "late running",
        "due today",
        "later",
    ]
    assert listed(region_code="36.73.01") == ["late open", "late running", "due today"]
    assert listed(region_code="36.73", overdue_on=DAY) == ["late open", "late running"]
    assert listed(region_code="36.73", statuses=[SELESAI, DIBATALKAN]) == ["late but done", "late but cancelled"]
    assert listed(region_code="36.73", owner="Dinas Kesehatan") == ["late open", "due today", "later"]
    assert listed(region_code="36.73", rapat_id=kota_serang["late but cancelled"].data.rapat_id) == [
        "late but cancelled"
    ]
    page = list_tindak_lanjut(engine, actor=NASIONAL, region_code="36.73", limit=2, offset=2)
    assert (_names(kota_serang, page), page.total) == (["late open", "late running"], 6)
    assert kota_serang["late open"].shown_status(DAY) == TERLAMBAT
    assert kota_serang["due today"].shown_status(DAY) == DIRENCANAKAN
    assert kota_serang["late but done"].shown_status(DAY) == SELESAI


def test_bad_filters_are_the_callers_mistake(engine: Engine) -> None:
    with pytest.raises(ValueError, match="use overdue_on"):
        list_tindak_lanjut(engine, actor=NASIONAL, region_code=None, statuses=[TERLAMBAT])
    with pytest.raises(ValueError):
        list_tindak_lanjut(engine, actor=NASIONAL, region_code=None, limit=1001)


def test_status_counts_put_late_open_items_under_terlambat(
    engine: Engine, kota_serang: dict[str, TindakLanjut]
) -> None:
    assert status_counts(engine, actor=NASIONAL, region_code="36.73", on=DAY) == {
        DIRENCANAKAN: 2,
        BERJALAN: 0,
        SELESAI: 1,
        DIBATALKAN: 1,
        TERLAMBAT: 2,
    }
    assert status_counts(engine, actor=NASIONAL, region_code="62", on=DAY) == dict.fromkeys(
        (DIRENCANAKAN, BERJALAN, SELESAI, DIBATALKAN, TERLAMBAT), 0
    )


def test_owner_suggestions_most_used_first(engine: Engine, kota_serang: dict[str, TindakLanjut]) -> None:
    assert owner_suggestions(engine, actor=NASIONAL, region_code="36.73") == [
        "Dinas Kesehatan",
        "Bappeda",
        "DPMD",
        "dinas kesehatan",
    ]
    assert owner_suggestions(engine, actor=NASIONAL, region_code="36.73", typed="KESEHATAN") == [
        "Dinas Kesehatan",
        "dinas kesehatan",
    ]
    assert owner_suggestions(engine, actor=NASIONAL, region_code="36.73.02", typed="") == ["Bappeda", "DPMD"]
    assert owner_suggestions(engine, actor=NASIONAL, region_code="36.73", limit=1) == ["Dinas Kesehatan"]


def test_owner_suggestions_fold_every_script(engine: Engine) -> None:
    for owner in ("STRAẞE Dinas", "Lurah Ölen"):
        create_tindak_lanjut(engine, actor=NASIONAL, data=registrasi_serang(owner=owner))
    assert owner_suggestions(engine, actor=NASIONAL, region_code="36", typed="strasse") == ["STRAẞE Dinas"]
    assert owner_suggestions(engine, actor=NASIONAL, region_code="36", typed="ölen") == ["Lurah Ölen"]


def test_list_rapat_newest_first(engine: Engine) -> None:
    older = create_rapat(engine, actor=NASIONAL, data=rakor_kota_serang(held_on=dt.date(2024, 11, 5)))
    newer = create_rapat(engine, actor=NASIONAL, data=rakor_kota_serang(region_code="36.73.01"))
    elsewhere = create_rapat(engine, actor=NASIONAL, data=rakor_kota_serang(region_code="62.03"))
    listing = list_rapat(engine, actor=NASIONAL, region_code="36.73")
    assert ([meeting.id for meeting in listing.items], listing.total) == ([newer.id, older.id], 2)
    assert list_rapat(engine, actor=NASIONAL, region_code=None).total == 3
    assert elsewhere.id not in [meeting.id for meeting in listing.items]


# -- at scale ---------------------------------------------------------------------------------------------------

KABUPATEN = [f"{province}.{kabupaten:02d}" for province in (36, 62) for kabupaten in range(1, 11)]
"""20 kabupaten/kota x 10 kecamatan x 25 desa x 10 follow-ups = 50,000 rows."""


def _rows_at_scale() -> list[dict[str, object]]:
    stamp = dt.datetime(2025, 1, 1)
    statuses = itertools.cycle((DIRENCANAKAN, BERJALAN, SELESAI, DIBATALKAN))
    rows = []
    for kabupaten in KABUPATEN:
        for kecamatan in range(1, 11):
            for desa in range(1001, 1026):
                for number in range(10):
                    rows.append(
                        {
                            "region_code": f"{kabupaten}.{kecamatan:02d}.{desa}",
                            "action": f"Tindak lanjut {number}",
                            "owner": f"OPD {number % 7}",
                            "due_on": dt.date(2025, 1, 1) + dt.timedelta(days=(desa * 7 + number * 31) % 365),
                            "status": next(statuses),
                            "version": 1,
                            "created_at": stamp,
                            "created_by": "muat",
                            "updated_at": stamp,
                            "updated_by": "muat",
                        }
                    )
    return rows


def _plan(engine: Engine, statement) -> str:
    """SQLite's query plan of a statement, its details one per line."""
    compiled = statement.compile(
        dialect=engine.dialect,
        schema_translate_map={store_schema("postgresql"): None},
        render_schema_translate=True,
        compile_kwargs={"literal_binds": True},
    )
    with engine.connect() as conn:
        return "\n".join(row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}"))


def _assert_searches(plan: str, index_use: str) -> None:
    """The plan looks follow-ups up through the index (a SEARCH, not a SCAN of the table or the index)."""
    assert re.search(rf"^SEARCH (main\.)?tindak_lanjut {re.escape(index_use)}", plan, re.MULTILINE), plan
    assert not re.search(r"^SCAN (main\.)?tindak_lanjut", plan, re.MULTILINE), plan


@SQLITE_ONLY
def test_a_kabupaten_listing_among_50000_follow_ups_uses_the_indexes(engine: Engine) -> None:
    rows = _rows_at_scale()
    assert len(rows) == 50_000
    with engine.begin() as conn:
        conn.execute(insert(tindak_lanjut_table), rows)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(tindak_lanjut_table)).scalar_one() == 50_000

    kabupaten = tindak_lanjut_filter(region_code="36.05")
    region_range = "ix_tindak_lanjut_region_code_due_on (region_code>? AND region_code<?)"
    _assert_searches(_plan(engine, tindak_lanjut_page_query(kabupaten, 200, 0)), f"USING INDEX {region_range}")
    count = select(func.count()).select_from(tindak_lanjut_table).where(kabupaten)
    _assert_searches(_plan(engine, count), f"USING COVERING INDEX {region_range}")
    overdue = tindak_lanjut_filter(region_code="36.01", overdue_on=dt.date(2025, 3, 1))
    _assert_searches(_plan(engine, tindak_lanjut_page_query(overdue, 200, 0)), f"USING INDEX {region_range}")
    national_overdue = tindak_lanjut_filter(region_code=None, overdue_on=dt.date(2025, 1, 10))
    _assert_searches(
        _plan(engine, tindak_lanjut_page_query(national_overdue, 200, 0)),
        "USING INDEX ix_tindak_lanjut_due_on (due_on<?)",
    )

    # and the answers are right at that size
    listing = list_tindak_lanjut(engine, actor=NASIONAL, region_code="36.01", limit=1000)
    assert listing.total == 2_500 and len(listing.items) == 1000
    assert all(item.data.region_code.startswith("36.01.") for item in listing.items)
    assert [item.data.due_on for item in listing.items] == sorted(item.data.due_on for item in listing.items)
    counts = status_counts(engine, actor=NASIONAL, region_code="62.10", on=dt.date(2025, 7, 1))
    assert sum(counts.values()) == 2_500
    assert owner_suggestions(engine, actor=NASIONAL, region_code="62", typed="opd 1") == ["OPD 1"]
