"""The briefing's map as a static PNG: child regions shaded by Renstra status, drawn with matplotlib.

Printed briefings are often photocopied in black and white, so status is carried three ways: a
light fill (red / amber / green tints that also differ in grey), a hatch pattern (dense diagonal
for *tertinggal*, dots for *mendekati*, none for *tercapai*) and the status symbol in each region's
label. Everything is drawn from ``region_boundary`` on this machine: no browser, no tile server,
no network. The ``Figure`` API (not ``pyplot``) keeps no global state, so the page's download
button may build the file on any thread.
"""

from __future__ import annotations

import io
import math

import geopandas as gpd
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from dashboard.charts.formatting import format_percent
from dashboard.charts.theme import STATUS_SYMBOLS
from data_access.geography import RegionShapes
from data_access.vocabulary import MENDEKATI, STATUS_ORDER, TANPA_TARGET, TERCAPAI, TERTINGGAL

STATUS_STYLE: dict[str, tuple[str, str, str]] = {
    TERTINGGAL: ("#F4A3A3", "////", "✖ Tertinggal (< 80 % target)"),
    MENDEKATI: ("#FCE3A6", "..", "◐ Mendekati (≥ 80 % target)"),
    TERCAPAI: ("#C6EFCF", "", "✔ Tercapai (≥ 100 % target)"),
    TANPA_TARGET: ("#FFFFFF", "", "– Tanpa target atau tanpa nilai"),
}
"""Per status: fill, hatch, legend text. Fills differ in lightness too, so grey print keeps them apart."""
EDGE = "#1F2937"
HATCH_COLOR, HATCH_WIDTH = "#374151", 0.7
FULL_LABEL_LIMIT = 20
"""Up to this many regions the map tries names and values as labels; beyond (or when two labels
would overlap) it numbers the regions by rank and lists them in a key beside the map."""
MAP_FULL = (0.0, 0.13, 1.0, 0.87)
MAP_WITH_KEY = (0.0, 0.13, 0.58, 0.87)
KEY_AREA = (0.6, 0.13, 0.4, 0.85)
KEY_ROWS_PER_COLUMN = 22


def _status(value: object) -> str:
    return value if isinstance(value, str) and value in STATUS_STYLE else TANPA_TARGET


def status_map_png(
    shapes: RegionShapes,
    ranked: pd.DataFrame,
    *,
    width_in: float = 7.2,
    height_in: float = 4.6,
    dpi: int = 200,
) -> bytes | None:
    """PNG of the child regions in ``shapes`` shaded by ``ranked``'s status (columns ``code``,
    ``name``, ``value``, ``status``: ``data_access.progress.rank_children`` output). None when no
    region has a usable boundary."""
    features = shapes.feature_collection.get("features", [])
    if not features:
        return None
    frame = gpd.GeoDataFrame.from_features(features, crs="EPSG:4326")
    by_code = ranked.set_index("code") if not ranked.empty else pd.DataFrame(columns=["value", "status"])
    frame["status"] = [_status(by_code["status"].get(code)) for code in frame["code"]]
    frame["value"] = [by_code["value"].get(code) for code in frame["code"]]
    frame["rank"] = [_rank(by_code, code) for code in frame["code"]]

    figure = Figure(figsize=(width_in, height_in), dpi=dpi)
    canvas = FigureCanvasAgg(figure)
    axes = figure.add_axes(MAP_FULL)
    for status in STATUS_ORDER:
        subset = frame[frame["status"] == status]
        if subset.empty:
            continue
        fill, hatch, _ = STATUS_STYLE[status]
        subset.plot(
            ax=axes,
            color=fill,
            edgecolor=EDGE,
            linewidth=0.8,
            hatch=hatch,
            hatchcolor=HATCH_COLOR,
            hatch_linewidth=HATCH_WIDTH,
        )
    _frame_view(axes, frame)
    labels = _name_labels(axes, frame) if len(frame) <= FULL_LABEL_LIMIT else []
    if not labels or _overlapping(canvas, labels):
        for label in labels:
            label.remove()
        axes.set_position(MAP_WITH_KEY)
        _frame_view(axes, frame)
        _number_labels(canvas, axes, frame)
        _key(figure, frame)
    _legend(figure, frame)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()


def _rank(by_code: pd.DataFrame, code: str) -> int | None:
    """1 = most behind, in the order of the ranking (and of the briefing's tables)."""
    if code not in by_code.index:
        return None
    return int(by_code.index.get_loc(code)) + 1


