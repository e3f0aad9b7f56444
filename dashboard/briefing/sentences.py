"""The briefing's plain-Indonesian key points, chosen by rules from the figures.

A Wali Kota / Bupati reads three to five sentences, not a table: how many headline figures are on
target, which one is furthest behind, which child region lags most on what, where the biggest
improvement on last year came from, and where villages went quiet. Each rule is a pure function
of small frames (built from ``data_access`` results by :mod:`dashboard.briefing.content`), so the
rules are tested on hand-made frames and the sentences change whenever the data do.

Numbers follow the dashboard's Indonesian formats (``23,4 poin``, ``37,7 %``), rounded half-up.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from dashboard.charts.formatting import format_number, format_percent, month_name, number_or_none
from data_access.vocabulary import MENDEKATI, TERCAPAI, TERTINGGAL

METRIC_NOUNS: dict[str, str] = {
    "registered_pct": "Registrasi Posyandu",
    "sk_pct": "SK kepengurusan Posyandu",
    "tp_desa_kel_pct": "Pembentukan TP Posyandu desa/kelurahan",
    "tp_kecamatan_pct": "Pembentukan TP Posyandu kecamatan",
    "kelembagaan_pct": "Kelembagaan Posyandu (SS3)",
    "six_bidang_pct": "Layanan enam bidang SPM",
    "layanan_spm_pct": "Indikator layanan SPM terlaksana",
    "kader_trained_pct": "Pelatihan teknis kader",
    "pengurus_trained_pct": "Pelatihan manajerial pengurus",
    "pengurus_complete_pct": "Kelengkapan kepengurusan",
    "kemitraan_pct": "Kemitraan Posyandu",
    "sarpras_pct": "Kelengkapan sarana prasarana",
    "budget_up_pct": "Kenaikan anggaran Posyandu",
    "regulation_pct": "Regulasi Posyandu kabupaten/kota",
    "report_completeness_pct": "Kelengkapan laporan bulanan",
}
"""Metric codes as the subject of a sentence ("Registrasi Posyandu di Kecamatan Kasemen ...")."""

MIN_SENTENCES, MAX_SENTENCES = 3, 5
NAMED_STOPPED_LIMIT = 3
"""How many kecamatan (or desa) the stopped-reporting sentence names before "dan N lainnya"."""


def _number(value: object) -> float | None:
    """A figure as a float, or None when it is missing or not a number at all."""
    try:
        return number_or_none(value)
    except (TypeError, ValueError):
        return None


def _points(value: float) -> str:
    return f"{format_number(abs(value), 1)} poin"


def _joined(items: Sequence[str]) -> str:
    """``A``, ``A dan B``, ``A, B, dan C`` (Indonesian list style)."""
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} dan {items[1]}"
    return ", ".join(items[:-1]) + f", dan {items[-1]}"


def _with_gap(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows that have both a value and a target, with ``gap`` = target - value (points below)."""
    if frame.empty:
        return frame.assign(gap=pd.Series(dtype=float))
    values = frame["value"].map(_number)
    targets = frame["target"].map(_number)
    usable = frame[values.notna() & targets.notna()].copy()
    usable["gap"] = targets[usable.index].astype(float) - values[usable.index].astype(float)
    return usable


def status_tally_sentence(headline: pd.DataFrame, *, region: str, year: int) -> str:
    """How many headline figures reached, neared or missed this year's target.

    ``headline``: one row per headline metric with ``metric``, ``value``, ``target``, ``status``.
    """
    targeted = headline[headline["status"].isin([TERCAPAI, MENDEKATI, TERTINGGAL])]
    if targeted.empty:
        return f"Belum ada target Renstra {year} untuk indikator utama {region}."
    counts = targeted["status"].value_counts()
    reached = counts.get(TERCAPAI, 0)
    parts = [f"{reached} sudah mencapai target {year}" if reached else f"belum ada yang mencapai target {year}"]
    parts += [f"{counts[status]} {status}" for status in (MENDEKATI, TERTINGGAL) if counts.get(status, 0)]
    untargeted = len(headline) - len(targeted)
    if untargeted:
        parts.append(f"{untargeted} tanpa target")
    return f"Dari {len(headline)} indikator utama {region}, {_joined(parts)}."


def region_gap_sentence(headline: pd.DataFrame, *, year: int) -> str | None:
    """The headline figure furthest below its target for the region itself (None without targets)."""
    usable = _with_gap(headline)
    if usable.empty:
        return None
    worst = usable.loc[usable["gap"].idxmax()]
    if worst["gap"] <= 0:
        return f"Semua indikator utama yang bertarget sudah mencapai target {year}."
    return (
        f"{METRIC_NOUNS[worst['metric']]} paling jauh dari target: {format_percent(worst['value'])}, atau "
        f"{_points(worst['gap'])} di bawah target {year} ({format_percent(worst['target'])})."
    )


