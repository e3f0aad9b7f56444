"""The sample must look like the real thing to a Tim Pembina: real scale, uneven, rising, and a little dirty.

These are the properties the dashboard's screens are designed around (a map where some kecamatan
lag, figures that rise toward the Renstra targets, a data-quality page with something on it), so
they are held here through the same metric API the pages use.
"""

from __future__ import annotations

import json
import statistics

import pytest
from shapely.geometry import Point, shape
from sqlalchemy import Engine, text

from data_access import data_quality
from data_access.metrics import PERCENT_METRICS
from sample_data.regions import sample_area
from tests.sample_data.conftest import TODAY, MetricsFor

pytestmark = pytest.mark.slow

KABUPATEN_KOTA = ("36.71", "36.73", "62.03")
SCALE = {"36.71": (900, 1200), "36.73": (350, 500), "62.03": (450, 700)}
"""Posyandu per kab/kota, near the real counts (about 1,000 in Kota Tangerang)."""
RISING = ("registered_pct", "sk_pct", "kader_trained_pct", "six_bidang_pct")
CLEARLY = 10.0
"""Points by which 2026 (to October) must beat 2024 for the rise to show on a chart."""


def rows(engine: Engine, sql: str) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(row) for row in conn.execute(text(sql))]


# --- scale, unevenness, progress ------------------------------------------------------------------


@pytest.mark.parametrize("code", KABUPATEN_KOTA)
def test_each_kabupaten_kota_has_about_its_real_number_of_posyandu(metrics_for: MetricsFor, code: str) -> None:
    low, high = SCALE[code]
    assert low <= metrics_for(code, 2026).metrics["posyandu_total"] <= high


@pytest.mark.parametrize("code", KABUPATEN_KOTA)
def test_kecamatan_differ_by_at_least_30_points_in_registration(metrics_for: MetricsFor, code: str) -> None:
    values = [child.metrics["registered_pct"] for child in metrics_for(code, 2025).children]
    assert len(values) >= 6 and None not in values
    assert max(values) - min(values) >= 30


@pytest.mark.parametrize("metric", RISING)
@pytest.mark.parametrize("code", KABUPATEN_KOTA)
def test_progress_rises_from_2024_to_2026(metrics_for: MetricsFor, code: str, metric: str) -> None:
    before, after = metrics_for(code, 2024).metrics[metric], metrics_for(code, 2026).metrics[metric]
    assert before is not None and after is not None
    assert after >= before + CLEARLY, f"{code} {metric}: {before:.1f} -> {after:.1f}"


@pytest.mark.parametrize("code", KABUPATEN_KOTA)
def test_2026_runs_to_october(metrics_for: MetricsFor, code: str) -> None:
    assert metrics_for(code, 2026).scope.period.month == 10


@pytest.mark.parametrize("code", KABUPATEN_KOTA)
def test_headline_figures_are_believable(metrics_for: MetricsFor, code: str) -> None:
    """Nothing stuck at 0 or 100 where real regions are in between; every indicator in service."""
    metrics = metrics_for(code, 2025).metrics
    for metric in (
        "registered_pct",
        "sk_pct",
        "tp_desa_kel_pct",
        "kelembagaan_pct",
        "six_bidang_pct",
        "kader_trained_pct",
        "pengurus_complete_pct",
        "kemitraan_pct",
        "sarpras_pct",
        "budget_up_pct",
        "report_completeness_pct",
    ):
        assert 2 < metrics[metric] < 98, metric
    assert metrics["layanan_spm_pct"] == 100
    assert 0 < metrics["kader_under5_count"] < 0.15 * metrics["posyandu_total"]
    assert 8 <= metrics["kader_total"] / metrics["posyandu_total"] <= 16


# --- reports ------------------------------------------------------------------------------------


def test_every_indicator_has_a_positive_valid_value_every_month(raw_sample: Engine) -> None:
    per_month = rows(
        raw_sample,
        """
        SELECT substr(s.period, 1, 7), COUNT(DISTINCT s.indicator_code)
        FROM service_report s
        JOIN posyandu p ON p.id = s.posyandu_id
        JOIN indicator i ON i.code = s.indicator_code
        WHERE typeof(s.value) IN ('integer', 'real') AND s.value > 0
          AND s.period >= '2024-01-01' AND s.period <= '2026-10-01'
        GROUP BY 1
        """,
    )
    assert len(per_month) == 34  # January 2024 .. October 2026
    assert {count for _, count in per_month} == {26}


