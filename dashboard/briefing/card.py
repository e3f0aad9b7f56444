"""The briefing as a WhatsApp card: one portrait 1080×1350 PNG a camat reads on a phone, unzoomed.

A TP secretariat posts figures into WhatsApp groups; a PDF there is opened by few, an image by all.
The card carries what a phone screen can hold: region, period and data date, the headline figures
against their Renstra targets (status as symbol *and* word, so it survives colour-blindness and
greyscale forwarding), the child region furthest behind on the metric the briefing maps, two of the
briefing's sentences (the tally first, then the last -- stopped reporting or completeness, the
one a camat can act on), and "DATA CONTOH" on the sample. Every figure comes from the same
:class:`~dashboard.briefing.content.Briefing` as the PDF, so the card cannot disagree with it.

Drawn with matplotlib's ``Figure`` API on this machine (no browser, no network, thread-safe for the
download button). Text sizes are in pixels of the 1080-pixel-wide card: a phone shows it about
390 CSS pixels wide, so 30 px of card is about 11 px on screen, the smallest size used for content.
:func:`card_png` returns the texts it drew next to the PNG, so tests compare the figures drawn with
``data_access``'s, not pixels.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Rectangle
from PIL import Image

from dashboard.briefing.content import Briefing
from dashboard.briefing.pdf import tanggal
from dashboard.charts.formatting import format_percent
from dashboard.charts.renstra import STATUS_RANK, status_label
from data_access.vocabulary import MENDEKATI, TANPA_TARGET, TERCAPAI, TERTINGGAL

WIDTH, HEIGHT, DPI = 1080, 1350, 100
PX_TO_PT = 72 / DPI
SIDE = 56
ROW = 72
PALETTE_COLORS = 64
"""Left and right margin in pixels."""
FONT_FAMILY = "DejaVu Sans"
INK, MUTED, RULE, PANEL = "#111827", "#4B5563", "#9CA3AF", "#F3F4F6"
STATUS_INK: dict[str, str] = {
    TERTINGGAL: "#B91C1C",
    MENDEKATI: "#92400E",
    TERCAPAI: "#166534",
    TANPA_TARGET: MUTED,
}
"""Dark enough on white for small text; the word beside the symbol carries the meaning anyway."""


@dataclass(frozen=True)
class Card:
    """The PNG and, in drawing order, every text on it (for tests and for alt text)."""

    png: bytes
    texts: tuple[str, ...]


class _Canvas:
    """Pixel coordinates from the top-left corner, sizes in pixels, and a record of what was drawn."""

    def __init__(self) -> None:
        self.figure = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI, facecolor="white")
        self.canvas = FigureCanvasAgg(self.figure)
        self.renderer: RendererBase = self.canvas.get_renderer()
        self.texts: list[str] = []

    def font(self, size: float, bold: bool = False) -> FontProperties:
        return FontProperties(family=FONT_FAMILY, size=size * PX_TO_PT, weight="bold" if bold else "normal")

    def width(self, text: str, size: float, bold: bool = False) -> float:
        width, _, _ = self.renderer.get_text_width_height_descent(text, self.font(size, bold), ismath=False)
        return float(width)

    def text(
        self, x: float, y: float, text: str, size: float, *, bold: bool = False, color: str = INK, align: str = "left"
    ) -> None:
        """Draw ``text`` with its top at ``y`` pixels."""
        self.figure.text(
            x / WIDTH,
            1 - y / HEIGHT,
            text,
            fontproperties=self.font(size, bold),
            color=color,
            ha=align,
            va="top",
        )
        self.texts.append(text)

    def rect(self, x: float, y: float, w: float, h: float, *, fill: str, edge: str | None = None) -> None:
        self.figure.patches.append(
            Rectangle(
                (x / WIDTH, 1 - (y + h) / HEIGHT),
                w / WIDTH,
                h / HEIGHT,
                transform=self.figure.transFigure,
                facecolor=fill,
                edgecolor=edge or fill,
                linewidth=2,
            )
        )

    def rule(self, y: float) -> None:
        self.rect(SIDE, y, WIDTH - 2 * SIDE, 2, fill=RULE)

    def fitted(self, text: str, size: float, max_width: float, *, bold: bool = False, smallest: float = 30) -> float:
        """The largest size up to ``size`` at which ``text`` fits on one line (not below ``smallest``)."""
        while size > smallest and self.width(text, size, bold) > max_width:
            size -= 2
        return size

    def wrapped(self, text: str, size: float, max_width: float) -> list[str]:
        """``text`` broken into lines that fit ``max_width`` at ``size``, measured with the real font."""
        lines: list[str] = []
        current = ""
        for word in text.split():
            candidate = f"{current} {word}".strip()
            if current and self.width(candidate, size) > max_width:
                lines.append(current)
                current = word
            else:
                current = candidate
        if current:
            lines.append(current)
        return lines

    def png(self) -> bytes:
        """A palette PNG: the card has a dozen flat colours plus anti-aliasing, and 64 palette
        entries keep the edges smooth at about a third of a full-colour PNG's size."""
        self.canvas.draw()
        image = Image.fromarray(np.asarray(self.canvas.buffer_rgba())).convert("RGB")
        buffer = io.BytesIO()
        image.quantize(colors=PALETTE_COLORS, method=Image.Quantize.MEDIANCUT).save(buffer, format="PNG", optimize=True)
        return buffer.getvalue()


