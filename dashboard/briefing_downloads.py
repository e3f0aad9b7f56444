"""The "Unduh bahan paparan" buttons: the briefing of the region and period on screen, as a PDF of
at most two A4 pages, as an Excel workbook and as a WhatsApp card (PNG), built only when clicked.

They call the same :func:`dashboard.briefing.build.build_file` as ``python -m dashboard.briefing``
with the page's engine, so the file equals the command line's for the same view. The file is granted
to the browser that clicked (:func:`dashboard.auth.guard.owned`): its ``/media/`` URL opens for that
browser only, for a minute, when the dashboard runs through ``serve.py``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import streamlit as st

from dashboard import data
from dashboard.auth.guard import owned
from dashboard.briefing.build import MIME_TYPES, build_file, file_name
from dashboard.charts.formatting import period_label
from dashboard.context import PageView

log = logging.getLogger(__name__)


def _builder(context: PageView, suffix: str) -> Callable[[], bytes]:
    engine = data.engine(context.url)
    region_code, year, month, sample = context.code, context.year, context.month, context.sample

    def build() -> bytes:
        try:
            return build_file(
                engine, suffix, region_code=region_code, year=year, month=month, today=data.today(), sample=sample
            )
        except Exception:
            # Runs on Streamlit's download thread: the browser shows a short failure notice, the detail is logged.
            log.exception("briefing %s for %s %s/%s failed", suffix, region_code, year, month)
            raise

    return owned(build)


def briefing_downloads(context: PageView) -> None:
    """Three buttons in one row: the PDF briefing, the same content as an Excel workbook, and the
    WhatsApp card of it.

    The files are built outside ``data.fetch`` (on Streamlit's download thread), so the region is
    held to the signed-in user's scope here, before any button exists."""
    try:
        data.check_access(context.code)
    except data.AccessRefusedError as error:
        st.warning(str(error))
        return
    period = period_label(context.year, context.month)
    buttons = (
        (
            "📄 Unduh bahan paparan",
            ".pdf",
            "briefing_pdf",
            f"Bahan paparan {context.name} {period} untuk Wali Kota/Bupati: PDF maksimal 2 halaman A4, "
            "angka utama terhadap target Renstra, peta, wilayah paling tertinggal/maju, dan pokok-pokok.",
        ),
        (
            "⬇ Bahan paparan (Excel)",
            ".xlsx",
            "briefing_xlsx",
            "Isi yang sama dalam Excel, satu sheet per bagian, untuk diolah ulang.",
        ),
        (
            "🖼 Kartu WhatsApp",
            ".png",
            "briefing_card",
            f"Gambar 1080×1350 untuk grup WhatsApp: angka utama {context.name} {period} terhadap target, "
            "wilayah paling tertinggal, dan dua pokok bahasan. Terbaca di layar ponsel tanpa diperbesar.",
        ),
    )
    row = st.container(horizontal=True, gap="small")
    for label, suffix, key, help_text in buttons:
        row.download_button(
            label,
            data=_builder(context, suffix),
            file_name=file_name(context.name, period, suffix),
            mime=MIME_TYPES[suffix],
            key=key,
            on_click="ignore",
            width="content",
            help=help_text,
        )