def test_no_reports_after_october_2026_except_the_2099_slip(raw_sample: Engine) -> None:
    late = rows(raw_sample, "SELECT period FROM service_report WHERE period > '2026-10-01'")
    assert late == [("2099-01-01",)]


def test_values_fit_their_units(raw_sample: Engine) -> None:
    by_unit: dict[str, list[float]] = {}
    for unit, value in rows(
        raw_sample,
        """SELECT i.unit, s.value FROM service_report s JOIN indicator i ON i.code = s.indicator_code
           WHERE typeof(s.value) IN ('integer', 'real') AND s.value >= 0""",
    ):
        by_unit.setdefault(unit, []).append(value)
    assert 10 <= statistics.median(by_unit["Orang"]) <= 100  # people: tens
    assert 10 <= statistics.median(by_unit["Anak"]) <= 100
    assert max(by_unit["Unit"]) <= 10 and all(float(v).is_integer() for v in by_unit["Unit"])
    assert 0 < statistics.median(by_unit["Km"]) < 3 and any(not float(v).is_integer() for v in by_unit["Km"])
    assert 50 <= statistics.median(by_unit["Kg"]) <= 1000 and any(not float(v).is_integer() for v in by_unit["Kg"])


# --- people, money, places ------------------------------------------------------------------------


def test_kader_per_posyandu_mostly_8_to_20_with_a_minority_under_5(raw_sample: Engine) -> None:
    sizes = [
        n
        for (n,) in rows(
            raw_sample, "SELECT COUNT(*) FROM kader k JOIN posyandu p ON p.id = k.posyandu_id GROUP BY k.posyandu_id"
        )
    ]
    assert sum(1 for n in sizes if 8 <= n <= 20) >= 0.7 * len(sizes)
    assert 0.02 * len(sizes) <= sum(1 for n in sizes if n < 5) <= 0.15 * len(sizes)


def test_trainings_grow_year_by_year(raw_sample: Engine) -> None:
    per_year = dict(rows(raw_sample, "SELECT substr(completed_on, 1, 4), COUNT(*) FROM training GROUP BY 1"))
    assert per_year["2023"] < per_year["2024"] < per_year["2025"] < per_year["2026"]
    assert set(per_year) == {"2023", "2024", "2025", "2026", "2099"}


def test_budgets_are_rupiah_per_year_and_source(raw_sample: Engine) -> None:
    ((low, high),) = rows(raw_sample, "SELECT MIN(amount), MAX(amount) FROM budget")
    assert low >= 2_500_000 and high <= 25_000_000
    assert {year for (year,) in rows(raw_sample, "SELECT DISTINCT year FROM budget")} == {2023, 2024, 2025, 2026}
    sources = {source for (source,) in rows(raw_sample, "SELECT DISTINCT source FROM budget")}
    assert sources == {"apbdes", "apbd", "apbn", "csr", "swadaya", "lainnya"}


def test_partnerships_cover_every_partner_type(raw_sample: Engine) -> None:
    types = {kind for (kind,) in rows(raw_sample, "SELECT DISTINCT partner_type FROM partnership")}
    assert types == {"lsm", "perguruan_tinggi", "csr", "lembaga_keagamaan", "ormas", "lainnya"}


def test_posyandu_stand_inside_their_own_desa(raw_sample: Engine) -> None:
    boundaries = {
        code: json.loads(geojson)
        for code, geojson in rows(
            raw_sample, "SELECT region_code, geojson FROM region_boundary WHERE geojson LIKE '{%'"
        )
    }
    shapes = {code: shape(geometry) for code, geometry in boundaries.items()}
    points = rows(raw_sample, "SELECT region_code, latitude, longitude FROM posyandu")
    located = [(code, lat, lon) for code, lat, lon in points if lat is not None]
    assert 0.9 * len(points) <= len(located) < len(points)  # some have no coordinates, as in real data
    outside = [
        (code, lat, lon)
        for code, lat, lon in located
        if code in shapes and shapes[code].is_valid and not shapes[code].covers(Point(lon, lat))
    ]
    assert outside == []


def test_regions_are_the_real_ones(raw_sample: Engine) -> None:
    real = {region.code: region for region in sample_area().regions}
    stored = {code: (name, level) for code, name, level in rows(raw_sample, "SELECT code, name, level FROM region")}
    assert {code: (r.name, r.level) for code, r in real.items()}.items() <= stored.items()
    assert len(stored) == len(real) + 1  # plus the one mis-coded copy


