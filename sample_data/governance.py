"""Region-level facts: Tim Pembina decrees, regional regulations and Renstra 2025-2029 targets.

Tim Pembina at provinsi and kabupaten/kota level were formed in 2023-2024 (Kota Serang's by
Keputusan Wali Kota No. 274 Tahun 2024, as its rakor says); kecamatan and desa/kelurahan follow
from 2023 on, earlier where the region's propensity is higher, and some are formed but not yet
decreed. Targets rise from 2025 to 2029 for every percentage metric.
"""

from __future__ import annotations

import datetime as dt
import random

from sample_data.regions import RegionRecord, RegionSource
from sample_data.timeline import adoption_date, iso, random_date

UPPER_TIM_PEMBINA: dict[str, tuple[str, dt.date]] = {
    "36": ("400.5.1/Kep.118-Huk/2023", dt.date(2023, 8, 14)),
    "62": ("188.44/212/2024", dt.date(2024, 5, 6)),
    "36.71": ("400.5.1/Kep.233-DPMD/2024", dt.date(2024, 7, 22)),
    "36.73": ("274 Tahun 2024", dt.date(2024, 3, 18)),
    "62.03": ("188.45/431/2024", dt.date(2024, 11, 4)),
}
"""Decrees of the provinsi and kab/kota Tim Pembina (numbers invented except Kota Serang's)."""

REGULATIONS: tuple[tuple[str, str, str, dt.date], ...] = (
    ("36", "perkada", "Peraturan Gubernur Nomor 18 Tahun 2025", dt.date(2025, 6, 12)),
    ("36.71", "perkada", "Peraturan Wali Kota Nomor 41 Tahun 2024", dt.date(2024, 10, 7)),
    ("36.71", "sk", "Keputusan Wali Kota Nomor 400.5.1/Kep.88-DPMD/2025", dt.date(2025, 3, 3)),
    ("36.73", "sk", "Keputusan Wali Kota Nomor 274 Tahun 2024", dt.date(2024, 3, 18)),
    ("62.03", "perkada", "Peraturan Bupati Nomor 12 Tahun 2026", dt.date(2026, 4, 20)),
)
"""Regional regulations on Posyandu: Banten and two cities have one; Kapuas follows in 2026."""

TARGETS: dict[str, tuple[float, float]] = {
    "registered_pct": (60, 100),
    "sk_pct": (70, 100),
    "tp_desa_kel_pct": (60, 100),
    "tp_kecamatan_pct": (80, 100),
    "kelembagaan_pct": (40, 80),
    "six_bidang_pct": (20, 80),
    "layanan_spm_pct": (70, 100),
    "kader_trained_pct": (40, 80),
    "pengurus_trained_pct": (30, 75),
    "pengurus_complete_pct": (40, 80),
    "kemitraan_pct": (20, 50),
    "sarpras_pct": (40, 75),
    "budget_up_pct": (50, 70),
    "regulation_pct": (50, 100),
    "report_completeness_pct": (80, 95),
}
"""Renstra 2025 and 2029 targets of each percentage metric (METRICS.md codes ending in ``_pct``)."""
TARGET_YEARS = (2025, 2026, 2027, 2028, 2029)
KECAMATAN_TARGET_METRICS = ("registered_pct", "sk_pct", "six_bidang_pct")
"""A few camat set their own, more ambitious targets for these; the rest inherit the kab/kota's."""


def _decree_number(rng: random.Random, region: RegionRecord, year: int) -> str:
    if region.level == "kecamatan":
        return f"400.5.1/{rng.randint(1, 90)}-Kec.{region.name.replace(' ', '')}/{year}"
    if region.kind == "kelurahan":
        return f"400.5.1/{rng.randint(1, 90)}-Kel.{region.name.replace(' ', '')}/{year}"
    return f"141/{rng.randint(1, 40):02d}/SK-TP/{year}"


