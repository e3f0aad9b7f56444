"""Institutional readiness and the camat's Posyandu list: the Kelembagaan and Daftar Posyandu pages.

The readiness funnel of METRICS.md (all posyandu of P -> with SK -> with SK and registered -> with SK,
registered and standing in a desa/kelurahan whose Tim Pembina counts) is counted per region by
:func:`~data_access.metrics.compute_metrics`. What the counts alone cannot say is *where* the funnel
leaks, so :func:`desa_readiness` gives the same counts per desa/kelurahan and the step each one is
stuck at:

- ``posyandu``: the desa/kelurahan has no posyandu in P at all;
- ``sk``: it has posyandu, but not every one of them has an SK kepengurusan that counts;
- ``registered``: every posyandu has its SK, but not every one is registered as well;
- ``tim_pembina``: every posyandu has SK and registration, but the desa/kelurahan has no Tim Pembina
  whose SK counts;
- ``siap``: every step passed.

A desa is stuck at the *first* step some of its posyandu do not pass, so each desa has exactly one
step and the steps partition the desa of the subtree.

For the camat, :func:`posyandu_worklist` orders the Posyandu gaps of METRICS.md so that "perlu
perhatian" comes first, and :func:`posyandu_changes` lists what changed since the previous month by
the same definitions as the gaps (registration, SK, a valid report in the month).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd
from sqlalchemy import Connection, Engine, and_, exists, func, not_, or_, select
from sqlalchemy.orm import aliased

from data_access.breakdowns.common import own_scope, with_connection
from data_access.expressions import Dialect
from data_access.gaps import (
    GAPS,
    KURANG,
    LENGKAP,
    PERLU_PERHATIAN,
    gap_facts,
    gap_list,
    gap_status,
    posyandu_gaps,
)
from data_access.metrics import MetricsResult, RegionMetrics
from data_access.metrics.base import DESA_LEVEL, in_subtree, placed_posyandu
from data_access.metrics.codes import percent
from data_access.metrics.posyandu import desa_tp_condition, registered_condition, sk_condition
from data_access.models import Indicator, Posyandu, ServiceReport, TimPembina
from data_access.models import Region as RegionRow
from data_access.scope import Period, Region, Scope, ancestor_codes

NO_POSYANDU, NO_SK, NOT_REGISTERED, NO_TIM_PEMBINA, READY = "posyandu", "sk", "registered", "tim_pembina", "siap"
STUCK_STEPS: tuple[str, ...] = (NO_POSYANDU, NO_SK, NOT_REGISTERED, NO_TIM_PEMBINA, READY)
"""Every value of ``stuck_at``, in funnel order (``siap`` = passed every step)."""

FUNNEL_COUNTS: tuple[str, ...] = ("posyandu", "with_sk", "with_sk_registered", "with_sk_registered_tp")
"""The funnel's steps, as named in ``compute_metrics(...).counts`` under the ``posyandu.`` prefix."""

STAGES: tuple[str, ...] = ("stage_ready", "stage_no_tp", "stage_sk_only", "stage_no_sk")
"""The funnel as a partition of |P|: where each posyandu stops (ready first)."""

STATUS_ORDER: tuple[str, ...] = (PERLU_PERHATIAN, KURANG, LENGKAP)
"""The camat's order: what needs chasing first."""

NEW_REGISTRATION, NEW_SK, STOPPED_REPORTING = "registered", "sk", "stopped_reporting"
CHANGES: tuple[str, ...] = (NEW_REGISTRATION, NEW_SK, STOPPED_REPORTING)

READINESS_COLUMNS = [
    "desa_code",
    "desa_name",
    "kecamatan_code",
    "kecamatan_name",
    "child_code",
    *FUNNEL_COUNTS,
    "tp_formed",
    "stuck_at",
]
CHANGE_COLUMNS = ["posyandu_id", "name", "desa_code", "desa_name", "change", "date"]


# --- readiness funnel ------------------------------------------------------------------------------


