"""The building blocks every metric family shares: the target regions and the posyandu set P.

Each family query groups by a ``target`` column holding R's code ('' for the country) or a
child's code, so R and all its children come back from one query per family. A desa belongs to
a target when the target is the country, the desa itself, or a code-prefix ancestor of it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, Select, String, Subquery, and_, func, literal, or_, select, true, union_all
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from data_access.expressions import Dialect, SqlColumn
from data_access.models import Posyandu, Region
from data_access.scope import Scope

DESA_LEVEL = "desa_kelurahan"


def targets_subquery(codes: Iterable[str]) -> Subquery:
    """A one-column (``target``) derived table of the given codes, all bound parameters."""
    selects = [select(literal(code, String).label("target")) for code in codes]
    if len(selects) == 1:
        return selects[0].subquery("targets")
    return union_all(*selects).subquery("targets")


def belongs_to(code: SqlColumn, target: SqlColumn) -> ColumnElement[bool]:
    """``code`` lies in the subtree of ``target`` ('' = the whole country)."""
    return or_(
        target == literal(""),
        code == target,
        func.substr(code, 1, func.length(target) + 1) == target.concat("."),
    )


def in_subtree(code: SqlColumn, region_code: str | None) -> ColumnElement[bool]:
    """``code`` lies in the subtree of the fixed region ``region_code`` (None = everything)."""
    if region_code is None:
        return true()
    prefix = region_code + "."
    return or_(code == region_code, func.substr(code, 1, len(prefix)) == prefix)


@dataclass(frozen=True)
class DesaGrainScope(Scope):
    """Every desa/kelurahan of the database as its own target (the country, no children).

    The summary refresh (:mod:`data_access.summaries`) runs the very same family queries with this
    scope: each posyandu of P then belongs to exactly one target, its own desa, so the per-desa counts
    add up to any region's counts by code prefix -- one query per family instead of one per region.
    """

    desa_codes: tuple[str, ...] = ()
    kabupaten_grain: bool = False
    """Group by each desa's first two code parts (its kabupaten/kota by the code-prefix rule) instead
    of by desa: for breakdowns summarised only down to kabupaten/kota level, whose per-desa rows
    (desa x indicator x month: tens of millions at nasional size) would not fit in memory."""

    @property
    def target_codes(self) -> tuple[str, ...]:
        return self.desa_codes


def placed_posyandu(dialect: Dialect, scope: Scope) -> Subquery:
    """P per target: active posyandu on an existing desa/kelurahan in the subtree, established by the
    period's cutoff (or with no establishment date). Columns: ``target``, ``pid``."""
    desa = aliased(Region)
    conditions = and_(
        desa.level == DESA_LEVEL,
        in_subtree(desa.code, scope.region_code),
        dialect.is_true(Posyandu.active),
        dialect.date_counts(Posyandu.established_on, scope.period.cutoff),
    )
    if isinstance(scope, DesaGrainScope):
        target = dialect.code_prefix2(desa.code) if scope.kabupaten_grain else desa.code
        per_desa: Select = (
            select(target.label("target"), Posyandu.id.label("pid"))
            .select_from(Posyandu)
            .join(desa, desa.code == Posyandu.region_code)
            .where(conditions)
        )
        return per_desa.subquery("p")
    targets = targets_subquery(scope.target_codes)
    statement: Select = (
        select(targets.c.target, Posyandu.id.label("pid"))
        .select_from(Posyandu)
        .join(desa, desa.code == Posyandu.region_code)
        .join(targets, belongs_to(desa.code, targets.c.target))
        .where(conditions)
    )
    return statement.subquery("p")


def empty_counts(scope: Scope, *names: str) -> dict[str, dict[str, int]]:
    """Zero counts for every target, so a child with no rows still gets a (null) percentage."""
    return {code: dict.fromkeys(names, 0) for code in scope.target_codes}


def fill_counts(
    counts: dict[str, dict[str, int]], rows: Iterable[Row[*tuple[Any, ...]]], names: Iterable[str]
) -> dict[str, dict[str, int]]:
    """Copy SQL result rows (``target`` + named counts) into ``counts``; nulls become 0."""
    names = tuple(names)
    for row in rows:
        mapping = row._mapping
        target = mapping["target"]
        if target in counts:
            counts[target].update({name: int(mapping[name] or 0) for name in names})
    return counts
