"""What a briefing says, assembled from the same ``data_access`` functions the pages call.

:func:`build_briefing` gathers, for one region and period: the cover line (region, period, date of
the latest data), the headline figures against their Renstra targets with status and the change
on last year, the headline metric furthest behind target with every child region's value on it
(for the map) and the five most behind and five most ahead, the key sentences
(:mod:`dashboard.briefing.sentences`), and the data-quality caveats in one line. The PDF, the
Excel workbook and the page button all render this one :class:`Briefing`, so the printed page,
the spreadsheet and the screen can never disagree.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine

from app_store.settings import app_database_url
from dashboard.briefing import sentences as rules
from dashboard.briefing.followups import FollowUps, read_followups
from dashboard.charts.formatting import format_number, format_percent, month_name, number_or_none, period_label
from dashboard.headline import COMPLETENESS_THRESHOLD, COUNT_METRICS, HEADLINE_METRICS
from dashboard.labels import CHILD_LEVEL_NAMES, COUNTRY_NAME, METRIC_LABELS
from data_access import MetricsResult, Region, Scope, compute_metrics, region_path, resolve_scope
from data_access.geography import RegionShapes, region_shapes
from data_access.progress import change_against_previous_year, previous_year, rank_children
from data_access.quality import excluded_in_scope
from data_access.reporting import stopped_reporting
from data_access.scope import available_years, default_month
from data_access.settings import today as jakarta_today
from data_access.vocabulary import TANPA_TARGET

RANK_SIZE = 5
STOPPED_NAMING: dict[str | None, str] = {"kecamatan": "desa", "desa_kelurahan": "self"}
"""What the stopped-reporting sentence names per level (above kecamatan: the kecamatan)."""
HEADLINE_COLUMNS = ["metric", "label", "value", "target", "gap", "status", "change"]
COUNT_COLUMNS = ["metric", "label", "value", "change"]
RANK_COLUMNS = ["code", "name", "label", "value", "target", "gap", "status"]


@dataclass(frozen=True)
class Briefing:
    """Everything one briefing shows. Frames hold unrounded numbers; renderers format them.

    ``gap`` columns are points *below* target (target - value): positive = behind, as in
    ``data_access.progress.rank_children``.
    """

    region_code: str | None
    region_title: str
    breadcrumb: str
    level: str | None
    child_level: str
    """What the children are called ("Kecamatan"); empty for a desa/kelurahan, which has none."""
    year: int
    month: int
    period: str
    previous_period: str
    data_until: str
    generated_on: dt.date
    sample: bool
    counts: pd.DataFrame
    headline: pd.DataFrame
    focus_metric: str | None
    children: pd.DataFrame
    most_behind: pd.DataFrame
    most_ahead: pd.DataFrame
    shapes: RegionShapes
    sentences: list[str]
    caveats: str
    completeness: float | None
    excluded: dict[str, int]
    followups: FollowUps

    @property
    def focus_label(self) -> str | None:
        return METRIC_LABELS[self.focus_metric] if self.focus_metric else None

    @property
    def cover_line(self) -> str:
        """``Indonesia › Banten › Kota Serang · Periode 2025 · Data s.d. Oktober 2026``."""
        return f"{self.breadcrumb} · Periode {self.period} · Data s.d. {self.data_until}"


def region_title(region: Region | None) -> str:
    """A region as named in a sentence: ``Kecamatan Kasemen``, ``Kelurahan Cipare``, ``Kota Serang``,
    ``Provinsi Banten`` (names that already say their kind are left alone)."""
    if region is None:
        return COUNTRY_NAME
    name = region.name.strip()
    if region.level == "kabupaten_kota":
        prefixes = ("kota", "kabupaten", "kab.")
        if name.lower().startswith(prefixes):
            return name
        return f"{(region.kind or 'kabupaten/kota').capitalize()} {name}"
    prefix = {
        "provinsi": "Provinsi",
        "kecamatan": "Kecamatan",
        "desa_kelurahan": (region.kind or "desa/kelurahan").capitalize(),
    }.get(region.level, "")
    if not prefix or name.lower().startswith(prefix.lower().split("/")[0]):
        return name
    return f"{prefix} {name}"


def _headline(result: MetricsResult, changes: dict[str, float | None]) -> pd.DataFrame:
    rows = []
    for code in HEADLINE_METRICS:
        value, target = number_or_none(result.metrics.get(code)), number_or_none(result.targets.get(code))
        rows.append(
            {
                "metric": code,
                "label": METRIC_LABELS[code],
                "value": value,
                "target": target,
                "gap": None if value is None or target is None else target - value,
                "status": result.status.get(code, TANPA_TARGET),
                "change": changes.get(code),
            }
        )
    return pd.DataFrame(rows, columns=HEADLINE_COLUMNS)


def _counts(result: MetricsResult, changes: dict[str, float | None]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"metric": code, "label": METRIC_LABELS[code], "value": result.metrics.get(code), "change": changes[code]}
            for code in COUNT_METRICS
        ],
        columns=COUNT_COLUMNS,
    )


def focus_metric(headline: pd.DataFrame, result: MetricsResult) -> str | None:
    """The headline metric to map: the one furthest behind the region's own target (most points
    below) among those the child regions have values for; where the region has no target (the
    country), the one whose child regions lie furthest below theirs on average; else the first.
    None without children."""
    if not result.children:
        return None
    mapped = [
        code for code in HEADLINE_METRICS if any(child.metrics.get(code) is not None for child in result.children)
    ]
    if not mapped:
        return None
    with_gap = headline[headline["metric"].isin(mapped) & headline["gap"].notna()]
    if not with_gap.empty:
        return str(with_gap.loc[with_gap["gap"].astype(float).idxmax(), "metric"])
    child_gaps = {}
    for code in mapped:
        gaps = [
            target - value
            for child in result.children
            if (value := child.metrics.get(code)) is not None and (target := child.targets.get(code)) is not None
        ]
        if gaps:
            child_gaps[code] = sum(gaps) / len(gaps)
    if child_gaps:
        return max(mapped, key=lambda code: child_gaps.get(code, float("-inf")))
    return mapped[0]


def split_ranking(ranked: pd.DataFrame, size: int = RANK_SIZE) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(most behind, most ahead) from a most-behind-first ranking, without listing a region twice:
    with fewer than ``2 * size`` regions the first half (rounded up) is "behind", the rest "ahead".
    Regions without a value are in neither."""
    valued = ranked[ranked["value"].notna()].reset_index(drop=True)
    behind_count = min(size, math.ceil(len(valued) / 2))
    behind = valued.head(behind_count).reset_index(drop=True)
    ahead = valued.iloc[behind_count:].iloc[::-1].head(size).reset_index(drop=True)
    return behind, ahead


