"""Each per-metric function agrees with :func:`compute_metrics` for the region and every child."""

from __future__ import annotations

import datetime as dt

import pytest

from data_access import METRIC_CODES, compute_metrics, get_engine, resolve_scope
from data_access.metrics.functions import METRIC_FUNCTIONS
from tests.fixtures.tiny import TINY

TODAY = dt.date(2026, 11, 23)


def test_every_metric_has_a_function() -> None:
    assert list(METRIC_FUNCTIONS) == list(METRIC_CODES)


@pytest.mark.parametrize("region", [None, "31.71", "31.71.01.1002"])
def test_functions_match_compute_metrics(backend: str, database_factory, region: str | None) -> None:
    engine = get_engine(database_factory.build(backend, "tiny_functions", TINY))
    scope = resolve_scope(engine, region_code=region, year=2025, today=TODAY)
    result = compute_metrics(engine, scope)
    expected = {result.region.code: result.metrics} | {child.code: child.metrics for child in result.children}
    for code, function in METRIC_FUNCTIONS.items():
        values = function(engine, scope)
        assert values == {key: metrics[code] for key, metrics in expected.items()}, code
