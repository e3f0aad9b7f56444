"""Where the sample's regions come from: the real codes, names and boundaries in ``sample_data/geo``.

A :class:`RegionSource` is everything the generators need to know about an area: its region rows,
each region's GeoJSON geometry, and how many Posyandu a desa/kelurahan of each kabupaten/kota
holds. Keeping the source separate from the per-Posyandu generation is what lets a later
``--size`` option swap in a larger area without touching the generators.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from sample_data import GEO_DIR

LEVELS = ("provinsi", "kabupaten_kota", "kecamatan", "desa_kelurahan")
BOUNDARY_FILES = ("provinsi.geojson", "kabupaten_kota.geojson", "kecamatan.geojson", "desa_kelurahan.geojson")


@dataclass(frozen=True)
class RegionRecord:
    """One row of ``region``, as in ``regions.csv``."""

    code: str
    name: str
    level: str
    parent_code: str | None
    kind: str | None

    @property
    def kabupaten_kota_code(self) -> str | None:
        """The kab/kota a kecamatan or desa belongs to (``36.73.01.1001`` -> ``36.73``)."""
        parts = self.code.split(".")
        return ".".join(parts[:2]) if len(parts) >= 2 else None

    def as_row(self) -> dict[str, object]:
        return {
            "code": self.code,
            "name": self.name,
            "level": self.level,
            "parent_code": self.parent_code,
            "kind": self.kind,
        }


@dataclass(frozen=True)
class RegionSource:
    """An area to generate a sample for.

    ``posyandu_per_village`` maps a kabupaten/kota code, or ``code:kind`` for one kind of village in
    it, to the (min, max) number of Posyandu in one of its desa/kelurahan, so that each kab/kota lands
    near its real total (a dense city kelurahan has ten or so, a Kalimantan desa one to three).
    ``*:desa`` and ``*:kelurahan`` give the range for every other village of that kind (the scale
    sizes, which cover hundreds of kab/kota, set only those).
    """

    name: str
    regions: tuple[RegionRecord, ...]
    boundaries: dict[str, str]
    posyandu_per_village: dict[str, tuple[int, int]] = field(default_factory=dict)

    def at_level(self, level: str) -> list[RegionRecord]:
        """The regions of one level, sorted by code (the order every generator walks them in)."""
        return sorted((r for r in self.regions if r.level == level), key=lambda r: r.code)

    def village_range(self, village: RegionRecord) -> tuple[int, int]:
        """(min, max) Posyandu for one desa/kelurahan; (1, 3) where the source says nothing."""
        kabupaten_kota = village.kabupaten_kota_code or ""
        for key in (f"{kabupaten_kota}:{village.kind}", kabupaten_kota, f"*:{village.kind}"):
            if key in self.posyandu_per_village:
                return self.posyandu_per_village[key]
        return (1, 3)

    def children(self, code: str) -> list[RegionRecord]:
        return list(self._children_by_parent.get(code, ()))

    @cached_property
    def _children_by_parent(self) -> dict[str, list[RegionRecord]]:
        """Parent code -> children sorted by code, built once: the whole country has 91,599 regions."""
        index: dict[str, list[RegionRecord]] = defaultdict(list)
        for region in sorted(self.regions, key=lambda r: r.code):
            if region.parent_code is not None:
                index[region.parent_code].append(region)
        return dict(index)

    def by_code(self) -> dict[str, RegionRecord]:
        return {r.code: r for r in self.regions}


def read_regions(path: Path) -> tuple[RegionRecord, ...]:
    """``regions.csv`` (``code,name,level,parent_code,kind``), empty cells as None."""
    with path.open(newline="", encoding="utf-8") as handle:
        return tuple(
            RegionRecord(
                code=row["code"],
                name=row["name"],
                level=row["level"],
                parent_code=row["parent_code"] or None,
                kind=row["kind"] or None,
            )
            for row in csv.DictReader(handle)
        )


def read_boundaries(paths: list[Path]) -> dict[str, str]:
    """Region code -> its geometry as compact GeoJSON text (what ``region_boundary.geojson`` holds)."""
    boundaries: dict[str, str] = {}
    for path in paths:
        collection = json.loads(path.read_text(encoding="utf-8"))
        for feature in collection["features"]:
            boundaries[feature["properties"]["code"]] = json.dumps(feature["geometry"], separators=(",", ":"))
    return boundaries


def sample_area(geo_dir: Path = GEO_DIR) -> RegionSource:
    """The default sample: Banten and Kalimantan Tengah with Kota Tangerang, Kota Serang and Kabupaten
    Kapuas down to every real desa/kelurahan.

    The per-village ranges put the three kab/kota near their real Posyandu counts: about a thousand
    in Kota Tangerang (104 kelurahan), some four hundred in Kota Serang (67 kelurahan), and about five
    hundred in Kapuas (214 mostly small riverside desa and 17 town kelurahan).
    """
    return RegionSource(
        name="sampel (Banten dan Kalimantan Tengah)",
        regions=read_regions(geo_dir / "regions.csv"),
        boundaries=read_boundaries([geo_dir / name for name in BOUNDARY_FILES]),
        posyandu_per_village={"36.71": (7, 12), "36.73": (4, 9), "62.03:kelurahan": (3, 7), "62.03": (1, 3)},
    )