def _header(c: _Canvas, b: Briefing) -> float:
    c.text(SIDE, 44, "TP POSYANDU · CAPAIAN RENSTRA", 26, bold=True, color=MUTED)
    if b.sample:
        label = "DATA CONTOH"
        width = c.width(label, 28, bold=True) + 28
        c.rect(WIDTH - SIDE - width, 36, width, 46, fill="#FEF3C7", edge=INK)
        c.text(WIDTH - SIDE - width / 2, 45, label, 28, bold=True, align="center")
    size = c.fitted(b.region_title, 66, WIDTH - 2 * SIDE, bold=True, smallest=40)
    c.text(SIDE, 100, b.region_title, size, bold=True)
    c.text(SIDE, 186, f"Periode {b.period} · Data s.d. {b.data_until}", 34, color=INK)
    c.rule(242)
    return 262


def _headline(c: _Canvas, b: Briefing, top: float) -> float:
    """One row per headline figure, most behind first (as the PDF's table): label and target on the
    left, the figure and its status (symbol and word) on the right."""
    c.text(SIDE, top, f"Angka utama terhadap target {b.year}", 30, bold=True, color=MUTED)
    frame = b.headline.assign(_rank=b.headline["status"].map(STATUS_RANK).fillna(3))
    frame = frame.sort_values(["_rank", "gap"], ascending=[True, False], na_position="last", kind="stable")
    y = top + 50
    value_right, status_left = 742, 766
    for index, row in enumerate(frame.itertuples()):
        if index % 2 == 0:
            c.rect(SIDE - 14, y - 7, WIDTH - 2 * SIDE + 28, ROW, fill=PANEL)
        status = row.status if isinstance(row.status, str) and row.status in STATUS_INK else TANPA_TARGET
        label_size = c.fitted(str(row.label), 31, value_right - 190 - SIDE, smallest=26)
        c.text(SIDE, y, str(row.label), label_size)
        target = "tanpa target" if pd.isna(row.target) else f"target {format_percent(row.target)}"
        c.text(SIDE, y + 37, target, 24, color=MUTED)
        c.text(value_right, y + 6, format_percent(row.value), 40, bold=True, align="right")
        c.text(status_left, y + 10, status_label(status), 32, bold=True, color=STATUS_INK[status])
        y += ROW
    return y + 10


def _furthest_behind(c: _Canvas, b: Briefing, top: float) -> float:
    """The child region furthest behind on the briefing's focus metric (none for a desa)."""
    if b.most_behind.empty or not b.focus_label:
        return top
    row = b.most_behind.iloc[0]
    c.rule(top)
    c.text(SIDE, top + 18, f"{b.child_level} paling tertinggal · {b.focus_label}", 28, bold=True, color=MUTED)
    status = row["status"] if row["status"] in STATUS_INK else TANPA_TARGET
    name_size = c.fitted(str(row["label"]), 36, WIDTH - 2 * SIDE, bold=True)
    c.text(SIDE, top + 58, str(row["label"]), name_size, bold=True)
    target = "tanpa target" if pd.isna(row["target"]) else f"target {format_percent(row['target'])}"
    detail = f"{format_percent(row['value'])} dari {target}"
    c.text(SIDE, top + 104, detail, 32)
    c.text(SIDE + c.width(detail, 32) + 24, top + 104, status_label(status), 32, bold=True, color=STATUS_INK[status])
    return top + 160


def card_sentences(b: Briefing) -> list[str]:
    """The tally (first sentence) and the briefing's last one: stopped reporting or completeness,
    what a camat can act on; the sentences between repeat what the card's rows already show."""
    if len(b.sentences) <= 1:
        return list(b.sentences)
    return [b.sentences[0], b.sentences[-1]]


def _sentences(c: _Canvas, b: Briefing, top: float, bottom: float) -> None:
    """As many of the card's sentences as fit above ``bottom``, each whole (never cut mid-way)."""
    c.rule(top)
    y = top + 20
    for sentence in card_sentences(b):
        lines = c.wrapped(sentence, 30, WIDTH - 2 * SIDE - 30)
        if y + 40 * len(lines) > bottom:
            break
        c.text(SIDE, y, "•", 30, bold=True)
        c.text(SIDE + 30, y, "\n".join(lines), 30)
        y += 40 * len(lines) + 14


def card_png(briefing: Briefing) -> Card:
    """The WhatsApp card of ``briefing``: 1080×1350 PNG and the texts drawn on it."""
    c = _Canvas()
    top = _header(c, briefing)
    top = _headline(c, briefing, top)
    top = _furthest_behind(c, briefing, top)
    footer_y = HEIGHT - 52
    _sentences(c, briefing, top, footer_y - 16)
    c.text(
        SIDE,
        footer_y,
        f"Dashboard TP Posyandu · dibuat {tanggal(briefing.generated_on)}",
        24,
        color=MUTED,
    )
    return Card(png=c.png(), texts=tuple(c.texts))
