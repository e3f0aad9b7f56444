"""Drill-down by click: turning a chart selection into a region code (pure, testable without a
browser), and the chart that asks the shared view (:mod:`dashboard.context`) to open it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import streamlit as st

from dashboard.charts.vega_ranking import DRILL_PARAM
from dashboard.context import PageView, request_drill


def drillable_chart(context: PageView, figure: object, *, key: str, codes: list[str] | None = None) -> None:
    """Show ``figure`` and drill into the region a click selects (a bar's ``customdata`` or a map's
    ``location``). The widget key carries the region, so a selection left on a chart can never
    drill again after the user has gone back up."""
    event = st.plotly_chart(figure, key=f"{key}_{context.code or 'id'}", on_select="rerun", selection_mode="points")
    code = code_from_selection(event, _allowed(context, codes))
    if code:
        request_drill(code)


def drillable_spec(context: PageView, spec: dict[str, Any], *, key: str, codes: list[str] | None = None) -> None:
    """Show the Vega-Lite ``spec`` (Ringkasan's ranking and map) and drill into the region a click or
    tap selects in its :data:`~dashboard.charts.vega_ranking.DRILL_PARAM` selection, under the same
    rules as :func:`drillable_chart`."""
    event = st.vega_lite_chart(
        spec, key=f"{key}_{context.code or 'id'}", on_select="rerun", selection_mode=DRILL_PARAM, width="stretch"
    )
    code = code_from_selection(event, _allowed(context, codes))
    if code:
        request_drill(code)


def _allowed(context: PageView, codes: list[str] | None) -> list[str]:
    """The codes a click may open: the child regions (or ``codes``), within the user's access."""
    known = codes if codes is not None else [child.code for child in context.children]
    if context.access is not None:
        known = [code for code in known if context.access.allows(code)]
    return known


def code_from_selection(event: Any, known_codes: Iterable[str]) -> str | None:
    """The region code a click on a bar or a map region selected, if it is one of ``known_codes``.

    Plotly bars carry the code as ``customdata[0]``; choropleth regions as ``location`` (and in the
    feature ``properties.code``); points of a scatter as ``customdata[0]``. A Vega-Lite chart's
    :data:`~dashboard.charts.vega_ranking.DRILL_PARAM` selection carries it as ``code``.
    """
    points = _points(event)
    known = set(known_codes)
    for point in points:
        for candidate in _candidates(point):
            if candidate in known:
                return candidate
    return None


def _points(event: Any) -> list[Mapping[str, Any]]:
    if event is None:
        return []
    selection = event.get("selection") if isinstance(event, Mapping) else getattr(event, "selection", None)
    if selection is None:
        return []
    points = selection.get("points") if isinstance(selection, Mapping) else getattr(selection, "points", None)
    if points:
        return list(points)
    chosen = selection.get(DRILL_PARAM) if isinstance(selection, Mapping) else getattr(selection, DRILL_PARAM, None)
    if isinstance(chosen, Mapping):  # {"code": "36.04"} or {"code": ["36.04"]}
        code = chosen.get("code")
        return [{"code": item} for item in (code if isinstance(code, list) else [code])]
    if isinstance(chosen, list):  # [{"code": "36.04"}, ...]
        return [item for item in chosen if isinstance(item, Mapping)]
    return []


def _candidates(point: Mapping[str, Any]) -> list[str]:
    found: list[str] = []
    code = point.get("code")
    if isinstance(code, str):
        found.append(code)
    location = point.get("location")
    if isinstance(location, str):
        found.append(location)
    properties = point.get("properties")
    if isinstance(properties, Mapping) and isinstance(properties.get("code"), str):
        found.append(properties["code"])
    customdata = point.get("customdata")
    if isinstance(customdata, (list, tuple)) and customdata and isinstance(customdata[0], str):
        found.append(customdata[0])
    elif isinstance(customdata, str):
        found.append(customdata)
    return found
