"""The shared database stays untouched: the store refuses it as a write target, cannot reach it from a
writing connection, and a whole store workflow leaves its file byte for byte as it was. On PostgreSQL, the
role and schema of docs/app_store.md give a store that works beside the shared tables and cannot change them.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import DBAPIError, OperationalError

from app_store.__main__ import main
from app_store.engine import create_store_engine, refuse_shared_target
from app_store.errors import StoreConfigurationError, StoreReadOnlyError
from app_store.migrate import TERKINI, TIDAK_AMAN, store_status, upgrade
from app_store.repository import create_rapat, create_tindak_lanjut, list_tindak_lanjut
from app_store.transfer import export_store, import_store
from tests.app_store.helpers import (
    KOTA_SERANG,
    NASIONAL,
    NO_SHARED_DATABASE,
    POSTGRES_ONLY,
    SQLITE_ONLY,
    PostgresDatabases,
    rakor_kota_serang,
    registrasi_serang,
)

ROOT = Path(__file__).resolve().parents[2]
PG = "postgresql+psycopg://{user}@db.internal:5432/{database}"


@pytest.mark.parametrize(
    ("store", "shared"),
    [
        ("sqlite:////srv/posyandu.sqlite", "sqlite:////srv/posyandu.sqlite"),
        ("sqlite:////srv/posyandu.sqlite", "sqlite:///file:/srv/posyandu.sqlite?mode=ro&uri=true"),
        ("sqlite:////srv/./data/../posyandu.sqlite", "sqlite:////srv/posyandu.sqlite"),
        (PG.format(user="dash", database="posyandu"), PG.format(user="dash", database="posyandu")),
        (
            "postgresql+psycopg://dash:other-password@db.internal/posyandu",
            "postgresql://dash:secret@db.internal:5432/posyandu",
        ),
    ],
)
def test_the_shared_database_is_refused_as_the_store(store: str, shared: str) -> None:
    with pytest.raises(StoreConfigurationError) as refused:
        refuse_shared_target(store, shared)
    assert refused.value.message.startswith("POSYANDU_APP_DATABASE_URL ")
    assert "secret" not in refused.value.message and "other-password" not in refused.value.message


@pytest.mark.parametrize(
    ("store", "shared"),
    [
        ("sqlite:////srv/data/app_store.sqlite", "sqlite:////srv/posyandu.sqlite"),
        (
            PG.format(user="posyandu_store", database="posyandu"),
            PG.format(user="posyandu_dashboard", database="posyandu"),
        ),
        (PG.format(user="dash", database="posyandu_app"), PG.format(user="dash", database="posyandu")),
        ("postgresql+psycopg://dash@db.internal:5433/posyandu", PG.format(user="dash", database="posyandu")),
        ("sqlite:////srv/data/app_store.sqlite", PG.format(user="dash", database="posyandu")),
        (PG.format(user="dash", database="posyandu"), "sqlite:////srv/posyandu.sqlite"),
    ],
)
def test_a_store_of_its_own_is_accepted(store: str, shared: str) -> None:
    refuse_shared_target(store, shared)


def test_the_same_file_through_a_link_is_refused(tmp_path: Path) -> None:
    shared = tmp_path / "posyandu.sqlite"
    shared.write_bytes(b"")
    (tmp_path / "symlink.sqlite").symlink_to(shared)
    os.link(shared, tmp_path / "hardlink.sqlite")
    for name in ("symlink.sqlite", "hardlink.sqlite"):
        with pytest.raises(StoreConfigurationError):
            refuse_shared_target(f"sqlite:///{tmp_path / name}", f"sqlite:///{shared}")


def test_the_default_shared_url_is_the_dashboards(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shared = f"sqlite:///{tmp_path / 'posyandu.sqlite'}"
    monkeypatch.setenv("POSYANDU_DATABASE_URL", shared)
    with pytest.raises(StoreConfigurationError):
        create_store_engine(shared)
    create_store_engine(f"sqlite:///{tmp_path / 'app_store.sqlite'}").dispose()


def test_other_backends_are_refused() -> None:
    with pytest.raises(StoreConfigurationError) as refused:
        create_store_engine("mysql://x@localhost/posyandu", shared_url=NO_SHARED_DATABASE)
    assert "yang didukung hanya sqlite dan postgresql" in refused.value.message
    with pytest.raises(StoreConfigurationError, match="POSYANDU_APP_DATABASE_URL bukan URL database yang sah"):
        create_store_engine("app_store.sqlite", shared_url=NO_SHARED_DATABASE)
    with pytest.raises(StoreConfigurationError, match="POSYANDU_DATABASE_URL bukan URL database yang sah"):
        create_store_engine("sqlite:///app_store.sqlite", shared_url="posyandu")


def _fingerprint(folder: Path) -> dict[str, str]:
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(folder.iterdir())}


@SQLITE_ONLY
def test_a_whole_store_workflow_leaves_the_shared_file_untouched(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shared_folder = tmp_path / "shared"
    shared_folder.mkdir()
    shared_file = shared_folder / "posyandu.sqlite"
    with sqlite3.connect(shared_file) as conn:
        conn.execute("CREATE TABLE region (code TEXT PRIMARY KEY, name TEXT)")
        conn.execute("INSERT INTO region VALUES ('36.73', 'KOTA SERANG')")
    conn.close()
    before = _fingerprint(shared_folder)
    shared_url = f"sqlite:///{shared_file}"
    monkeypatch.setenv("POSYANDU_DATABASE_URL", shared_url)

    store_url = f"sqlite:///{tmp_path / 'store' / 'app_store.sqlite'}"
    assert main(["--database-url", store_url, "upgrade"]) == 0
    store = create_store_engine(store_url)
    meeting = create_rapat(store, actor=KOTA_SERANG, data=rakor_kota_serang())
    create_tindak_lanjut(store, actor=KOTA_SERANG, data=registrasi_serang(rapat_id=meeting.id))
    exported = export_store(store)
    copy_url = f"sqlite:///{tmp_path / 'copy.sqlite'}"
    assert main(["--database-url", copy_url, "upgrade"]) == 0
    copy = create_store_engine(copy_url)
    import_store(copy, exported)
    assert export_store(copy) == exported
    # the store's connections cannot reach another file at all
    with store.connect() as conn, pytest.raises(OperationalError, match="too many attached databases"):
        conn.execute(text(f"ATTACH DATABASE '{shared_file}' AS shared"))
    # and asking for the shared file as the store is refused on every route
    assert main(["--database-url", shared_url, "upgrade"]) == 2
    assert main(["--database-url", f"sqlite:///file:{shared_file}?mode=ro&uri=true", "status"]) == 2
    assert "menunjuk berkas database bersama" in capsys.readouterr().err
    store.dispose()
    copy.dispose()
    assert _fingerprint(shared_folder) == before


def _docs_setup_sql(role: str, database: str) -> list[str]:
    """The SQL block of docs/app_store.md that sets up the store's role and schema, for ``role`` in ``database``."""
    docs = (ROOT / "docs" / "app_store.md").read_text(encoding="utf-8")
    (block,) = [block for block in re.findall(r"```sql\n(.*?)```", docs, re.DOTALL) if "CREATE SCHEMA" in block]
    block = block.replace("posyandu_store", f'"{role}"').replace("DATABASE posyandu ", f'DATABASE "{database}" ')
    return [statement.strip() for statement in block.split(";") if statement.strip()]