def _ranked_children(result: MetricsResult, metric: str | None, labels: dict[str, str]) -> pd.DataFrame:
    if metric is None:
        return pd.DataFrame(columns=RANK_COLUMNS)
    ranked = rank_children(result, metric)
    ranked["label"] = ranked["code"].map(labels)
    ranked["status"] = ranked["status"].fillna(TANPA_TARGET)
    return ranked[RANK_COLUMNS]


def _children_long(result: MetricsResult, previous: MetricsResult, labels: dict[str, str]) -> pd.DataFrame:
    before = {child.code: child.metrics for child in previous.children}
    return pd.DataFrame(
        [
            {
                "code": child.code,
                "name": labels.get(child.code or "", child.name),
                "metric": code,
                "value": child.metrics.get(code),
                "target": child.targets.get(code),
                "previous": before.get(child.code, {}).get(code),
            }
            for code in HEADLINE_METRICS
            for child in result.children
        ],
        columns=["code", "name", "metric", "value", "target", "previous"],
    )


def _stopped(engine: Engine, scope: Scope, labels: dict[str, str]) -> pd.DataFrame:
    stopped = stopped_reporting(engine, scope)
    stopped["desa_label"] = [
        labels.get(code, f"Desa/Kel. {name}")
        for code, name in zip(stopped["desa_code"], stopped["desa_name"], strict=True)
    ]
    stopped["kecamatan_label"] = [
        None if pd.isna(name) else labels.get(code, f"Kecamatan {name}")
        for code, name in zip(stopped["kecamatan_code"], stopped["kecamatan_name"], strict=True)
    ]
    return stopped


