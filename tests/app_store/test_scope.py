"""Scope on every route: a writer rooted at kecamatan Serang (36.73.01) can neither read nor write the
follow-ups of kecamatan Cipocok Jaya (36.73.02), and what the SQL selects is exactly what
:func:`data_access.access.is_within` allows."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import Engine

from app_store.errors import WriteOutOfScopeError
from app_store.records import Actor
from app_store.repository import (
    change_status,
    create_rapat,
    create_tindak_lanjut,
    get_rapat,
    get_tindak_lanjut,
    item_history,
    list_rapat,
    list_tindak_lanjut,
    owner_suggestions,
    status_counts,
    update_rapat,
    update_tindak_lanjut,
)
from app_store.vocabulary import BERJALAN, DIBATALKAN
from data_access.access import OutOfScopeError, is_within
from tests.app_store.helpers import (
    CAMAT_CIPOCOK,
    CAMAT_SERANG,
    KOTA_SERANG,
    NASIONAL,
    rakor_kota_serang,
    registrasi_serang,
)

DAY = dt.date(2025, 7, 1)


@pytest.fixture
def two_kecamatan(engine: Engine) -> dict[str, int]:
    """One meeting per kecamatan and one follow-up in each, written by the kota's TP."""
    ids: dict[str, int] = {}
    for code, owner in (("36.73.01", "Camat Serang"), ("36.73.02", "Camat Cipocok Jaya")):
        meeting = create_rapat(
            engine, actor=KOTA_SERANG, data=rakor_kota_serang(region_code=code, title=f"Rakor TP kecamatan {code}")
        )
        item = create_tindak_lanjut(
            engine,
            actor=KOTA_SERANG,
            data=registrasi_serang(rapat_id=meeting.id, region_code=f"{code}.1001", owner=owner),
        )
        ids[f"rapat {code}"] = meeting.id
        ids[code] = item.id
    return ids


def test_a_camat_writes_inside_their_kecamatan(engine: Engine, two_kecamatan: dict[str, int]) -> None:
    own = get_tindak_lanjut(engine, actor=CAMAT_SERANG, item_id=two_kecamatan["36.73.01"])
    moved = change_status(engine, actor=CAMAT_SERANG, item=own, status=BERJALAN)
    assert moved.stamp.updated_by == "camat.serang"
    created = create_tindak_lanjut(engine, actor=CAMAT_SERANG, data=registrasi_serang(region_code="36.73.01.1002"))
    assert created.stamp.created_by == "camat.serang"
    meeting = create_rapat(engine, actor=CAMAT_SERANG, data=rakor_kota_serang(region_code="36.73.01"))
    assert meeting.data.region_code == "36.73.01"


def test_a_camat_can_not_write_the_next_kecamatan(engine: Engine, two_kecamatan: dict[str, int]) -> None:
    theirs = get_tindak_lanjut(engine, actor=CAMAT_CIPOCOK, item_id=two_kecamatan["36.73.02"])
    attempts = [
        lambda data: create_tindak_lanjut(engine, actor=CAMAT_SERANG, data=data),
        # editing theirs, even while claiming it lies in Serang (moving it into one's own scope)
        lambda data: update_tindak_lanjut(
            engine,
            actor=CAMAT_SERANG,
            item_id=theirs.id,
            expected_version=1,
            data=dataclasses.replace(data, region_code="36.73.01.1001"),
        ),
        lambda data: update_tindak_lanjut(engine, actor=CAMAT_SERANG, item_id=theirs.id, expected_version=1, data=data),
    ]
    for attempt in attempts:
        with pytest.raises(WriteOutOfScopeError) as refused:
            attempt(registrasi_serang(region_code="36.73.02.1001"))
        assert refused.value.scope == "36.73.01"
        assert refused.value.message.startswith("Tidak tersimpan: wilayah 36.73.02")
        assert refused.value.message.endswith("di luar wilayah akses Anda (36.73.01).")
        assert refused.value.submitted.region_code in ("36.73.02.1001", "36.73.01.1001")
    with pytest.raises(WriteOutOfScopeError):
        change_status(engine, actor=CAMAT_SERANG, item=theirs, status=DIBATALKAN)
    with pytest.raises(WriteOutOfScopeError):
        create_rapat(engine, actor=CAMAT_SERANG, data=rakor_kota_serang(region_code="36.73.02"))
    with pytest.raises(WriteOutOfScopeError):  # nor a meeting above their kecamatan
        update_rapat(
            engine,
            actor=CAMAT_SERANG,
            rapat_id=two_kecamatan["rapat 36.73.02"],
            expected_version=1,
            data=rakor_kota_serang(region_code="36.73.01"),
        )
    # moving one's own follow-up out of scope is refused too
    own = get_tindak_lanjut(engine, actor=CAMAT_SERANG, item_id=two_kecamatan["36.73.01"])
    with pytest.raises(WriteOutOfScopeError):
        update_tindak_lanjut(
            engine,
            actor=CAMAT_SERANG,
            item_id=own.id,
            expected_version=own.stamp.version,
            data=dataclasses.replace(own.data, region_code="36.73.02.1001", rapat_id=None),
        )
    # and nothing of theirs changed
    assert get_tindak_lanjut(engine, actor=NASIONAL, item_id=theirs.id) == theirs


