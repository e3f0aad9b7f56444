"""The ``region_cut_counts`` of one cut: every count of every group, per region code at every level.

The family queries run once with a :class:`~data_access.metrics.base.DesaGrainScope` (each
desa/kelurahan its own target) and the per-desa counts are added up over every code-prefix ancestor
(:mod:`.rollup`). Each posyandu lies in one desa, so the sums are exact; the one count that is not a
sum (indicators with volume > 0) is rolled up as a union of per-desa sets, and the region family --
which counts regions, not posyandu -- rolls up each region's own flags likewise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pandas as pd
from sqlalchemy import Connection, func, select

from data_access.breakdowns.training import training_counts
from data_access.expressions import Dialect
from data_access.gaps import gap_list, gap_status
from data_access.metrics.base import DesaGrainScope
from data_access.metrics.funding import funding_counts
from data_access.metrics.kader import kader_counts
from data_access.metrics.posyandu import posyandu_counts
from data_access.metrics.regions import region_flags
from data_access.metrics.services import served_indicators, service_counts
from data_access.models import Indicator, Posyandu
from data_access.quality import excluded_counts
from data_access.scope import Period, Scope
from data_access.summaries.refresh.rollup import roll_up, tally_rolled_up
from data_access.summaries.store import GROUPS, column_name
from data_access.vocabulary import count_key

PER_DESA_FAMILIES: tuple[tuple[str, Callable[[Connection, Scope], dict[str, dict[str, int]]]], ...] = (
    ("posyandu", posyandu_counts),
    ("kader", kader_counts),
    ("services", service_counts),
    ("funding", funding_counts),
    ("training", training_counts),
    ("excluded", excluded_counts),
)
"""The count groups computed per desa and summed: the prefix of their keys, and their raw query."""

NOT_SUMMED = ["services.indicators_served", "services.indicators"]
"""Service counts that do not add up over desa: a set union, and the catalogue size."""


def cut_counts(conn: Connection, period: Period, desa_codes: tuple[str, ...]) -> tuple[pd.DataFrame, int]:
    """Every count column of :data:`GROUPS` per target code for one cut (the ``gapstatus`` and
    ``stuck`` groups at 0: :func:`fill_group` adds them), and the catalogue size."""
    scope = DesaGrainScope(region=None, children=(), period=period, desa_codes=desa_codes)
    summed, regions = _summed_counts(conn, scope), _region_counts(conn, period)
    frame = (summed.join(regions, how="outer") if len(summed) else regions).copy()
    frame["services.indicators_served"] = indicators_served(conn, scope).reindex(frame.index).fillna(0)
    frame["services.indicators"] = 0
    columns = [key for group in GROUPS.values() for key in group]
    frame = frame.reindex(columns=columns).fillna(0).astype("int64")
    indicators = int(conn.execute(select(func.count()).select_from(Indicator)).scalar() or 0)
    return frame, indicators


def _summed_counts(conn: Connection, scope: DesaGrainScope) -> pd.DataFrame:
    """The counts of :data:`PER_DESA_FAMILIES` per desa, summed onto every target."""
    per_desa: dict[str, dict[str, int]] = {code: {} for code in scope.desa_codes}
    for family, compute in PER_DESA_FAMILIES:
        for code, counts in compute(conn, scope).items():
            per_desa[code].update({f"{family}.{name}": value for name, value in counts.items()})
    desa_frame = pd.DataFrame.from_dict(per_desa, orient="index").rename_axis("code").reset_index()
    desa_frame = desa_frame.drop(columns=NOT_SUMMED, errors="ignore")
    return roll_up(desa_frame) if len(desa_frame) else pd.DataFrame()


def _region_counts(conn: Connection, period: Period) -> pd.DataFrame:
    """The region family: each region's own flags (a desa with a Tim Pembina, ...) summed onto every target."""
    regions = pd.DataFrame(conn.execute(region_flags(Dialect(conn.dialect.name), period.cutoff)).mappings().all())
    if not len(regions):
        return pd.DataFrame()
    return roll_up(regions.rename(columns={c: f"regions.{c}" for c in regions.columns if c != "code"}))


def indicators_served(conn: Connection, scope: DesaGrainScope) -> pd.Series:
    """Indicators with a volume > 0 per target, rolled up as a set union (the one count that is not a
    sum). The (desa, indicator) pairs -- millions at nasional size -- are streamed into one bit mask
    per desa, and the masks OR-ed onto every code-prefix ancestor, so memory stays per desa."""
    dialect = Dialect(conn.dialect.name)
    served = served_indicators(dialect, scope)
    statement = (
        select(Posyandu.region_code.label("code"), served.c.indicator_code)
        .select_from(served)
        .join(Posyandu, Posyandu.id == served.c.pid)
        .distinct()
    )
    bits: dict[str, int] = {}
    masks: dict[str, int] = {}
    result = conn.execution_options(stream_results=True, yield_per=50_000).execute(statement)
    for code, indicator in result:
        bit = bits.setdefault(indicator, len(bits))
        masks[code] = masks.get(code, 0) | (1 << bit)
    rolled: dict[str, int] = {}
    for code, mask in masks.items():
        parts = code.split(".")
        for target in ("", *(".".join(parts[:n]) for n in range(1, len(parts) + 1))):
            rolled[target] = rolled.get(target, 0) | mask
    return pd.Series({target: mask.bit_count() for target, mask in rolled.items()}, dtype="int64")


def gap_status_counts(facts: list[dict[str, object]]) -> pd.DataFrame:
    """Posyandu per gap status per target (``gapstatus.<status>``, rolled up from each posyandu's desa)."""
    if not facts:
        return pd.DataFrame()
    statuses = [count_key(gap_status(len(gap_list(fact)))) for fact in facts]
    return tally_rolled_up([fact["desa_code"] for fact in facts], list(statuses), "gapstatus")


def stuck_counts(readiness: list[dict[str, object]]) -> pd.DataFrame:
    """Desa per stuck step per target (``stuck.<step>``, rolled up from each desa onto every code prefix)."""
    if not readiness:
        return pd.DataFrame()
    return tally_rolled_up([row["desa_code"] for row in readiness], [row["stuck_at"] for row in readiness], "stuck")


def fill_group(frame: pd.DataFrame, tallies: pd.DataFrame, group: str) -> None:
    """Set the columns of ``group`` in ``frame`` from ``tallies`` (0 for a target without any)."""
    for column in GROUPS[group]:
        if column in tallies.columns:
            frame[column] = tallies[column].reindex(frame.index).fillna(0).astype("int64")


def count_records(period: Period, frame: pd.DataFrame) -> Iterator[dict[str, object]]:
    """The rows of ``region_cut_counts`` for one cut."""
    columns = [column_name(key) for key in frame.columns]
    for target, values in zip(frame.index, frame.itertuples(index=False, name=None), strict=True):
        yield {
            "year": period.year,
            "month": period.month,
            "target": target,
            **dict(zip(columns, values, strict=True)),
        }