def caveats_line(
    *,
    completeness: float | None,
    excluded: dict[str, int],
    missing_shapes: int,
    child_level: str,
    sample: bool,
) -> str:
    """The data-quality caveats in one line (completeness, rows left out, regions not on the map)."""
    threshold = format_number(COMPLETENESS_THRESHOLD)
    parts = [f"kelengkapan laporan bulanan {format_percent(completeness)} (ambang {threshold} %)"]
    invalid, future = excluded.get("invalid_service_values", 0), excluded.get("future_dated", 0)
    if invalid or future:
        parts.append(
            f"dikecualikan {format_number(invalid)} nilai laporan tidak sah dan {format_number(future)} "
            "tanggal di masa depan"
        )
    else:
        parts.append("tidak ada baris tidak sah yang dikecualikan")
    if missing_shapes and child_level:
        parts.append(f"{format_number(missing_shapes)} {child_level.lower()} tanpa batas peta")
    parts.append("target dari Renstra wilayah ini atau wilayah di atasnya")
    if sample:
        parts.append("DATA CONTOH, bukan data resmi")
    return "Catatan data: " + "; ".join(parts) + "."


def build_briefing(
    engine: Engine,
    *,
    region_code: str | None,
    year: int,
    month: int | None = None,
    today: dt.date | None = None,
    sample: bool = False,
    store_url: str | None = None,
) -> Briefing:
    """The briefing of one region and period. Raises the scope errors (unknown region, year with
    no data, bad month) and database errors for the caller to report; a store of follow-ups
    (``store_url``, default the dashboard's) that cannot be read is a line in the briefing instead."""
    day = today or jakarta_today()
    scope = resolve_scope(engine, region_code=region_code, year=year, month=month, today=day)
    result = compute_metrics(engine, scope)
    previous = previous_year(engine, scope)
    changes = change_against_previous_year(result, previous)
    with engine.connect() as conn:
        path = region_path(conn, scope.region_code)
        years = available_years(conn, today=day)
        latest_year = years[-1] if years else scope.period.year
        latest_month = default_month(conn, latest_year, day)
    excluded = excluded_in_scope(engine, scope)

    level = scope.region.level if scope.region else None
    child_level = CHILD_LEVEL_NAMES.get(level, "") if scope.children else ""
    labels = {region.code: region_title(region) for region in (*scope.children, *path)}
    title = region_title(scope.region)
    headline = _headline(result, changes)
    counts = _counts(result, changes)
    focus = focus_metric(headline, result)
    ranked = _ranked_children(result, focus, labels)
    behind, ahead = split_ranking(ranked)
    shapes = region_shapes(engine, scope.children)
    stopped = _stopped(engine, scope, labels)
    completeness = number_or_none(result.metrics.get("report_completeness_pct"))

    previous_label = period_label(scope.period.year - 1, scope.period.month)
    children_long = _children_long(result, previous, labels)
    if scope.children:
        improvement = rules.biggest_improvement_sentence(
            children_long, previous_label=previous_label, scope_label=f"{child_level.lower()} mana pun"
        )
    else:
        own = headline.assign(name=title, previous=[previous.metrics.get(code) for code in headline["metric"]])
        improvement = rules.biggest_improvement_sentence(own, previous_label=previous_label, scope_label=title)
    sentences = rules.choose_sentences(
        [
            rules.status_tally_sentence(headline, region=title, year=scope.period.year),
            rules.region_gap_sentence(headline, year=scope.period.year),
            rules.widest_child_gap_sentence(children_long, child_level=child_level, year=scope.period.year)
            if scope.children
            else None,
            improvement,
            rules.stopped_reporting_sentence(
                stopped,
                region=title,
                naming=STOPPED_NAMING.get(level, "kecamatan"),
                month=scope.period.month,
                year=scope.period.year,
            ),
        ],
        fillers=[rules.completeness_sentence(completeness, region=title, threshold=COMPLETENESS_THRESHOLD)],
    )
    return Briefing(
        region_code=scope.region_code,
        region_title=title,
        breadcrumb=" › ".join([COUNTRY_NAME] + [region.name for region in path]),
        level=level,
        child_level=child_level,
        year=scope.period.year,
        month=scope.period.month,
        period=period_label(scope.period.year, scope.period.month),
        previous_period=previous_label,
        data_until=f"{month_name(latest_month)} {latest_year}",
        generated_on=day,
        sample=sample,
        counts=counts,
        headline=headline,
        focus_metric=focus,
        children=ranked,
        most_behind=behind,
        most_ahead=ahead,
        shapes=shapes,
        sentences=sentences,
        caveats=caveats_line(
            completeness=completeness,
            excluded=excluded,
            missing_shapes=len(shapes.missing),
            child_level=child_level,
            sample=sample,
        ),
        completeness=completeness,
        excluded=excluded,
        followups=read_followups(
            store_url or app_database_url(),
            engine,
            region_code=scope.region_code,
            region_title=title,
            on=day,
            known=labels,
            title=region_title,
        ),
    )