# --- Renstra targets --------------------------------------------------------------------------------


def test_targets_rise_toward_2029_for_every_percentage_metric(raw_sample: Engine) -> None:
    series: dict[tuple[str, str], list[float]] = {}
    for code, metric, target in rows(
        raw_sample,
        "SELECT region_code, metric, target FROM renstra_target "
        "WHERE target BETWEEN 0 AND 100 AND region_code IN (SELECT code FROM region) ORDER BY year",
    ):
        series.setdefault((code, metric), []).append(target)
    for code in ("36", "62", *KABUPATEN_KOTA):
        assert {metric for c, metric in series if c == code} == set(PERCENT_METRICS)
    for (code, metric), values in series.items():
        if metric in PERCENT_METRICS:
            assert len(values) == 5 and values == sorted(values), (code, metric)
    assert series[("36.73", "registered_pct")][-1] == 100


# --- dirt ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def quality(sample_engine: Engine):
    return data_quality(sample_engine, today=TODAY, limit=None)


def test_every_data_quality_check_finds_something_but_only_a_handful(quality) -> None:
    for check, count in quality.counts.items():
        assert 1 <= count <= 12, (check, count)


def test_boundary_and_region_dirt_is_exactly_as_documented(quality) -> None:
    counts = quality.counts
    assert counts["regions_without_boundary"] == 1
    assert counts["invalid_boundaries"] == 2  # one self-intersecting, one WKT text instead of JSON
    assert counts["level_mismatch"] == 1
    assert counts["unplaced_posyandu"] == 2  # one on a kecamatan, one on an unknown code


def test_orphans_in_every_table_that_can_have_them(quality) -> None:
    tables = {row["table"] for row in quality.offenders["orphan_rows"]}
    assert tables == {"kader", "training", "partnership", "budget", "tim_pembina", "regulation", "renstra_target"}
    reports = quality.offenders["orphan_service_reports"]
    assert any(row["posyandu_id"] == 999_001 for row in reports)
    assert {row["indicator_code"] for row in reports} >= {"KS09", "PD05"}


def test_future_dates_in_every_dated_field(quality) -> None:
    fields = {(row["table"], row["column"]) for row in quality.offenders["future_dated"]}
    assert fields == {
        ("posyandu", "established_on"),
        ("posyandu", "registered_on"),
        ("posyandu", "sk_date"),
        ("tim_pembina", "sk_date"),
        ("kader", "joined_on"),
        ("training", "completed_on"),
        ("service_report", "period"),
    }
    assert all(str(row["date"]).startswith("2099") for row in quality.offenders["future_dated"])


def test_blank_numbers_and_bad_values_are_stored(raw_sample: Engine) -> None:
    def blanks(table: str, column: str) -> int:
        return rows(
            raw_sample,
            f"SELECT COUNT(*) FROM {table} WHERE {column} IS NOT NULL AND trim({column}, ' ' || char(9, 10, 13)) = ''",
        )[0][0]

    assert blanks("posyandu", "registration_number") == 3
    assert blanks("posyandu", "sk_number") == 2
    assert blanks("tim_pembina", "sk_number") == 2
    kinds = dict(rows(raw_sample, "SELECT typeof(value), COUNT(*) FROM service_report GROUP BY 1"))
    assert kinds["text"] == 3 and kinds["null"] == 3
    assert rows(raw_sample, "SELECT COUNT(*) FROM service_report WHERE typeof(value) != 'text' AND value < 0") == [(3,)]


def test_inactive_posyandu_and_kader_are_a_small_minority(raw_sample: Engine) -> None:
    ((posyandu,),) = rows(raw_sample, "SELECT AVG(active = 0) FROM posyandu")
    ((kader,),) = rows(raw_sample, "SELECT AVG(active = 0) FROM kader")
    assert 0 < posyandu < 0.08
    assert 0 < kader < 0.12


def test_invalid_targets_of_each_kind(raw_sample: Engine) -> None:
    invalid = rows(
        raw_sample,
        "SELECT metric, target FROM renstra_target WHERE target > 100 OR target < 0 "
        "OR metric NOT LIKE '%\\_pct' ESCAPE '\\'",
    )
    assert sorted(invalid) == [("posyandu_total", 1000), ("registered_pct", 120), ("sk_pct", -10)]
