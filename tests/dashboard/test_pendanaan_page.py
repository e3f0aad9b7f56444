"""Pendanaan & Kemitraan through AppTest at every region level of the sample: no exception, and the
cards, the budgets by source and year, the partnerships by type, the kemitraan ranking and the
regulation status shown equal the ``data_access`` values."""

from __future__ import annotations

import datetime as dt
import logging

import pytest

from dashboard.cards import metric_display
from dashboard.charts.formatting import format_number
from dashboard.charts.funding import format_rupiah, regulation_status
from dashboard.labels import BUDGET_SOURCE_LABELS, METRIC_LABELS, PARTNER_LABELS
from data_access import compute_metrics, get_engine, resolve_scope
from data_access.breakdowns import budget_by_source, partnerships_by_type
from data_access.breakdowns.regional import kabupaten_regulations
from data_access.summaries import forget, raw_tables_only
from data_access.summaries.refresh import refresh
from tests.dashboard.apptest import SAMPLE_LEVELS, metric_values, plotly_specs, run_page, use_database
from tests.fixtures.handmade import HANDMADE

TODAY = dt.date(2026, 11, 23)


def traces(at, name: str) -> list[dict]:
    charts = [spec["data"] for spec in plotly_specs(at) if any(t.get("name") == name for t in spec["data"])]
    assert len(charts) == 1, name
    return charts[0]


def ranking(at, metric: str) -> dict:
    """The child ranking: its bars carry region codes for the drill-down."""
    bars = [
        spec["data"][0]
        for spec in plotly_specs(at)
        if spec["data"][0].get("name") == METRIC_LABELS[metric] and spec["data"][0].get("customdata")
    ]
    assert len(bars) == 1, metric
    return bars[0]


