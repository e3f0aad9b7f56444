"""Shared pieces of the store's tests: actors at four scopes, the seeds' rakor as inputs, PostgreSQL admin."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app_store.records import Actor, FigureThen, RapatInput, TindakLanjutInput

POSTGRES_ONLY = pytest.mark.parametrize(
    "backend", [pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres)], indirect=True
)
"""For tests about PostgreSQL alone (roles, schemas, grants); skipped without a server, failed under CI."""
SQLITE_ONLY = pytest.mark.parametrize("backend", [pytest.param("sqlite", id="sqlite")], indirect=True)
"""For tests about SQLite files alone (read-only files, page limits, ATTACH)."""

NO_SHARED_DATABASE = "sqlite:////nonexistent/posyandu_shared.sqlite"
NASIONAL = Actor(name="tp.pusat", scope=None)
KOTA_SERANG = Actor(name="tp.kota.serang", scope="36.73")
CAMAT_SERANG = Actor(name="camat.serang", scope="36.73.01")
CAMAT_CIPOCOK = Actor(name="camat.cipocok", scope="36.73.02")


def rakor_kota_serang(**changes: object) -> RapatInput:
    """The Kota Serang rakor of 21 April 2025 (seeds/rakor-tp-posyandu-kota-serang.txt)."""
    rapat = RapatInput(
        region_code="36.73",
        held_on=dt.date(2025, 4, 21),
        title="Rapat Koordinasi Tim Pembina Posyandu Kota Serang",
        place="Hotel Flamengo",
        participants=83,
        notes="Sosialisasi Permendagri 13/2024; persiapan lomba Posyandu; rencana kerja tahunan TP.",
    )
    return dataclasses.replace(rapat, **changes)


def registrasi_serang(rapat_id: int | None = None, **changes: object) -> TindakLanjutInput:
    """A follow-up of that rakor for kecamatan Serang: register its Posyandu (Kapuas's list has the same step)."""
    item = TindakLanjutInput(
        region_code="36.73.01",
        action="Fasilitasi registrasi kelembagaan Posyandu yang belum bernomor registrasi",
        owner="Camat Serang",
        due_on=dt.date(2025, 6, 30),
        metric_code="registered_pct",
        figure=FigureThen(value=41.5, period="2025-03", target=80.0),
        rapat_id=rapat_id,
    )
    return dataclasses.replace(item, **changes)


class PostgresDatabases:
    """Empty databases and roles on the suite's PostgreSQL server, dropped at the end: databases first (with any
    session still on them, which also drops every grant inside them), then the roles."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url
        self.databases: list[str] = []
        self.roles: list[str] = []
        self.admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")

    def create(self) -> str:
        """A new empty database; returns its URL for the admin role."""
        name = f"t_store_{uuid.uuid4().hex[:10]}"
        self.run(f'CREATE DATABASE "{name}"')
        self.databases.append(name)
        return self.url(name)

    def role_name(self, prefix: str) -> str:
        """A new role's name, dropped at the end if something creates it."""
        name = f"{prefix}_{uuid.uuid4().hex[:8]}"
        self.roles.append(name)
        return name

    def create_role(self, prefix: str) -> str:
        """A new login role without any right; returns its name."""
        name = self.role_name(prefix)
        self.run(f'CREATE ROLE "{name}" LOGIN')
        return name

    def url(self, database: str, user: str | None = None) -> str:
        url = make_url(self.admin_url).set(database=database)
        if user is not None:
            url = url.set(username=user)
        return url.render_as_string(hide_password=False)

    def run(self, *statements: str, database: str | None = None) -> None:
        engine = self.admin if database is None else create_engine(self.url(database), isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                for statement in statements:
                    conn.execute(text(statement))
        finally:
            if engine is not self.admin:
                engine.dispose()

    def close(self) -> None:
        self.run(*(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)' for name in self.databases))
        self.run(*(f'DROP ROLE IF EXISTS "{name}"' for name in self.roles))
        self.admin.dispose()
