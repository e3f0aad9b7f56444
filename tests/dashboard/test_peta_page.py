"""Peta through AppTest at every region level of the sample: no exception, an offline map only
(Choroplethmap / Scattermap on white-bg), and the regions, values, statuses and Posyandu points
drawn exactly as ``data_access`` computes them."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.cards import metric_display
from dashboard.charts.formatting import format_number
from dashboard.labels import GAP_STATUS_LABELS
from data_access import compute_metrics, get_engine, resolve_scope
from data_access.geography import region_shapes
from data_access.map_points import DRAWN, posyandu_points
from data_access.progress import rank_children
from tests.dashboard.apptest import SAMPLE_LEVELS, plotly_specs, run_page, use_database
from tests.fixtures.tiny import TINY

TODAY = dt.date(2026, 11, 23)
DEFAULT_METRIC = "registered_pct"  # the first percentage metric: the map opens on it


def _expected(url: str, region: str | None, year: int = 2025):
    engine = get_engine(url)
    scope = resolve_scope(engine, region_code=region, year=year, today=TODAY)
    return engine, scope, compute_metrics(engine, scope)


def _assert_offline(spec: dict) -> None:
    assert {trace["type"] for trace in spec["data"]} <= {"choroplethmap", "scattermap"}
    assert spec["layout"]["map"]["style"] == "white-bg"
    assert "geo" not in spec["layout"] and "mapbox" not in spec["layout"]


def _region_traces(spec: dict) -> list[dict]:
    return [trace for trace in spec["data"] if trace["type"] == "choroplethmap"]


def _drawn_points(spec: dict) -> list[dict]:
    """Posyandu point traces (not their halos)."""
    return [trace for trace in spec["data"] if trace["type"] == "scattermap" and trace.get("hoverinfo") != "skip"]


@pytest.mark.parametrize("level", [level for level in SAMPLE_LEVELS if level != "desa_kelurahan"])
def test_children_are_coloured_by_their_values(level: str, sample_sqlite_url: str, monkeypatch) -> None:
    use_database(monkeypatch, sample_sqlite_url)
    region = SAMPLE_LEVELS[level]
    at = run_page("peta.py", region=region, year="2025")
    assert not at.exception
    engine, scope, expected = _expected(sample_sqlite_url, region)
    shapes = region_shapes(engine, scope.children)
    (spec,) = plotly_specs(at)
    _assert_offline(spec)
    values = {child.code: child.metrics[DEFAULT_METRIC] for child in expected.children}
    drawn: dict[str, float | None] = {}
    for trace in _region_traces(spec):
        zs = trace.get("z") if "zmin" in trace else [None] * len(trace["locations"])
        drawn.update(dict(zip(trace["locations"], zs, strict=True)))
    assert set(drawn) == {child.code for child in scope.children} - set(shapes.missing)
    for code, z in drawn.items():
        assert z == pytest.approx(values[code]) if values[code] is not None else z is None, code
    # The side table lists every child, most behind first, with the shown value.
    table = at.dataframe[0].value
    ranked = rank_children(expected, DEFAULT_METRIC)
    assert table.iloc[:, 0].tolist() == ranked["name"].tolist()
    assert table["Capaian"].tolist() == [metric_display(DEFAULT_METRIC, v) for v in ranked["value"].astype(object)]


def test_status_colouring_groups_regions_by_renstra_status(sample_sqlite_url: str, monkeypatch) -> None:
    use_database(monkeypatch, sample_sqlite_url)
    at = run_page("peta.py", region="36.71", year="2025")
    at.selectbox(key="peta_metric").set_value("sk_pct").run()
    at.radio(key="peta_mode").set_value("status").run()
    assert not at.exception
    _, _, expected = _expected(sample_sqlite_url, "36.71")
    (spec,) = plotly_specs(at)
    _assert_offline(spec)
    shown = {}
    for trace in _region_traces(spec):
        for code in trace["locations"]:
            shown[code] = trace["name"]
    assert len(shown) == len(expected.children)  # every kecamatan of Kota Tangerang has a boundary
    for child in expected.children:
        if child.code in shown:
            status = child.status["sk_pct"]
            symbol = {"tercapai": "✔", "mendekati": "◐", "tertinggal": "✖", "tanpa target": "–"}[status]
            assert shown[child.code].startswith(symbol), child.code


def test_a_count_metric_disables_status_colouring(sample_sqlite_url: str, monkeypatch) -> None:
    use_database(monkeypatch, sample_sqlite_url)
    at = run_page("peta.py", region="36.73", year="2025")
    at.selectbox(key="peta_metric").set_value("posyandu_total").run()
    assert not at.exception
    assert at.radio(key="peta_mode").disabled
    _, _, expected = _expected(sample_sqlite_url, "36.73")
    (trace,) = _region_traces(plotly_specs(at)[0])
    totals = {child.code: child.metrics["posyandu_total"] for child in expected.children}
    assert dict(zip(trace["locations"], trace["z"], strict=True)) == {code: totals[code] for code in trace["locations"]}
    assert at.dataframe[0].value["Jumlah"].tolist()[0] == format_number(max(totals.values()))


def test_regions_without_boundary_are_listed(sample_sqlite_url: str, monkeypatch) -> None:
    # Kelurahan 36.71.05.1003 is the sample's region without a boundary.
    use_database(monkeypatch, sample_sqlite_url)
    at = run_page("peta.py", region="36.71.05", year="2025")
    assert not at.exception
    notes = [caption.value for caption in at.caption if "Batas wilayah belum tersedia" in caption.value]
    assert len(notes) == 1 and "(36.71.05.1003)" in notes[0]
    locations = {code for trace in _region_traces(plotly_specs(at)[0]) for code in trace["locations"]}
    assert "36.71.05.1003" not in locations


def test_kecamatan_can_show_its_posyandu_on_the_map(sample_sqlite_url: str, monkeypatch) -> None:
    use_database(monkeypatch, sample_sqlite_url)
    region = SAMPLE_LEVELS["kecamatan"]
    at = run_page("peta.py", region=region, year="2025")
    assert not _drawn_points(plotly_specs(at)[0])
    at.toggle(key="peta_points").set_value(True).run()
    assert not at.exception
    engine, scope, _ = _expected(sample_sqlite_url, region)
    points = posyandu_points(engine, scope)
    drawn = points[points["placement"].isin(DRAWN)]
    (spec,) = plotly_specs(at)
    _assert_offline(spec)
    traces = _drawn_points(spec)
    assert sum(len(trace["lat"]) for trace in traces) == len(drawn)
    for trace in traces:
        status = next(s for s, label in GAP_STATUS_LABELS.items() if trace["name"].startswith(label))
        assert len(trace["lat"]) == int((drawn["status"] == status).sum())
        assert trace["name"].endswith(f"({format_number(len(trace['lat']))})")


def test_desa_shows_its_boundary_and_posyandu(sample_sqlite_url: str, monkeypatch) -> None:
    use_database(monkeypatch, sample_sqlite_url)
    region = SAMPLE_LEVELS["desa_kelurahan"]
    at = run_page("peta.py", region=region, year="2025")
    assert not at.exception
    engine, scope, _ = _expected(sample_sqlite_url, region)
    points = posyandu_points(engine, scope)
    assert not points.empty
    (spec,) = plotly_specs(at)
    _assert_offline(spec)
    (outline,) = _region_traces(spec)
    assert outline["locations"] == [region]
    drawn = points[points["placement"].isin(DRAWN)]
    assert sum(len(trace["lat"]) for trace in _drawn_points(spec)) == len(drawn)
    cards = {metric.label: metric.value for metric in at.metric}
    for status, label in GAP_STATUS_LABELS.items():
        assert cards[label] == f"{format_number(int((points['status'] == status).sum()))} Posyandu"
    table = at.dataframe[0].value
    assert sorted(table["Posyandu"]) == sorted(points["name"])
    assert any("tidak ada wilayah di bawahnya" in caption.value for caption in at.caption)


def test_without_any_boundary_the_page_says_so(database_factory, monkeypatch) -> None:
    use_database(monkeypatch, database_factory.build("sqlite", "tiny_page", TINY))
    at = run_page("peta.py", region="31.71", year="2025")
    assert not at.exception
    assert not plotly_specs(at)
    assert any("belum tersedia" in info.value for info in at.info)
    assert at.dataframe[0].value.iloc[:, 0].tolist() == ["Kecamatan Uji"]
