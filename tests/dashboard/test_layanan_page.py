"""Layanan 6 Bidang through AppTest at every region level of the sample: no exception, and the cards,
the per-bidang activity, the indicator volumes, the monthly trend, the six-bidang ranking and the
monthly completeness shown equal the ``data_access`` values."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.cards import metric_display
from dashboard.charts.formatting import format_number, month_name
from dashboard.labels import BIDANG_LABELS, METRIC_LABELS
from data_access import compute_metrics, get_engine, resolve_scope
from data_access.breakdowns import bidang_activity, monthly_completeness, monthly_volumes, service_volumes
from data_access.metrics.codes import BIDANG
from tests.dashboard.apptest import SAMPLE_LEVELS, metric_values, plotly_specs, run_page, use_database
from tests.fixtures.tiny import TINY

TODAY = dt.date(2026, 11, 23)


def traces(at, name_start: str) -> list[dict]:
    """The traces of the one chart having a trace whose name starts with ``name_start``."""
    charts = [
        spec["data"] for spec in plotly_specs(at) if any(t.get("name", "").startswith(name_start) for t in spec["data"])
    ]
    assert len(charts) == 1, name_start
    return charts[0]


def volume_text(value: float) -> str:
    return format_number(value, 0 if float(value).is_integer() else 1)


@pytest.mark.parametrize("level", list(SAMPLE_LEVELS))
def test_figures_equal_data_access_at_every_level(
    level: str, sample_sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_database(monkeypatch, sample_sqlite_url)
    region = SAMPLE_LEVELS[level]
    at = run_page("layanan.py", region=region, year="2025")
    assert not at.exception
    assert not at.error
    engine = get_engine(sample_sqlite_url)
    scope = resolve_scope(engine, region_code=region, year=2025, today=TODAY)
    expected = compute_metrics(engine, scope)

    cards = metric_values(at)
    for code in ("posyandu_total", "six_bidang_pct", "layanan_spm_pct", "report_completeness_pct"):
        assert cards[METRIC_LABELS[code]] == metric_display(code, expected.metrics[code]), code
    counts = expected.counts
    assert any(
        f"**{format_number(counts['services.six_bidang'])}** dari {format_number(counts['services.posyandu'])}"
        in markdown.value
        for markdown in at.markdown
    )

    # Posyandu active per bidang: one bar per bidang, the first at the top.
    activity = bidang_activity(engine, scope)
    active = traces(at, "Posyandu yang melayani")[1]
    assert active["x"] == list(reversed(activity["posyandu_active"].tolist()))
    assert active["y"] == [BIDANG_LABELS[b] for b in reversed(BIDANG)]

    # Volumes of the default bidang (kesehatan): every indicator with its own volume and unit.
    volumes = service_volumes(engine, scope)
    health = volumes[volumes["bidang"] == "kesehatan"]
    table = at.table[0].value
    assert table["Kode"].tolist() == health["indicator_code"].tolist()
    assert table["Volume"].tolist() == [volume_text(v) for v in health["volume"]]
    assert table["Satuan"].tolist() == health["unit"].tolist()

    # Monthly trend: one line per kesehatan indicator, each month's value as data_access sums it.
    monthly = monthly_volumes(engine, scope)
    lines = {t["name"].split(" · ")[0]: t for t in traces(at, "KS01")}
    assert set(lines) == set(health["indicator_code"])
    ks01 = monthly[monthly["indicator_code"] == "KS01"].set_index("month")["volume"]
    assert lines["KS01"]["x"] == [month_name(m) for m in range(1, 13)]
    assert [v for v in lines["KS01"]["y"] if v is not None] == pytest.approx(ks01.tolist())

    # Completeness per month against the 80 % threshold.
    completeness = monthly_completeness(engine, scope)
    bars = [t for t in traces(at, "Ambang") if t["type"] == "bar"]
    shown = {x: y for bar in bars for x, y in zip(bar.get("x", []), bar.get("y", []), strict=True)}
    for row in completeness.itertuples():
        assert shown[month_name(row.month)] == pytest.approx(row.completeness_pct or 0)

    if expected.children:
        ranking = traces(at, METRIC_LABELS["six_bidang_pct"])[0]
        assert set(ranking["y"]) == {child.name for child in expected.children}
        by_code = {row[0]: text for row, text in zip(ranking["customdata"], ranking["text"], strict=True)}
        for child in expected.children:
            c = child.counts
            assert by_code[child.code].endswith(
                f"{format_number(c['services.six_bidang'])}/{format_number(c['services.posyandu'])}"
            )
    else:
        assert any("tidak ada wilayah di bawahnya" in caption.value for caption in at.caption)


def test_choosing_a_bidang_shows_its_indicators(sample_sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    use_database(monkeypatch, sample_sqlite_url)
    at = run_page("layanan.py", region="36.71", year="2026")
    at.segmented_control(key="layanan_bidang").set_value("pekerjaan_umum").run()
    assert not at.exception
    engine = get_engine(sample_sqlite_url)
    scope = resolve_scope(engine, region_code="36.71", year=2026, today=TODAY)
    volumes = service_volumes(engine, scope)
    works = volumes[volumes["bidang"] == "pekerjaan_umum"]
    table = at.table[0].value
    assert table["Kode"].tolist() == works["indicator_code"].tolist()
    assert table["Satuan"].tolist() == works["unit"].tolist()  # Keluarga, Kg, Unit, Km: never added up
    assert table["Volume"].tolist() == [volume_text(v) for v in works["volume"]]
    # One trend panel per unit.
    annotations = [spec["layout"].get("annotations", []) for spec in plotly_specs(at)]
    panels = [a["text"] for group in annotations for a in group if a.get("text", "").startswith("Satuan:")]
    assert panels == [f"Satuan: {unit}" for unit in dict.fromkeys(works["unit"])]


def test_region_without_posyandu_explains_what_is_missing(database_factory, monkeypatch: pytest.MonkeyPatch) -> None:
    # TINY's kelurahan B has only posyandu 3, established 2025-06-15: cut at March 2025, P is empty.
    use_database(monkeypatch, database_factory.build("sqlite", "tiny_layanan", TINY))
    at = run_page("layanan.py", region="31.71.01.1002", year="2025", month="3")
    assert not at.exception
    assert metric_values(at)[METRIC_LABELS["posyandu_total"]] == "0"
    assert any("Belum ada Posyandu aktif" in info.value for info in at.info)