def _frame_view(axes: Axes, frame: gpd.GeoDataFrame) -> None:
    """Fit the regions with a small margin, lon/lat scaled for the latitude, no axes drawn."""
    minx, miny, maxx, maxy = frame.total_bounds
    middle = (miny + maxy) / 2
    axes.set_aspect(1 / max(math.cos(math.radians(middle)), 0.2))
    pad_x, pad_y = (maxx - minx) * 0.03, (maxy - miny) * 0.03
    axes.set_xlim(minx - pad_x, maxx + pad_x)
    axes.set_ylim(miny - pad_y, maxy + pad_y)
    axes.set_axis_off()


def _name_labels(axes: Axes, frame: gpd.GeoDataFrame) -> list[Text]:
    """Name, status symbol and value at a point inside each region."""
    size = 8.5 if len(frame) <= 8 else 7
    labels: list[Text] = []
    for row in frame.itertuples():
        point = row.geometry.representative_point()
        labels.append(
            axes.annotate(
                f"{row.name}\n{STATUS_SYMBOLS[row.status]} {format_percent(row.value)}",
                (point.x, point.y),
                ha="center",
                va="center",
                fontsize=size,
                color="#111827",
                bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
            )
        )
    return labels


def _overlapping(canvas: FigureCanvasAgg, labels: list[Text]) -> bool:
    """Whether any two labels overlap once drawn (then names give way to numbers and a key)."""
    renderer = canvas.get_renderer()
    boxes = [label.get_window_extent(renderer) for label in labels]
    return any(first.overlaps(second) for index, first in enumerate(boxes) for second in boxes[index + 1 :])


def _number_labels(canvas: FigureCanvasAgg, axes: Axes, frame: gpd.GeoDataFrame) -> None:
    """The region's rank in a small circle (the key beside the map names it). Where small regions
    crowd, a number that would cover one already placed is left out rather than printed over it;
    the key and the hatching still carry those regions."""
    renderer = canvas.get_renderer()
    placed: list[Bbox] = []
    for row in frame.sort_values(["rank", "code"], na_position="last").itertuples():
        point = row.geometry.representative_point()
        label = axes.annotate(
            "–" if pd.isna(row.rank) else str(int(row.rank)),
            (point.x, point.y),
            ha="center",
            va="center",
            fontsize=6,
            color="#111827",
            bbox={"boxstyle": "circle,pad=0.2", "facecolor": "white", "edgecolor": EDGE, "linewidth": 0.4},
        )
        text_box = label.get_window_extent(renderer)
        side = max(text_box.width, text_box.height) * 1.9  # the circle drawn around the number
        centre_x, centre_y = text_box.x0 + text_box.width / 2, text_box.y0 + text_box.height / 2
        box = Bbox.from_bounds(centre_x - side / 2, centre_y - side / 2, side, side)
        if any(box.overlaps(other) for other in placed):
            label.remove()
        else:
            placed.append(box)


def _key(figure: Figure, frame: gpd.GeoDataFrame) -> None:
    """Rank, status symbol, name and value of every region, most behind first, right of the map."""
    rows = frame.sort_values(["rank", "code"], na_position="last")
    lines = [
        f"{'–' if pd.isna(row.rank) else int(row.rank):>2}  {STATUS_SYMBOLS[row.status]} {row.name} "
        f"{format_percent(row.value)}"
        for row in rows.itertuples()
    ]
    columns = 1 if len(lines) <= KEY_ROWS_PER_COLUMN else 2
    per_column = math.ceil(len(lines) / columns)
    left, bottom, width, height = KEY_AREA
    size = 7 if columns == 1 else 5.5
    for column in range(columns):
        chunk = lines[column * per_column : (column + 1) * per_column]
        figure.add_artist(
            Text(
                left + column * width / columns,
                bottom + height,
                "\n".join(chunk),
                ha="left",
                va="top",
                fontsize=size,
                linespacing=1.35,
                color="#111827",
                transform=figure.transFigure,
            )
        )


def _legend(figure: Figure, frame: gpd.GeoDataFrame) -> None:
    present = [status for status in STATUS_ORDER if (frame["status"] == status).any()]
    handles = [
        Patch(
            facecolor=fill,
            edgecolor=EDGE,
            hatch=hatch,
            label=label,
            hatchcolor=HATCH_COLOR,
            hatch_linewidth=HATCH_WIDTH,
        )
        for fill, hatch, label in (STATUS_STYLE[status] for status in present)
    ]
    figure.legend(
        handles=handles,
        loc="lower center",
        ncols=len(handles) if len(handles) <= 3 else 2,
        frameon=False,
        fontsize=8,
        handlelength=2.2,
        handleheight=1.4,
        bbox_to_anchor=(0.5, 0.0),
    )
