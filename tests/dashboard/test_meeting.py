"""The meeting screen's URL rules: which screen, how far a key moves, the auto-advance interval and
clock, the metric followed, and what a switch into or out of the meeting carries over."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.meeting.state import (
    DEFAULT_METRIC,
    SCREENS,
    carried_params,
    due,
    interval_display,
    is_meeting,
    parse_interval,
    parse_metric,
    parse_screen,
    step,
)


def test_five_screens_in_the_order_of_the_meeting() -> None:
    assert [screen.key for screen in SCREENS] == ["angka", "peta", "peringkat", "renstra", "layanan"]


@pytest.mark.parametrize(("raw", "screen"), [(None, 1), ("", 1), ("1", 1), ("3", 3), (" 5 ", 5)])
def test_a_valid_screen_is_taken_as_is(raw: str | None, screen: int) -> None:
    assert parse_screen(raw) == (screen, None)


@pytest.mark.parametrize(
    ("raw", "message"),
    [("0", "tidak ada"), ("6", "tidak ada"), ("-1", "tidak ada"), ("dua", "tidak dikenal"), ("2.5", "tidak dikenal")],
)
def test_a_bad_screen_falls_back_to_the_first_with_a_message(raw: str, message: str) -> None:
    screen, text = parse_screen(raw)
    assert screen == 1
    assert text is not None and message in text and "layar pertama" in text


def test_the_clicker_stops_at_either_end_and_the_lobby_goes_round() -> None:
    assert step(1, -1) == 1
    assert step(5, 1) == 5
    assert step(2, 1) == 3
    assert step(5, 1, wrap=True) == 1
    assert step(1, -1, wrap=True) == 5


@given(screen=st.integers(1, len(SCREENS)), delta=st.integers(-20, 20), wrap=st.booleans())
@settings(max_examples=200, derandomize=True)
def test_a_step_always_lands_on_a_screen(screen: int, delta: int, wrap: bool) -> None:
    assert 1 <= step(screen, delta, wrap=wrap) <= len(SCREENS)


@pytest.mark.parametrize(("raw", "seconds"), [(None, 0), ("", 0), ("0", 0), ("30", 30), ("5", 5), ("3600", 3600)])
def test_a_valid_interval(raw: str | None, seconds: int) -> None:
    assert parse_interval(raw) == (seconds, None)


@pytest.mark.parametrize("raw", ["1", "4", "3601", "abc", "-30", "1.5"])
def test_a_bad_interval_turns_auto_advance_off_with_a_message(raw: str) -> None:
    seconds, message = parse_interval(raw)
    assert seconds == 0
    assert message is not None and "dimatikan" in message


def test_interval_display() -> None:
    assert [interval_display(s) for s in (0, 15, 30, 60, 120, 90)] == [
        "Mati",
        "15 detik",
        "30 detik",
        "1 menit",
        "2 menit",
        "90 detik",
    ]


def test_the_clock_advances_only_when_the_screen_has_been_shown_long_enough() -> None:
    assert not due(10.0, 30)
    assert due(29.6, 30)  # a timer tick a hair early still counts
    assert due(45.0, 30)
    assert not due(1000.0, 0)  # off


def test_the_metric_followed_falls_back_to_the_default() -> None:
    assert parse_metric("sk_pct") == "sk_pct"
    assert parse_metric("posyandu_total") == DEFAULT_METRIC  # a count is not a Renstra percentage
    assert parse_metric("drop table") == DEFAULT_METRIC
    assert parse_metric(None) == DEFAULT_METRIC


def test_meeting_mode_is_read_from_the_url() -> None:
    assert is_meeting({"mode": "rapat"})
    assert is_meeting({"mode": " Rapat "})
    assert not is_meeting({"mode": "lain"})
    assert not is_meeting({})


def test_entering_carries_the_view_and_the_meeting_keys() -> None:
    params = {"region": "36.73", "year": "2025", "layar": "3", "putar": "30", "indikator": "sk_pct", "mode": "x"}
    assert carried_params(params, meeting=True) == {
        "mode": "rapat",
        "region": "36.73",
        "year": "2025",
        "layar": "3",
        "putar": "30",
        "indikator": "sk_pct",
    }


def test_leaving_keeps_the_view_and_drops_the_meeting_keys() -> None:
    params = {"mode": "rapat", "region": "36.73.01", "year": "2025", "month": "6", "layar": "4", "putar": "15"}
    assert carried_params(params, meeting=False) == {"region": "36.73.01", "year": "2025", "month": "6"}
