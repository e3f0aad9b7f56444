"""Regional breakdowns: which kabupaten/kota have a Posyandu regulation of their own.

``regulation_pct`` (METRICS.md) counts kabupaten/kota of R's subtree with at least one regulation
of their own whose ``issued_on`` counts; a provincial regulation does not count for its
kabupaten/kota. The pendanaan page must name the ones still lacking, so this lists each
kabupaten/kota with its counting regulations by the very same rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, Row, and_, func, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from data_access.db import with_connection
from data_access.expressions import Dialect, SqlColumn
from data_access.metrics.base import in_subtree
from data_access.models import Region, Regulation
from data_access.scope import Scope, ancestor_codes

KABUPATEN_KOTA = "kabupaten_kota"
BELOW_KABUPATEN = ("kecamatan", "desa_kelurahan")
REGULATION_COLUMNS = ["code", "name", "has_regulation", "regulations", "latest_issued_on", "kinds"]


def responsible_kabupaten(code: SqlColumn, scope: Scope) -> ColumnElement[bool]:
    """Whether the kabupaten/kota ``code`` answers for the scope: those in R's subtree (R included),
    or -- when R lies below kabupaten/kota level -- the one above R, since regulation is its matter."""
    if scope.region is not None and scope.region.level in BELOW_KABUPATEN:
        return code.in_(ancestor_codes(scope.region.code)[1:])
    return in_subtree(code, scope.region_code)


def kabupaten_regulations(engine: Engine | Connection, scope: Scope) -> pd.DataFrame:
    """One row per kabupaten/kota of the scope (see :func:`responsible_kabupaten`), sorted
    by code: ``has_regulation`` (as regulation_pct counts it), the number of its own regulations
    that count, the latest of their issue dates, and their kinds (sorted, comma-separated).

    Regulations issued after min(period end, today) do not count, as in regulation_pct; a
    kabupaten/kota without any is listed with 0, no date and no kinds."""

    def work(conn: Connection) -> pd.DataFrame:
        dialect = Dialect(conn.dialect.name)
        kabupaten = aliased(Region)
        issued = dialect.date_value(Regulation.issued_on)
        statement = (
            select(
                kabupaten.code,
                kabupaten.name,
                Regulation.kind,
                func.count(Regulation.id).label("regulations"),
                func.max(issued).label("latest_issued_on"),
            )
            .select_from(kabupaten)
            .outerjoin(
                Regulation,
                and_(
                    Regulation.region_code == kabupaten.code,
                    dialect.date_counts(Regulation.issued_on, scope.period.cutoff),
                ),
            )
            .where(kabupaten.level == KABUPATEN_KOTA, responsible_kabupaten(kabupaten.code, scope))
            .group_by(kabupaten.code, kabupaten.name, Regulation.kind)
            .order_by(kabupaten.code, Regulation.kind)
        )
        return _fold_kinds(conn.execute(statement).all())

    return with_connection(engine, work)


@dataclass
class _Kabupaten:
    """One kabupaten/kota's regulations, folded over its kinds."""

    code: str
    name: str
    regulations: int = 0
    latest_issued_on: dt.date | None = None
    kinds: list[str] = field(default_factory=list)


def _fold_kinds(rows: Sequence[Row[*tuple[Any, ...]]]) -> pd.DataFrame:
    """Rows per (kabupaten/kota, kind) -> one row per kabupaten/kota."""
    folded: dict[str, _Kabupaten] = {}
    for row in rows:
        entry = folded.setdefault(row.code, _Kabupaten(row.code, row.name))
        if row.kind is None or not row.regulations:
            continue
        entry.regulations += int(row.regulations)
        entry.kinds.append(row.kind)
        issued = _as_date(row.latest_issued_on)
        if issued is not None and (entry.latest_issued_on is None or issued > entry.latest_issued_on):
            entry.latest_issued_on = issued
    records = [
        {
            "code": entry.code,
            "name": entry.name,
            "has_regulation": entry.regulations > 0,
            "regulations": entry.regulations,
            "latest_issued_on": entry.latest_issued_on,
            "kinds": ", ".join(sorted(set(entry.kinds))),
        }
        for entry in folded.values()
    ]
    return pd.DataFrame(records, columns=REGULATION_COLUMNS)


def _as_date(value: object) -> dt.date | None:
    """A date from PostgreSQL, or ISO text (first 10 characters) from SQLite; blank/invalid -> None."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None