def widest_child_gap_sentence(children: pd.DataFrame, *, child_level: str, year: int) -> str | None:
    """The (child region, headline metric) pair furthest below its target, named with both numbers.

    ``children``: rows ``code``, ``name`` (as printed, e.g. "Kecamatan Kasemen"), ``metric``,
    ``value``, ``target``. Ties go to the earlier metric, then the lower code.
    """
    usable = _with_gap(children)
    if usable.empty:
        return None
    usable = usable.assign(_order=range(len(usable))).sort_values(["gap", "_order"], ascending=[False, True])
    worst = usable.iloc[0]
    if worst["gap"] <= 0:
        return f"Semua {child_level.lower()} sudah mencapai target {year} pada indikator utama."
    return (
        f"{METRIC_NOUNS[worst['metric']]} di {worst['name']} {_points(worst['gap'])} di bawah target {year} "
        f"({format_percent(worst['value'])} dari target {format_percent(worst['target'])})."
    )


def biggest_improvement_sentence(changes: pd.DataFrame, *, previous_label: str, scope_label: str) -> str | None:
    """The largest rise on the previous year among (region, headline metric) pairs.

    ``changes``: rows ``name`` (as printed), ``metric``, ``value`` (this period) and ``previous``
    (the same metric a year earlier at the same month cut). ``scope_label`` names where was looked
    ("kecamatan mana pun") for the no-rise sentence. None when no pair has both values.
    """
    if changes.empty:
        return None
    now = changes["value"].map(_number)
    before = changes["previous"].map(_number)
    usable = changes[now.notna() & before.notna()].copy()
    if usable.empty:
        return None
    usable["change"] = now[usable.index].astype(float) - before[usable.index].astype(float)
    usable = usable.assign(_order=range(len(usable))).sort_values(["change", "_order"], ascending=[False, True])
    best = usable.iloc[0]
    if round(best["change"], 1) <= 0:
        return f"Tidak ada indikator utama di {scope_label} yang naik dibanding {previous_label}."
    return (
        f"Kenaikan terbesar dibanding {previous_label}: {METRIC_NOUNS[best['metric']]} di {best['name']} naik "
        f"{_points(best['change'])}, dari {format_percent(best['previous'])} menjadi {format_percent(best['value'])}."
    )


def stopped_reporting_sentence(stopped: pd.DataFrame, *, region: str, naming: str, month: int, year: int) -> str:
    """Villages that reported in the twelve months before month M and went quiet in M.

    ``stopped``: the frame of ``data_access.reporting.stopped_reporting`` with a ``desa_label`` and
    a ``kecamatan_label`` column added (names as printed). ``naming`` says what the sentence names:
    ``"kecamatan"`` (above kecamatan level: the kecamatan with most such villages), ``"desa"``
    (within a kecamatan: the villages themselves) or ``"self"`` (the region is one village).
    """
    when = f"{month_name(month)} {year}"
    if naming == "self":
        if stopped.empty:
            return f"{region} tidak termasuk desa/kelurahan yang berhenti melapor pada {when}."
        last = str(stopped["last_report_period"].iloc[0] or "")
        since = f" (laporan terakhir {month_name(int(last[5:7]))} {last[:4]})" if len(last) >= 7 else ""
        return f"{region} berhenti melapor pada {when} setelah melapor dalam 12 bulan sebelumnya{since}."
    if stopped.empty:
        return f"Tidak ada desa/kelurahan di {region} yang berhenti melapor pada {when}."
    total = len(stopped)
    lead = (
        f"{format_number(total)} desa/kelurahan berhenti melapor pada {when} setelah melapor dalam 12 bulan sebelumnya"
    )
    if naming == "kecamatan":
        per_kecamatan = (
            stopped.assign(kecamatan=stopped["kecamatan_label"].fillna("kecamatan tak dikenal"))
            .groupby("kecamatan", sort=False)
            .size()
            .reset_index(name="desa")
            .sort_values(["desa", "kecamatan"], ascending=[False, True])
        )
        if len(per_kecamatan) == 1:
            return f"{lead}, semuanya di {per_kecamatan['kecamatan'].iloc[0]}."
        named = [f"{row.kecamatan} ({row.desa})" for row in per_kecamatan.head(NAMED_STOPPED_LIMIT).itertuples()]
        rest = len(per_kecamatan) - len(named)
        if rest:
            named.append(f"{rest} kecamatan lainnya")
        return f"{lead}, terbanyak di {_joined(named)}."
    named = list(stopped["desa_label"].head(NAMED_STOPPED_LIMIT))
    rest = total - len(named)
    if rest:
        named.append(f"{rest} lainnya")
    return f"{lead}: {_joined(named)}."


def completeness_sentence(value: object, *, region: str, threshold: float) -> str:
    """Report completeness against the dashboard's threshold: a filler when other rules are silent."""
    number = _number(value)
    if number is None:
        return f"Belum ada Posyandu aktif di {region} yang wajib melapor pada periode ini."
    side = "di atas" if number >= threshold else "di bawah"
    return f"Kelengkapan laporan bulanan {region} {format_percent(number)}, {side} ambang {format_number(threshold)} %."


def choose_sentences(candidates: Sequence[str | None], fillers: Sequence[str | None] = ()) -> list[str]:
    """The first five sentences that apply, in priority order; ``fillers`` only when fewer than
    three apply (a region without targets or children still gets three sentences)."""
    chosen = [sentence for sentence in candidates if sentence]
    for filler in fillers:
        if len(chosen) >= MIN_SENTENCES:
            break
        if filler and filler not in chosen:
            chosen.append(filler)
    return chosen[:MAX_SENTENCES]
