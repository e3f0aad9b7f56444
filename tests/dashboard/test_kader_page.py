"""Kader & Pelatihan through AppTest at every region level of the sample: no exception, and the
cards, the trained share per training type, the per-child heatmap and ranking, and the list of
Posyandu with fewer than 5 kader shown equal the ``data_access`` values -- the whole list, or its
first ``UNDER5_LIMIT`` rows with a caption saying so (and the download holding what is shown)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard import data, downloads
from dashboard.cards import metric_display
from dashboard.charts.formatting import format_number, format_percent
from dashboard.charts.training import ANY_TECHNICAL_LABEL
from dashboard.labels import METRIC_LABELS, TRAINING_LABELS
from data_access import compute_metrics, get_engine, resolve_scope
from data_access.breakdowns import training_by_type
from data_access.gaps import UNDER5_COLUMNS, posyandu_under5
from tests.dashboard.apptest import SAMPLE_LEVELS, metric_values, plotly_specs, run_page, use_database

TODAY = dt.date(2026, 11, 23)


def chart(at, trace_type: str, name: str | None = None) -> dict:
    found = [
        spec["data"][0]
        for spec in plotly_specs(at)
        if spec["data"][0]["type"] == trace_type and (name is None or spec["data"][0].get("name") == name)
    ]
    assert len(found) == 1, (trace_type, name)
    return found[0]


@pytest.mark.parametrize("level", list(SAMPLE_LEVELS))
def test_figures_equal_data_access_at_every_level(
    level: str, sample_sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_database(monkeypatch, sample_sqlite_url)
    region = SAMPLE_LEVELS[level]
    at = run_page("kader.py", region=region, year="2025")
    assert not at.exception
    assert not at.error
    engine = get_engine(sample_sqlite_url)
    scope = resolve_scope(engine, region_code=region, year=2025, today=TODAY)
    expected = compute_metrics(engine, scope)

    cards = metric_values(at)
    for code in ("kader_total", "kader_trained_pct", "pengurus_trained_pct", "kader_under5_count"):
        assert cards[METRIC_LABELS[code]] == metric_display(code, expected.metrics[code]), code
    counts = expected.counts
    markdown = " ".join(element.value for element in at.markdown)
    assert f"**{format_number(counts['kader.kader_trained'])}** dari {format_number(counts['kader.kader'])} kader" in (
        markdown
    )
    assert (
        f"**{format_number(counts['kader.pengurus_trained'])}** dari {format_number(counts['kader.pengurus'])} "
        "pengurus" in markdown
    )

    # Trained share per type for the region: technical over K, managerial over G.
    training = training_by_type(engine, scope)
    own = training[training["code"].isna()] if region is None else training[training["code"] == region]
    bar = chart(at, "bar", "Terlatih")
    shown = dict(zip(bar["y"], bar["text"], strict=True))
    assert shown[ANY_TECHNICAL_LABEL] == (
        f"{format_percent(expected.metrics['kader_trained_pct'])} · {format_number(counts['kader.kader_trained'])} "
        f"dari {format_number(counts['kader.kader'])} kader"
    )
    for row in own.itertuples():
        noun = "pengurus" if row.training_type == "manajerial" else "kader"
        assert shown[TRAINING_LABELS[row.training_type]] == (
            f"{format_percent(row.trained_pct)} · {format_number(row.trained)} dari {format_number(row.base)} {noun}"
        )

    # Posyandu with fewer than 5 kader: the list has exactly kader_under5_count rows (the sample has
    # fewer than UNDER5_LIMIT of them even for the whole country), fewest kader first.
    under5 = expected.metrics["kader_under5_count"]
    if under5:
        assert under5 <= data.UNDER5_LIMIT
        whole = posyandu_under5(engine, scope)
        listed = at.dataframe[-1].value
        assert len(listed) == under5 == len(whole)
        assert list(listed["Posyandu"]) == list(whole["name"])
        assert list(listed["Kader aktif"]) == sorted(listed["Kader aktif"])
        assert not any("Menampilkan" in caption.value for caption in at.caption)
    else:
        assert any("sedikitnya 5 kader" in success.value for success in at.success)

    if expected.children:
        heat = chart(at, "heatmap")
        assert heat["y"] == [child.name for child in expected.children]
        by_child = training.set_index(["code", "training_type"])["trained_pct"]
        first = expected.children[0].code
        value = by_child[(first, "teknis_kesehatan")]
        assert heat["z"][0][0] == (pytest.approx(value) if value == value else None)
        ranking = chart(at, "bar", METRIC_LABELS["kader_trained_pct"])
        by_code = {row[0]: text for row, text in zip(ranking["customdata"], ranking["text"], strict=True)}
        for child in expected.children:
            c = child.counts
            assert by_code[child.code].endswith(
                f"{format_number(c['kader.kader_trained'])}/{format_number(c['kader.kader'])}"
            )
    else:
        assert any("tidak ada wilayah di bawahnya" in caption.value for caption in at.caption)


def test_ranking_switches_to_pengurus(sample_sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    use_database(monkeypatch, sample_sqlite_url)
    at = run_page("kader.py", region="36.73", year="2026")
    at.segmented_control(key="kader_ranking_metric").set_value("pengurus_trained_pct").run()
    assert not at.exception
    engine = get_engine(sample_sqlite_url)
    expected = compute_metrics(engine, resolve_scope(engine, region_code="36.73", year=2026, today=TODAY))
    ranking = chart(at, "bar", METRIC_LABELS["pengurus_trained_pct"])
    by_code = {row[0]: text for row, text in zip(ranking["customdata"], ranking["text"], strict=True)}
    for child in expected.children:
        c = child.counts
        assert by_code[child.code].startswith(format_percent(child.metrics["pengurus_trained_pct"]))
        assert by_code[child.code].endswith(
            f"{format_number(c['kader.pengurus_trained'])}/{format_number(c['kader.pengurus'])}"
        )


@pytest.mark.parametrize(
    ("region", "hint"),
    [
        (None, "buka provinsi, kabupaten/kota, atau kecamatan untuk daftar lengkap"),
        ("36.73", "buka kecamatan untuk daftar lengkap"),
    ],
)
def test_under5_list_is_cut_and_says_so(
    region: str | None, hint: str, sample_sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above kecamatan level the list can run to tens of thousands: the page shows the first
    UNDER5_LIMIT (here 3) with the fewest kader, says how many of how many, and downloads those."""
    use_database(monkeypatch, sample_sqlite_url)
    monkeypatch.setattr(data, "UNDER5_LIMIT", 3)
    offered: dict[str, pd.DataFrame] = {}
    shown_download = downloads.download_buttons

    def capture(frame: pd.DataFrame, name: str, *, key: str) -> None:
        offered[key] = frame
        shown_download(frame, name, key=key)

    monkeypatch.setattr(downloads, "download_buttons", capture)
    at = run_page("kader.py", region=region, year="2025")
    assert not at.exception
    assert not at.error
    engine = get_engine(sample_sqlite_url)
    scope = resolve_scope(engine, region_code=region, year=2025, today=TODAY)
    count = compute_metrics(engine, scope).metrics["kader_under5_count"]
    assert count > 3
    first = posyandu_under5(engine, scope, limit=3)

    listed = at.dataframe[-1].value
    assert list(listed["Posyandu"]) == list(first["name"])
    assert list(listed["Kader aktif"]) == list(first["kader_count"])
    captions = " ".join(caption.value for caption in at.caption)
    assert f"{format_number(count)} Posyandu berjalan dengan kurang dari 5 kader aktif" in captions
    assert f"Menampilkan 3 dari {format_number(count)} Posyandu dengan kader paling sedikit; {hint}." in captions
    pd.testing.assert_frame_equal(offered["kader_under5_dl"].reset_index(drop=True), first[UNDER5_COLUMNS])
