"""Offline maps: regions coloured by a metric or by Renstra status, and Posyandu as points.

Everything is drawn with plotly's ``map`` subplot on the ``white-bg`` style, which has no tile
source, so the map makes no network request (a room with no internet still sees it). That style
has no fitbounds either: :func:`center_and_zoom` computes the view from the boundaries' bounds.
Text on the map would fetch font glyphs from the internet, so region names are given in the hover
and in the table beside the map, never as map labels; markers stay plain circles for the same
reason (other symbols are sprite images). Status is never shown by colour alone: legend entries
carry the symbol and the label.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.formatting import format_number, format_percent, number_or_none
from dashboard.charts.renstra import status_label
from dashboard.charts.theme import GAP_STATUS_COLORS, STATUS_COLORS, apply_layout
from dashboard.labels import GAP_LABELS, GAP_STATUS_LABELS
from data_access.geography import RegionShapes
from data_access.vocabulary import GAP_STATUSES, STATUS_ORDER, TANPA_TARGET

WORLD_PX_AT_ZOOM_0 = 512  # MapLibre draws the whole world 512 px wide at zoom 0
MAX_LATITUDE = 85.051129  # Web Mercator's limit
INDONESIA_BOUNDS = (95.0, -11.0, 141.0, 6.0)
DEFAULT_WIDTH_PX = 640
"""The map's assumed width: Streamlit does not tell the figure its width, so the view is fitted to
a conservative guess (a map column on a laptop); a wider screen only adds white margin."""

VALUE_SCALE: list[list[object]] = [
    [0.0, "#FDF5B0"],
    [0.25, "#A1DAB4"],
    [0.5, "#41B6C4"],
    [0.75, "#2C7FB8"],
    [1.0, "#253494"],
]
"""Light yellow to dark blue (ColorBrewer YlGnBu): ordered by lightness, so it still reads on a
washed-out projector, in greyscale print and for colour-blind viewers; darker = more."""
NO_VALUE_COLOR = "#D1D5DB"
BORDER_COLOR = "#1F2937"
OUTLINE_FILL = "#E0F2F1"
HALO_COLOR = "#111827"
COLORBAR_SHARE = 0.13  # of the figure's width, right of the map, for the colour bar
LEGEND_BAND_PX = 64  # under the map, for a legend of up to two rows


def _mercator_y(latitude: float) -> float:
    clamped = max(-MAX_LATITUDE, min(MAX_LATITUDE, latitude))
    return math.log(math.tan(math.pi / 4 + math.radians(clamped) / 2))


def _latitude_of(mercator_y: float) -> float:
    return math.degrees(math.atan(math.sinh(mercator_y)))


def center_and_zoom(
    bounds: Sequence[float] | None,
    width_px: float = DEFAULT_WIDTH_PX,
    height_px: float = 520,
    *,
    padding: float = 0.06,
    max_zoom: float = 14.0,
) -> tuple[dict[str, float], float]:
    """The centre ``{"lon", "lat"}`` and zoom that fit ``bounds`` = (min lon, min lat, max lon,
    max lat) into a ``width_px`` x ``height_px`` map with ``padding`` (a share of each side) left
    free, in Web Mercator as MapLibre draws it. None (nothing to draw) frames Indonesia."""
    min_lon, min_lat, max_lon, max_lat = bounds if bounds is not None else INDONESIA_BOUNDS
    bottom, top = _mercator_y(min_lat), _mercator_y(max_lat)
    center = {"lon": (min_lon + max_lon) / 2, "lat": _latitude_of((bottom + top) / 2)}
    usable_width = width_px * (1 - 2 * padding)
    usable_height = height_px * (1 - 2 * padding)
    zooms = [max_zoom]
    lon_span = max_lon - min_lon
    if lon_span > 0:
        zooms.append(math.log2(usable_width * 360 / (WORLD_PX_AT_ZOOM_0 * lon_span)))
    y_span = top - bottom
    if y_span > 0:
        zooms.append(math.log2(usable_height * 2 * math.pi / (WORLD_PX_AT_ZOOM_0 * y_span)))
    return center, max(0.0, min(zooms))


def value_display(value: object, percent: bool) -> str:
    """A map region's figure as shown: ``61,2 %`` or ``1.234``; ``–`` for none (NaN included)."""
    number = number_or_none(value)
    return format_percent(number) if percent else format_number(number)


