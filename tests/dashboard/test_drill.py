"""Click-to-drill (``dashboard/drill.py``): a chart selection becomes a region code only when it is
one of the known codes, whatever form the selection event takes."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from dashboard.charts.vega_ranking import DRILL_PARAM
from dashboard.drill import code_from_selection

KNOWN = ["36.73.01", "36.73.02", "36.73.03"]


def event(*points: dict) -> dict:
    return {"selection": {"points": list(points)}}


def test_bar_click_carries_the_code_in_customdata() -> None:
    assert code_from_selection(event({"x": 40.0, "y": "Serang", "customdata": ["36.73.02", 12]}), KNOWN) == "36.73.02"


def test_customdata_may_be_a_bare_string() -> None:
    assert code_from_selection(event({"customdata": "36.73.03"}), KNOWN) == "36.73.03"


def test_choropleth_click_carries_location_and_properties() -> None:
    assert code_from_selection(event({"location": "36.73.01", "z": 61.2}), KNOWN) == "36.73.01"
    point = {"properties": {"code": "36.73.03", "name": "Cipocok Jaya"}, "z": 50}
    assert code_from_selection(event(point), KNOWN) == "36.73.03"


def test_unknown_codes_are_ignored() -> None:
    assert code_from_selection(event({"customdata": ["99.99"]}), KNOWN) is None
    assert code_from_selection(event({"location": "36.73"}), KNOWN) is None
    # A known code further on is still found.
    assert code_from_selection(event({"customdata": ["99.99"]}, {"location": "36.73.02"}), KNOWN) == "36.73.02"


def test_first_known_point_wins() -> None:
    points = ({"customdata": ["36.73.03"]}, {"customdata": ["36.73.01"]})
    assert code_from_selection(event(*points), KNOWN) == "36.73.03"


@pytest.mark.parametrize(
    "empty",
    [None, {}, {"selection": None}, {"selection": {}}, {"selection": {"points": []}}, {"selection": {"points": None}}],
)
def test_no_selection_gives_none(empty: object) -> None:
    assert code_from_selection(empty, KNOWN) is None


def test_attribute_style_event_as_streamlit_returns() -> None:
    state = SimpleNamespace(selection=SimpleNamespace(points=[{"customdata": ["36.73.01"]}]))
    assert code_from_selection(state, KNOWN) == "36.73.01"
    assert code_from_selection(SimpleNamespace(selection=None), KNOWN) is None


def test_non_text_customdata_is_not_a_code() -> None:
    assert code_from_selection(event({"customdata": [3673]}), ["3673"]) is None
    assert code_from_selection(event({"customdata": []}), KNOWN) is None
    assert code_from_selection(event({"location": 3601}), KNOWN) is None


def test_known_codes_may_be_any_iterable() -> None:
    assert code_from_selection(event({"location": "36.73.02"}), (code for code in KNOWN)) == "36.73.02"
    assert code_from_selection(event({"location": "36.73.02"}), []) is None


def test_vega_point_selection_carries_the_code() -> None:
    """Ringkasan's Vega-Lite charts: Streamlit returns the ``drill`` point selection as a list of the
    selected fields (as seen from a real click in Chromium: ``{"drill": [{"code": "62.03.12"}]}``)."""
    assert code_from_selection({"selection": {DRILL_PARAM: [{"code": "36.73.02"}]}}, KNOWN) == "36.73.02"
    assert code_from_selection({"selection": {DRILL_PARAM: {"code": ["36.73.03"]}}}, KNOWN) == "36.73.03"
    assert code_from_selection({"selection": {DRILL_PARAM: {"code": "36.73.01"}}}, KNOWN) == "36.73.01"
    state = SimpleNamespace(selection=SimpleNamespace(points=None, drill=[{"code": "36.73.01"}]))
    assert code_from_selection(state, KNOWN) == "36.73.01"


@pytest.mark.parametrize(
    "selection",
    [{DRILL_PARAM: {}}, {DRILL_PARAM: []}, {DRILL_PARAM: [{"code": "99.99"}]}, {DRILL_PARAM: [{"code": 3673}]}],
)
def test_vega_selection_outside_the_known_codes_gives_none(selection: dict) -> None:
    """An empty selection (every run before a click), a code outside the user's scope, or a number."""
    assert code_from_selection({"selection": selection}, KNOWN) is None
