"""Every write path on SQLite and PostgreSQL: rapat and tindak lanjut created and changed, status moves and
cancelling, each with its history row; the refusals of bad input, each carrying what was submitted."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import Engine, func, select

from app_store.errors import InvalidInputError, MissingRecordError
from app_store.models import history_table
from app_store.records import Actor, FigureThen, RapatInput, TindakLanjutInput, snapshot
from app_store.repository import (
    change_status,
    create_rapat,
    create_tindak_lanjut,
    get_rapat,
    get_tindak_lanjut,
    item_history,
    list_tindak_lanjut,
    update_rapat,
    update_tindak_lanjut,
)
from app_store.vocabulary import BERJALAN, DIBATALKAN, DIBUAT, DIUBAH, SELESAI, TANPA_AKUN
from tests.app_store.helpers import KOTA_SERANG, NASIONAL, rakor_kota_serang, registrasi_serang


def _history_rows(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(history_table)).scalar_one()


def test_create_rapat_records_who_and_the_first_version(engine: Engine) -> None:
    data = rakor_kota_serang()
    created = create_rapat(engine, actor=KOTA_SERANG, data=data)
    assert created.data == data
    assert created.stamp.version == 1
    assert created.stamp.created_by == created.stamp.updated_by == "tp.kota.serang"
    assert created.stamp.created_at.tzinfo == dt.UTC
    assert get_rapat(engine, actor=KOTA_SERANG, rapat_id=created.id) == created
    (entry,) = item_history(engine, actor=KOTA_SERANG, entity="rapat", entity_id=created.id)
    assert (entry.version, entry.action, entry.changed_by, entry.before) == (1, DIBUAT, "tp.kota.serang", None)
    assert entry.after == snapshot(data)
    assert entry.after["held_on"] == "2025-04-21"
    assert entry.changed_at == created.stamp.created_at


def test_update_rapat_keeps_what_it_was_and_what_it_became(engine: Engine) -> None:
    created = create_rapat(engine, actor=KOTA_SERANG, data=rakor_kota_serang())
    changed = rakor_kota_serang(participants=85, notes="Peserta bertambah dua orang dari Forum Kader.")
    updated = update_rapat(engine, actor=NASIONAL, rapat_id=created.id, expected_version=1, data=changed)
    assert updated.data == changed
    assert (updated.stamp.version, updated.stamp.updated_by, updated.stamp.created_by) == (
        2,
        "tp.pusat",
        "tp.kota.serang",
    )
    first, second = item_history(engine, actor=NASIONAL, entity="rapat", entity_id=created.id)
    assert (second.version, second.action, second.changed_by) == (2, DIUBAH, "tp.pusat")
    assert second.before == first.after == snapshot(rakor_kota_serang())
    assert second.after == snapshot(changed)
    assert second.changes() == {
        "notes": (rakor_kota_serang().notes, changed.notes),
        "participants": (83, 85),
    }


def test_saving_an_unchanged_form_writes_no_new_version(engine: Engine) -> None:
    created = create_rapat(engine, actor=KOTA_SERANG, data=rakor_kota_serang())
    again = update_rapat(engine, actor=KOTA_SERANG, rapat_id=created.id, expected_version=1, data=created.as_input())
    assert again == created
    assert _history_rows(engine) == 1


def test_a_tindak_lanjut_keeps_its_figure_then_and_its_meeting(engine: Engine) -> None:
    meeting = create_rapat(engine, actor=KOTA_SERANG, data=rakor_kota_serang())
    data = registrasi_serang(rapat_id=meeting.id)
    created = create_tindak_lanjut(engine, actor=KOTA_SERANG, data=data)
    assert created.data == data
    assert created.data.figure == FigureThen(value=41.5, period="2025-03", target=80.0)
    assert (created.rapat_title, created.rapat_held_on) == (meeting.data.title, meeting.data.held_on)
    assert created.stamp.version == 1
    (entry,) = item_history(engine, actor=KOTA_SERANG, entity="tindak_lanjut", entity_id=created.id)
    assert entry.after["figure_value"] == 41.5 and entry.after["figure_period"] == "2025-03"


def test_a_posyandu_follow_up_and_one_without_any_figure(engine: Engine) -> None:
    posyandu = registrasi_serang(
        region_code="36.73.01.1001",
        action="Lengkapi SK kepengurusan dan latih kader Posyandu Mawar",
        owner="Kader Posyandu Mawar",
        metric_code=None,
        posyandu_id=1042,
        figure=FigureThen(value=3, period="2025-03", target=0),
    )
    plain = registrasi_serang(action="Siapkan lomba Posyandu tingkat kota", metric_code=None, figure=None)
    for data in (posyandu, plain):
        created = create_tindak_lanjut(engine, actor=KOTA_SERANG, data=data)
        assert get_tindak_lanjut(engine, actor=KOTA_SERANG, item_id=created.id).data == data


def test_status_moves_and_cancel_is_a_status_nothing_is_deleted(engine: Engine) -> None:
    created = create_tindak_lanjut(engine, actor=KOTA_SERANG, data=registrasi_serang())
    running = change_status(engine, actor=KOTA_SERANG, item=created, status=BERJALAN)
    done = change_status(
        engine, actor=KOTA_SERANG, item=running, status=SELESAI, evidence="https://serangkota.go.id/berita/registrasi"
    )
    assert (done.data.status, done.data.evidence, done.stamp.version) == (
        SELESAI,
        "https://serangkota.go.id/berita/registrasi",
        3,
    )
    kept_evidence = change_status(engine, actor=KOTA_SERANG, item=done, status=BERJALAN)
    assert kept_evidence.data.evidence == done.data.evidence  # no evidence given: the old one stays
    cancelled = change_status(engine, actor=KOTA_SERANG, item=kept_evidence, status=DIBATALKAN)
    assert cancelled.data.status == DIBATALKAN
    assert get_tindak_lanjut(engine, actor=KOTA_SERANG, item_id=created.id) == cancelled
    assert list_tindak_lanjut(engine, actor=KOTA_SERANG, region_code="36.73").total == 1
    statuses = [
        (entry.before or {}).get("status")
        for entry in item_history(engine, actor=KOTA_SERANG, entity="tindak_lanjut", entity_id=created.id)
    ]
    assert statuses == [None, "direncanakan", "berjalan", "selesai", "berjalan"]


def test_update_tindak_lanjut_can_change_every_field(engine: Engine) -> None:
    meeting = create_rapat(engine, actor=KOTA_SERANG, data=rakor_kota_serang())
    created = create_tindak_lanjut(engine, actor=KOTA_SERANG, data=registrasi_serang())
    changed = TindakLanjutInput(
        region_code="36.73.02.1003",
        action="Latih kader Posyandu di bidang pendidikan",
        owner="Dinas Pendidikan",
        due_on=dt.date(2025, 9, 30),
        status=BERJALAN,
        metric_code="kader_trained_pct",
        figure=FigureThen(value=None, period="2025-04", target=None),
        evidence="Undangan pelatihan No. 400/12/2025",
        rapat_id=meeting.id,
    )
    updated = update_tindak_lanjut(engine, actor=KOTA_SERANG, item_id=created.id, expected_version=1, data=changed)
    assert updated.data == changed and updated.rapat_title == meeting.data.title
    (_, entry) = item_history(engine, actor=KOTA_SERANG, entity="tindak_lanjut", entity_id=created.id)
    assert set(entry.changes()) == {
        "action",
        "due_on",
        "evidence",
        "figure_period",
        "figure_target",
        "figure_value",
        "metric_code",
        "owner",
        "rapat_id",
        "region_code",
        "status",
    }


def test_without_access_control_writes_are_recorded_as_tanpa_akun(engine: Engine) -> None:
    created = create_rapat(engine, actor=Actor.anonymous(), data=rakor_kota_serang())
    assert created.stamp.created_by == TANPA_AKUN
    (entry,) = item_history(engine, actor=Actor.anonymous(), entity="rapat", entity_id=created.id)
    assert entry.changed_by == "tanpa akun"


def test_a_follow_up_lies_in_its_meetings_region(engine: Engine) -> None:
    meeting = create_rapat(engine, actor=KOTA_SERANG, data=rakor_kota_serang())
    outside = registrasi_serang(rapat_id=meeting.id, region_code="36.04.01")
    with pytest.raises(InvalidInputError) as refused:
        create_tindak_lanjut(engine, actor=NASIONAL, data=outside)
    assert refused.value.problems == {
        "region_code": "Wilayah tindak lanjut harus wilayah rapat (36.73) atau wilayah di bawahnya"
    }
    assert refused.value.submitted is outside
    missing = registrasi_serang(rapat_id=999)
    with pytest.raises(InvalidInputError) as no_meeting:
        create_tindak_lanjut(engine, actor=NASIONAL, data=missing)
    assert no_meeting.value.problems == {"rapat_id": "Rapat 999 tidak ditemukan"}


def test_a_meeting_moves_only_where_its_follow_ups_stay_inside(engine: Engine) -> None:
    meeting = create_rapat(engine, actor=NASIONAL, data=rakor_kota_serang())
    create_tindak_lanjut(engine, actor=NASIONAL, data=registrasi_serang(rapat_id=meeting.id))
    with pytest.raises(InvalidInputError) as refused:
        update_rapat(
            engine,
            actor=NASIONAL,
            rapat_id=meeting.id,
            expected_version=1,
            data=rakor_kota_serang(region_code="36.73.02"),
        )
    assert refused.value.problems == {"region_code": "1 tindak lanjut rapat ini berada di luar wilayah 36.73.02"}
    moved_up = update_rapat(
        engine, actor=NASIONAL, rapat_id=meeting.id, expected_version=1, data=rakor_kota_serang(region_code="36")
    )
    assert moved_up.data.region_code == "36"


def test_editing_what_is_not_there_keeps_the_input(engine: Engine) -> None:
    data = registrasi_serang()
    with pytest.raises(MissingRecordError) as missing:
        update_tindak_lanjut(engine, actor=NASIONAL, item_id=41, expected_version=1, data=data)
    assert missing.value.submitted is data
    assert missing.value.message == "Tidak tersimpan: tindak lanjut 41 tidak ada; isian Anda masih ada."
    with pytest.raises(MissingRecordError):
        update_rapat(engine, actor=NASIONAL, rapat_id=41, expected_version=1, data=rakor_kota_serang())


LONG = "x" * 2001


@pytest.mark.parametrize(
    ("data", "problems"),
    [
        (rakor_kota_serang(title="   "), {"title": "Judul wajib diisi"}),
        (
            rakor_kota_serang(title="R" * 201),
            {"title": "Judul terlalu panjang: 201 karakter, paling banyak 200"},
        ),
        (rakor_kota_serang(participants=-1), {"participants": "Jumlah peserta harus bilangan bulat 0-100.000"}),
        (rakor_kota_serang(participants=True), {"participants": "Jumlah peserta harus bilangan bulat 0-100.000"}),
        (
            rakor_kota_serang(region_code="36.731"),
            {"region_code": "Kode wilayah tidak valid: '36.731' (contoh: 36.73.01)"},
        ),
        (
            rakor_kota_serang(held_on=dt.datetime(2025, 4, 21, 9, 0)),
            {"held_on": "Tanggal rapat harus berupa tanggal"},
        ),
        (
            rakor_kota_serang(held_on=dt.date(1999, 12, 31)),
            {"held_on": "Tanggal rapat 1999-12-31 di luar rentang 2000-2100"},
        ),
        (rakor_kota_serang(notes=LONG), {"notes": "Catatan terlalu panjang: 2001 karakter, paling banyak 2000"}),
        (
            rakor_kota_serang(place="Hotel\x00Flamengo"),
            {"place": "Tempat mengandung karakter NUL yang tidak dapat disimpan"},
        ),
        (
            rakor_kota_serang(title="Rakor \ud800"),
            {"title": "Judul mengandung karakter yang tidak sah (surrogate)"},
        ),
        (registrasi_serang(owner=""), {"owner": "Pelaksana wajib diisi"}),
        (registrasi_serang(owner="o" * 121), {"owner": "Pelaksana terlalu panjang: 121 karakter, paling banyak 120"}),
        (
            registrasi_serang(action="a" * 1001),
            {"action": "Tindakan terlalu panjang: 1001 karakter, paling banyak 1000"},
        ),
        (registrasi_serang(evidence=LONG), {"evidence": "Bukti terlalu panjang: 2001 karakter, paling banyak 2000"}),
        (
            registrasi_serang(status="terlambat"),
            {"status": "Status terlambat tidak dipilih: ia ditentukan dari tenggat"},
        ),
        (registrasi_serang(status="ditunda"), {"status": "Status tidak dikenal: 'ditunda'"}),
        (registrasi_serang(metric_code="stunting_pct"), {"metric_code": "Indikator tidak dikenal: 'stunting_pct'"}),
        (registrasi_serang(posyandu_id=7), {"metric_code": "Pilih salah satu: indikator atau Posyandu"}),
        (
            registrasi_serang(metric_code=None),
            {"figure": "Angka awal hanya dicatat bila indikator atau Posyandu dipilih"},
        ),
        (
            registrasi_serang(figure=FigureThen(value=41.5, period="2025-13")),
            {"figure": "Periode angka awal tidak valid: '2025-13' (contoh: 2025-06)"},
        ),
        (
            registrasi_serang(figure=FigureThen(value=141.5, period="2025-03")),
            {"figure": "Nilai persentase harus 0-100"},
        ),
        (
            registrasi_serang(figure=FigureThen(value=float("nan"), period="2025-03")),
            {"figure": "Nilai angka awal harus bilangan: nan"},
        ),
        (
            registrasi_serang(metric_code="kader_total", figure=FigureThen(value=120, period="2025-03", target=150)),
            {"figure": "Target hanya untuk indikator persentase"},
        ),
        (
            registrasi_serang(metric_code=None, posyandu_id=5, figure=FigureThen(value=2.5, period="2025-03")),
            {"figure": "Jumlah kekurangan Posyandu harus bilangan bulat 0-6"},
        ),
        (registrasi_serang(metric_code=None, figure=None, posyandu_id=0), {"posyandu_id": "Posyandu tidak valid: 0"}),
        (registrasi_serang(due_on=dt.date(2101, 1, 1)), {"due_on": "Tenggat 2101-01-01 di luar rentang 2000-2100"}),
        (
            registrasi_serang(owner=None, action=None),
            {"action": "Tindakan wajib diisi", "owner": "Pelaksana wajib diisi"},
        ),
    ],
    ids=lambda value: "-".join(value) if isinstance(value, dict) else type(value).__name__,
)
def test_bad_input_is_refused_with_every_problem_and_the_input_kept(
    engine: Engine, data: RapatInput | TindakLanjutInput, problems: dict[str, str]
) -> None:
    with pytest.raises(InvalidInputError) as refused:
        if isinstance(data, RapatInput):
            create_rapat(engine, actor=NASIONAL, data=data)
        else:
            create_tindak_lanjut(engine, actor=NASIONAL, data=data)
    assert refused.value.problems == problems
    assert refused.value.submitted is data
    assert refused.value.message.startswith("Belum tersimpan karena isian belum benar: ")
    assert _history_rows(engine) == 0


@pytest.mark.parametrize(
    ("field", "limit"), [("title", 200), ("place", 200), ("notes", 2000)], ids=["title", "place", "notes"]
)
def test_text_at_its_limit_is_stored(engine: Engine, field: str, limit: int) -> None:
    data = dataclasses.replace(rakor_kota_serang(), **{field: "é" * limit})
    assert create_rapat(engine, actor=NASIONAL, data=data).data == data