@pytest.mark.parametrize("level", list(SAMPLE_LEVELS))
def test_figures_equal_data_access_at_every_level(
    level: str, sample_sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_database(monkeypatch, sample_sqlite_url)
    region = SAMPLE_LEVELS[level]
    at = run_page("pendanaan.py", region=region, year="2025")
    assert not at.exception
    assert not at.error
    engine = get_engine(sample_sqlite_url)
    scope = resolve_scope(engine, region_code=region, year=2025, today=TODAY)
    expected = compute_metrics(engine, scope)
    cards = metric_values(at)

    # Budget: the total of year Y over all sources, in Rupiah; the chart shows each (source, year).
    budgets = budget_by_source(engine, scope, years=[2023, 2024, 2025])
    assert cards["Total anggaran Posyandu 2025"] == format_rupiah(budgets.loc[budgets["year"] == 2025, "amount"].sum())
    for year in (2023, 2024, 2025):
        bar = next(t for t in traces(at, "2025") if t["name"] == str(year))
        shown = dict(zip(bar["y"], bar["x"], strict=True))
        for row in budgets[budgets["year"] == year].itertuples():
            assert shown[BUDGET_SOURCE_LABELS[row.source]] == pytest.approx(row.amount)

    for code in ("budget_up_pct", "kemitraan_pct"):
        assert cards[METRIC_LABELS[code]] == metric_display(code, expected.metrics[code]), code
    counts = expected.counts
    assert any(
        f"**{format_number(counts['funding.with_partnership'])}** dari {format_number(counts['funding.posyandu'])}"
        in markdown.value
        for markdown in at.markdown
    )

    # Partnerships by partner type.
    partnerships = partnerships_by_type(engine, scope)
    kemitraan = next(t for t in traces(at, "Kemitraan") if t["name"] == "Kemitraan")
    shown = dict(zip(kemitraan["y"], kemitraan["x"], strict=True))
    assert shown == {PARTNER_LABELS[r.partner_type]: r.partnerships for r in partnerships.itertuples()}

    # Regulation: regulation_pct and the list of kab/kota at country, provinsi and kab/kota level;
    # below that, the parent kab/kota's status.
    regulations = kabupaten_regulations(engine, scope)
    table = at.dataframe[-1].value
    assert sorted(table["Kode"]) == sorted(regulations["code"])
    if level in ("country", "provinsi", "kabupaten_kota"):
        assert cards[METRIC_LABELS["regulation_pct"]] == metric_display(
            "regulation_pct", expected.metrics["regulation_pct"]
        )
        assert expected.metrics["regulation_pct"] == pytest.approx(
            100.0 * regulations["has_regulation"].sum() / len(regulations)
        )
    else:
        parent = regulations.iloc[0]
        assert cards[f"Regulasi Posyandu {parent['name']}"] == regulation_status(bool(parent["has_regulation"]))
        assert any("ditetapkan oleh kabupaten/kota" in info.value for info in at.info)

    if expected.children:
        bars = ranking(at, "kemitraan_pct")
        by_code = {row[0]: text for row, text in zip(bars["customdata"], bars["text"], strict=True)}
        assert set(by_code) == {child.code for child in expected.children}
        for child in expected.children:
            c = child.counts
            assert by_code[child.code].endswith(
                f"{format_number(c['funding.with_partnership'])}/{format_number(c['funding.posyandu'])}"
            )
    else:
        assert any("tidak ada wilayah di bawahnya" in caption.value for caption in at.caption)


def test_country_names_the_kabupaten_kota_without_regulation(
    sample_sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_database(monkeypatch, sample_sqlite_url)
    at = run_page("pendanaan.py", year="2025")
    assert not at.exception
    engine = get_engine(sample_sqlite_url)
    regulations = kabupaten_regulations(engine, resolve_scope(engine, region_code=None, year=2025, today=TODAY))
    lacking = regulations.loc[~regulations["has_regulation"], "name"].tolist()
    assert lacking  # the sample's Kabupaten Kapuas only gets its perkada in April 2026
    assert any(all(name in warning.value for name in lacking) for warning in at.warning)


def test_ranking_switches_to_budget_up(sample_sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    use_database(monkeypatch, sample_sqlite_url)
    at = run_page("pendanaan.py", region="36.71", year="2026")
    at.segmented_control(key="pendanaan_ranking_metric").set_value("budget_up_pct").run()
    assert not at.exception
    engine = get_engine(sample_sqlite_url)
    expected = compute_metrics(engine, resolve_scope(engine, region_code="36.71", year=2026, today=TODAY))
    bars = ranking(at, "budget_up_pct")
    by_code = {row[0]: text for row, text in zip(bars["customdata"], bars["text"], strict=True)}
    for child in expected.children:
        c = child.counts
        assert by_code[child.code].endswith(
            f"{format_number(c['funding.budget_up'])}/{format_number(c['funding.posyandu'])}"
        )


@pytest.mark.parametrize(("year", "has_regulation"), [("2025", False), ("2026", True)])
def test_kabupaten_kota_states_its_own_regulation(
    sample_sqlite_url: str, monkeypatch: pytest.MonkeyPatch, year: str, has_regulation: bool
) -> None:
    # Kabupaten Kapuas (62.03) issues its perkada on 2026-04-20: lacking in 2025, in place in 2026.
    use_database(monkeypatch, sample_sqlite_url)
    at = run_page("pendanaan.py", region="62.03", year=year)
    assert not at.exception
    if has_regulation:
        assert any(
            "sudah memiliki regulasi Posyandu sendiri" in s.value and "20 April 2026" in s.value for s in at.success
        )
    else:
        assert any("belum memiliki regulasi Posyandu sendiri" in w.value for w in at.warning)
        assert metric_values(at)[METRIC_LABELS["regulation_pct"]] == "0,0 %"


def test_budgets_and_partnerships_read_from_the_summaries(
    database_factory, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """With fresh summaries the budgets (the page asks for three years) and the
    partnerships come from them -- nothing logged as read from the raw tables -- and equal the raw
    figures, at the country, a provinsi and a kabupaten/kota (below that they are read raw)."""
    url = database_factory.build("sqlite", "handmade_pendanaan_summaries", HANDMADE)
    refresh(url, today=TODAY, cuts=[(2024, 12), (2025, 12)])
    forget()
    use_database(monkeypatch, url)
    caplog.set_level(logging.WARNING, logger="data_access.summaries")
    engine = get_engine(url)
    for region in (None, "36", "36.73"):
        at = run_page("pendanaan.py", region=region, year="2025")
        assert not at.exception
        assert not at.error
        scope = resolve_scope(engine, region_code=region, year=2025, today=TODAY)
        with raw_tables_only():
            budgets = budget_by_source(engine, scope, years=[2023, 2024, 2025])
            partnerships = partnerships_by_type(engine, scope)
        assert not budgets.empty
        cards = metric_values(at)
        total = budgets.loc[budgets["year"] == 2025, "amount"].sum()
        assert cards["Total anggaran Posyandu 2025"] == format_rupiah(total)
        for year in budgets["year"].unique():
            bar = next(t for t in traces(at, "2025") if t["name"] == str(year))
            shown = dict(zip(bar["y"], bar["x"], strict=True))
            for row in budgets[budgets["year"] == year].itertuples():
                assert shown[BUDGET_SOURCE_LABELS[row.source]] == row.amount
        if partnerships.empty:
            assert any("Belum ada kemitraan" in info.value for info in at.info)
        else:
            kemitraan = next(t for t in traces(at, "Kemitraan") if t["name"] == "Kemitraan")
            shown = dict(zip(kemitraan["y"], kemitraan["x"], strict=True))
            assert shown == {PARTNER_LABELS[r.partner_type]: r.partnerships for r in partnerships.itertuples()}
    assert not [r.getMessage() for r in caplog.records if r.name == "data_access.summaries"]
