"""What changed for a region's posyandu since the previous month, by the same definitions as the gaps:
a new registration, a new SK kepengurusan, or a posyandu that stopped reporting."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection, Engine, and_, func, not_, select
from sqlalchemy.orm import aliased

from data_access.breakdowns.common import own_scope
from data_access.db import with_connection
from data_access.expressions import Dialect
from data_access.gaps import date_text
from data_access.metrics.base import placed_posyandu
from data_access.metrics.posyandu import registered_condition, sk_condition
from data_access.models import Indicator, Posyandu, ServiceReport
from data_access.models import Region as RegionRow
from data_access.scope import Period, Scope

NEW_REGISTRATION, NEW_SK, STOPPED_REPORTING = "registered", "sk", "stopped_reporting"
CHANGES: tuple[str, ...] = (NEW_REGISTRATION, NEW_SK, STOPPED_REPORTING)
CHANGE_COLUMNS = ["posyandu_id", "name", "desa_code", "desa_name", "change", "date"]


def previous_month(period: Period) -> Period:
    """Month M-1 of the same year, or December of Y-1 when M is January (same "today")."""
    if period.month == 1:
        return Period(year=period.year - 1, month=12, today=period.today)
    return Period(year=period.year, month=period.month - 1, today=period.today)


def posyandu_changes(engine: Engine | Connection, scope: Scope) -> pd.DataFrame:
    """What changed for the posyandu of P between month M-1 and month M (December of Y-1 for January).

    One row per (posyandu, change), ``change`` one of :data:`CHANGES`:

    - ``registered``: registered (present number, ``registered_on`` counting) at the end of M but not
      at the end of M-1; ``date`` = ``registered_on``;
    - ``sk``: the same for the SK kepengurusan; ``date`` = ``sk_date``;
    - ``stopped_reporting``: at least one valid report in month M-1 and none in month M (a valid
      report as for the gaps: known indicator, a number >= 0, not after today); ``date`` = the first
      day of M-1.

    Columns: :data:`CHANGE_COLUMNS`, sorted by change, desa and name.
    """
    return with_connection(engine, lambda conn: _posyandu_changes(conn, scope))


def _posyandu_changes(conn: Connection, scope: Scope) -> pd.DataFrame:
    dialect = Dialect(conn.dialect.name)
    now, before = scope.period, previous_month(scope.period)
    p = placed_posyandu(dialect, own_scope(scope))
    desa = aliased(RegionRow)
    records: list[dict[str, object]] = []

    flags = (
        select(
            Posyandu.id.label("posyandu_id"),
            Posyandu.name,
            desa.code.label("desa_code"),
            desa.name.label("desa_name"),
            Posyandu.registered_on,
            Posyandu.sk_date,
            dialect.flag(
                and_(registered_condition(dialect, now.cutoff), not_(registered_condition(dialect, before.cutoff)))
            ).label("new_registration"),
            dialect.flag(and_(sk_condition(dialect, now.cutoff), not_(sk_condition(dialect, before.cutoff)))).label(
                "new_sk"
            ),
        )
        .select_from(p)
        .join(Posyandu, Posyandu.id == p.c.pid)
        .join(desa, desa.code == Posyandu.region_code)
    )
    for row in conn.execute(flags):
        base = {
            "posyandu_id": row.posyandu_id,
            "name": row.name,
            "desa_code": row.desa_code,
            "desa_name": row.desa_name,
        }
        if row.new_registration:
            records.append(base | {"change": NEW_REGISTRATION, "date": date_text(row.registered_on)})
        if row.new_sk:
            records.append(base | {"change": NEW_SK, "date": date_text(row.sk_date)})

    before_start = dt.date(before.year, before.month, 1)
    now_start = dt.date(now.year, now.month, 1)
    upper = now.cutoff + dt.timedelta(days=1)
    in_before = and_(
        ServiceReport.period >= dialect.date_param(before_start), ServiceReport.period < dialect.date_param(now_start)
    )
    in_now = ServiceReport.period >= dialect.date_param(now_start)
    reporting = (
        select(
            Posyandu.id.label("posyandu_id"),
            Posyandu.name,
            desa.code.label("desa_code"),
            desa.name.label("desa_name"),
            func.max(dialect.flag(in_before)).label("before"),
            func.max(dialect.flag(in_now)).label("now"),
        )
        .select_from(p)
        .join(Posyandu, Posyandu.id == p.c.pid)
        .join(desa, desa.code == Posyandu.region_code)
        .join(ServiceReport, ServiceReport.posyandu_id == p.c.pid)
        .join(Indicator, Indicator.code == ServiceReport.indicator_code)
        .where(
            ServiceReport.period >= dialect.date_param(before_start),
            ServiceReport.period < dialect.date_param(upper),
            dialect.valid_value(ServiceReport.value),
        )
        .group_by(Posyandu.id, Posyandu.name, desa.code, desa.name)
    )
    for row in conn.execute(reporting):
        if row.before and not row.now:
            records.append(
                {
                    "posyandu_id": row.posyandu_id,
                    "name": row.name,
                    "desa_code": row.desa_code,
                    "desa_name": row.desa_name,
                    "change": STOPPED_REPORTING,
                    "date": before_start.isoformat(),
                }
            )
    if not records:
        return pd.DataFrame(columns=CHANGE_COLUMNS)
    frame = pd.DataFrame(records, columns=CHANGE_COLUMNS)
    frame["_order"] = frame["change"].map({change: index for index, change in enumerate(CHANGES)})
    frame = frame.sort_values(["_order", "desa_name", "name", "posyandu_id"]).drop(columns="_order")
    return frame.reset_index(drop=True)
