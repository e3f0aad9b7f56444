"""A rapat entered by mistake is hidden, on SQLite and PostgreSQL: it leaves the meeting listings the pickers
use, its follow-ups stay linked to it with their own history, the hiding is a version with its history row
(refused when someone changed the meeting since, or when the writer's scope does not hold it); the migration
from 0002 keeps every meeting shown; export -> import -> export stays byte-identical, and a file exported
before meetings could be hidden still imports."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable

import pytest
from sqlalchemy import Engine, insert, inspect, select

from app_store.engine import create_store_engine, store_schema
from app_store.errors import ConflictError, WriteOutOfScopeError
from app_store.migrate import TERKINI, TERTINGGAL, downgrade, store_status, upgrade
from app_store.models import rapat_table
from app_store.repository import (
    create_rapat,
    create_tindak_lanjut,
    get_rapat,
    hide_rapat,
    item_history,
    list_rapat,
    list_tindak_lanjut,
)
from app_store.transfer import export_store, import_store
from app_store.vocabulary import DIUBAH, RAPAT, TINDAK_LANJUT
from tests.app_store.helpers import (
    CAMAT_SERANG,
    KOTA_SERANG,
    NASIONAL,
    NO_SHARED_DATABASE,
    rakor_kota_serang,
    registrasi_serang,
)

MISTAKE = "Rakor TP Posyandu Kota Serang (tercatat dua kali)"


def _two_meetings(engine: Engine) -> tuple[int, int, int]:
    """The Kota Serang rakor, the same rakor entered a second time by mistake, and a follow-up of the latter."""
    kept = create_rapat(engine, actor=KOTA_SERANG, data=rakor_kota_serang())
    mistaken = create_rapat(engine, actor=KOTA_SERANG, data=rakor_kota_serang(title=MISTAKE))
    item = create_tindak_lanjut(engine, actor=KOTA_SERANG, data=registrasi_serang(rapat_id=mistaken.id))
    return kept.id, mistaken.id, item.id


def test_hidden_rapat_leaves_the_pickers_and_keeps_its_follow_ups(engine: Engine) -> None:
    kept, mistaken, item_id = _two_meetings(engine)
    meeting = get_rapat(engine, actor=KOTA_SERANG, rapat_id=mistaken)
    hidden = hide_rapat(engine, actor=KOTA_SERANG, meeting=meeting)
    assert hidden.data.hidden and hidden.stamp.version == 2
    assert hidden.data == dataclasses.replace(meeting.data, hidden=True)

    assert [m.id for m in list_rapat(engine, actor=KOTA_SERANG, region_code="36.73").items] == [kept]
    shown_all = list_rapat(engine, actor=KOTA_SERANG, region_code="36.73", include_hidden=True)
    assert sorted(m.id for m in shown_all.items) == [kept, mistaken] and shown_all.total == 2
    assert list_rapat(engine, actor=KOTA_SERANG, region_code="36.73").total == 1

    (item,) = list_tindak_lanjut(engine, actor=KOTA_SERANG, region_code="36.73").items
    assert (item.id, item.data.rapat_id, item.rapat_title) == (item_id, mistaken, MISTAKE)
    assert len(item_history(engine, actor=KOTA_SERANG, entity=TINDAK_LANJUT, entity_id=item_id)) == 1

    first, second = item_history(engine, actor=KOTA_SERANG, entity=RAPAT, entity_id=mistaken)
    assert (second.version, second.action, second.changed_by) == (2, DIUBAH, "tp.kota.serang")
    assert first.after["hidden"] is False
    assert second.changes() == {"hidden": (False, True)}

    shown_again = hide_rapat(engine, actor=NASIONAL, meeting=hidden, hidden=False)
    assert not shown_again.data.hidden and shown_again.stamp.version == 3
    assert len(list_rapat(engine, actor=KOTA_SERANG, region_code="36.73").items) == 2


def test_hiding_is_refused_out_of_scope_and_on_a_stale_version(engine: Engine) -> None:
    _kept, mistaken, _item = _two_meetings(engine)
    meeting = get_rapat(engine, actor=KOTA_SERANG, rapat_id=mistaken)
    with pytest.raises(WriteOutOfScopeError):
        hide_rapat(engine, actor=CAMAT_SERANG, meeting=meeting)  # a kota's meeting, above the camat's scope
    hide_rapat(engine, actor=KOTA_SERANG, meeting=meeting)
    with pytest.raises(ConflictError) as refused:
        hide_rapat(engine, actor=NASIONAL, meeting=meeting)  # the version 1 seen before someone hid it
    assert [entry.changes() for entry in refused.value.changes] == [{"hidden": (False, True)}]
    assert get_rapat(engine, actor=NASIONAL, rapat_id=mistaken).stamp.version == 2


def _columns(engine: Engine) -> set[str]:
    return {column["name"] for column in inspect(engine).get_columns("rapat", schema=store_schema(engine.dialect.name))}


def test_upgrade_from_0002_keeps_every_meeting_shown(bare_engine: Engine) -> None:
    upgrade(bare_engine, "0002")
    assert "hidden" not in _columns(bare_engine)
    at_0002 = {
        "region_code": "36.73",
        "held_on": dt.date(2025, 4, 21),
        "title": "Rakor TP Posyandu Kota Serang",
        "place": "Aula Setda",
        "participants": 83,
        "notes": None,
        "version": 1,
        "created_at": dt.datetime(2025, 4, 21, 2, 0),
        "created_by": "operator",
        "updated_at": dt.datetime(2025, 4, 21, 2, 0),
        "updated_by": "operator",
    }
    columns = [rapat_table.c[name] for name in at_0002]
    with bare_engine.begin() as conn:
        conn.execute(insert(rapat_table), [at_0002])
    assert store_status(bare_engine).state == TERTINGGAL
    (behind,) = list_rapat(bare_engine, actor=NASIONAL, region_code=None).items  # a store behind is still read
    assert not behind.data.hidden and behind.data.title == at_0002["title"]
    assert get_rapat(bare_engine, actor=NASIONAL, rapat_id=behind.id) == behind

    upgrade(bare_engine)
    assert store_status(bare_engine).state == TERKINI
    with bare_engine.connect() as conn:
        row = conn.execute(select(*columns, rapat_table.c.hidden)).mappings().one()
    assert dict(row) == {**at_0002, "hidden": False}
    (shown,) = list_rapat(bare_engine, actor=NASIONAL, region_code=None).items
    assert not shown.data.hidden
    hide_rapat(bare_engine, actor=NASIONAL, meeting=shown)
    assert list_rapat(bare_engine, actor=NASIONAL, region_code=None).items == ()

    downgrade(bare_engine, "0002")
    assert "hidden" not in _columns(bare_engine)
    with bare_engine.connect() as conn:
        assert conn.execute(select(*columns)).mappings().one()["title"] == at_0002["title"]
    upgrade(bare_engine)
    assert store_status(bare_engine).state == TERKINI


def test_round_trip_with_a_hidden_meeting_and_a_version_1_file(
    engine: Engine, new_store_url: Callable[[], str]
) -> None:
    _kept, mistaken, _item = _two_meetings(engine)
    hide_rapat(engine, actor=KOTA_SERANG, meeting=get_rapat(engine, actor=KOTA_SERANG, rapat_id=mistaken))
    first = export_store(engine)
    document = json.loads(first)
    assert document["format_version"] == 2
    assert [row["hidden"] for row in document["rapat"]] == [False, True]

    target = create_store_engine(new_store_url(), shared_url=NO_SHARED_DATABASE)
    upgrade(target)
    assert import_store(target, first) == {"rapat": 2, "tindak_lanjut": 1, "history": 4}
    assert export_store(target) == first
    assert [m.id for m in list_rapat(target, actor=NASIONAL, region_code=None).items] == [_kept]
    target.dispose()

    # A file from before 0003 (format 1, no "hidden"): every meeting imported as shown.
    old = json.loads(first)
    old["format_version"] = 1
    for row in old["rapat"]:
        del row["hidden"]
    older = create_store_engine(new_store_url(), shared_url=NO_SHARED_DATABASE)
    upgrade(older)
    assert import_store(older, json.dumps(old, ensure_ascii=False).encode()) == {
        "rapat": 2,
        "tindak_lanjut": 1,
        "history": 4,
    }
    assert len(list_rapat(older, actor=NASIONAL, region_code=None).items) == 2
    again = json.loads(export_store(older))
    assert again["format_version"] == 2 and [row["hidden"] for row in again["rapat"]] == [False, False]
    older.dispose()
