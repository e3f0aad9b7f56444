"""The stored rows of one cut besides its counts: gap facts per posyandu, per-desa lists, breakdowns.

Each is what the dashboard's raw query gives for the whole country, keyed so that a region's rows are
an indexed lookup: by the desa code's prefixes (``p1``..``p4``), or -- for the breakdowns, summed
down to kabupaten/kota only -- by target code.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal

import pandas as pd
from sqlalchemy import Connection

from data_access.breakdowns.funding import FUNDING_KINDS
from data_access.breakdowns.services import BREAKDOWN_KINDS
from data_access.gaps import gap_list
from data_access.institution.readiness import readiness_kind
from data_access.metrics.base import DesaGrainScope
from data_access.reporting import STOPPED_KIND, stopped_reporting
from data_access.scope import Period, Scope
from data_access.summaries.refresh.rollup import exact, json_value, prefix_columns, prefixes
from data_access.summaries.store import BREAKDOWN_MAX_PARTS


def fact_records(period: Period, facts: list[dict[str, object]]) -> Iterator[dict[str, object]]:
    """Every posyandu of P with its gap facts, keyed by the prefixes of its desa code, and the plain
    columns a list filters and orders on in SQL (its desa code, name, active kader and gap count)."""
    for fact in facts:
        yield {
            "year": period.year,
            "month": period.month,
            "posyandu_id": fact["posyandu_id"],
            **prefix_columns(fact["desa_code"]),
            "desa_code": fact["desa_code"],
            "name": fact["name"],
            "kader_count": int(str(fact["kader_count"])),
            "gap_count": len(gap_list(fact)),
            "facts": json.dumps(fact, default=json_value),
        }


def _desa_records(period: Period, kinds: list[str], rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """``desa_cut_rows`` of one cut: each row under its kind, in order (``seq``), with its prefixes."""
    return [
        {
            "year": period.year,
            "month": period.month,
            "kind": kind,
            "seq": seq,
            **prefix_columns(row["desa_code"]),
            "row": json.dumps(row, default=json_value),
        }
        for seq, (kind, row) in enumerate(zip(kinds, rows, strict=True))
    ]


def stopped_records(conn: Connection, period: Period) -> list[dict[str, object]]:
    """The country's list of desa that stopped reporting in month M, row by row with its prefixes."""
    frame = stopped_reporting(conn, Scope(region=None, children=(), period=period), summaries=False)
    rows = frame.to_dict(orient="records")
    return _desa_records(period, [STOPPED_KIND] * len(rows), rows)


def readiness_records(period: Period, readiness: list[dict[str, object]]) -> list[dict[str, object]]:
    """The country's ``desa_readiness`` rows of one cut (kind ``readiness.<step>``, ``seq`` in
    desa-code order over every step)."""
    return _desa_records(period, [readiness_kind(str(row["stuck_at"])) for row in readiness], readiness)


def breakdown_records(conn: Connection, period: Period, desa_codes: tuple[str, ...]) -> list[dict[str, object]]:
    """Every service and funding breakdown kind, per kabupaten/kota then summed onto the country and
    each provinsi (budget sums exactly, as decimals)."""
    # Grouped by kabupaten/kota in SQL: the only targets stored are the country, provinsi and
    # kabupaten/kota, and per-desa rows (desa x indicator x month) are tens of millions at nasional size.
    scope = DesaGrainScope(region=None, children=(), period=period, desa_codes=desa_codes, kabupaten_grain=True)
    records: list[dict[str, object]] = []
    for kind, rows_of in {**BREAKDOWN_KINDS, **FUNDING_KINDS}.items():
        rows = pd.DataFrame(rows_of(conn, scope), columns=["target", "key", "m", "total", "n"])
        if not rows.empty:
            records.extend(_summed_breakdown(period, kind, rows.rename(columns={"target": "code"})))
    return records


def _summed_breakdown(period: Period, kind: str, rows: pd.DataFrame) -> Iterator[dict[str, object]]:
    """The rows of one breakdown kind summed onto every stored target (down to kabupaten/kota)."""
    has_total = rows["total"].notna().any()
    rows["total"] = rows["total"].map(exact)
    targets = prefixes(rows["code"].drop_duplicates())
    targets = targets[targets["target"].map(lambda t: t == "" or t.count(".") < BREAKDOWN_MAX_PARTS)]
    grouped = targets.merge(rows, on="code").groupby(["target", "key", "m"], sort=True)
    n = grouped["n"].sum()
    totals = grouped["total"].agg(lambda values: sum(values, Decimal(0))) if has_total else None
    for (target, key, m), count in n.items():
        yield {
            "year": period.year,
            "month": period.month,
            "target": target,
            "kind": kind,
            "key": key,
            "m": int(m),
            "total": None if totals is None else str(totals[(target, key, m)]),
            "n": int(count),
        }
