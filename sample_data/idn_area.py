"""Every real region of Indonesia: the codes and names of idn-area-data, vendored as one gzipped CSV.

The scale sizes (``--size kabupaten|provinsi|nasional``) need all 38 provinsi, 514 kabupaten/kota,
7,285 kecamatan and 83,762 desa/kelurahan. They come from the npm package **idn-area-data 4.0.1**
(data under the Open Database License, see ``ATTRIBUTION.md``), reduced to the contract's ``region``
columns and committed as ``geo/idn_area_regions.csv.gz`` (about 1 MB) so that a build works offline
and cannot change under our feet. ``python -m sample_data.idn_area PACKAGE_DIR`` rewrites that file
from an unpacked ``npm pack idn-area-data@4.0.1``.

The package already writes codes the contract's way (``36``, ``36.73``, ``36.73.01``,
``36.73.01.1001``), so codes and names are copied verbatim; only ``level``, ``parent_code`` and
``kind`` are added: a kabupaten/kota's kind from its name (``Kabupaten ...`` / ``Kota ...``), a
village's from the first digit of its own number (Kemendagri: 1 = kelurahan, 2 = desa, 3 = desa adat).
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from sample_data import GEO_DIR
from sample_data.regions import RegionRecord

IDN_AREA_CSV = GEO_DIR / "idn_area_regions.csv.gz"
IDN_AREA_VERSION = "4.0.1"
VILLAGE_KIND = {"1": "kelurahan", "2": "desa", "3": "desa"}
COLUMNS = ("code", "name", "level", "parent_code", "kind")


def _regency_kind(name: str) -> str | None:
    first = name.split(" ", 1)[0].lower()
    return first if first in ("kabupaten", "kota") else None


def convert(package_data: Path) -> list[RegionRecord]:
    """The four CSV files of idn-area-data's ``data/`` folder as contract ``region`` records."""

    def rows(name: str) -> list[dict[str, str]]:
        with (package_data / name).open(newline="", encoding="utf-8") as handle:
            return list(csv.DictReader(handle))

    records = [RegionRecord(r["code"], r["name"], "provinsi", None, None) for r in rows("provinces.csv")]
    records += [
        RegionRecord(r["code"], r["name"], "kabupaten_kota", r["province_code"], _regency_kind(r["name"]))
        for r in rows("regencies.csv")
    ]
    records += [RegionRecord(r["code"], r["name"], "kecamatan", r["regency_code"], None) for r in rows("districts.csv")]
    records += [
        RegionRecord(
            r["code"], r["name"], "desa_kelurahan", r["district_code"], VILLAGE_KIND.get(r["code"].split(".")[3][:1])
        )
        for r in rows("villages.csv")
    ]
    return sorted(records, key=lambda r: r.code)


def write_extract(records: Sequence[RegionRecord], path: Path = IDN_AREA_CSV) -> None:
    """A byte-for-byte reproducible gzip (no timestamp, no file name in the header)."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(COLUMNS)
    for record in records:
        writer.writerow([record.code, record.name, record.level, record.parent_code or "", record.kind or ""])
    with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as out:
        out.write(text.getvalue().encode("utf-8"))


@cache
def all_regions(path: Path = IDN_AREA_CSV) -> tuple[RegionRecord, ...]:
    """Every region of the vendored extract, sorted by code."""
    with gzip.open(path, "rt", newline="", encoding="utf-8") as handle:
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


def subtree(code: str | None) -> tuple[RegionRecord, ...]:
    """The region ``code`` with its ancestors and every region under it (``None``: the whole country)."""
    regions = all_regions()
    if code is None:
        return regions
    ancestors = {".".join(code.split(".")[:n]) for n in range(1, code.count(".") + 1)}
    return tuple(r for r in regions if r.code == code or r.code.startswith(code + ".") or r.code in ancestors)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print("usage: python -m sample_data.idn_area PATH/TO/package  (an unpacked npm pack idn-area-data)")
        return 2
    package = Path(args[0])
    records = convert(package / "data" if (package / "data").is_dir() else package)
    write_extract(records)
    print(f"wrote {len(records):,} regions to {IDN_AREA_CSV}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
