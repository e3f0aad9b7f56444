"""Migrations from an empty store and from the previous revision, on SQLite and PostgreSQL; the status a page
reads before offering a form (empty, behind, ahead, unreachable), and writes refused while it is not current."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, MetaData, insert, inspect, select, text

from app_store.engine import create_store_engine, store_schema
from app_store.errors import StoreReadOnlyError
from app_store.migrate import (
    KOSONG,
    LEBIH_BARU,
    TERKINI,
    TERTINGGAL,
    TIDAK_TERJANGKAU,
    current_revision,
    downgrade,
    head_revision,
    store_status,
    upgrade,
)
from app_store.models import NAMING_CONVENTION, history_table, metadata, tindak_lanjut_table
from app_store.repository import create_tindak_lanjut, get_tindak_lanjut, list_tindak_lanjut, update_tindak_lanjut
from tests.app_store.helpers import CAMAT_SERANG, NASIONAL, NO_SHARED_DATABASE, registrasi_serang

LISTING_INDEXES = {
    "ix_rapat_region_code_held_on",
    "ix_tindak_lanjut_region_code_due_on",
    "ix_tindak_lanjut_due_on",
    "ix_tindak_lanjut_rapat_id",
}
NOW = dt.datetime(2025, 4, 22, 2, 0)


def _index_names(engine: Engine) -> set[str]:
    schema = store_schema(engine.dialect.name)
    inspector = inspect(engine)
    return {
        str(index["name"])
        for table in ("rapat", "tindak_lanjut")
        for index in inspector.get_indexes(table, schema=schema)
    }


def _models_as_stored(engine: Engine) -> MetaData:
    """The models as the backend holds them: in the store's schema on PostgreSQL, without one on SQLite."""
    schema = store_schema(engine.dialect.name)
    if schema is not None:
        return metadata
    plain = MetaData(naming_convention=NAMING_CONVENTION)
    for table in metadata.sorted_tables:
        table.to_metadata(plain, schema=None)
    return plain


def test_upgrade_from_empty_reaches_head_and_matches_the_models(bare_engine: Engine) -> None:
    assert store_status(bare_engine).state == KOSONG
    upgrade(bare_engine)
    status = store_status(bare_engine)
    assert (status.state, status.current, status.message) == (TERKINI, head_revision(), "")
    assert status.writable and status.readable
    assert _index_names(bare_engine) >= LISTING_INDEXES
    schema = store_schema(bare_engine.dialect.name)
    with bare_engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                "include_schemas": schema is not None,
                "include_name": lambda name, type_, _parent: type_ != "schema" or name == schema,
                "version_table_schema": schema,
            },
        )
        differences = compare_metadata(context, _models_as_stored(bare_engine))
    assert differences == []


def test_upgrade_twice_changes_nothing(engine: Engine) -> None:
    upgrade(engine)
    assert store_status(engine).state == TERKINI


def _row_at_0001(item_id: int) -> dict[str, object]:
    """A follow-up as a program at revision 0001 wrote it (the id left to the database, as it did)."""
    return {
        "region_code": "36.73.01",
        "rapat_id": None,
        "metric_code": "sk_pct",
        "posyandu_id": None,
        "action": f"Terbitkan SK kepengurusan ({item_id})",
        "owner": "Lurah",
        "due_on": dt.date(2025, 5, 31),
        "status": "berjalan",
        "evidence": None,
        "figure_value": 12.5,
        "figure_period": "2025-03",
        "figure_target": 60.0,
        "version": 1,
        "created_at": NOW,
        "created_by": "operator",
        "updated_at": NOW,
        "updated_by": "operator",
    }


