"""Region family: tp_desa_kel_pct, tp_kecamatan_pct, regulation_pct.

These count regions of the subtree (R included), not posyandu: a desa with no posyandu still
needs its Tim Pembina, and a kabupaten/kota its own regulation (a provincial one does not count).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, Select, and_, exists, func, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from data_access.count_keys import REGION_COUNTS
from data_access.expressions import Dialect
from data_access.metrics.base import belongs_to, empty_counts, fill_counts, in_subtree, targets_subquery
from data_access.metrics.codes import Metrics, percent
from data_access.models import Region, Regulation, TimPembina
from data_access.scope import Scope

COUNTS = REGION_COUNTS


def tp_formed_condition(dialect: Dialect, region: type[Region], cutoff: dt.date) -> ColumnElement[bool]:
    """The region has a Tim Pembina with a present SK number whose ``sk_date`` counts."""
    return exists().where(
        TimPembina.region_code == region.code,
        dialect.present(TimPembina.sk_number),
        dialect.date_counts(TimPembina.sk_date, cutoff),
    )


def regulation_condition(dialect: Dialect, region: type[Region], cutoff: dt.date) -> ColumnElement[bool]:
    """The region has a regulation of its own whose ``issued_on`` counts."""
    return exists().where(
        Regulation.region_code == region.code,
        dialect.date_counts(Regulation.issued_on, cutoff),
    )


def region_flags(dialect: Dialect, cutoff: dt.date) -> Select:
    """Each region's own contribution to the family's counts (one row per region, columns named as
    :data:`COUNTS`): the summary refresh adds these up over every code-prefix ancestor, which is
    exactly how :func:`region_counts` groups them by target."""
    region = aliased(Region)
    tp_formed = tp_formed_condition(dialect, region, cutoff)
    is_desa = region.level == "desa_kelurahan"
    is_kecamatan = region.level == "kecamatan"
    is_kabupaten = region.level == "kabupaten_kota"
    return select(
        region.code.label("code"),
        dialect.flag(is_desa).label("desa"),
        dialect.flag(and_(is_desa, tp_formed)).label("desa_with_tp"),
        dialect.flag(is_kecamatan).label("kecamatan"),
        dialect.flag(and_(is_kecamatan, tp_formed)).label("kecamatan_with_tp"),
        dialect.flag(is_kabupaten).label("kabupaten_kota"),
        dialect.flag(and_(is_kabupaten, regulation_condition(dialect, region, cutoff))).label(
            "kabupaten_kota_with_regulation"
        ),
    )


def region_counts(conn: Connection, scope: Scope) -> dict[str, dict[str, int]]:
    """Per target: desa/kelurahan and kecamatan in the subtree, those with a decreed Tim Pembina,
    and kabupaten/kota with a regulation of their own that counts."""
    dialect = Dialect(conn.dialect.name)
    cutoff = scope.period.cutoff
    region = aliased(Region)
    targets = targets_subquery(scope.target_codes)
    tp_formed = tp_formed_condition(dialect, region, cutoff)
    has_regulation = regulation_condition(dialect, region, cutoff)
    is_desa = region.level == "desa_kelurahan"
    is_kecamatan = region.level == "kecamatan"
    is_kabupaten = region.level == "kabupaten_kota"
    statement = (
        select(
            targets.c.target,
            func.sum(dialect.flag(is_desa)).label("desa"),
            func.sum(dialect.flag(and_(is_desa, tp_formed))).label("desa_with_tp"),
            func.sum(dialect.flag(is_kecamatan)).label("kecamatan"),
            func.sum(dialect.flag(and_(is_kecamatan, tp_formed))).label("kecamatan_with_tp"),
            func.sum(dialect.flag(is_kabupaten)).label("kabupaten_kota"),
            func.sum(dialect.flag(and_(is_kabupaten, has_regulation))).label("kabupaten_kota_with_regulation"),
        )
        .select_from(region)
        .join(targets, belongs_to(region.code, targets.c.target))
        .where(in_subtree(region.code, scope.region_code))
        .group_by(targets.c.target)
    )
    return fill_counts(empty_counts(scope, *COUNTS), conn.execute(statement), COUNTS)


def region_metrics(counts: dict[str, int], level: str | None) -> Metrics:
    """The family's METRICS.md codes; ``regulation_pct`` is null below kabupaten/kota level."""
    regulation = None
    if level not in ("kecamatan", "desa_kelurahan"):
        regulation = percent(counts["kabupaten_kota_with_regulation"], counts["kabupaten_kota"])
    return {
        "tp_desa_kel_pct": percent(counts["desa_with_tp"], counts["desa"]),
        "tp_kecamatan_pct": percent(counts["kecamatan_with_tp"], counts["kecamatan"]),
        "regulation_pct": regulation,
    }
