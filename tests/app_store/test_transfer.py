"""Backup and moving house: export -> import -> export is byte-identical on each backend and from SQLite to
PostgreSQL; an import goes only into an empty, current store and takes all of a file or nothing of it."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable

import pytest
from sqlalchemy import Engine

from app_store.engine import create_store_engine
from app_store.errors import TransferError
from app_store.migrate import upgrade
from app_store.records import FigureThen
from app_store.repository import (
    change_status,
    create_rapat,
    create_tindak_lanjut,
    list_tindak_lanjut,
    update_rapat,
)
from app_store.transfer import export_store, import_store
from app_store.vocabulary import BERJALAN, DIBATALKAN, SELESAI
from tests.app_store.helpers import (
    CAMAT_SERANG,
    KOTA_SERANG,
    NASIONAL,
    NO_SHARED_DATABASE,
    POSTGRES_ONLY,
    rakor_kota_serang,
    registrasi_serang,
)


def fill(engine: Engine) -> None:
    """A store with every kind of row: two meetings (one edited), follow-ups with a metric figure, a Posyandu
    figure, no figure, non-ASCII text, every status, and so a history with creations and changes."""
    kota = create_rapat(engine, actor=KOTA_SERANG, data=rakor_kota_serang())
    update_rapat(
        engine, actor=KOTA_SERANG, rapat_id=kota.id, expected_version=1, data=rakor_kota_serang(participants=84)
    )
    kapuas = create_rapat(
        engine,
        actor=NASIONAL,
        data=rakor_kota_serang(
            region_code="62.03",
            held_on=dt.date(2025, 9, 22),
            title="Tindak lanjut Rakornas Posyandu 2025 — Kabupaten Kapuas",
            place=None,
            participants=None,
            notes="Pemutakhiran data; pelatihan kader; registrasi kelembagaan; pilot enam bidang SPM “terpilih”.",
        ),
    )
    items = [
        registrasi_serang(rapat_id=kota.id),
        registrasi_serang(
            rapat_id=kota.id,
            region_code="36.73.01.1001",
            metric_code=None,
            posyandu_id=1042,
            figure=FigureThen(value=3.0, period="2025-03", target=0.0),
            owner="Kader Posyandu Mawar",
        ),
        registrasi_serang(
            rapat_id=kapuas.id,
            region_code="62.03",
            action="Pelatihan kader Posyandu enam bidang",
            owner="DPMD Kapuas",
            metric_code="kader_trained_pct",
            figure=FigureThen(value=0.1 + 0.2, period="2025-09", target=None),
        ),
        registrasi_serang(region_code="62.03.05", action="Insentif kader", metric_code=None, figure=None),
    ]
    created = [create_tindak_lanjut(engine, actor=NASIONAL, data=item) for item in items]
    running = change_status(engine, actor=CAMAT_SERANG, item=created[0], status=BERJALAN)
    change_status(engine, actor=CAMAT_SERANG, item=running, status=SELESAI, evidence="https://example.go.id/sk")
    change_status(engine, actor=NASIONAL, item=created[3], status=DIBATALKAN)


def test_export_import_export_is_byte_identical(engine: Engine, new_store_url: Callable[[], str]) -> None:
    fill(engine)
    first = export_store(engine)
    assert export_store(engine) == first  # no date of its own: an unchanged store exports the same bytes
    document = json.loads(first)
    assert [len(document[name]) for name in ("rapat", "tindak_lanjut", "history")] == [2, 4, 10]
    assert "Kabupaten Kapuas" in first.decode("utf-8") and "\\u" not in first.decode("utf-8")

    target = create_store_engine(new_store_url(), shared_url=NO_SHARED_DATABASE)
    upgrade(target)
    assert import_store(target, first) == {"rapat": 2, "tindak_lanjut": 4, "history": 10}
    assert export_store(target) == first
    # the imported store goes on: the next id follows the largest imported one (PostgreSQL's sequences too)
    new = create_tindak_lanjut(target, actor=NASIONAL, data=registrasi_serang())
    assert new.id == 5
    target.dispose()


@POSTGRES_ONLY
def test_moving_house_from_sqlite_to_postgres_and_back(
    engine: Engine, new_store_url: Callable[[], str], tmp_path
) -> None:
    laptop = create_store_engine(f"sqlite:///{tmp_path / 'laptop.sqlite'}", shared_url=NO_SHARED_DATABASE)
    upgrade(laptop)
    fill(laptop)
    exported = export_store(laptop)
    import_store(engine, exported)
    assert export_store(engine) == exported
    back = create_store_engine(f"sqlite:///{tmp_path / 'back.sqlite'}", shared_url=NO_SHARED_DATABASE)
    upgrade(back)
    import_store(back, export_store(engine))
    assert export_store(back) == exported
    laptop.dispose()
    back.dispose()


def test_an_import_goes_only_into_an_empty_store(engine: Engine) -> None:
    fill(engine)
    with pytest.raises(TransferError) as refused:
        import_store(engine, export_store(engine))
    assert refused.value.message == (
        "Impor hanya ke penyimpanan yang kosong, tetapi penyimpanan ini sudah berisi 2 rapat, 4 tindak lanjut "
        "dan 10 riwayat."
    )


def test_an_import_needs_the_newest_version(engine: Engine, new_store_url: Callable[[], str]) -> None:
    fill(engine)
    exported = export_store(engine)
    behind = create_store_engine(new_store_url(), shared_url=NO_SHARED_DATABASE)
    upgrade(behind, "0001")
    with pytest.raises(TransferError) as refused:
        import_store(behind, exported)
    assert "masih versi 0001" in refused.value.message
    with pytest.raises(TransferError):
        export_store(behind)
    behind.dispose()


def _tampered(document: dict, change: Callable[[dict], None]) -> bytes:
    copied = copy.deepcopy(document)
    change(copied)
    return json.dumps(copied, ensure_ascii=False).encode()


TAMPERINGS: list[tuple[str, Callable[[dict], None], str]] = [
    ("format", lambda doc: doc.update(format="other"), "bukan hasil ekspor"),
    ("version", lambda doc: doc.update(format_version=3), "berformat versi 3"),
    ("hidden", lambda doc: doc["rapat"][0].update(hidden="ya"), "rapat ke-1: nilai hidden tidak sah"),
    ("extra key", lambda doc: doc.update(extra=[]), "harus berisi tepat kunci"),
    ("missing column", lambda doc: doc["rapat"][0].pop("notes"), "rapat ke-1: harus berisi tepat kolom"),
    ("date", lambda doc: doc["rapat"][0].update(held_on="21-04-2025"), "rapat ke-1: nilai held_on tidak sah"),
    ("time", lambda doc: doc["rapat"][0].update(created_at="2025-04-21 09:00"), "nilai created_at tidak sah"),
    ("bool id", lambda doc: doc["rapat"][0].update(participants=True), "nilai participants tidak sah"),
    ("long title", lambda doc: doc["rapat"][0].update(title="R" * 201), "rapat id 1: Judul terlalu panjang"),
    ("status", lambda doc: doc["tindak_lanjut"][0].update(status="terlambat"), "Status terlambat tidak dipilih"),
    ("scope", lambda doc: doc["tindak_lanjut"][0].update(region_code="36.7"), "Kode wilayah tidak valid"),
    ("figure", lambda doc: doc["tindak_lanjut"][0].update(figure_period=None), "angka awal tanpa periode"),
    ("meeting", lambda doc: doc["tindak_lanjut"][0].update(rapat_id=99), "rapat 99 tidak ada di berkas"),
    ("orphan", lambda doc: doc["history"][0].update(entity_id=99), "rapat 99 tidak ada di berkas"),
    ("entity", lambda doc: doc["history"][0].update(entity="posyandu"), "tidak dikenal"),
    ("before", lambda doc: doc["history"][0].update(before={}), "tidak sesuai dengan action 'dibuat'"),
    ("snapshot", lambda doc: doc["history"][0].update(after="{}"), "after harus berupa objek JSON"),
    ("actor", lambda doc: doc["history"][0].update(changed_by=""), "Pengubah wajib diisi"),
    ("duplicate", lambda doc: doc["rapat"].append(doc["rapat"][0]), "id harus bilangan bulat positif yang unik"),
    ("version 0", lambda doc: doc["rapat"][0].update(version=0), "versi tidak sah: 0"),
]


@pytest.fixture(scope="module")
def exported_document(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """An export of :func:`fill`'s store, made once (on SQLite: the file is the same from either backend)."""
    source = create_store_engine(
        f"sqlite:///{tmp_path_factory.mktemp('source') / 'source.sqlite'}", shared_url=NO_SHARED_DATABASE
    )
    upgrade(source)
    fill(source)
    document = json.loads(export_store(source))
    source.dispose()
    return document


@pytest.mark.parametrize(
    ("change", "expected"), [case[1:] for case in TAMPERINGS], ids=[case[0] for case in TAMPERINGS]
)
def test_a_tampered_file_is_refused_whole(
    engine: Engine, exported_document: dict, change: Callable[[dict], None], expected: str
) -> None:
    with pytest.raises(TransferError) as refused:
        import_store(engine, _tampered(exported_document, change))
    assert expected in refused.value.message
    assert list_tindak_lanjut(engine, actor=NASIONAL, region_code=None).total == 0
    assert import_store(engine, _tampered(exported_document, lambda _document: None))["history"] == 10


def test_not_json_at_all(engine: Engine) -> None:
    for content in (b"\xff\xfe", b"{", b'{"format": NaN}'):
        with pytest.raises(TransferError) as refused:
            import_store(engine, content)
        assert refused.value.message.startswith("Berkas impor bukan JSON UTF-8 yang sah")
