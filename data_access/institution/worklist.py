"""The camat's Posyandu list: the gaps of METRICS.md ordered so that "perlu perhatian" comes first,
and the posyandu per gap status of a region or of each child region."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import pandas as pd
from sqlalchemy import Connection, Engine

from data_access.breakdowns.common import own_scope
from data_access.count_keys import GAP_STATUS_COUNTS
from data_access.db import with_connection
from data_access.gaps import GAPS, KURANG, LENGKAP, PERLU_PERHATIAN, gap_facts, gap_list, gap_status, posyandu_gaps
from data_access.metrics.codes import percent
from data_access.scope import Region, Scope, ancestor_codes
from data_access.summaries import read_through, summary_counts
from data_access.vocabulary import count_key

STATUS_ORDER: tuple[str, ...] = (PERLU_PERHATIAN, KURANG, LENGKAP)
"""The camat's order: what needs chasing first."""

StatusCounts = dict[str, dict[str, int]]
"""Posyandu per gap status (as count keys, :data:`~data_access.count_keys.GAP_STATUS_COUNTS`) per
target code, as the summaries keep them."""


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


def _tally(
    facts: Iterable[dict[str, object]], codes: Sequence[str], owner: Callable[[str], str | None]
) -> StatusCounts:
    """Posyandu per gap status per code, each posyandu counted under ``owner(its desa code)`` (None:
    under none) -- the raw path of the counts the summaries keep, from the facts, with no frame."""
    counted = {code: dict.fromkeys(GAP_STATUS_COUNTS, 0) for code in codes}
    owners: dict[str, str | None] = {}
    for fact in facts:
        desa_code = str(fact["desa_code"])
        if desa_code not in owners:
            owners[desa_code] = owner(desa_code)
        code = owners[desa_code]
        if code is not None:
            counted[code][count_key(gap_status(len(gap_list(fact))))] += 1
    return counted


def _by_status(counts: dict[str, int]) -> dict[str, int]:
    """Count keys back to the statuses, in :data:`STATUS_ORDER`."""
    return {status: counts[count_key(status)] for status in STATUS_ORDER}


def gap_status_summary(engine: Engine | Connection, scope: Scope) -> pd.DataFrame:
    """:func:`status_summary` of the region's own posyandu of P (children ignored), without building
    its list: above kecamatan level the list is tens or hundreds of thousands of posyandu and the
    page shows only these four numbers.

    From the gap status counts the summaries keep per region (``gapstatus.*``, the same counts
    :func:`gap_status_by_child` reads for the children); else from the per-posyandu facts of the raw
    tables, tallied once (no frame). The figures equal ``status_summary(posyandu_worklist(...))``."""
    own = own_scope(scope)
    code = own.target_codes[0]

    def work(conn: Connection) -> dict[str, int]:
        counts = read_through(
            lambda: summary_counts(conn, own, "gapstatus"),
            lambda: _tally(gap_facts(conn, own), [code], lambda _desa: code),
        )
        return _by_status(counts[code])

    return _summary_frame(with_connection(engine, work))


def gap_status_by_child(engine: Engine | Connection, scope: Scope) -> pd.DataFrame:
    """Per child region: its posyandu of P by gap status, most "perlu perhatian" first (the ranked
    summary shown above kecamatan level). Columns: code, name, posyandu, perlu_perhatian, kurang,
    lengkap, perlu_perhatian_pct (share of the child's posyandu, null without posyandu)."""
    children = [child.code for child in scope.children]
    known = set(children)

    def owner(desa_code: str) -> str | None:
        return next((code for code in ancestor_codes(desa_code) if code in known), None)

    def work(conn: Connection) -> StatusCounts:
        return read_through(
            lambda: summary_counts(conn, scope, "gapstatus"),
            lambda: _tally(gap_facts(conn, scope), children, owner),
        )

    counts = with_connection(engine, work)
    return _status_frame([(child, _by_status(counts[child.code])) for child in scope.children])


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