def region_hover(row: pd.Series, *, metric_label: str, percent: bool) -> str:
    """``<b>Serang</b><br>Posyandu ber-SK: 61,2 %<br>Target 70,0 % · ◐ Mendekati``."""
    lines = [f"<b>{row['name']}</b>", f"{metric_label}: {value_display(row.get('value'), percent)}"]
    target = row.get("target")
    if target is not None and not pd.isna(target):
        lines.append(f"Target {format_percent(float(target))} · {status_label(row.get('status'))}")
    elif "status" in row.index and percent:
        lines.append(status_label(row.get("status")))
    return "<br>".join(lines)


def _drawn(shapes: RegionShapes, values: pd.DataFrame) -> pd.DataFrame:
    """Rows of ``values`` whose region has a boundary (the others cannot be drawn)."""
    codes = {feature["properties"]["code"] for feature in shapes.feature_collection["features"]}
    return values[values["code"].isin(codes)]


def drawn_by_status(shapes: RegionShapes, values: pd.DataFrame) -> pd.DataFrame:
    """:func:`_drawn`'s rows (columns code, name, value, target, status) with a status every region
    can be coloured by: none or an unknown word reads "tanpa target". Both status maps (plotly's
    here, Ringkasan's Vega-Lite one) colour and count the same rows."""
    drawn = _drawn(shapes, values).copy()
    drawn["status"] = drawn["status"].where(drawn["status"].isin(STATUS_ORDER), TANPA_TARGET)
    return drawn


def status_legend(status: str, count: int) -> str:
    """A status map's legend entry: ``✖ Tertinggal (3)``, symbol and word, never colour alone."""
    return f"{status_label(status)} ({format_number(count)})"


def _features_of(shapes: RegionShapes, codes: Iterable[str]) -> dict[str, object]:
    """The FeatureCollection of ``shapes`` cut to the features of ``codes`` (in the collection's
    order): what one trace draws. The map looks the same; the figure holds each boundary once."""
    wanted = set(codes)
    collection = shapes.feature_collection
    features = [feature for feature in collection["features"] if feature["properties"]["code"] in wanted]
    return {key: value for key, value in collection.items() if key != "features"} | {"features": features}


def _region_trace(
    shapes: RegionShapes,
    frame: pd.DataFrame,
    hover: Iterable[str],
    *,
    name: str,
    color: str | None = None,
    **kwargs: object,
) -> go.Choroplethmap:
    """One Choroplethmap trace over ``frame``'s codes; a single flat ``color`` if given. The trace
    carries only the boundaries of its own regions (:func:`_features_of`): a status map has one
    trace per status, and each used to carry every boundary, so the page built, copied and sent the
    geometry once per status."""
    flat = {} if color is None else {"z": [1] * len(frame), "colorscale": [[0, color], [1, color]], "showscale": False}
    locations = frame["code"].tolist()
    return go.Choroplethmap(
        geojson=_features_of(shapes, locations),
        featureidkey="properties.code",
        locations=locations,
        hovertext=list(hover),
        hovertemplate="%{hovertext}<extra></extra>",
        marker={"line": {"color": BORDER_COLOR, "width": 1.2}, "opacity": 0.9},
        selected={"marker": {"opacity": 0.9}},
        unselected={"marker": {"opacity": 0.9}},  # a click drills in: do not grey out the others meanwhile
        name=name,
        **(flat | kwargs),
    )


def _finish(
    figure: go.Figure,
    shapes: RegionShapes,
    *,
    height: int,
    width_px: float,
    colorbar: bool = False,
    bounds: Sequence[float] | None = None,
) -> go.Figure:
    """The offline map layout, fitted to the boundaries (or ``bounds`` without any). A colour bar
    stands to the right of the map and the legend under it, each in space kept free for it, so
    neither hides a region (and the plotly toolbar, top right, hides neither)."""
    legend = any(trace.showlegend is not False for trace in figure.data if trace.type == "scattermap") or any(
        trace.showlegend for trace in figure.data if trace.type == "choroplethmap"
    )
    map_share = 1 - COLORBAR_SHARE if colorbar else 1.0
    bottom = LEGEND_BAND_PX if legend else 0
    center, zoom = center_and_zoom(
        shapes.bounds if shapes.bounds is not None else bounds, width_px * map_share, height - bottom
    )
    apply_layout(figure, height=height)
    figure.update_layout(
        map={"style": "white-bg", "center": center, "zoom": zoom, "domain": {"x": [0, map_share], "y": [0, 1]}},
        margin={"l": 0, "r": 0, "t": 0, "b": bottom},
        showlegend=legend,
        legend={
            "orientation": "h",
            "x": 0,
            "y": 0,
            "xanchor": "left",
            "yanchor": "top",
            "font": {"size": 14},
            "itemclick": False,
            "itemdoubleclick": False,
        },
        clickmode="event+select",
    )
    return figure


