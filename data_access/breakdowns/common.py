"""Helpers shared by the breakdown modules."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Connection, Engine

from data_access.scope import Scope

T = TypeVar("T")


def own_scope(scope: Scope) -> Scope:
    """The scope's region alone (no children), for region-level breakdowns; a per-desa scope of the
    summary refresh stays as it is (each desa its own target)."""
    from data_access.metrics.base import DesaGrainScope

    if isinstance(scope, DesaGrainScope):
        return scope
    return Scope(region=scope.region, children=(), period=scope.period)


def with_connection(engine: Engine | Connection, work: Callable[[Connection], T]) -> T:
    """Run ``work`` on ``engine`` (opening a connection) or on an already open connection."""
    if isinstance(engine, Connection):
        return work(engine)
    with engine.connect() as conn:
        return work(conn)


def to_float(value: object) -> float | None:
    """Decimal/int/None from the database to float (PostgreSQL NUMERIC arrives as Decimal)."""
    return None if value is None else float(value)  # type: ignore[arg-type]