def test_upgrade_from_the_previous_revision_keeps_every_row(bare_engine: Engine) -> None:
    upgrade(bare_engine, "0001")
    with bare_engine.begin() as conn:
        conn.execute(insert(tindak_lanjut_table), [_row_at_0001(1), _row_at_0001(2)])
        conn.execute(
            insert(history_table),
            [
                {
                    "entity": "tindak_lanjut",
                    "entity_id": item_id,
                    "version": 1,
                    "action": "dibuat",
                    "changed_at": NOW,
                    "changed_by": "operator",
                    "before": None,
                    "after": "{}",
                }
                for item_id in (1, 2)
            ],
        )
    assert not LISTING_INDEXES & _index_names(bare_engine)
    status = store_status(bare_engine)
    assert (status.state, status.current) == (TERTINGGAL, "0001")
    assert "python -m app_store upgrade" in status.message and "hanya dapat dibaca" in status.message
    assert status.readable and not status.writable

    # behind: the rows can be read, and a write is refused with the input kept
    listing = list_tindak_lanjut(bare_engine, actor=CAMAT_SERANG, region_code="36.73.01")
    assert [item.id for item in listing.items] == [1, 2]
    submitted = registrasi_serang()
    with pytest.raises(StoreReadOnlyError) as refused:
        create_tindak_lanjut(bare_engine, actor=CAMAT_SERANG, data=submitted)
    assert refused.value.submitted is submitted and refused.value.state == TERTINGGAL
    assert refused.value.message.startswith("Tidak tersimpan: Penyimpanan rapat dan tindak lanjut masih versi 0001")

    upgrade(bare_engine)
    assert store_status(bare_engine).state == TERKINI
    assert _index_names(bare_engine) >= LISTING_INDEXES
    with bare_engine.connect() as conn:
        kept = conn.execute(select(tindak_lanjut_table).order_by(tindak_lanjut_table.c.id)).mappings().all()
    assert [dict(row) for row in kept] == [{"id": 1, **_row_at_0001(1)}, {"id": 2, **_row_at_0001(2)}]

    # the old rows go on from where they were: the next edit is version 2, the id sequence continues
    old = get_tindak_lanjut(bare_engine, actor=CAMAT_SERANG, item_id=2)
    edited = update_tindak_lanjut(
        bare_engine,
        actor=CAMAT_SERANG,
        item_id=2,
        expected_version=1,
        data=registrasi_serang(metric_code="sk_pct", figure=old.data.figure, status="selesai"),
    )
    assert edited.stamp.version == 2
    assert create_tindak_lanjut(bare_engine, actor=CAMAT_SERANG, data=submitted).id == 3


def test_downgrade_to_base_and_up_again(engine: Engine) -> None:
    downgrade(engine, "0001")
    assert store_status(engine).state == TERTINGGAL
    assert not LISTING_INDEXES & _index_names(engine)
    downgrade(engine, "base")
    assert store_status(engine).state == KOSONG
    schema = store_schema(engine.dialect.name)
    assert not {"rapat", "tindak_lanjut", "history"} & set(inspect(engine).get_table_names(schema=schema))
    upgrade(engine)
    assert store_status(engine).state == TERKINI


def test_a_store_ahead_of_this_program_is_neither_read_nor_written(engine: Engine) -> None:
    schema = store_schema(engine.dialect.name)
    version_table = f"{schema}.alembic_version" if schema else "alembic_version"
    with engine.begin() as conn:
        conn.execute(text(f"UPDATE {version_table} SET version_num = '0099'"))
        assert current_revision(conn) == "0099"
    status = store_status(engine)
    assert (status.state, status.current) == (LEBIH_BARU, "0099")
    assert not status.readable and not status.writable
    assert "lebih baru dari aplikasi ini" in status.message
    with pytest.raises(StoreReadOnlyError) as refused:
        create_tindak_lanjut(engine, actor=NASIONAL, data=registrasi_serang())
    assert refused.value.state == LEBIH_BARU


def test_a_missing_sqlite_store_is_empty_and_looking_does_not_create_it(tmp_path) -> None:
    path = tmp_path / "data" / "app_store.sqlite"
    engine = create_store_engine(f"sqlite:///{path}", shared_url=NO_SHARED_DATABASE)
    assert store_status(engine).state == KOSONG
    assert not path.exists() and not path.parent.exists()


def test_an_unreachable_store_is_a_status_not_an_exception() -> None:
    # port 9 (discard): nothing listens there
    postgres = create_store_engine("postgresql+psycopg://nobody@127.0.0.1:9/none", shared_url=NO_SHARED_DATABASE)
    status = store_status(postgres)
    assert status.state == TIDAK_TERJANGKAU and not status.readable
    assert status.message == (
        "Rapat dan tindak lanjut tidak dapat ditampilkan untuk sementara: "
        "penyimpanan rapat dan tindak lanjut tidak dapat dihubungi."
    )