def test_a_camat_can_not_read_the_next_kecamatan(engine: Engine, two_kecamatan: dict[str, int]) -> None:
    theirs = two_kecamatan["36.73.02"]
    reads = [
        lambda: get_tindak_lanjut(engine, actor=CAMAT_SERANG, item_id=theirs),
        lambda: get_rapat(engine, actor=CAMAT_SERANG, rapat_id=two_kecamatan["rapat 36.73.02"]),
        lambda: item_history(engine, actor=CAMAT_SERANG, entity="tindak_lanjut", entity_id=theirs),
        lambda: item_history(engine, actor=CAMAT_SERANG, entity="rapat", entity_id=two_kecamatan["rapat 36.73.02"]),
        lambda: list_tindak_lanjut(engine, actor=CAMAT_SERANG, region_code="36.73.02"),
        lambda: list_tindak_lanjut(engine, actor=CAMAT_SERANG, region_code="36.73"),  # above: includes theirs
        lambda: list_tindak_lanjut(engine, actor=CAMAT_SERANG, region_code=None),
        lambda: list_rapat(engine, actor=CAMAT_SERANG, region_code="36.73.02"),
        lambda: owner_suggestions(engine, actor=CAMAT_SERANG, region_code="36.73"),
        lambda: status_counts(engine, actor=CAMAT_SERANG, region_code="36.73.02", on=DAY),
    ]
    for read in reads:
        with pytest.raises(OutOfScopeError) as refused:
            read()
        assert refused.value.root_code == "36.73.01"
    own = list_tindak_lanjut(engine, actor=CAMAT_SERANG, region_code="36.73.01")
    assert [item.id for item in own.items] == [two_kecamatan["36.73.01"]]
    assert owner_suggestions(engine, actor=CAMAT_SERANG, region_code="36.73.01") == ["Camat Serang"]
    assert sum(status_counts(engine, actor=CAMAT_SERANG, region_code="36.73.01", on=DAY).values()) == 1
    meetings = list_rapat(engine, actor=CAMAT_SERANG, region_code="36.73.01").items
    assert [meeting.data.region_code for meeting in meetings] == ["36.73.01"]
    # the kota sees both
    assert list_tindak_lanjut(engine, actor=KOTA_SERANG, region_code="36.73").total == 2


def test_a_camat_may_carry_out_a_kota_meetings_decision(engine: Engine) -> None:
    """The meeting can be above the writer: what matters is the follow-up's region, inside the meeting's."""
    meeting = create_rapat(engine, actor=KOTA_SERANG, data=rakor_kota_serang())
    created = create_tindak_lanjut(engine, actor=CAMAT_SERANG, data=registrasi_serang(rapat_id=meeting.id))
    assert created.rapat_title == meeting.data.title
    with pytest.raises(OutOfScopeError):
        get_rapat(engine, actor=CAMAT_SERANG, rapat_id=meeting.id)


BOUNDARY_CODES = (
    "36",
    "36.73",
    "36.73.01",
    "36.73.01.1001",
    "36.73.01.2002",
    "36.73.02",
    "36.73.02.1001",
    "36.73.10",
    "36.73.10.1001",
    "36.74",
    "36.74.01",
    "37",
    "63.73",
    "63.73.01",
)


def test_the_sql_range_selects_exactly_what_is_within_allows(engine: Engine) -> None:
    ids = {
        code: create_tindak_lanjut(engine, actor=NASIONAL, data=registrasi_serang(region_code=code)).id
        for code in BOUNDARY_CODES
    }
    for root in (None, *BOUNDARY_CODES):
        actor = Actor(name="penguji", scope=root)
        listed = list_tindak_lanjut(engine, actor=actor, region_code=root, limit=100)
        expected = {ids[code] for code in BOUNDARY_CODES if is_within(root, code)}
        assert {item.id for item in listed.items} == expected, root
        assert listed.total == len(expected)


def test_an_actor_with_a_malformed_scope_can_not_be_made() -> None:
    for scope in ("36.7", "nasional", "", "36.73.01.1001.1"):
        with pytest.raises(ValueError):
            Actor(name="x", scope=scope)
    with pytest.raises(ValueError):
        Actor(name=" ", scope=None)
