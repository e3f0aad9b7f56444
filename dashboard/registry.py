"""The dashboard's pages, written once: the router (``streamlit_app.py``) builds its navigation from
this list and every page takes its heading from its own entry, so a title or an icon changed here
changes in the sidebar, in the browser tab and at the top of the page together.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PAGES_DIR = Path(__file__).parent / "pages"


@dataclass(frozen=True)
class PageEntry:
    """One page: its script in ``dashboard/pages``, its name in the navigation, its icon (an emoji:
    a ``:material/...:`` icon would fetch fonts from the internet), its URL path, and the heading
    on the page itself when that says more than the short navigation name."""

    file: str
    title: str
    icon: str
    url_path: str
    heading: str = ""

    @property
    def script(self) -> str:
        """The page's path relative to the entrypoint, as ``st.switch_page`` and ``st.page_link`` take it."""
        return f"dashboard/pages/{self.file}"

    @property
    def path(self) -> Path:
        return PAGES_DIR / self.file

    @property
    def page_title(self) -> str:
        """The heading shown at the top of the page."""
        return self.heading or self.title


RINGKASAN = PageEntry("ringkasan.py", "Ringkasan", "📊", "ringkasan")
KELEMBAGAAN = PageEntry("kelembagaan.py", "Kelembagaan", "🏛️", "kelembagaan", heading="Kelembagaan Posyandu")
LAYANAN = PageEntry("layanan.py", "Layanan 6 Bidang", "🩺", "layanan")
KADER = PageEntry("kader.py", "Kader & Pelatihan", "🧑‍🤝‍🧑", "kader")
PENDANAAN = PageEntry("pendanaan.py", "Pendanaan & Kemitraan", "💰", "pendanaan")
RENSTRA = PageEntry("renstra.py", "Renstra 2025–2029", "🎯", "renstra")
PETA = PageEntry("peta.py", "Peta", "🗺️", "peta")
POSYANDU = PageEntry("posyandu.py", "Daftar Posyandu", "📋", "posyandu")
KUALITAS = PageEntry("kualitas.py", "Kualitas Data", "🧹", "kualitas")
TINDAK_LANJUT = PageEntry("tindak_lanjut.py", "Tindak Lanjut", "✅", "tindak-lanjut")

LISTED: tuple[PageEntry, ...] = (
    RINGKASAN,
    KELEMBAGAAN,
    LAYANAN,
    KADER,
    PENDANAAN,
    RENSTRA,
    PETA,
    POSYANDU,
    TINDAK_LANJUT,
    KUALITAS,
)
"""The pages in the sidebar, in its order; the first opens at ``/``."""
DEFAULT = RINGKASAN

MEETING = PageEntry("rapat.py", "Mode rapat", "📽️", "rapat")
"""The meeting screen: reached by ``?mode=rapat`` or the sidebar toggle, never listed."""


def script_of(url_path: str) -> str:
    """The script of the listed page at ``url_path``; the default page's for anything else."""
    return next((page.script for page in LISTED if page.url_path == url_path), DEFAULT.script)
