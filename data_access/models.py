"""SQLAlchemy 2 models of the shared database, exactly as ``shared/contract/SCHEMA.md`` names them.

The dashboard only reads these tables; the models exist so that queries are typed ``select()``
statements and so that the sample builder can create the same schema on SQLite and PostgreSQL.

Why no ``ForeignKey``: the contract says the shared database is dirty -- rows point at posyandu,
kader and regions that do not exist. Declaring the references would make the sample's dirty rows
impossible to load on PostgreSQL, and the dashboard must not rely on them anyway.

On SQLite the column types are the contract's "natural equivalents": dates are ISO text, booleans
are integers 0/1 and service values are ``NUMERIC`` (which, being SQLite, may hold text such as
``'n/a'``: the metric queries test ``typeof()`` instead of trusting the type).
"""

from __future__ import annotations

from sqlalchemy import Boolean, Date, Float, Index, Integer, Numeric, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import UserDefinedType


class _SqliteNumeric(UserDefinedType):
    """``NUMERIC`` on SQLite with no Python-side conversion, so dirty text never raises."""

    cache_ok = True

    def get_col_spec(self, **kw: object) -> str:
        return "NUMERIC"


DateColumn = Date().with_variant(Text(), "sqlite")
BoolColumn = Boolean().with_variant(Integer(), "sqlite")
NumericColumn = Numeric().with_variant(_SqliteNumeric(), "sqlite")


class Base(DeclarativeBase):
    """Declarative base for the contract's tables."""


class IdKeyed:
    """A table keyed by an integer ``id`` that the source system assigns (never generated here).

    Declared once for the six such tables; ``sort_order`` keeps ``id`` the first column, as SCHEMA.md
    lists it (a mixin's columns would otherwise come last)."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False, sort_order=-1)


class Region(Base):
    __tablename__ = "region"
    code: Mapped[str] = mapped_column(Text, primary_key=True)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    level: Mapped[str] = mapped_column(Text, nullable=False)
    parent_code: Mapped[str | None] = mapped_column(Text, index=True)
    kind: Mapped[str | None] = mapped_column(Text)


class RegionBoundary(Base):
    __tablename__ = "region_boundary"
    region_code: Mapped[str] = mapped_column(Text, primary_key=True)
    geojson: Mapped[str] = mapped_column(Text, nullable=False)


class Posyandu(IdKeyed, Base):
    __tablename__ = "posyandu"
    region_code: Mapped[str] = mapped_column(Text, nullable=False, index=True)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    location: Mapped[str | None] = mapped_column(Text)
    established_on = mapped_column(DateColumn, nullable=True)
    registration_number: Mapped[str | None] = mapped_column(Text)
    registered_on = mapped_column(DateColumn, nullable=True)
    sk_number: Mapped[str | None] = mapped_column(Text)
    sk_date = mapped_column(DateColumn, nullable=True)
    has_secretariat = mapped_column(BoolColumn, nullable=False)
    admin_complete = mapped_column(BoolColumn, nullable=False)
    sarpras_complete = mapped_column(BoolColumn, nullable=False)
    active = mapped_column(BoolColumn, nullable=False)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)


class TimPembina(IdKeyed, Base):
    __tablename__ = "tim_pembina"
    region_code: Mapped[str] = mapped_column(Text, nullable=False, index=True)
    sk_number: Mapped[str | None] = mapped_column(Text)
    sk_date = mapped_column(DateColumn, nullable=True)


class Kader(IdKeyed, Base):
    __tablename__ = "kader"
    posyandu_id: Mapped[int] = mapped_column(Integer, nullable=False, index=True)
    role: Mapped[str] = mapped_column(Text, nullable=False)
    bidang: Mapped[str | None] = mapped_column(Text)
    joined_on = mapped_column(DateColumn, nullable=True)
    active = mapped_column(BoolColumn, nullable=False)


class Training(IdKeyed, Base):
    __tablename__ = "training"
    kader_id: Mapped[int] = mapped_column(Integer, nullable=False, index=True)
    training_type: Mapped[str] = mapped_column(Text, nullable=False)
    completed_on = mapped_column(DateColumn, nullable=False)


class Indicator(Base):
    __tablename__ = "indicator"
    code: Mapped[str] = mapped_column(Text, primary_key=True)
    bidang: Mapped[str] = mapped_column(Text, nullable=False)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    output: Mapped[str] = mapped_column(Text, nullable=False)
    unit: Mapped[str] = mapped_column(Text, nullable=False)


class ServiceReport(Base):
    __tablename__ = "service_report"
    posyandu_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    period = mapped_column(DateColumn, primary_key=True)
    indicator_code: Mapped[str] = mapped_column(Text, primary_key=True)
    value = mapped_column(NumericColumn, nullable=True)

    __table_args__ = (Index("ix_service_report_period", "period"),)


class Partnership(IdKeyed, Base):
    __tablename__ = "partnership"
    posyandu_id: Mapped[int] = mapped_column(Integer, nullable=False, index=True)
    partner_type: Mapped[str] = mapped_column(Text, nullable=False)
    partner_name: Mapped[str | None] = mapped_column(Text)
    started_on = mapped_column(DateColumn, nullable=False)
    ended_on = mapped_column(DateColumn, nullable=True)


class Budget(Base):
    __tablename__ = "budget"
    posyandu_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    source: Mapped[str] = mapped_column(Text, primary_key=True)
    amount = mapped_column(NumericColumn, nullable=False)


class Regulation(IdKeyed, Base):
    __tablename__ = "regulation"
    region_code: Mapped[str] = mapped_column(Text, nullable=False, index=True)
    kind: Mapped[str] = mapped_column(Text, nullable=False)
    number: Mapped[str | None] = mapped_column(Text)
    issued_on = mapped_column(DateColumn, nullable=False)


class RenstraTarget(Base):
    __tablename__ = "renstra_target"
    region_code: Mapped[str] = mapped_column(Text, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    metric: Mapped[str] = mapped_column(Text, primary_key=True)
    target = mapped_column(NumericColumn, nullable=False)


TABLES = Base.metadata.sorted_tables
"""Every contract table, in dependency-free creation order."""
