"""Every headline metric of METRICS.md, for a region and all its children at once.

:func:`compute_metrics` runs one grouped query per metric family (posyandu flags; kader and
training; service reports; partnerships and budgets; regions) and returns the region's figures,
the counts behind them, each child's, and the Renstra target and status of each.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine

from data_access.db import with_connection
from data_access.metrics.codes import METRIC_CODES, PERCENT_METRICS, Metrics
from data_access.metrics.funding import funding_counts, funding_metrics
from data_access.metrics.kader import kader_counts, kader_metrics
from data_access.metrics.posyandu import posyandu_counts, posyandu_metrics
from data_access.metrics.regions import region_counts, region_metrics
from data_access.metrics.renstra import attainment_status, resolve_targets
from data_access.metrics.services import service_counts, service_metrics
from data_access.scope import Scope
from data_access.summaries import read_through, summary_counts

COUNTRY_NAME = "Indonesia"


@dataclass(frozen=True)
class RegionMetrics:
    """One region's figures: the METRICS.md codes, the counts behind them, targets and status."""

    code: str | None
    name: str
    level: str | None
    metrics: Metrics
    counts: dict[str, int] = field(default_factory=dict)
    targets: dict[str, float | None] = field(default_factory=dict)
    status: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class MetricsResult:
    """The figures of a scope: the region itself and each child region, sorted by code."""

    scope: Scope
    region: RegionMetrics
    children: list[RegionMetrics]

    @property
    def metrics(self) -> Metrics:
        return self.region.metrics

    @property
    def counts(self) -> dict[str, int]:
        return self.region.counts

    @property
    def targets(self) -> dict[str, float | None]:
        return self.region.targets

    @property
    def status(self) -> dict[str, str]:
        return self.region.status


def _family_counts(conn: Connection, scope: Scope) -> dict[str, dict[str, int]]:
    """Run every family once and merge the counts per target code (prefixed by family)."""
    merged: dict[str, dict[str, int]] = {code: {} for code in scope.target_codes}
    for prefix, compute in (
        ("posyandu", posyandu_counts),
        ("kader", kader_counts),
        ("services", service_counts),
        ("funding", funding_counts),
        ("regions", region_counts),
    ):
        for code, counts in compute(conn, scope).items():
            merged[code].update({f"{prefix}.{name}": value for name, value in counts.items()})
    return merged


def _unprefixed(counts: dict[str, int], prefix: str) -> dict[str, int]:
    start = prefix + "."
    return {key[len(start) :]: value for key, value in counts.items() if key.startswith(start)}


def metrics_from_counts(counts: dict[str, int], level: str | None) -> Metrics:
    """All METRICS.md codes, in contract order, from the merged family counts of one target."""
    values: Metrics = {}
    values.update(posyandu_metrics(_unprefixed(counts, "posyandu")))
    values.update(kader_metrics(_unprefixed(counts, "kader")))
    values.update(service_metrics(_unprefixed(counts, "services")))
    values.update(funding_metrics(_unprefixed(counts, "funding")))
    values.update(region_metrics(_unprefixed(counts, "regions"), level))
    return {code: values[code] for code in METRIC_CODES}


def _compute(conn: Connection, scope: Scope) -> MetricsResult:
    counts = read_through(lambda: summary_counts(conn, scope, "metrics"), lambda: _family_counts(conn, scope))
    targets = resolve_targets(conn, scope.target_codes, [scope.period.year])
    year = scope.period.year

    def build(code: str, name: str, level: str | None) -> RegionMetrics:
        metrics = metrics_from_counts(counts[code], level)
        region_targets: dict[str, float | None] = {
            metric: targets.get((code, year), {}).get(metric) for metric in PERCENT_METRICS
        }
        status = {metric: attainment_status(metrics[metric], region_targets[metric]) for metric in PERCENT_METRICS}
        return RegionMetrics(
            code=code or None,
            name=name,
            level=level,
            metrics=metrics,
            counts=counts[code],
            targets=region_targets,
            status=status,
        )

    region = scope.region
    head = build(region.code, region.name, region.level) if region else build("", COUNTRY_NAME, None)
    children = [build(child.code, child.name, child.level) for child in scope.children]
    return MetricsResult(scope=scope, region=head, children=children)


def compute_metrics(engine: Engine | Connection, scope: Scope) -> MetricsResult:
    """Every METRICS.md metric for ``scope``'s region and each of its children.

    The counts come from the dashboard's summaries when they are fresh and cover the period
    (:mod:`data_access.summaries`), else from one query per family on the raw tables: the same
    figures either way."""
    return with_connection(engine, lambda conn: _compute(conn, scope))


__all__ = ["METRIC_CODES", "PERCENT_METRICS", "MetricsResult", "RegionMetrics", "compute_metrics"]
