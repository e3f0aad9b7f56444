"""Kelembagaan through AppTest at every region level of the sample: no exception, and the cards, the
funnel, the per-child stage bars and the desa lists show exactly the ``data_access`` figures."""

from __future__ import annotations

import datetime as dt
import logging

import pytest

from dashboard.cards import metric_display
from dashboard.charts.formatting import format_number
from dashboard.labels import METRIC_LABELS
from data_access import compute_metrics, get_engine, institution, resolve_scope
from data_access.institution import desa_readiness, posyandu_worklist, stuck_summary
from data_access.summaries import forget, raw_tables_only
from data_access.summaries.refresh import refresh
from tests.dashboard.apptest import SAMPLE_LEVELS, metric_values, plotly_specs, run_page, use_database
from tests.fixtures.handmade import HANDMADE

TODAY = dt.date(2026, 11, 23)
CARDS = (
    "registered_pct",
    "sk_pct",
    "kelembagaan_pct",
    "pengurus_complete_pct",
    "tp_desa_kel_pct",
    "kader_under5_count",
)


def chart_with_trace(at, name: str) -> list[dict] | None:
    charts = [spec["data"] for spec in plotly_specs(at) if any(t.get("name") == name for t in spec["data"])]
    assert len(charts) <= 1, name
    return charts[0] if charts else None


@pytest.mark.parametrize("level", list(SAMPLE_LEVELS))
def test_figures_equal_data_access_at_every_level(
    level: str, sample_sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_database(monkeypatch, sample_sqlite_url)
    region = SAMPLE_LEVELS[level]
    at = run_page("kelembagaan.py", region=region, year="2025")
    assert not at.exception
    assert not at.error
    engine = get_engine(sample_sqlite_url)
    scope = resolve_scope(engine, region_code=region, year=2025, today=TODAY)
    expected = compute_metrics(engine, scope)
    readiness = desa_readiness(engine, scope)
    stuck = stuck_summary(readiness, scope)

    cards = metric_values(at)
    for code in CARDS:
        assert cards[METRIC_LABELS[code]] == metric_display(code, expected.metrics[code]), code
    assert (METRIC_LABELS["tp_kecamatan_pct"] in cards) == (level != "desa_kelurahan")
    assert cards["Desa/kel siap kelembagaan"] == format_number(int(stuck.iloc[0]["siap"]))
    counts = expected.counts
    assert any(
        f"**{format_number(counts['posyandu.with_sk'])}** dari {format_number(counts['posyandu.posyandu'])} Posyandu"
        in markdown.value
        for markdown in at.markdown
    )

    funnel = chart_with_trace(at, "Posyandu")
    assert funnel is not None
    steps = ("with_sk_registered_tp", "with_sk_registered", "with_sk", "posyandu")
    assert funnel[1]["x"] == [counts[f"posyandu.{step}"] for step in steps]

    stages = chart_with_trace(at, "Belum ber-SK")
    if expected.children:
        assert stages is not None
        ready = stages[0]
        assert {row[0] for row in ready["customdata"]} == {child.code for child in expected.children}
        by_code = {row[0]: row[1] for row in ready["customdata"]}
        for child in expected.children:
            assert by_code[child.code] == format_number(child.counts["posyandu.with_sk_registered_tp"])
        stuck_chart = chart_with_trace(at, "Desa/kelurahan")
        shown = dict(zip(stuck_chart[0]["y"], stuck_chart[0]["x"], strict=True))
        assert sum(shown.values()) == len(readiness)
        # the desa table lists every desa not ready by default (the first N above kabupaten/kota level;
        # the sample has fewer than N)
        desa = at.dataframe[-1].value
        not_ready = readiness.loc[readiness["stuck_at"] != "siap", "desa_code"]
        limit = institution.desa_list_limit(scope.region.level if scope.region else None)
        assert list(desa["Kode"]) == list(not_ready if limit is None else not_ready.head(limit))
    else:
        assert stages is None
        assert any("tidak memiliki wilayah di bawahnya" in info.value for info in at.info)
        posyandu = at.dataframe[-1].value
        assert len(posyandu) == len(posyandu_worklist(engine, scope))


def test_kecamatan_without_desa_says_so(database_factory, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tirtayasa (36.04.03) of the hand-made database has no desa/kelurahan and no posyandu.
    use_database(monkeypatch, database_factory.build("sqlite", "handmade_pages", HANDMADE))
    at = run_page("kelembagaan.py", region="36.04.03", year="2025")
    assert not at.exception
    assert any("belum memiliki wilayah di bawahnya" in info.value for info in at.info)
    assert any("Belum ada Posyandu aktif" in info.value for info in at.info)


def test_above_kabupaten_kota_the_list_is_the_first_desa_read_from_the_summaries(
    database_factory, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """With fresh summaries the counts per step and the desa list come from them (nothing is logged
    as read from the raw tables), and equal the raw figures. Above kabupaten/kota level the list is
    the first desa by code (the limit made small here), with a caption giving how many in all."""
    url = database_factory.build("sqlite", "handmade_kelembagaan_summaries", HANDMADE)
    refresh(url, today=TODAY, cuts=[(2024, 12), (2025, 12)])
    forget()
    use_database(monkeypatch, url)
    monkeypatch.setattr(institution, "DESA_LIST_LIMIT", 2)
    caplog.set_level(logging.WARNING, logger="data_access.summaries")
    engine = get_engine(url)
    for region, limited in ((None, True), ("36", True), ("36.73", False), ("36.73.01", False)):
        at = run_page("kelembagaan.py", region=region, year="2025")
        assert not at.exception
        assert not at.error
        scope = resolve_scope(engine, region_code=region, year=2025, today=TODAY)
        with raw_tables_only():
            every = desa_readiness(engine, scope)
        not_ready = every[every["stuck_at"] != "siap"]
        assert len(not_ready) > 2 or not limited  # the limit cuts the list where it applies
        desa = at.dataframe[-1].value
        expected = not_ready["desa_code"].head(2) if limited else not_ready["desa_code"]
        assert list(desa["Kode"]) == list(expected), region
        captions = [caption.value for caption in at.caption]
        if limited:
            assert any(
                "**2** desa/kelurahan pertama" in text and f"dari **{format_number(len(not_ready))}** yang" in text
                for text in captions
            ), captions
        else:
            assert any(f"Menampilkan **{format_number(len(not_ready))}** dari" in text for text in captions)
        stuck_chart = chart_with_trace(at, "Desa/kelurahan")
        assert sum(stuck_chart[0]["x"]) == len(every)
        assert metric_values(at)["Desa/kel siap kelembagaan"] == format_number(int((every["stuck_at"] == "siap").sum()))
    assert not [r.getMessage() for r in caplog.records if r.name == "data_access.summaries"]
