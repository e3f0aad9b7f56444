"""A write that fails -- store unreachable, read-only, disk full, no right to write -- says so in one Indonesian
sentence and hands the input back; a read that fails says so too, never with a traceback."""

from __future__ import annotations

import sqlite3

import psycopg
import pytest
from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError

from app_store.engine import create_store_engine
from app_store.errors import StoreUnavailableError, WriteFailedError, failure_kind
from app_store.migrate import upgrade
from app_store.repository import create_rapat, create_tindak_lanjut, item_history, list_tindak_lanjut
from data_access.db import sqlite_path
from tests.app_store.helpers import (
    NASIONAL,
    NO_SHARED_DATABASE,
    POSTGRES_ONLY,
    SQLITE_ONLY,
    PostgresDatabases,
    rakor_kota_serang,
    registrasi_serang,
)


def _one_sentence(message: str) -> None:
    assert message.endswith(".") and message.count(". ") == 0 and "\n" not in message


def _refused_write(engine: Engine, kind: str) -> WriteFailedError:
    submitted = registrasi_serang(action="Pemutakhiran data Posyandu dan kader " * 20)
    with pytest.raises(WriteFailedError) as failed:
        create_tindak_lanjut(engine, actor=NASIONAL, data=submitted)
    assert failed.value.kind == kind
    assert failed.value.submitted is submitted
    assert failed.value.message.startswith("Tidak tersimpan: ")
    assert "isian Anda masih ada" in failed.value.message
    _one_sentence(failed.value.message)
    return failed.value


@SQLITE_ONLY
def test_a_read_only_sqlite_file(store_url: str) -> None:
    writable = create_store_engine(store_url, shared_url=NO_SHARED_DATABASE)
    upgrade(writable)
    writable.dispose()
    path = sqlite_path(store_url)
    read_only = create_store_engine(f"sqlite:///file:{path}?mode=ro&uri=true", shared_url=NO_SHARED_DATABASE)
    error = _refused_write(read_only, "read_only")
    assert error.message == (
        "Tidak tersimpan: penyimpanan rapat dan tindak lanjut hanya dapat dibaca (berkas atau database hanya-baca); "
        "isian Anda masih ada, hubungi pengelola dashboard."
    )
    assert list_tindak_lanjut(read_only, actor=NASIONAL, region_code=None).total == 0  # reading still works


@SQLITE_ONLY
def test_a_full_sqlite_disk(engine: Engine) -> None:
    """The file may not grow past its size now: writes succeed while pages have room, then one fails whole
    (no follow-up without its history row) and says the disk is full."""

    @event.listens_for(engine, "connect")
    def _no_room_to_grow(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    engine.dispose()
    data = registrasi_serang(action="Pemutakhiran data Posyandu dan kader " * 25, evidence="Notulen rapat " * 140)
    stored = 0
    with pytest.raises(WriteFailedError) as failed:
        for _attempt in range(100):
            create_tindak_lanjut(engine, actor=NASIONAL, data=data)
            stored += 1
    assert failed.value.kind == "disk_full" and failed.value.submitted is data
    assert failed.value.message == (
        "Tidak tersimpan: ruang disk penyimpanan rapat dan tindak lanjut penuh; isian Anda masih ada, "
        "hubungi pengelola dashboard."
    )
    listing = list_tindak_lanjut(engine, actor=NASIONAL, region_code=None, limit=1000)
    assert listing.total == stored
    assert all(
        len(item_history(engine, actor=NASIONAL, entity="tindak_lanjut", entity_id=item.id)) == 1
        for item in listing.items
    )


def test_an_unreachable_store(tmp_path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the store's folder should be")
    sqlite_engine = create_store_engine(f"sqlite:///{blocker}/app_store.sqlite", shared_url=NO_SHARED_DATABASE)
    postgres_engine = create_store_engine("postgresql+psycopg://nobody@127.0.0.1:9/none", shared_url=NO_SHARED_DATABASE)
    for engine in (sqlite_engine, postgres_engine):
        error = _refused_write(engine, "unreachable")
        assert error.message == (
            "Tidak tersimpan: penyimpanan rapat dan tindak lanjut tidak dapat dihubungi; isian Anda masih ada, "
            "coba simpan lagi sebentar lagi."
        )
        with pytest.raises(StoreUnavailableError) as unreadable:
            list_tindak_lanjut(engine, actor=NASIONAL, region_code="36.73")
        assert unreadable.value.message == (
            "Rapat dan tindak lanjut tidak dapat ditampilkan: "
            "penyimpanan rapat dan tindak lanjut tidak dapat dihubungi."
        )


@POSTGRES_ONLY
def test_a_read_only_postgres_database(engine: Engine, store_url: str, pg_admin: PostgresDatabases) -> None:
    database = make_url(store_url).database
    pg_admin.run(f'ALTER DATABASE "{database}" SET default_transaction_read_only = on')
    engine.dispose()
    _refused_write(engine, "read_only")


@POSTGRES_ONLY
def test_a_role_without_the_right_to_write(engine: Engine, store_url: str, pg_admin: PostgresDatabases) -> None:
    role = pg_admin.create_role("reader")
    database = make_url(store_url).database
    assert database is not None
    pg_admin.run(
        f'GRANT USAGE ON SCHEMA posyandu_app TO "{role}"',
        f'GRANT SELECT ON ALL TABLES IN SCHEMA posyandu_app TO "{role}"',
        database=database,
    )
    reader = create_store_engine(pg_admin.url(database, user=role), shared_url=NO_SHARED_DATABASE)
    try:
        error = _refused_write(reader, "denied")
        assert "peran database dashboard tidak berhak menulis" in error.message
    finally:
        reader.dispose()


@pytest.mark.parametrize(
    ("original", "kind"),
    [
        (psycopg.errors.DiskFull("no space left on device"), "disk_full"),
        (psycopg.errors.ReadOnlySqlTransaction("read-only"), "read_only"),
        (psycopg.errors.InsufficientPrivilege("permission denied"), "denied"),
        (psycopg.errors.SerializationFailure("could not serialize"), "busy"),
        (psycopg.errors.AdminShutdown("terminating connection"), "unreachable"),
        (psycopg.errors.UndefinedTable("relation does not exist"), "broken"),
        (psycopg.OperationalError("connection refused"), "unreachable"),
        (psycopg.errors.UniqueViolation("duplicate key"), "other"),
    ],
    ids=lambda value: value if isinstance(value, str) else type(value).__name__,
)
def test_postgres_failures_are_known_by_sqlstate(original: Exception, kind: str) -> None:
    assert failure_kind(DBAPIError("INSERT", {}, original)) == kind


def test_a_failed_rapat_write_keeps_its_input_too() -> None:
    engine = create_store_engine("postgresql+psycopg://nobody@127.0.0.1:9/none", shared_url=NO_SHARED_DATABASE)
    submitted = rakor_kota_serang()
    with pytest.raises(WriteFailedError) as failed:
        create_rapat(engine, actor=NASIONAL, data=submitted)
    assert failed.value.submitted is submitted
    assert isinstance(failed.value.__cause__, OperationalError)