def readiness_by_region(result: MetricsResult) -> pd.DataFrame:
    """The funnel counts of the region (first row) and each child, with each step's share of |P|.

    Columns: code ('' for the country), name, is_region, the four :data:`FUNNEL_COUNTS` and
    ``with_sk_pct``, ``with_sk_registered_pct``, ``with_sk_registered_tp_pct`` (null when |P| = 0);
    then where each posyandu stops, the funnel split into parts that add up to |P| (with their
    shares, ``<stage>_pct``): :data:`STAGES` -- no SK, SK only, SK and registration but no Tim
    Pembina in its desa/kelurahan, and ready.
    """
    rows = [_funnel_row(result.region, is_region=True)] + [
        _funnel_row(child, is_region=False) for child in result.children
    ]
    return pd.DataFrame(rows)


def _funnel_row(region: RegionMetrics, *, is_region: bool) -> dict[str, object]:
    counts = {name: int(region.counts.get(f"posyandu.{name}", 0)) for name in FUNNEL_COUNTS}
    total = counts["posyandu"]
    shares = {f"{name}_pct": percent(counts[name], total) for name in FUNNEL_COUNTS[1:]}
    stages = {
        "stage_no_sk": total - counts["with_sk"],
        "stage_sk_only": counts["with_sk"] - counts["with_sk_registered"],
        "stage_no_tp": counts["with_sk_registered"] - counts["with_sk_registered_tp"],
        "stage_ready": counts["with_sk_registered_tp"],
    }
    stage_shares = {f"{name}_pct": percent(value, total) for name, value in stages.items()}
    return (
        {"code": region.code or "", "name": region.name, "is_region": is_region}
        | counts
        | shares
        | stages
        | stage_shares
    )


INSTITUTION_INDICATORS: dict[str, tuple[str, str]] = {
    "registered_pct": ("posyandu.registered", "posyandu.posyandu"),
    "sk_pct": ("posyandu.with_sk", "posyandu.posyandu"),
    "tp_desa_kel_pct": ("regions.desa_with_tp", "regions.desa"),
    "tp_kecamatan_pct": ("regions.kecamatan_with_tp", "regions.kecamatan"),
    "kelembagaan_pct": ("posyandu.kelembagaan", "posyandu.posyandu"),
    "pengurus_complete_pct": ("kader.pengurus_complete", "kader.posyandu"),
    "kader_under5_count": ("kader.under5", "kader.posyandu"),
}
"""Kelembagaan metric -> (numerator, denominator) in ``compute_metrics(...).counts``."""


def institution_indicators(result: MetricsResult) -> pd.DataFrame:
    """The kelembagaan figures of the region (first row) and each child, with the counts behind them.

    Per metric of :data:`INSTITUTION_INDICATORS`: ``<metric>`` (the METRICS.md value), ``<metric>_count``
    (numerator) and ``<metric>_base`` (denominator: posyandu, desa/kelurahan or kecamatan), so a page
    can say "3.074 Posyandu ber-SK" beside the percentage. ``kader_under5_count`` also gets
    ``kader_under5_pct``, its share of the posyandu (null without posyandu).
    """
    rows = []
    for region, is_region in [(result.region, True)] + [(child, False) for child in result.children]:
        row: dict[str, object] = {"code": region.code or "", "name": region.name, "is_region": is_region}
        for metric, (numerator, denominator) in INSTITUTION_INDICATORS.items():
            count, base = int(region.counts.get(numerator, 0)), int(region.counts.get(denominator, 0))
            row |= {metric: region.metrics[metric], f"{metric}_count": count, f"{metric}_base": base}
        row["kader_under5_pct"] = percent(row["kader_under5_count_count"], row["kader_under5_count_base"])
        rows.append(row)
    return pd.DataFrame(rows)


def stuck_step(posyandu: int, with_sk: int, with_sk_registered: int, tp_formed: bool) -> str:
    """The first funnel step a desa/kelurahan does not pass for all its posyandu (see the module doc)."""
    if posyandu == 0:
        return NO_POSYANDU
    if with_sk < posyandu:
        return NO_SK
    if with_sk_registered < posyandu:
        return NOT_REGISTERED
    if not tp_formed:
        return NO_TIM_PEMBINA
    return READY


