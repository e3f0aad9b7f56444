"""One entry point for the command line and the page button: build the briefing file of a scope.

Both call :func:`build_file` with their own engine, so the PDF a camat downloads from the page and
the one a script writes at night are the same bytes for the same data.
"""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import Engine

from dashboard.briefing.card import card_png
from dashboard.briefing.content import Briefing, build_briefing
from dashboard.briefing.pdf import briefing_pdf
from dashboard.briefing.workbook import briefing_workbook

MIME_TYPES = {
    ".pdf": "application/pdf",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".png": "image/png",
}
FILE_PREFIXES = {".pdf": "bahan paparan", ".xlsx": "bahan paparan", ".png": "kartu capaian"}
"""The card is named apart from the briefing: in a WhatsApp chat's media list it is not a 'paparan'."""


def build_file(
    engine: Engine,
    suffix: str,
    *,
    region_code: str | None,
    year: int,
    month: int | None = None,
    today: dt.date | None = None,
    sample: bool = False,
) -> bytes:
    """The briefing as ``.pdf`` or ``.xlsx`` bytes, or its WhatsApp card as ``.png``. Raises the scope
    and database errors."""
    if suffix not in MIME_TYPES:
        raise ValueError(f"unknown briefing format {suffix!r}")
    briefing = build_briefing(engine, region_code=region_code, year=year, month=month, today=today, sample=sample)
    return render(briefing, suffix)


def render(briefing: Briefing, suffix: str) -> bytes:
    """One built briefing as the file of ``suffix`` (the batch renders two files from one briefing)."""
    if suffix == ".pdf":
        return briefing_pdf(briefing)
    if suffix == ".png":
        return card_png(briefing).png
    return briefing_workbook(briefing)


def file_name(region_name: str, period: str, suffix: str) -> str:
    """``bahan-paparan-kota-serang-2025.pdf``; ``...-2026-s-d-oktober.xlsx`` for a month cut;
    ``kartu-capaian-kota-serang-2025.png`` for the card."""
    prefix = FILE_PREFIXES.get(suffix, "bahan paparan")
    slug = re.sub(r"[^a-z0-9]+", "-", f"{prefix} {region_name} {period}".lower()).strip("-")
    return f"{slug}{suffix}"
