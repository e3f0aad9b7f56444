"""Property-based: databases holding every dirty case of the contract, in random mixes, rendered on
every page through AppTest. No page raises, and what the pages show is what ``data_access`` says.

The rows come from the ``data_access`` property test's strategy (blank and whitespace numbers,
future and unparsable dates, negative/null/text values, rows pointing at nothing, posyandu on a
kecamatan or an unknown region, inactive rows, targets outside 0-100), plus the dirt that only pages
meet: boundaries missing, not JSON, not a polygon or self-intersecting; a region whose code length
disagrees with its level; regulations and targets for regions that do not exist.

For each database the machine-readable summary (``build_summary``) must agree with the one-metric
functions of ``METRICS.md`` and with ``compute_metrics``, the Ringkasan cards must show exactly those
figures, and the Kualitas Data page the summary's total of dirty rows. SQLite only, a few derandomised
examples (the developers' guide's rule for property tests); about two minutes.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine

from dashboard.cards import COUNT_METRICS, metric_display
from dashboard.charts.formatting import format_number
from dashboard.labels import METRIC_LABELS
from data_access import build_summary, compute_metrics, resolve_scope
from data_access.db import create_read_only_engine
from data_access.loader import load_dataset
from data_access.metrics.functions import METRIC_FUNCTIONS
from data_access.scope import available_years
from tests.dashboard.apptest import TODAY, metric_values, run_page
from tests.dashboard.test_faults_pages import PAGES
from tests.data_access.test_dirty_properties import REGIONS, dirty_databases, required_dates

TODAY_DATE = dt.date.fromisoformat(TODAY)
HEADLINE = (
    "registered_pct",
    "sk_pct",
    "kelembagaan_pct",
    "six_bidang_pct",
    "kader_trained_pct",
    "tp_desa_kel_pct",
    "layanan_spm_pct",
    "report_completeness_pct",
)


def _square(x: float, y: float) -> list[list[list[float]]]:
    return [[[x, y], [x + 0.05, y], [x + 0.05, y + 0.05], [x, y + 0.05], [x, y]]]


BOWTIE = [[101, -2], [101.1, -2.1], [101.1, -2], [101, -2.1], [101, -2]]  # crosses itself: invalid
GEOMETRIES = st.sampled_from(
    [
        json.dumps({"type": "Polygon", "coordinates": _square(101.0, -2.0)}),
        json.dumps({"type": "MultiPolygon", "coordinates": [_square(101.1, -2.1), _square(101.2, -2.1)]}),
        json.dumps({"type": "Polygon", "coordinates": [BOWTIE]}),
        json.dumps({"type": "Point", "coordinates": [101.0, -2.0]}),
        "{bukan json",
        "",
    ]
)


@st.composite
def dirty_page_databases(draw: st.DrawFn) -> dict[str, list[dict[str, object]]]:
    """The data_access strategy's dirty rows, plus boundaries, regulations, targets and region dirt."""
    dataset = draw(dirty_databases())
    regions = list(REGIONS)
    if draw(st.booleans()):  # code of a desa, level of a kecamatan
        regions.append(
            {
                "code": "19.01.01.2999",
                "name": "Salah Tingkat",
                "level": "kecamatan",
                "parent_code": "19.01",
                "kind": None,
            }
        )
    dataset["region"] = regions
    with_boundary = draw(st.lists(st.sampled_from([r["code"] for r in regions]), unique=True, max_size=len(regions)))
    dataset["region_boundary"] = [{"region_code": code, "geojson": draw(GEOMETRIES)} for code in with_boundary]
    places = st.sampled_from(["19", "19.01", "19.02", "99.99"])
    dataset["regulation"] = [
        {
            "id": n,
            "region_code": draw(places),
            "kind": draw(st.sampled_from(["perda", "perkada", "sk", "lainnya"])),
            "number": draw(st.sampled_from([None, "", " ", "4/2025"])),
            "issued_on": draw(required_dates),
        }
        for n in range(1, draw(st.integers(0, 4)) + 1)
    ]
    targets = {}
    for _ in range(draw(st.integers(0, 8))):
        key = (
            draw(places),
            draw(st.sampled_from([2025, 2026, 2029])),
            draw(st.sampled_from(["registered_pct", "sk_pct", "six_bidang_pct", "kader_trained_pct", "nope"])),
        )
        targets[key] = {
            "region_code": key[0],
            "year": key[1],
            "metric": key[2],
            "target": draw(st.sampled_from([-5, 0, 42.5, 100, 150, "n/a"])),
        }
    dataset["renstra_target"] = list(targets.values())
    return dataset


def _expected(url: str) -> dict[str, object] | None:
    """The summary of the whole country for the latest year, checked against the metric functions;
    None when the database has no report year (the pages then say so)."""
    engine = create_read_only_engine(url)
    try:
        with engine.connect() as conn:
            years = available_years(conn, today=TODAY_DATE)
        if not years:
            return None
        summary = build_summary(engine, region_code=None, year=years[-1], today=TODAY_DATE)
        scope = resolve_scope(engine, region_code=None, year=years[-1], today=TODAY_DATE)
        assert summary["metrics"] == compute_metrics(engine, scope).metrics
        for code, function in METRIC_FUNCTIONS.items():
            assert function(engine, scope)[None] == summary["metrics"][code], code
        return summary
    finally:
        engine.dispose()


@settings(max_examples=4, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
@given(dataset=dirty_page_databases())
def test_every_page_survives_dirty_mixes_and_shows_the_summary(dataset: dict[str, list[dict[str, object]]]) -> None:
    with tempfile.TemporaryDirectory(prefix="posyandu-dirty-pages-") as folder, pytest.MonkeyPatch.context() as mp:
        url = f"sqlite:///{Path(folder) / 'dirty.sqlite'}"
        writer = create_engine(url)
        load_dataset(writer, dataset)
        writer.dispose()
        summary = _expected(url)
        event("no report year" if summary is None else f"report year {summary['year']}")
        mp.setenv("POSYANDU_DATABASE_URL", url)
        mp.setenv("POSYANDU_TODAY", TODAY)
        for page in PAGES:
            for region in (None, "19.01"):
                at = run_page(page, region=region)
                assert not at.exception, (page, region, [exception.value for exception in at.exception])
                assert not at.error, (page, region, [error.value for error in at.error])
                if summary is None:
                    assert any("Belum ada laporan" in info.value for info in at.info), page
                    continue
                if page == "ringkasan.py" and region is None:
                    cards = metric_values(at)
                    for code in COUNT_METRICS + HEADLINE:
                        assert cards[METRIC_LABELS[code]] == metric_display(code, summary["metrics"][code]), code
                if page == "kualitas.py":
                    total = sum(summary["data_quality"].values())
                    assert metric_values(at)["Baris data bermasalah"] == format_number(total)