DESA_LIST_LIMIT = 1000
"""How many desa/kelurahan the Kelembagaan page lists above kabupaten/kota level (see
:func:`desa_list_limit`)."""

NOT_READY: tuple[str, ...] = tuple(step for step in STUCK_STEPS if step != READY)
"""The steps the Kelembagaan page lists by default: every desa/kelurahan not yet ``siap``."""

READINESS_KIND = "readiness"
"""Stored per-desa rows of :func:`desa_readiness` are of kind ``readiness.<step>`` (see
``data_access.summaries.store.desa_rows_table``)."""


def readiness_kind(step: str) -> str:
    """The stored kind of the desa stuck at ``step``."""
    return f"{READINESS_KIND}.{step}"


def desa_list_limit(level: str | None) -> int | None:
    """How many desa/kelurahan the Kelembagaan page lists at ``level`` (None = the country): the first
    :data:`DESA_LIST_LIMIT` at the country and at a provinsi, all of them below.

    The country has some 83,000 desa and a provinsi up to 8,500: no list to read on screen, and
    building, sending and drawing every row costs seconds per view. The counts per step and per
    child (:func:`stuck_by_region`) still cover every desa; a kabupaten/kota (at most some hundreds
    of desa) and below show the whole list, which is where a TP Posyandu chases desa one by one."""
    return DESA_LIST_LIMIT if level in (None, "provinsi") else None


