"""Hostile text is stored and returned byte for byte, as text: markup, SQL, format strings, bidi overrides,
combining marks, emoji sequences, every control character but NUL -- through a write, a read, a listing, the
history and the export. Nothing is trimmed or normalised."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from app_store.records import RapatInput, TindakLanjutInput
from app_store.repository import (
    create_rapat,
    create_tindak_lanjut,
    get_rapat,
    get_tindak_lanjut,
    item_history,
    list_tindak_lanjut,
    owner_suggestions,
)
from app_store.transfer import export_store
from app_store.validation import evidence_link
from app_store.vocabulary import ACTION_MAX, EVIDENCE_MAX, NOTES_MAX, OWNER_MAX, PLACE_MAX, TITLE_MAX
from tests.app_store.helpers import NASIONAL

STORABLE = st.characters(codec="utf-8", exclude_characters="\x00")
"""Every character a database stores as text: all of Unicode except NUL and lone surrogates (refused, with a
message, by the validation)."""


def _text(limit: int) -> st.SearchStrategy[str]:
    return st.text(STORABLE, max_size=limit)


def _required(limit: int) -> st.SearchStrategy[str]:
    return st.text(STORABLE, min_size=1, max_size=limit).filter(lambda value: value.strip() != "")


HOSTILE = "'; DROP TABLE posyandu_app.tindak_lanjut; -- <script>alert(1)</script> %s %(x)s {0} \\x00 \\"
BIDI = "\u202eKADER\u202c \u200f\u2066isolate\u2069 \ufeffBOM"
COMBINING = "Cafe\u0301 vs Caf\u00e9, \U0001f469\u200d\U0001f469\u200d\U0001f467 \U0001d54f"
CONTROLS = "tab\there\r\nCRLF\rCR\x01\x1b[31mred\x7f\u0085\u2028\u2029"


@settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    title=_required(TITLE_MAX),
    place=_text(PLACE_MAX),
    notes=_text(NOTES_MAX),
    action=_required(ACTION_MAX),
    owner=_required(OWNER_MAX),
    evidence=_text(EVIDENCE_MAX),
)
@example(title=HOSTILE, place=BIDI, notes=COMBINING, action=CONTROLS, owner=BIDI, evidence=HOSTILE)
@example(title=" leading and trailing ", place="", notes=" ", action="\n lurah \n", owner="  x  ", evidence="\t")
def test_hostile_text_round_trips_byte_for_byte(
    engine: Engine, title: str, place: str, notes: str, action: str, owner: str, evidence: str
) -> None:
    meeting = create_rapat(
        engine,
        actor=NASIONAL,
        data=RapatInput(region_code="62.03", held_on=dt.date(2025, 9, 22), title=title, place=place, notes=notes),
    )
    item = create_tindak_lanjut(
        engine,
        actor=NASIONAL,
        data=TindakLanjutInput(
            region_code="62.03.01",
            action=action,
            owner=owner,
            due_on=dt.date(2025, 12, 31),
            evidence=evidence,
            rapat_id=meeting.id,
        ),
    )
    read_meeting = get_rapat(engine, actor=NASIONAL, rapat_id=meeting.id).data
    read_item = get_tindak_lanjut(engine, actor=NASIONAL, item_id=item.id)
    stored = (read_meeting.title, read_meeting.place, read_meeting.notes)
    assert stored == (title, place, notes)
    assert [str(value).encode() for value in stored] == [title.encode(), place.encode(), notes.encode()]
    assert (read_item.data.action, read_item.data.owner, read_item.data.evidence) == (action, owner, evidence)
    assert read_item.rapat_title == title
    assert all(isinstance(value, str) for value in (*stored, read_item.data.action, read_item.data.evidence))

    listed = list_tindak_lanjut(engine, actor=NASIONAL, region_code="62.03", owner=owner, rapat_id=meeting.id)
    assert [listed_item.data.action for listed_item in listed.items] == [action]
    assert owner in owner_suggestions(engine, actor=NASIONAL, region_code="62.03", typed=owner, limit=1000)
    (entry,) = item_history(engine, actor=NASIONAL, entity="tindak_lanjut", entity_id=item.id)
    assert (entry.after["action"], entry.after["owner"], entry.after["evidence"]) == (action, owner, evidence)

    exported = json.loads(export_store(engine).decode("utf-8"))
    (row,) = [row for row in exported["tindak_lanjut"] if row["id"] == item.id]
    assert (row["action"], row["owner"], row["evidence"]) == (action, owner, evidence)


@pytest.mark.parametrize(
    ("evidence", "link"),
    [
        ("https://serangkota.go.id/berita/rakor-tp-posyandu", "https://serangkota.go.id/berita/rakor-tp-posyandu"),
        (" HTTP://dpmd.kapuaskab.go.id/sk?id=12 \n", "HTTP://dpmd.kapuaskab.go.id/sk?id=12"),
        ("javascript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ('https://a.go.id/x"onmouseover="alert(1)', None),
        ("Notulen rapat: https://a.go.id/notulen", None),  # a note that mentions a link stays a note
        ("https://a.go.id/one\nhttps://a.go.id/two", None),
        ("", None),
        (None, None),
    ],
)
def test_only_a_whole_http_address_is_a_link(evidence: str | None, link: str | None) -> None:
    assert evidence_link(evidence) == link
