"""Mode rapat through AppTest on the sample at every region level: no exception on any screen, the
headline numbers exactly the ``data_access`` figures in Indonesian format, moving between screens
with the buttons (and the hidden PageUp/PageDown ones a clicker triggers), ``?mode=rapat`` routing
from any page, the sidebar toggle, and "Keluar" back to the same page, region and period."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.cards import COUNT_METRICS, metric_display
from dashboard.labels import METRIC_LABELS
from dashboard.meeting.state import SCREENS
from data_access import compute_metrics, get_engine, resolve_scope
from tests.dashboard.apptest import SAMPLE_LEVELS, metric_values, plotly_specs, run_page, use_database

TODAY = dt.date(2026, 11, 23)
PERCENT_CARDS = (
    "registered_pct",
    "sk_pct",
    "kelembagaan_pct",
    "six_bidang_pct",
    "kader_trained_pct",
    "tp_desa_kel_pct",
    "layanan_spm_pct",
    "report_completeness_pct",
)


def _title(at: AppTest) -> str:
    return at.title[0].value


def _counter(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.endswith(f"/ {len(SCREENS)}"))


def _meeting(**params: str | None) -> AppTest:
    return run_page(mode="rapat", **params)


@pytest.mark.parametrize("level", list(SAMPLE_LEVELS))
def test_headline_numbers_equal_data_access_at_every_level(
    level: str, sample_sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_database(monkeypatch, sample_sqlite_url)
    region = SAMPLE_LEVELS[level]
    at = _meeting(region=region, year="2025")
    assert not at.exception
    assert _title(at) == "Angka utama"
    assert _counter(at) == "1 / 5"
    engine = get_engine(sample_sqlite_url)
    expected = compute_metrics(engine, resolve_scope(engine, region_code=region, year=2025, today=TODAY))
    shown = metric_values(at)
    for code in (*COUNT_METRICS, *PERCENT_CARDS):
        assert shown[METRIC_LABELS[code]] == metric_display(code, expected.metrics[code]), code
    assert len(at.sidebar.toggle) == 0 and len(at.sidebar.selectbox) == 0  # no sidebar, no filters


@pytest.mark.parametrize("level", list(SAMPLE_LEVELS))
def test_every_screen_by_the_buttons_at_every_level(
    level: str, sample_sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_database(monkeypatch, sample_sqlite_url)
    region = SAMPLE_LEVELS[level]
    at = _meeting(region=region, year="2025")
    engine = get_engine(sample_sqlite_url)
    expected = compute_metrics(engine, resolve_scope(engine, region_code=region, year=2025, today=TODAY))
    titles = [_title(at)]
    for screen in range(2, len(SCREENS) + 1):
        at.button(key="rapat_next").click().run()
        assert not at.exception, (level, screen)
        assert at.query_params["layar"] == str(screen)
        assert _counter(at) == f"{screen} / 5"
        assert at.query_params.get("region") == region  # the view survives the moves
        titles.append(_title(at))
        if SCREENS[screen - 1].key == "peringkat" and expected.children:
            bars = plotly_specs(at)[0]["data"][0]
            assert set(bars["y"]) <= {child.name for child in expected.children}
            assert len(bars["y"]) == min(10, len(expected.children))
        if SCREENS[screen - 1].key == "layanan":
            six = METRIC_LABELS["six_bidang_pct"]
            assert metric_values(at)[six] == metric_display("six_bidang_pct", expected.metrics["six_bidang_pct"])
    assert at.button(key="rapat_next").disabled  # the clicker stops at the last screen
    assert len(set(titles)) == len(SCREENS)
    at.button(key="rapat_prev").click().run()
    assert at.query_params["layar"] == "4"


def test_the_hidden_clicker_buttons_move_too(sample_sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    use_database(monkeypatch, sample_sqlite_url)
    at = _meeting(region="36.73", year="2025", layar="3")
    assert _counter(at) == "3 / 5"
    at.button(key="rapat_pagedown").click().run()
    assert at.query_params["layar"] == "4"
    at.button(key="rapat_pageup").click().run()
    at.button(key="rapat_pageup").click().run()
    assert at.query_params["layar"] == "2"
    assert not at.exception


def test_the_rapat_page_itself_turns_meeting_mode_on(sample_sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    use_database(monkeypatch, sample_sqlite_url)
    at = run_page("rapat.py", region="36.73", year="2025")
    assert not at.exception
    assert _title(at) == "Angka utama"
    assert at.query_params["mode"] == "rapat"


def test_mode_rapat_on_any_page_opens_the_meeting(sample_sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    use_database(monkeypatch, sample_sqlite_url)
    at = run_page(region="36.73", year="2025")
    at.switch_page("dashboard/pages/kader.py")
    at.query_params["mode"] = "rapat"
    at.query_params["layar"] = "5"
    at.run()
    assert not at.exception
    assert _title(at) == "Layanan 6 bidang"
    assert at.query_params["region"] == "36.73" and at.query_params["layar"] == "5"
    assert at.session_state["_rapat_return"] == "dashboard/pages/kader.py"  # where "Keluar" goes back to


def test_toggle_enters_and_exit_keeps_the_view(sample_sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # From the default page: AppTest pins the page a test switched to, so the way back to another
    # page is checked in the real browser (tests/browser/test_rapat_browser.py).
    use_database(monkeypatch, sample_sqlite_url)
    at = run_page(region="36.73.01", year="2025", month="6")
    assert not at.exception
    at.sidebar.toggle(key="_rapat_toggle").set_value(True).run()
    assert not at.exception
    assert _title(at) == "Angka utama"
    assert at.query_params["mode"] == "rapat"
    assert "Serang" in at.markdown[0].value and "2025 s.d. Juni" in at.markdown[0].value
    at.button(key="rapat_next").click().run()
    assert at.query_params["layar"] == "2"
    at.button(key="rapat_exit").click().run()
    assert not at.exception
    assert "Ringkasan" in _title(at)
    assert "mode" not in at.query_params and "layar" not in at.query_params
    assert at.query_params["region"] == "36.73.01" and at.query_params["month"] == "6"
    assert at.sidebar.toggle(key="_rapat_toggle").value is False  # off again, ready for the next meeting


def test_up_button_climbs_one_level_and_the_screen_stays(
    sample_sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_database(monkeypatch, sample_sqlite_url)
    at = _meeting(region="36.73.01", year="2025", layar="3")
    at.button(key="rapat_up").click().run()
    assert not at.exception
    assert at.query_params["region"] == "36.73"
    assert at.query_params["layar"] == "3"
    assert _title(at) == "Peringkat kecamatan: Posyandu teregistrasi"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"layar": "9"}, "Layar 9 tidak ada"),
        ({"putar": "2"}, "putar otomatis dimatikan"),
        ({"region": "99.99"}, "tidak dikenal"),
    ],
)
def test_bad_meeting_links_get_a_message_and_a_fallback(
    sample_sqlite_url: str, monkeypatch: pytest.MonkeyPatch, params: dict[str, str], message: str
) -> None:
    use_database(monkeypatch, sample_sqlite_url)
    at = _meeting(year="2025", **params)
    assert not at.exception
    assert any(message in warning.value for warning in at.warning)
    assert _title(at) == "Angka utama"


def test_auto_advance_and_metric_settings(sample_sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    use_database(monkeypatch, sample_sqlite_url)
    at = _meeting(region="36.73", year="2025", layar="3", putar="30", indikator="sk_pct")
    assert not at.exception
    assert _title(at) == "Peringkat kecamatan: Posyandu ber-SK"
    assert at.selectbox(key="rapat_interval").value == 30
    at.selectbox(key="rapat_interval").set_value(0).run()
    assert "putar" not in at.query_params
    at.selectbox(key="rapat_metric").set_value("six_bidang_pct").run()
    assert at.query_params["indikator"] == "six_bidang_pct"
    assert _title(at) == "Peringkat kecamatan: Melayani 6 bidang SPM"