def tim_pembina_rows(*, seed: int, source: RegionSource, propensity: dict[str, float]) -> list[dict[str, object]]:
    """One row per Tim Pembina formed: every provinsi and kab/kota, most kecamatan and desa."""
    rng = random.Random(f"{seed}/tim_pembina")
    rows: list[dict[str, object]] = []

    def add(code: str, number: str | None, date: dt.date | None) -> None:
        rows.append({"id": len(rows) + 1, "region_code": code, "sk_number": number, "sk_date": iso(date)})

    for level in ("provinsi", "kabupaten_kota"):
        for region in source.at_level(level):
            number, date = UPPER_TIM_PEMBINA.get(region.code, (f"400.5.1/Kep.{rng.randint(1, 300)}/2024", None))
            add(region.code, number, date or random_date(rng, dt.date(2023, 6, 1), dt.date(2024, 12, 31)))
    for level, centre, slope, spread in (("kecamatan", 2026.15, 1.5, 1.2), ("desa_kelurahan", 2027.0, 1.8, 1.35)):
        for region in source.at_level(level):
            q = propensity.get(region.code, 0.5)
            date = adoption_date(rng, centre=centre - slope * q, spread=spread, earliest=2023.0)
            if date is not None:
                add(region.code, _decree_number(rng, region, date.year), date)
            elif rng.random() < 0.4:
                add(region.code, None, None)  # formed at a meeting, decree still being drafted
    return rows


def regulation_rows(*, source: RegionSource) -> list[dict[str, object]]:
    known = source.by_code()
    rows: list[dict[str, object]] = []
    for code, kind, number, issued in REGULATIONS:
        if code in known:
            rows.append(
                {"id": len(rows) + 1, "region_code": code, "kind": kind, "number": number, "issued_on": iso(issued)}
            )
    return rows


def renstra_target_rows(*, seed: int, source: RegionSource) -> list[dict[str, object]]:
    """Targets for every provinsi and kab/kota (all percentage metrics) and two kecamatan per kab/kota."""
    rng = random.Random(f"{seed}/renstra_target")
    rows: list[dict[str, object]] = []
    for level in ("provinsi", "kabupaten_kota"):
        for region in source.at_level(level):
            for metric, (first, last) in TARGETS.items():
                rows += _rising(region.code, metric, first + rng.choice((-5, 0, 0, 5)), last)
    for kabupaten_kota in source.at_level("kabupaten_kota"):
        for kecamatan in rng.sample(source.children(kabupaten_kota.code), 2):
            for metric in KECAMATAN_TARGET_METRICS:
                first, last = TARGETS[metric]
                rows += _rising(kecamatan.code, metric, first + 10, last)
    return rows


def _rising(code: str, metric: str, first: float, last: float) -> list[dict[str, object]]:
    """Evenly rising from ``first`` (2025) to ``last`` (2029), never above 100."""
    first, last = min(first, 100.0), min(last, 100.0)
    steps = len(TARGET_YEARS) - 1
    return [
        {"region_code": code, "year": year, "metric": metric, "target": round(first + (last - first) * i / steps, 1)}
        for i, year in enumerate(TARGET_YEARS)
    ]


def synthetic_regulation_rows(*, seed: int, source: RegionSource) -> list[dict[str, object]]:
    """Regulations for a large area: the known ones where present, and invented ones elsewhere.

    About half the provinsi and kab/kota have a Peraturan Gubernur/Bupati/Wali Kota on Posyandu,
    and some kab/kota a Keputusan as well, issued 2023-2026: enough for ``regulation_pct`` to
    differ between regions the way it does in the Renstra baseline.
    """
    rows = regulation_rows(source=source)
    known = {row["region_code"] for row in rows}
    for level in ("provinsi", "kabupaten_kota"):
        for region in source.at_level(level):
            if region.code in known:
                continue
            rng = random.Random(f"{seed}/regulation/{region.code}")
            head = "Gubernur" if level == "provinsi" else ("Wali Kota" if region.kind == "kota" else "Bupati")
            if rng.random() < 0.5:
                issued = random_date(rng, dt.date(2023, 3, 1), dt.date(2026, 9, 30))
                number = f"Peraturan {head} Nomor {rng.randint(1, 60)} Tahun {issued.year}"
                rows.append(_regulation(len(rows) + 1, region.code, "perkada", number, issued))
            if level == "kabupaten_kota" and rng.random() < 0.2:
                issued = random_date(rng, dt.date(2023, 3, 1), dt.date(2026, 9, 30))
                number = f"Keputusan {head} Nomor 400.5.1/{rng.randint(1, 400)}/{issued.year}"
                rows.append(_regulation(len(rows) + 1, region.code, "sk", number, issued))
    return rows


def _regulation(row_id: int, code: str, kind: str, number: str, issued: dt.date) -> dict[str, object]:
    return {"id": row_id, "region_code": code, "kind": kind, "number": number, "issued_on": iso(issued)}
