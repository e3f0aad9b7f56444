"""Figures built once per content (``dashboard.figure_cache``): the same arguments give the very
same cached figure, any other argument another one, and what is sent is exactly the builder's
figure."""

from __future__ import annotations

import json
import pickle
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from dashboard.charts.maps import status_map
from dashboard.charts.ranking import ranking_bar
from dashboard.charts.vega_ranking import ranking_spec
from dashboard.charts.vega_status_map import status_map_spec
from dashboard.figure_cache import PreparedFigure, content_key, prepared, prepared_spec
from data_access import compute_metrics, resolve_scope
from data_access.db import create_read_only_engine
from data_access.geography import RegionShapes, region_shapes
from data_access.progress import rank_children


@pytest.fixture(scope="module")
def kapuas(sample_sqlite_url: str) -> tuple[RegionShapes, pd.DataFrame]:
    """Kabupaten Kapuas (62.03) in 2025: its kecamatan boundaries and their ranking by SK."""
    engine = create_read_only_engine(sample_sqlite_url)
    try:
        scope = resolve_scope(engine, region_code="62.03", year=2025, month=None)
        ranked = rank_children(compute_metrics(engine, scope), "sk_pct")
        return region_shapes(engine, scope.children), ranked
    finally:
        engine.dispose()


def _spec(figure: object) -> dict[str, object]:
    """What ``st.plotly_chart`` sends: ``to_dict()`` dumped without validation."""
    return json.loads(pio.to_json(figure.to_dict(), validate=False))  # type: ignore[attr-defined]


def test_the_prepared_figure_sends_exactly_the_builders_figure(kapuas: tuple[RegionShapes, pd.DataFrame]) -> None:
    shapes, ranked = kapuas
    built = status_map(shapes, ranked, metric_label="Posyandu ber-SK", height=420, width_px=520)
    figure = prepared(status_map, shapes, ranked, metric_label="Posyandu ber-SK", height=420, width_px=520)
    assert isinstance(figure, PreparedFigure)
    assert _spec(figure) == _spec(built)
    assert figure.layout.height == 420 and not figure.data  # the traces live in the dict only


def test_equal_content_gets_the_same_figure_back(kapuas: tuple[RegionShapes, pd.DataFrame]) -> None:
    """Another session holds its own unpickled copy of the cached data (``st.cache_data``): equal
    content, other objects, the same figure."""
    shapes, ranked = kapuas
    first = prepared(ranking_bar, ranked, metric_label="Posyandu ber-SK")
    copy = pickle.loads(pickle.dumps(ranked))
    assert copy is not ranked
    assert prepared(ranking_bar, copy, metric_label="Posyandu ber-SK") is first
    shapes_copy = pickle.loads(pickle.dumps(shapes))
    assert content_key(status_map, (shapes_copy, copy), {"metric_label": "x"}) == content_key(
        status_map, (shapes, ranked), {"metric_label": "x"}
    )


def test_any_other_argument_gets_another_figure(kapuas: tuple[RegionShapes, pd.DataFrame]) -> None:
    shapes, ranked = kapuas
    first = prepared(ranking_bar, ranked, metric_label="Posyandu ber-SK")
    assert prepared(ranking_bar, ranked, metric_label="Posyandu teregistrasi") is not first
    changed = ranked.copy()
    changed.loc[changed.index[0], "value"] = float(changed["value"].iloc[0] or 0) + 1.0
    other = prepared(ranking_bar, changed, metric_label="Posyandu ber-SK")
    assert other is not first
    assert _spec(other) == _spec(ranking_bar(changed, metric_label="Posyandu ber-SK"))
    # One region fewer (a narrower access scope, say) is other content, so never the wider figure.
    fewer = ranked.iloc[1:]
    assert prepared(ranking_bar, fewer, metric_label="Posyandu ber-SK") is not first
    assert content_key(status_map, (shapes, ranked), {}) != content_key(ranking_bar, (shapes, ranked), {})


def test_a_prepared_spec_is_the_builders_spec_once_per_content(kapuas: tuple[RegionShapes, pd.DataFrame]) -> None:
    """Ringkasan's Vega-Lite charts go through the same cache: one spec per content, equal to what the
    builder makes, and another one for any other argument."""
    shapes, ranked = kapuas
    spec = prepared_spec(status_map_spec, shapes, ranked, metric_label="Posyandu ber-SK", height=420)
    assert spec == status_map_spec(shapes, ranked, metric_label="Posyandu ber-SK", height=420)
    copy = pickle.loads(pickle.dumps(ranked))
    assert prepared_spec(status_map_spec, shapes, copy, metric_label="Posyandu ber-SK", height=420) is spec
    assert prepared_spec(status_map_spec, shapes, ranked, metric_label="x", height=420) is not spec
    bars = prepared_spec(ranking_spec, ranked, metric_label="Posyandu ber-SK")
    assert bars is prepared_spec(ranking_spec, copy, metric_label="Posyandu ber-SK")
    assert prepared_spec(ranking_spec, ranked.iloc[1:], metric_label="Posyandu ber-SK") is not bars


BUILDS: list[str] = []


def _counted_bar(frame: pd.DataFrame, *, metric_label: str) -> go.Figure:
    """``ranking_bar``, noting each build, slowed down so that the sessions below overlap."""
    BUILDS.append(metric_label)
    time.sleep(0.2)
    return ranking_bar(frame, metric_label=metric_label)


def test_sessions_asking_at_once_wait_for_one_build(kapuas: tuple[RegionShapes, pd.DataFrame]) -> None:
    """Eight sessions open the same cold view together: the figure is built once, all get it."""
    _, ranked = kapuas
    label = f"Posyandu ber-SK {uuid.uuid4()}"  # a key no other test has filled
    start = threading.Barrier(8)

    def session() -> go.Figure:
        copy = pickle.loads(pickle.dumps(ranked))  # each session holds its own copy of the data
        start.wait()
        return prepared(_counted_bar, copy, metric_label=label)

    with ThreadPoolExecutor(max_workers=8) as pool:
        figures = list(pool.map(lambda _: session(), range(8)))
    assert BUILDS.count(label) == 1
    assert all(figure is figures[0] for figure in figures)