def _value_range(values: pd.Series, percent: bool) -> tuple[float, float]:
    low, high = float(values.min()), float(values.max())
    if percent:
        low, high = max(0.0, low), min(100.0, high)
    if high - low < 1e-9:
        low, high = (low - 1, high + 1) if not percent else (max(0.0, low - 5), min(100.0, high + 5))
    return low, high


def choropleth_map(
    shapes: RegionShapes,
    values: pd.DataFrame,
    *,
    metric_label: str,
    percent: bool = True,
    height: int = 560,
    width_px: float = DEFAULT_WIDTH_PX,
    points: pd.DataFrame | None = None,
) -> go.Figure:
    """Regions of ``shapes`` (a ``RegionShapes``) coloured by ``values`` (columns code, name, value,
    and optionally target, status). Regions with a null value are grey and read "–"; regions
    without a boundary are left out (the page lists them). ``points``: Posyandu on top (see
    :func:`points_layer`)."""
    drawn = _drawn(shapes, values)
    known = drawn[drawn["value"].notna()]
    unknown = drawn[drawn["value"].isna()]
    figure = go.Figure()
    if not known.empty:
        low, high = _value_range(known["value"].astype(float), percent)
        figure.add_trace(
            _region_trace(
                shapes,
                known,
                (region_hover(row, metric_label=metric_label, percent=percent) for _, row in known.iterrows()),
                name=metric_label,
                z=known["value"].astype(float).tolist(),
                zmin=low,
                zmax=high,
                colorscale=VALUE_SCALE,
                showlegend=False,
                colorbar={
                    "thickness": 16,
                    "len": 0.85,
                    "x": 1 - COLORBAR_SHARE + 0.015,
                    "xanchor": "left",
                    "y": 0.5,
                    "ticksuffix": " %" if percent else "",
                    "tickfont": {"size": 14},
                    "outlinewidth": 0,
                },
            )
        )
    if not unknown.empty:
        figure.add_trace(
            _region_trace(
                shapes,
                unknown,
                (region_hover(row, metric_label=metric_label, percent=percent) for _, row in unknown.iterrows()),
                name="Tidak ada nilai (–)",
                color=NO_VALUE_COLOR,
                showlegend=True,
            )
        )
    if points is not None:
        points_layer(figure, points)
    return _finish(figure, shapes, height=height, width_px=width_px, colorbar=not known.empty)


def status_map(
    shapes: RegionShapes,
    values: pd.DataFrame,
    *,
    metric_label: str,
    height: int = 560,
    width_px: float = DEFAULT_WIDTH_PX,
    points: pd.DataFrame | None = None,
) -> go.Figure:
    """Regions coloured by Renstra status (columns code, name, value, target, status): one trace
    per status, named with its symbol and label, so the legend reads without colour; ``points``:
    Posyandu on top (see :func:`points_layer`)."""
    drawn = drawn_by_status(shapes, values)
    figure = go.Figure()
    for status in STATUS_ORDER:
        group = drawn[drawn["status"] == status]
        if group.empty:
            continue
        label = status_legend(status, len(group))
        figure.add_trace(
            _region_trace(
                shapes,
                group,
                (region_hover(row, metric_label=metric_label, percent=True) for _, row in group.iterrows()),
                name=label,
                color=STATUS_COLORS[status],
                showlegend=True,
                legendgroup=status,
            )
        )
    if points is not None:
        points_layer(figure, points)
    return _finish(figure, shapes, height=height, width_px=width_px)