def desa_readiness(
    engine: Engine | Connection,
    scope: Scope,
    steps: Iterable[str] | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """One row per desa/kelurahan of the region's subtree (those without posyandu included), by code.

    Columns: :data:`READINESS_COLUMNS` -- the desa's funnel counts over its posyandu of P, whether its
    own Tim Pembina counts (``tp_formed``), the step it is stuck at, its kecamatan (by code prefix)
    and ``child_code``, the child region of the scope it lies in (None at desa level, or for a desa
    whose code lies under no child). Summed over a child's desa the counts equal the child's funnel
    counts in ``compute_metrics``.

    ``steps`` keeps only the desa stuck at one of them (every desa when None or empty) and ``limit``
    the first that many by code, so a page need not build the country's 83,000 rows to show a few.

    From the summaries when they are fresh: a desa's row does not depend on the region asked for
    (its posyandu are in P of any region holding the desa, its Tim Pembina is its own, its kecamatan
    is a prefix of its code), so the refresh stores the country's rows once per cut, under each
    desa's code prefixes and split by step (``readiness.<step>``), and a region's rows are an indexed
    lookup; only ``child_code`` is derived here, from the scope, on either path.
    """

    def work(conn: Connection) -> pd.DataFrame:
        from data_access.summaries import summary_desa_rows

        chosen = set(steps or ())
        wanted = [step for step in STUCK_STEPS if not chosen or step in chosen]
        if not wanted or (limit is not None and limit <= 0):
            return _readiness_frame([], scope)
        rows = summary_desa_rows(conn, scope, [readiness_kind(step) for step in wanted], limit)
        if rows is None:
            rows = [row for row in readiness_rows(conn, scope) if row["stuck_at"] in wanted]
            rows = rows if limit is None else rows[:limit]
        return _readiness_frame(rows, scope)

    return with_connection(engine, work)


def readiness_rows(conn: Connection, scope: Scope) -> list[dict[str, object]]:
    """The rows of :func:`desa_readiness` for the region's subtree (every step), by desa code, from
    the raw tables and without ``child_code``: what the summary refresh stores for the country."""
    dialect = Dialect(conn.dialect.name)
    cutoff = scope.period.cutoff
    p = placed_posyandu(dialect, own_scope(scope))
    registered = registered_condition(dialect, cutoff)
    with_sk = sk_condition(dialect, cutoff)
    per_desa = (
        select(
            Posyandu.region_code.label("desa_code"),
            func.count().label("posyandu"),
            func.sum(dialect.flag(with_sk)).label("with_sk"),
            func.sum(dialect.flag(and_(with_sk, registered))).label("with_sk_registered"),
            func.sum(dialect.flag(and_(with_sk, registered, desa_tp_condition(dialect, cutoff)))).label(
                "with_sk_registered_tp"
            ),
        )
        .select_from(p)
        .join(Posyandu, Posyandu.id == p.c.pid)
        .group_by(Posyandu.region_code)
        .subquery("per_desa")
    )
    desa = aliased(RegionRow)
    tp_formed = exists().where(
        TimPembina.region_code == desa.code,
        dialect.present(TimPembina.sk_number),
        dialect.date_counts(TimPembina.sk_date, cutoff),
    )
    statement = (
        select(
            desa.code.label("desa_code"),
            desa.name.label("desa_name"),
            *(func.coalesce(per_desa.c[name], 0).label(name) for name in FUNNEL_COUNTS),
            dialect.flag(tp_formed).label("tp_formed"),
        )
        .select_from(desa)
        .outerjoin(per_desa, per_desa.c.desa_code == desa.code)
        .where(desa.level == DESA_LEVEL, in_subtree(desa.code, scope.region_code))
        .order_by(desa.code)
    )
    rows = conn.execute(statement).all()
    if not rows:
        return []
    kecamatan = _kecamatan_names(conn, scope)
    records: list[dict[str, object]] = []
    for row in rows:
        counts = {name: int(row._mapping[name] or 0) for name in FUNNEL_COUNTS}
        tp = bool(row.tp_formed)
        kecamatan_code = _kecamatan_of(row.desa_code)
        records.append(
            {
                "desa_code": row.desa_code,
                "desa_name": row.desa_name,
                "kecamatan_code": kecamatan_code if kecamatan_code in kecamatan else None,
                "kecamatan_name": kecamatan.get(kecamatan_code),
                **counts,
                "tp_formed": tp,
                "stuck_at": stuck_step(counts["posyandu"], counts["with_sk"], counts["with_sk_registered"], tp),
            }
        )
    return records


def _readiness_frame(rows: list[dict[str, object]], scope: Scope) -> pd.DataFrame:
    """The frame of :func:`desa_readiness` from its rows (raw or stored), with each desa's child region."""
    if not rows:
        return pd.DataFrame(columns=READINESS_COLUMNS)
    children = {child.code for child in scope.children}
    records = [
        row | {"child_code": next((code for code in ancestor_codes(str(row["desa_code"])) if code in children), None)}
        for row in rows
    ]
    return pd.DataFrame(records, columns=READINESS_COLUMNS)


def _kecamatan_of(desa_code: str) -> str:
    """The kecamatan code a desa/kelurahan code lies under: its first three parts."""
    return ".".join(desa_code.split(".")[:3])


def _kecamatan_names(conn: Connection, scope: Scope) -> dict[str, str]:
    """Names of the kecamatan in the subtree, or above it (the region's own kecamatan at desa level)."""
    above = ancestor_codes(scope.region_code) if scope.region_code else []
    statement = select(RegionRow.code, RegionRow.name).where(
        RegionRow.level == "kecamatan",
        or_(in_subtree(RegionRow.code, scope.region_code), RegionRow.code.in_(above)),
    )
    return {row.code: row.name for row in conn.execute(statement)}


STUCK_COLUMNS = ["code", "name", "is_region", "desa", *STUCK_STEPS]


def stuck_summary(readiness: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """How many desa/kelurahan are stuck at each step: the region itself (first row, ``is_region``
    true: every desa of the subtree), then each child region. Columns: code ('' for the country),
    name, is_region, desa, then one count column per :data:`STUCK_STEPS`."""
    units: list[tuple[str, dict[str, int]]] = [(_own_code(scope), _step_counts(readiness["stuck_at"]))]
    for child in scope.children:
        units.append((child.code, _step_counts(readiness.loc[readiness["child_code"] == child.code, "stuck_at"])))
    return _stuck_frame(units, scope)


def stuck_by_region(engine: Engine | Connection, scope: Scope) -> pd.DataFrame:
    """``stuck_summary(desa_readiness(engine, scope), scope)`` -- the desa/kelurahan per stuck step
    of the region and each child -- without building every desa's row when the summaries are fresh.

    A desa's step does not depend on the region asked for and each desa lies under one child, so the
    counts add up over desa: the refresh rolls them up onto every code prefix (the region group
    ``stuck``) and the country's counts per provinsi are one lookup of a few rows instead of 83,000
    desa rows built per view. The figures are the same either way."""

    def work(conn: Connection) -> pd.DataFrame:
        from data_access.summaries import summary_counts

        stored = summary_counts(conn, scope, "stuck")
        if stored is None:
            return stuck_summary(_readiness_frame(readiness_rows(conn, scope), scope), scope)
        units = [(code, {step: int(stored[code][step]) for step in STUCK_STEPS}) for code in scope.target_codes]
        return _stuck_frame(units, scope)

    return with_connection(engine, work)


def _own_code(scope: Scope) -> str:
    return scope.region.code if scope.region else ""


def _step_counts(steps: pd.Series) -> dict[str, int]:
    return {step: int((steps == step).sum()) for step in STUCK_STEPS}


def _stuck_frame(units: list[tuple[str, dict[str, int]]], scope: Scope) -> pd.DataFrame:
    """Rows of :func:`stuck_summary` from the counts per step of the region (first) and each child."""
    names = {child.code: child.name for child in scope.children}
    region = scope.region
    rows = []
    for index, (code, counts) in enumerate(units):
        is_region = index == 0
        name = (region.name if region else "Indonesia") if is_region else names[code]
        rows.append({"code": code, "name": name, "is_region": is_region, "desa": sum(counts.values())} | counts)
    return pd.DataFrame(rows, columns=STUCK_COLUMNS)


# --- the camat's list ------------------------------------------------------------------------------


def posyandu_worklist(engine: Engine | Connection, scope: Scope) -> pd.DataFrame:
    """The Posyandu gaps of the region (see :func:`~data_access.gaps.posyandu_gaps`), with the share of
    trained kader (``trained_pct``: trained_kader_count / kader_count, null without kader), sorted
    "perlu perhatian" first, then by more gaps, desa and name -- what a camat chases this month."""
    frame = posyandu_gaps(engine, scope)
    frame = frame.assign(
        trained_pct=[
            percent(trained, kader)
            for trained, kader in zip(frame["trained_kader_count"], frame["kader_count"], strict=True)
        ]
    )
    rank = frame["status"].map({status: index for index, status in enumerate(STATUS_ORDER)})
    order = frame.assign(_rank=rank).sort_values(
        ["_rank", "gap_count", "desa_name", "name", "posyandu_id"], ascending=[True, False, True, True, True]
    )
    return order.drop(columns="_rank").reset_index(drop=True)


def gap_counts(worklist: pd.DataFrame) -> pd.DataFrame:
    """How many posyandu of a list have each gap. Columns: gap (in :data:`~data_access.gaps.GAPS`
    order), posyandu."""
    counted = {gap: 0 for gap in GAPS}
    for gaps in worklist["gaps"] if len(worklist) else []:
        for gap in gaps:
            counted[gap] += 1
    return pd.DataFrame({"gap": list(counted), "posyandu": list(counted.values())})


def status_counts(worklist: pd.DataFrame) -> dict[str, int]:
    """Posyandu per gap status, every status present (0 when none)."""
    found = worklist["status"].value_counts() if len(worklist) else pd.Series(dtype=int)
    return {status: int(found.get(status, 0)) for status in STATUS_ORDER}


def status_summary(worklist: pd.DataFrame) -> pd.DataFrame:
    """Posyandu per gap status with their share of the list, in :data:`STATUS_ORDER`. Columns: status,
    posyandu, share (null for an empty list)."""
    return _summary_frame(status_counts(worklist))


def _summary_frame(counts: dict[str, int]) -> pd.DataFrame:
    """Rows of :func:`status_summary` from the posyandu per status."""
    total = sum(counts.values())
    rows = [{"status": s, "posyandu": counts[s], "share": percent(counts[s], total)} for s in STATUS_ORDER]
    return pd.DataFrame(rows)


def gap_status_summary(engine: Engine | Connection, scope: Scope) -> pd.DataFrame:
    """:func:`status_summary` of the region's own posyandu of P (children ignored), without building
    its list: above kecamatan level the list is tens or hundreds of thousands of posyandu and the
    page shows only these four numbers.

    From the gap status counts the summaries keep per region (``gapstatus.*``, the same counts
    :func:`gap_status_by_child` reads for the children); else from the per-posyandu facts of the raw
    tables, tallied once (no frame). The figures equal ``status_summary(posyandu_worklist(...))``."""
    from data_access.summaries import summary_counts

    own = own_scope(scope)

    def work(conn: Connection) -> dict[str, int]:
        stored = summary_counts(conn, own, "gapstatus")
        if stored is not None:
            counts = stored[own.target_codes[0]]
            return {status: counts[status.replace(" ", "_")] for status in STATUS_ORDER}
        counted = dict.fromkeys(STATUS_ORDER, 0)
        for fact in gap_facts(conn, own):
            counted[gap_status(len(gap_list(fact)))] += 1
        return counted

    return _summary_frame(with_connection(engine, work))


def gap_status_by_child(engine: Engine | Connection, scope: Scope) -> pd.DataFrame:
    """Per child region: its posyandu of P by gap status, most "perlu perhatian" first (the ranked
    summary shown above kecamatan level). Columns: code, name, posyandu, perlu_perhatian, kurang,
    lengkap, perlu_perhatian_pct (share of the child's posyandu, null without posyandu)."""
    from data_access.summaries import summary_counts

    stored = with_connection(engine, lambda conn: summary_counts(conn, scope, "gapstatus"))
    if stored is not None:
        return _status_frame(
            [
                (child, {status: stored[child.code][status.replace(" ", "_")] for status in STATUS_ORDER})
                for child in scope.children
            ]
        )
    facts = with_connection(engine, lambda conn: gap_facts(conn, scope))  # raw: tallied, no frame
    counted = {child.code: dict.fromkeys(STATUS_ORDER, 0) for child in scope.children}
    owners: dict[str, str | None] = {}
    for fact in facts:
        desa_code = str(fact["desa_code"])
        if desa_code not in owners:
            owners[desa_code] = next((c for c in ancestor_codes(desa_code) if c in counted), None)
        owner = owners[desa_code]
        if owner is not None:
            counted[owner][gap_status(len(gap_list(fact)))] += 1
    return _status_frame([(child, counted[child.code]) for child in scope.children])


def _status_frame(counted: list[tuple[Region, dict[str, int]]]) -> pd.DataFrame:
    """Rows of :func:`gap_status_by_child` from each child's posyandu per status, sorted."""
    rows = []
    for child, counts in counted:
        total = sum(counts.values())
        rows.append(
            {
                "code": child.code,
                "name": child.name,
                "posyandu": total,
                "perlu_perhatian": counts[PERLU_PERHATIAN],
                "kurang": counts[KURANG],
                "lengkap": counts[LENGKAP],
                "perlu_perhatian_pct": percent(counts[PERLU_PERHATIAN], total),
            }
        )
    columns = ["code", "name", "posyandu", "perlu_perhatian", "kurang", "lengkap", "perlu_perhatian_pct"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["perlu_perhatian", "posyandu", "code"], ascending=[False, False, True], ignore_index=True)


# --- changes since the previous month --------------------------------------------------------------


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
            records.append(base | {"change": NEW_REGISTRATION, "date": _date_text(row.registered_on)})
        if row.new_sk:
            records.append(base | {"change": NEW_SK, "date": _date_text(row.sk_date)})

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


def _date_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()[:10] or None


__all__ = [
    "CHANGES",
    "FUNNEL_COUNTS",
    "NEW_REGISTRATION",
    "NEW_SK",
    "READY",
    "STAGES",
    "STATUS_ORDER",
    "STOPPED_REPORTING",
    "STUCK_STEPS",
    "DESA_LIST_LIMIT",
    "NOT_READY",
    "desa_list_limit",
    "desa_readiness",
    "gap_counts",
    "gap_status_by_child",
    "gap_status_summary",
    "INSTITUTION_INDICATORS",
    "institution_indicators",
    "posyandu_changes",
    "posyandu_worklist",
    "previous_month",
    "readiness_by_region",
    "status_counts",
    "status_summary",
    "stuck_step",
    "stuck_by_region",
    "stuck_summary",
]
