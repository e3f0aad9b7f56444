"""Helpers shared by the breakdown modules."""

from __future__ import annotations

from typing import SupportsFloat

from data_access.metrics.base import DesaGrainScope
from data_access.scope import Scope


def own_scope(scope: Scope) -> Scope:
    """The scope's region alone (no children), for region-level breakdowns; a per-desa scope of the
    summary refresh stays as it is (each desa its own target)."""
    if isinstance(scope, DesaGrainScope):
        return scope
    return Scope(region=scope.region, children=(), period=scope.period)


def to_float(value: SupportsFloat | None) -> float | None:
    """Decimal/int/None from the database to float (PostgreSQL NUMERIC arrives as Decimal)."""
    return None if value is None else float(value)
