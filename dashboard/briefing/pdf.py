"""The briefing as a PDF of at most two A4 pages (fpdf2), legible in black-and-white print.

Page 1 is what a Wali Kota / Bupati reads before a meeting: the cover line, the three counts, the
key sentences, the headline figures against their Renstra targets (most behind first, status as
symbol *and* word) and the data caveats. Page 2, for a region with child regions, is the map of
the metric furthest behind target and the child regions most behind and most ahead on it.

Text uses DejaVu Sans, the TrueType font matplotlib ships (Indonesian text, ✔ ◐ ✖ and › all
print), so no system font is needed; numbers use the dashboard's Indonesian formats.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import matplotlib
import pandas as pd
from fpdf import FPDF, FontFace
from fpdf.enums import MethodReturnValue, TableBordersLayout, XPos, YPos
from fpdf.util import Padding

from app_store.vocabulary import TERLAMBAT as TERLAMBAT_TL
from dashboard.briefing.content import Briefing
from dashboard.briefing.map_image import status_map_png
from dashboard.charts.formatting import format_number, format_percent, format_points, month_name, number_or_none
from dashboard.charts.renstra import STATUS_RANK, status_label
from data_access.vocabulary import TERTINGGAL

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT = "DejaVu"
INK = (17, 24, 39)
MUTED = (75, 85, 99)
RULE = (156, 163, 175)
HEADER_FILL = (229, 231, 235)
MARGIN = 14.0
STATUS_LEGEND = (
    "✔ Tercapai: capaian ≥ 100 % target · ◐ Mendekati: ≥ 80 % target · ✖ Tertinggal: < 80 % target · "
    "– tanpa target. Selisih = capaian − target, dalam poin persentase."
)


def tanggal(day: dt.date) -> str:
    """``23 November 2026``."""
    return f"{day.day} {month_name(day.month)} {day.year}"


def _change(code: str, change: float | None, previous_period: str) -> str:
    if change is None or pd.isna(change):
        return f"tanpa pembanding {previous_period}"
    if code.endswith("_pct"):
        return f"{format_points(change)} dari {previous_period}"
    sign = "+" if change > 0 else ("−" if change < 0 else "±")
    return f"{sign}{format_number(abs(change))} dari {previous_period}"


def _difference(value: object, target: object) -> str:
    """Capaian − target in points (``−27,3``), or "–" without both."""
    value, target = number_or_none(value), number_or_none(target)
    if value is None or target is None:
        return "–"
    return format_points(value - target).removesuffix(" poin")


class BriefingPDF(FPDF):
    """A4 portrait with the briefing's footer on every page."""

    def __init__(self, briefing: Briefing) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.briefing = briefing
        self.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_margins(MARGIN, 12, MARGIN)
        self.set_auto_page_break(auto=True, margin=16)
        self.set_lang("id")
        self.set_title(f"Bahan paparan {briefing.region_title} {briefing.period}")
        self.set_author("Dashboard TP Posyandu")
        self.set_creator("python -m dashboard.briefing")

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font(FONT, "", 7.5)
        self.set_text_color(*MUTED)
        b = self.briefing
        printed = tanggal(b.generated_on)
        self.cell(0, 4, f"Bahan paparan {b.region_title} · {b.period} · Dashboard TP Posyandu · dicetak {printed}")
        self.set_x(MARGIN)
        self.cell(0, 4, f"Halaman {self.page_no()} dari {{nb}}", align="R")

    # --- building blocks ------------------------------------------------------------------------

    def heading(self, text: str, *, size: float = 12.5, space_before: float = 4) -> None:
        self.ln(space_before)
        self.set_font(FONT, "B", size)
        self.set_text_color(*INK)
        self.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1.2)

    def paragraph(self, text: str, *, size: float = 10, color: tuple[int, int, int] = INK, height: float = 5) -> None:
        self.set_font(FONT, "", size)
        self.set_text_color(*color)
        self.multi_cell(0, height, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def rule(self) -> None:
        self.set_draw_color(*RULE)
        self.set_line_width(0.3)
        self.line(MARGIN, self.get_y(), self.w - MARGIN, self.get_y())


def _cover(pdf: BriefingPDF, b: Briefing) -> None:
    pdf.set_font(FONT, "B", 8.5)
    pdf.set_text_color(*MUTED)
    pdf.cell(0, 5, "BAHAN PAPARAN · TIM PEMBINA POSYANDU", new_x=XPos.LMARGIN)
    if b.sample:
        pdf.set_text_color(*INK)
        pdf.set_draw_color(*INK)
        label = "DATA CONTOH"
        width = pdf.get_string_width(label) + 4
        pdf.set_x(pdf.w - MARGIN - width)
        pdf.cell(width, 5, label, border=1, align="C")
    pdf.ln(6.5)
    pdf.set_font(FONT, "B", 21)
    pdf.set_text_color(*INK)
    pdf.cell(0, 9, b.region_title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 11)
    pdf.cell(
        0,
        6,
        f"Capaian Posyandu periode {b.period} terhadap Renstra Posyandu 2025–2029",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.paragraph(
        f"{b.cover_line} · Dicetak {tanggal(b.generated_on)}",
        size=8.5,
        color=MUTED,
        height=4.5,
    )
    pdf.ln(2)
    pdf.rule()
    pdf.ln(3)


def _count_tiles(pdf: BriefingPDF, b: Briefing) -> None:
    gap = 4.0
    width = (pdf.w - 2 * MARGIN - 2 * gap) / 3
    top = pdf.get_y()
    pdf.set_draw_color(*RULE)
    for index, row in enumerate(b.counts.itertuples()):
        x = MARGIN + index * (width + gap)
        pdf.rect(x, top, width, 19)
        pdf.set_xy(x + 3, top + 2)
        pdf.set_font(FONT, "B", 16)
        pdf.set_text_color(*INK)
        pdf.cell(width - 6, 7, format_number(row.value))
        pdf.set_xy(x + 3, top + 9.5)
        pdf.set_font(FONT, "", 8.5)
        pdf.cell(width - 6, 4, row.label)
        pdf.set_xy(x + 3, top + 13.7)
        pdf.set_text_color(*MUTED)
        pdf.set_font(FONT, "", 7.5)
        pdf.cell(width - 6, 4, _change(row.metric, row.change, b.previous_period))
    pdf.set_xy(MARGIN, top + 19)


def _sentences(pdf: BriefingPDF, b: Briefing) -> None:
    pdf.heading("Pokok-pokok")
    for number, sentence in enumerate(b.sentences, start=1):
        pdf.set_font(FONT, "B", 11)
        pdf.set_text_color(*INK)
        pdf.cell(7, 5.8, f"{number}.")
        pdf.set_font(FONT, "", 11)
        pdf.multi_cell(0, 5.8, sentence, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1.6)


def _headline_table(pdf: BriefingPDF, b: Briefing) -> None:
    pdf.heading(f"Angka utama terhadap target Renstra {b.year}")
    frame = b.headline.assign(_rank=b.headline["status"].map(STATUS_RANK).fillna(3))
    frame = frame.sort_values(["_rank", "gap"], ascending=[True, False], na_position="last", kind="stable")
    headings = (
        "Indikator",
        f"Capaian {b.period}",
        f"Target {b.year}",
        "Selisih (poin)",
        "Status",
        f"Perubahan dari {b.previous_period}",
    )
    pdf.set_font(FONT, "", 10)
    pdf.set_text_color(*INK)
    pdf.set_draw_color(*RULE)
    with pdf.table(
        col_widths=(60, 23, 19, 19, 30, 31),
        text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT", "LEFT", "RIGHT"),
        line_height=6,
        padding=(1, 1.5),
        borders_layout=TableBordersLayout.HORIZONTAL_LINES,
        headings_style=FontFace(emphasis="BOLD", size_pt=8.5, fill_color=HEADER_FILL),
        first_row_as_headings=True,
    ) as table:
        table.row(headings)
        for row in frame.itertuples():
            strong = FontFace(emphasis="BOLD") if row.status == TERTINGGAL else None
            cells = table.row()
            cells.cell(row.label, style=strong)
            cells.cell(format_percent(row.value), style=strong)
            cells.cell(format_percent(row.target))
            cells.cell(_difference(row.value, row.target))
            cells.cell(status_label(row.status), style=strong)
            cells.cell(format_points(row.change))
    pdf.ln(1.5)
    pdf.paragraph(STATUS_LEGEND, size=7.5, color=MUTED, height=3.8)


def _caveats(pdf: BriefingPDF, b: Briefing) -> None:
    pdf.ln(3)
    pdf.set_draw_color(*RULE)
    pdf.set_font(FONT, "", 8)
    pdf.set_text_color(*INK)
    pdf.multi_cell(
        0, 4.2, b.caveats, border=1, align="L", padding=Padding.new(1.5), new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )


def _rank_table(pdf: BriefingPDF, b: Briefing, frame: pd.DataFrame, title: str) -> None:
    pdf.heading(title, size=11, space_before=3)
    pdf.set_font(FONT, "", 9.5)
    pdf.set_text_color(*INK)
    with pdf.table(
        col_widths=(10, 66, 26, 22, 24, 34),
        text_align=("RIGHT", "LEFT", "RIGHT", "RIGHT", "RIGHT", "LEFT"),
        line_height=5.4,
        padding=(0.7, 1.5),
        borders_layout=TableBordersLayout.HORIZONTAL_LINES,
        headings_style=FontFace(emphasis="BOLD", size_pt=8.5, fill_color=HEADER_FILL),
    ) as table:
        table.row(("No", b.child_level, f"Capaian {b.period}", f"Target {b.year}", "Selisih (poin)", "Status"))
        for number, row in enumerate(frame.itertuples(), start=1):
            table.row(
                (
                    str(number),
                    row.label,
                    format_percent(row.value),
                    format_percent(row.target),
                    _difference(row.value, row.target),
                    status_label(row.status),
                )
            )


def _children_page(pdf: BriefingPDF, b: Briefing) -> None:
    pdf.add_page()
    level = b.child_level.lower()
    pdf.heading(f"Peta per {level}: {b.focus_label}", space_before=0)
    focus = b.headline.set_index("metric").loc[b.focus_metric]
    if pd.notna(focus["gap"]):
        why = (
            f"Indikator utama {b.region_title} yang paling jauh dari target {b.year}: "
            f"{format_percent(focus['value'])} dari target {format_percent(focus['target'])}."
        )
    elif b.children["gap"].notna().any():
        why = (
            f"Belum ada target {b.year} untuk {b.region_title} sendiri; dipilih indikator utama yang rata-rata "
            f"paling jauh di bawah target {level}."
        )
    else:
        why = f"Belum ada target {b.year} untuk {b.region_title}; {level} diurutkan menurut nilainya."
    pdf.paragraph(why, size=9, color=MUTED, height=4.4)
    pdf.ln(1)
    png = status_map_png(b.shapes, b.children)
    if png is None:
        pdf.paragraph(f"Batas wilayah {level} belum tersedia, jadi peta tidak dapat digambar.", size=9.5)
    else:
        width = pdf.w - 2 * MARGIN
        pdf.image(io.BytesIO(png), x=MARGIN, w=width, h=width * 4.6 / 7.2)
    by_target = b.children["gap"].notna().any()
    behind_word, ahead_word = ("paling tertinggal", "paling maju") if by_target else ("terendah", "tertinggi")
    _rank_table(pdf, b, b.most_behind, f"{len(b.most_behind)} {level} {behind_word}: {b.focus_label}")
    if not b.most_ahead.empty:
        _rank_table(pdf, b, b.most_ahead, f"{len(b.most_ahead)} {level} {ahead_word}: {b.focus_label}")


def _fitted(pdf: BriefingPDF, text: str, width: float) -> str:
    """``text`` cut with "…" to fit ``width`` on one line at the current font."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _wrapped(pdf: BriefingPDF, text: str, width: float) -> list[str]:
    """The lines ``multi_cell`` would print ``text`` in, without printing it."""
    result = pdf.multi_cell(width, FOLLOWUP_LINE, text, dry_run=True, output=MethodReturnValue.LINES)
    return [str(line) for line in result] if isinstance(result, list) else [text]


FOLLOWUP_LINE = 4.4
FOLLOWUP_HEAD = 14.0
"""Heading plus the counts line, in mm: the least the section needs on its page."""


def _followups(pdf: BriefingPDF, b: Briefing) -> None:
    """Counts by status and the overdue follow-ups named (at most two lines each), as many as fit
    the page, the rest counted ("daftar lengkap di Excel"): the section never adds a third page."""
    f = b.followups
    if pdf.page_break_trigger - pdf.get_y() < FOLLOWUP_HEAD + 4 and pdf.page_no() == 1:
        pdf.add_page()
    pdf.set_auto_page_break(auto=False)
    pdf.heading("Tindak lanjut rapat", size=11, space_before=3)
    if f.note:
        pdf.paragraph(f.note, size=9, height=4.4)
        pdf.set_auto_page_break(auto=True, margin=16)
        return
    pdf.paragraph(f"{f.counts_line} Keadaan per {tanggal(b.generated_on)}.", size=9, height=4.4)
    pdf.set_font(FONT, "", 8.5)
    width = pdf.w - 2 * MARGIN
    late = f.counts.get(TERLAMBAT_TL, 0)
    named = 0
    for row in f.overdue:
        # How late, since when, where and who first: only a very long action is cut (at two lines).
        line = (
            f"✖ Terlambat {row.days_late(b.generated_on)} hari (jatuh tempo {tanggal(row.due_on)}) · {row.region} · "
            f"{row.owner}: {row.action}"
        )
        lines = _wrapped(pdf, line, width)
        if len(lines) > 2:
            lines = [lines[0], _fitted(pdf, lines[1] + "…", width)]
        reserve = FOLLOWUP_LINE if late > named + 1 else 0
        if pdf.get_y() + len(lines) * FOLLOWUP_LINE + reserve > pdf.page_break_trigger:
            break
        for text in lines:
            pdf.cell(0, FOLLOWUP_LINE, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        named += 1
    rest = late - named
    if rest > 0 and pdf.page_break_trigger - pdf.get_y() >= FOLLOWUP_LINE:
        pdf.set_text_color(*MUTED)
        pdf.cell(
            0, FOLLOWUP_LINE, f"… dan {rest} lainnya yang terlambat; daftar lengkap di Excel (sheet Tindak lanjut)."
        )
    pdf.set_auto_page_break(auto=True, margin=16)


def briefing_pdf(briefing: Briefing) -> bytes:
    """The briefing as PDF bytes: page 1 always, page 2 when the region has child regions."""
    pdf = BriefingPDF(briefing)
    pdf.add_page()
    _cover(pdf, briefing)
    _count_tiles(pdf, briefing)
    _sentences(pdf, briefing)
    _headline_table(pdf, briefing)
    _caveats(pdf, briefing)
    if briefing.child_level and briefing.focus_metric and not briefing.children.empty:
        _children_page(pdf, briefing)
    _followups(pdf, briefing)
    return bytes(pdf.output())
