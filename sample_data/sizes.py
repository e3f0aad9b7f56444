"""The named scale sizes of ``python -m sample_data.build --size kabupaten|provinsi|nasional``.

Each size is a region source over the real codes and names of idn-area-data (``idn_area.py``) plus
how dense and how long its reports are:

- ``kabupaten``: Kota Tangerang (36.71) with its real boundaries from ``geo/``, 7-12 Posyandu per
  kelurahan as in the default sample: about 1,000 Posyandu.
- ``provinsi``: Jawa Barat (32), the most populous provinsi: 27 kab/kota, 627 kecamatan, 5,957
  desa/kelurahan; 2-6 Posyandu per desa and 4-9 per kelurahan give about 25,000 (the real provinsi
  counts about twice that: the size is the one the issue asks for).
- ``nasional``: all 38 provinsi, 83,762 desa/kelurahan, 2-5 Posyandu per desa and 3-7 per
  kelurahan: about 300,000 Posyandu and 3.5 million kader, with the last twelve months of reports.

Where real boundaries are not at hand the regions get nested grid squares (``grid.py``). Reports are
thinned to real sparsity: each Posyandu reports in about 80 % of months and, in a month it reports,
about 60 % of the indicators of the bidang it serves.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sample_data import GEO_DIR
from sample_data.grid import grid_boundaries
from sample_data.idn_area import all_regions, subtree
from sample_data.regions import BOUNDARY_FILES, RegionSource, read_boundaries
from sample_data.timeline import REPORT_MONTHS

MONTH_FACTOR = 0.95
"""Scales the sample's monthly reporting chance (about 84 %) down to about 80 %."""
INDICATOR_FACTOR = 0.92
"""Scales the sample's per-indicator chances (about 65 % of served indicators) down to about 60 %."""


@dataclass(frozen=True)
class ScaleSize:
    """One named size: which subtree of Indonesia, how many Posyandu per village, which months."""

    name: str
    root: str | None
    """The region whose subtree is built (with its ancestors); None = the whole country."""
    posyandu_per_village: dict[str, tuple[int, int]]
    months: tuple[dt.date, ...] = REPORT_MONTHS
    real_boundaries: bool = False
    """Use ``geo/`` polygons where they exist (only where they cover the whole subtree)."""
    expected_posyandu: int = 0
    notes: str = field(default="", compare=False)

    def source(self) -> RegionSource:
        regions = subtree(self.root)
        provinsi = [r.code for r in all_regions() if r.level == "provinsi"]
        boundaries = grid_boundaries(regions, provinsi)
        if self.real_boundaries:
            real = read_boundaries([GEO_DIR / name for name in BOUNDARY_FILES])
            boundaries.update({r.code: real[r.code] for r in regions if r.code in real})
        return RegionSource(
            name=f"{self.name} ({self.notes})",
            regions=regions,
            boundaries=boundaries,
            posyandu_per_village=self.posyandu_per_village,
        )


SIZES: dict[str, ScaleSize] = {
    size.name: size
    for size in (
        ScaleSize(
            name="kabupaten",
            root="36.71",
            posyandu_per_village={"*:kelurahan": (7, 12), "*:desa": (7, 12)},
            real_boundaries=True,
            expected_posyandu=1_000,
            notes="Kota Tangerang, real boundaries",
        ),
        ScaleSize(
            name="provinsi",
            root="32",
            posyandu_per_village={"*:kelurahan": (4, 9), "*:desa": (2, 6)},
            expected_posyandu=25_000,
            notes="Jawa Barat, grid boundaries",
        ),
        ScaleSize(
            name="nasional",
            root=None,
            posyandu_per_village={"*:kelurahan": (3, 7), "*:desa": (2, 5)},
            months=REPORT_MONTHS[-12:],
            expected_posyandu=300_000,
            notes="38 provinsi, grid boundaries, 12 months of reports",
        ),
    )
}
