"""The briefing for a Wali Kota / Bupati: one region and period on at most two A4 pages (PDF), or
the same content as an Excel workbook, from the command line
(``python -m dashboard.briefing``) or the "Unduh bahan paparan" button on the pages."""

from dashboard.briefing.content import Briefing, build_briefing

__all__ = ["Briefing", "build_briefing"]