@POSTGRES_ONLY
def test_the_documented_role_works_beside_the_shared_tables_and_cannot_touch_them(
    pg_admin: PostgresDatabases, store_url: str
) -> None:
    database = store_url.rsplit("/", 1)[1]
    pg_admin.run(
        "CREATE TABLE public.region (code text PRIMARY KEY, name text NOT NULL)",
        "INSERT INTO public.region VALUES ('36.73', 'KOTA SERANG')",
        database=database,
    )
    shared_url = pg_admin.url(database)  # the shared database, as its owner reads it
    role = pg_admin.role_name("posyandu_store")
    pg_admin.run(*_docs_setup_sql(role, database), database=database)

    store_as_admin = create_store_engine(store_url, shared_url=NO_SHARED_DATABASE)
    with pytest.raises(StoreConfigurationError):  # same database, same role as the shared URL
        create_store_engine(shared_url, shared_url=shared_url)
    store = create_store_engine(pg_admin.url(database, user=role), shared_url=shared_url)
    upgrade(store)
    assert store_status(store).state == TERKINI
    created = create_tindak_lanjut(store, actor=NASIONAL, data=registrasi_serang())
    assert list_tindak_lanjut(store, actor=NASIONAL, region_code="36.73").items == (created,)
    with store.connect() as conn:
        assert conn.execute(text("SHOW search_path")).scalar_one() == "posyandu_app"
        with pytest.raises(DBAPIError, match="permission denied"):
            conn.execute(text("UPDATE public.region SET name = 'x'"))

    # a stray grant makes the store unsafe: shown, not written
    pg_admin.run(f'GRANT UPDATE ON public.region TO "{role}"', database=database)
    status = store_status(store)
    assert (status.state, status.unsafe_tables) == (TIDAK_AMAN, ("public.region",))
    assert status.readable and not status.writable
    assert "public.region" in status.message
    with pytest.raises(StoreReadOnlyError) as refused:
        create_rapat(store, actor=NASIONAL, data=rakor_kota_serang())
    assert refused.value.state == TIDAK_AMAN
    # the superuser, who can write everything, is unsafe in the shared database too
    assert store_status(store_as_admin).state == TIDAK_AMAN

    check = create_engine(shared_url)
    with check.connect() as conn:
        assert conn.execute(text("SELECT code, name FROM public.region")).all() == [("36.73", "KOTA SERANG")]
    for engine in (check, store, store_as_admin):
        engine.dispose()
