"""The briefing as an Excel workbook, one sheet per section, for staff who rework the numbers.

The sheets hold the same figures as the PDF, unrounded, as numbers (with a one-decimal display
format, which Excel shows with the reader's own separators), so a staff member can sort, chart or
recompute them. Status is written as its word with the symbol, never as a cell colour alone.
"""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from dashboard.briefing.content import Briefing
from dashboard.briefing.followups import LIST_HEADERS
from dashboard.charts.formatting import number_or_none
from dashboard.charts.renstra import status_label

SHEETS = (
    "Sampul",
    "Pokok-pokok",
    "Angka utama",
    "Peta",
    "Paling tertinggal",
    "Paling maju",
    "Catatan data",
    "Tindak lanjut",
)
"""One sheet per section of the PDF, in its order."""
PERCENT_FORMAT = "0.0"
COUNT_FORMAT = "#,##0"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E5E7EB")


def _difference(value: object, target: object) -> float | None:
    value, target = number_or_none(value), number_or_none(target)
    return None if value is None or target is None else value - target


def _write(
    sheet: Worksheet, headers: list[str], rows: list[list[object]], formats: dict[int, str], *, title: str | None = None
) -> None:
    """An optional title line, the header row, the data rows, number formats per column (0-based),
    and readable column widths."""
    if title:
        sheet.append([title])
        sheet["A1"].font = HEADER_FONT
        sheet.append([])
    header_row = sheet.max_row + 1 if title else 1
    sheet.append(headers)
    for cell in sheet[header_row]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append(row)
    for column, number_format in formats.items():
        for cells in sheet.iter_rows(min_row=header_row + 1, min_col=column + 1, max_col=column + 1):
            cells[0].number_format = number_format
    for index, header in enumerate(headers, start=1):
        longest = max([len(str(header))] + [len(str(row[index - 1] or "")) for row in rows])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(10, longest + 2), 90)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)


def _ranking_rows(frame: pd.DataFrame) -> list[list[object]]:
    return [
        [
            number,
            row.code,
            row.label,
            number_or_none(row.value),
            number_or_none(row.target),
            _difference(row.value, row.target),
            status_label(row.status),
        ]
        for number, row in enumerate(frame.itertuples(), start=1)
    ]


def briefing_workbook(briefing: Briefing) -> bytes:
    """The briefing as .xlsx bytes with the sheets of :data:`SHEETS`."""
    b = briefing
    book = Workbook()
    cover = book.active
    cover.title = SHEETS[0]
    _write(
        cover,
        ["Keterangan", "Isi"],
        [
            ["Wilayah", b.region_title],
            ["Kode wilayah", b.region_code or "(seluruh Indonesia)"],
            ["Jenjang wilayah", b.breadcrumb],
            ["Periode", b.period],
            ["Data s.d.", b.data_until],
            ["Dicetak", b.generated_on.isoformat()],
            ["Sumber", "Dashboard TP Posyandu (data_access, definisi METRICS.md)"],
            ["Data contoh", "ya, bukan data resmi" if b.sample else "tidak"],
        ],
        {},
    )
    _write(book.create_sheet(SHEETS[1]), ["No", "Pokok"], [[i, s] for i, s in enumerate(b.sentences, 1)], {})

    period, target, previous = f"Capaian {b.period}", f"Target {b.year}", f"Perubahan dari {b.previous_period}"
    headline_rows = [
        [
            row.metric,
            row.label,
            number_or_none(row.value),
            "%",
            number_or_none(row.target),
            _difference(row.value, row.target),
            status_label(row.status),
            number_or_none(row.change),
        ]
        for row in b.headline.itertuples()
    ] + [
        [row.metric, row.label, number_or_none(row.value), "jumlah", None, None, "", number_or_none(row.change)]
        for row in b.counts.itertuples()
    ]
    headline_sheet = book.create_sheet(SHEETS[2])
    _write(
        headline_sheet,
        [
            "Kode",
            "Indikator",
            period,
            "Satuan",
            f"{target} (%)",
            "Selisih (poin)",
            "Status",
            f"{previous} (poin/jumlah)",
        ],
        headline_rows,
        {2: PERCENT_FORMAT, 4: PERCENT_FORMAT, 5: PERCENT_FORMAT, 7: PERCENT_FORMAT},
    )
    for row in headline_sheet.iter_rows(min_row=2 + len(b.headline)):
        row[2].number_format = row[7].number_format = COUNT_FORMAT

    level = b.child_level or "Wilayah"
    ranking_headers = ["No", "Kode", level, f"{period} (%)", f"{target} (%)", "Selisih (poin)", "Status"]
    ranking_formats = {3: PERCENT_FORMAT, 4: PERCENT_FORMAT, 5: PERCENT_FORMAT}
    _write(
        book.create_sheet(SHEETS[3]),
        ranking_headers,
        _ranking_rows(b.children),
        ranking_formats,
        title=f"Indikator: {b.focus_label}" if b.focus_label else "Tidak ada wilayah di bawahnya",
    )
    _write(book.create_sheet(SHEETS[4]), ranking_headers, _ranking_rows(b.most_behind), ranking_formats)
    _write(book.create_sheet(SHEETS[5]), ranking_headers, _ranking_rows(b.most_ahead), ranking_formats)
    _write(
        book.create_sheet(SHEETS[6]),
        ["Catatan", "Nilai"],
        [
            ["Ringkasan", b.caveats],
            ["Kelengkapan laporan bulanan (%)", b.completeness],
            ["Nilai laporan tidak sah yang dikecualikan", b.excluded.get("invalid_service_values", 0)],
            ["Tanggal di masa depan yang dikecualikan", b.excluded.get("future_dated", 0)],
            [f"{level} tanpa batas peta", len(b.shapes.missing)],
        ],
        {},
    )
    f = b.followups
    _write(
        book.create_sheet(SHEETS[7]),
        LIST_HEADERS,
        [[r.region, r.code, r.action, r.owner, r.due_on, r.status, r.rapat] for r in f.rows],
        {4: "dd/mm/yyyy"},
        title=f.note or f"{f.counts_line} Keadaan per {b.generated_on:%d/%m/%Y}.",
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
