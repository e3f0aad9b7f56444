"""The benchmark's catalogue times what the pages ask for, where they ask for it: every ``fetch``
written in a page is listed (an unlisted one would be timed at every level, as ``posyandu_points``
for the whole country was), and the per-Posyandu lists only where a page shows them."""

from __future__ import annotations

from benchmarks.calls import Level, fetch_options, level_calls, page_fetches, page_files, unlisted_fetches
from dashboard.data import FETCHERS, UNDER5_LIMIT

COUNTRY = Level("country", None, "Indonesia", True)
PROVINSI = Level("provinsi", "36", "Banten", True)
KABUPATEN = Level("kabupaten_kota", "36.73", "Kota Serang", True)
KECAMATAN = Level("kecamatan", "36.73.01", "Serang", True)
DESA = Level("desa_kelurahan", "36.73.01.1001", "Cimuncang", False)


def test_every_page_fetch_is_in_the_catalogue() -> None:
    pages = page_files()
    assert "rapat.py" in pages
    assert unlisted_fetches(pages) == {}
    for page in pages:
        for level in (COUNTRY, KECAMATAN, DESA):
            for name in page_fetches(page, level) + page_fetches(page, level, on_demand=True):
                assert name in FETCHERS, (page, name)


def test_posyandu_points_only_where_a_page_draws_them() -> None:
    pages = page_files()
    for level in (COUNTRY, PROVINSI, KABUPATEN):
        assert "posyandu_points" not in level_calls(level, pages), level.label
    assert "posyandu_points" in page_fetches("peta.py", KECAMATAN, on_demand=True)  # the points toggle
    assert "posyandu_points" in page_fetches("peta.py", DESA)
    assert "posyandu_points" in page_fetches("rapat.py", DESA, on_demand=True)
    assert page_fetches("rapat.py", COUNTRY) == ["metrics", "metrics_previous_year", "excluded"]


def test_lists_above_kecamatan_are_counts_or_cut() -> None:
    for level in (COUNTRY, PROVINSI, KABUPATEN):
        assert "posyandu_worklist" not in page_fetches("posyandu.py", level)
        assert {"gap_status_by_child", "gap_status_summary"} <= set(page_fetches("posyandu.py", level))
    assert {"posyandu_worklist", "posyandu_changes"} <= set(page_fetches("posyandu.py", KECAMATAN))
    assert "posyandu_under5" in page_fetches("kader.py", COUNTRY)
    assert fetch_options("posyandu_under5", 2026) == {"limit": UNDER5_LIMIT}