def points_bounds(points: pd.DataFrame) -> tuple[float, float, float, float] | None:
    """(min lon, min lat, max lon, max lat) of the points with coordinates, None without any: the
    view when the region has no boundary to frame it."""
    frame = points[points["latitude"].notna() & points["longitude"].notna()]
    if frame.empty:
        return None
    lat, lon = frame["latitude"].astype(float), frame["longitude"].astype(float)
    return (float(lon.min()), float(lat.min()), float(lon.max()), float(lat.max()))


def outline_map(
    shapes: RegionShapes,
    *,
    height: int = 560,
    width_px: float = DEFAULT_WIDTH_PX,
    fallback_bounds: Sequence[float] | None = None,
    points: pd.DataFrame | None = None,
) -> go.Figure:
    """The boundary of the region itself (a desa/kelurahan), lightly filled, to carry points;
    framed on ``fallback_bounds`` (e.g. :func:`points_bounds`) when there is no boundary."""
    frame = pd.DataFrame(
        [
            {"code": feature["properties"]["code"], "name": feature["properties"]["name"]}
            for feature in shapes.feature_collection["features"]
        ],
        columns=["code", "name"],
    )
    figure = go.Figure()
    if not frame.empty:
        figure.add_trace(
            _region_trace(
                shapes,
                frame,
                (f"<b>{name}</b>" for name in frame["name"]),
                name="Batas wilayah",
                color=OUTLINE_FILL,
                showlegend=False,
            )
        )
    if points is not None:
        points_layer(figure, points)
    return _finish(figure, shapes, height=height, width_px=width_px, bounds=fallback_bounds)


def point_hover(row: pd.Series) -> str:
    """``<b>Posyandu Mawar</b> · Kel. Serang<br>◐ Kurang: belum ber-SK, kader < 5``."""
    head = f"<b>{row['name']}</b>"
    if isinstance(row.get("desa_name"), str):
        head += f" · {row['desa_name']}"
    status = row.get("status")
    label = GAP_STATUS_LABELS.get(status, str(status))
    gaps = row.get("gaps")
    gaps = list(gaps) if isinstance(gaps, (list, tuple)) else []
    detail = ", ".join(GAP_LABELS.get(gap, gap) for gap in gaps)
    return f"{head}<br>{label}" + (f": {detail}" if detail else "")


def points_layer(figure: go.Figure, points: pd.DataFrame, *, size: int = 11) -> go.Figure:
    """Add Posyandu ``points`` (columns posyandu_id, name, latitude, longitude, status, and
    optionally desa_name, gaps) as circles coloured by gap status, with a dark halo so they stand
    out on any fill; one legend entry per status, with its label and count. The map builders call
    this through their ``points`` argument, so the legend gets room under the map."""
    frame = points[points["latitude"].notna() & points["longitude"].notna()]
    for status in GAP_STATUSES:
        group = frame[frame["status"] == status]
        if group.empty:
            continue
        lat, lon = group["latitude"].astype(float).tolist(), group["longitude"].astype(float).tolist()
        figure.add_trace(
            go.Scattermap(
                lat=lat,
                lon=lon,
                mode="markers",
                marker={"size": size + 4, "color": HALO_COLOR},
                hoverinfo="skip",
                showlegend=False,
                legendgroup=f"posyandu-{status}",
                name=f"halo {status}",
                selected={"marker": {"opacity": 1}},
                unselected={"marker": {"opacity": 1}},
            )
        )
        figure.add_trace(
            go.Scattermap(
                lat=lat,
                lon=lon,
                mode="markers",
                marker={"size": size, "color": GAP_STATUS_COLORS[status]},
                selected={"marker": {"opacity": 1}},
                unselected={"marker": {"opacity": 1}},
                name=f"{GAP_STATUS_LABELS[status]} ({format_number(len(group))})",
                legendgroup=f"posyandu-{status}",
                legendgrouptitle={"text": "Posyandu"} if status == _first(frame) else None,
                customdata=group[["posyandu_id"]].astype(str).to_numpy(),
                hovertext=[point_hover(row) for _, row in group.iterrows()],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    return figure


def _first(frame: pd.DataFrame) -> str | None:
    """The first gap status present, to carry the legend's "Posyandu" title once."""
    present = set(frame["status"])
    return next((status for status in GAP_STATUSES if status in present), None)
