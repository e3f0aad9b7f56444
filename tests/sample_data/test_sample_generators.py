"""The sample generators' building blocks, without building the whole sample."""

from __future__ import annotations

import datetime as dt
import json
import random

from shapely.geometry import Point, shape

from sample_data.dirty import future, self_intersecting
from sample_data.places import geometry_from_geojson, points_inside
from sample_data.regions import sample_area
from sample_data.timeline import DATA_END, REPORT_MONTHS, adoption_date, from_year_fraction, year_fraction

SOURCE = sample_area()


def test_report_months_run_from_january_2024_to_october_2026() -> None:
    assert REPORT_MONTHS[0] == dt.date(2024, 1, 1)
    assert REPORT_MONTHS[-1] == dt.date(2026, 10, 1)
    assert len(REPORT_MONTHS) == 34


def test_year_fractions_round_trip() -> None:
    for day in (dt.date(2024, 1, 1), dt.date(2024, 12, 31), dt.date(2025, 7, 2)):
        assert from_year_fraction(year_fraction(day)) == day


def test_adoption_dates_stay_between_earliest_and_the_data_end() -> None:
    rng = random.Random(1)
    dates = [adoption_date(rng, centre=2025.0, spread=1.5, earliest=2024.5) for _ in range(2000)]
    known = [day for day in dates if day is not None]
    assert min(known) >= dt.date(2024, 7, 1) and max(known) <= DATA_END
    assert len(known) < len(dates)  # the late ones have not happened yet


def test_points_fall_inside_a_real_village() -> None:
    text = SOURCE.boundaries["36.73.01.1001"]
    geometry = geometry_from_geojson(text)
    points = points_inside(random.Random(3), geometry, 25)
    assert len(points) == 25
    assert all(geometry.covers(Point(lon, lat)) for lat, lon in points)
    assert points == points_inside(random.Random(3), geometry_from_geojson(text), 25)


def test_self_intersecting_boundary_is_invalid_and_still_a_polygon() -> None:
    broken = self_intersecting(SOURCE.boundaries["62.03.01.1006"])
    assert broken["type"] == "Polygon"
    assert not shape(json.loads(json.dumps(broken))).is_valid


def test_future_dates_keep_month_and_day() -> None:
    assert future("2025-03-14") == "2099-03-14"
    assert future(None) == "2099-01-15"


def test_every_real_region_has_its_boundary_and_a_posyandu_range() -> None:
    assert len(SOURCE.regions) == 443
    assert set(SOURCE.boundaries) == {region.code for region in SOURCE.regions}
    for village in SOURCE.at_level("desa_kelurahan"):
        low, high = SOURCE.village_range(village)
        assert 1 <= low <= high
