"""How far along each place is: one number in [0, 1] per kecamatan, desa/kelurahan and Posyandu.

Real progress is uneven -- one camat pushes registration, the next does not -- and the dashboard
exists to show that. Each kecamatan therefore gets its own propensity, spread evenly across a wide
band around its kabupaten/kota's level so that the best and worst kecamatan always lie far apart;
each desa varies around its kecamatan, and each Posyandu around its desa. Every dated fact
(registration, SK, training, six-bidang services) is then drawn earlier for a higher propensity.
"""

from __future__ import annotations

import random

from sample_data.regions import RegionSource

KABUPATEN_KOTA_LEVEL = {"kota": 0.62, "kabupaten": 0.50}
"""Cities are a little ahead: denser DPMD support, shorter distances."""
KECAMATAN_BAND = (-0.40, 0.32)
"""Offsets from the kab/kota level spanned by its kecamatan, lowest to highest."""
DESA_SPREAD = 0.07
POSYANDU_SPREAD = 0.06


def clamp(value: float, low: float = 0.03, high: float = 0.97) -> float:
    return max(low, min(high, value))


def kecamatan_propensities(rng: random.Random, source: RegionSource) -> dict[str, float]:
    """Kecamatan code -> propensity: evenly spread over :data:`KECAMATAN_BAND` in a shuffled order."""
    result: dict[str, float] = {}
    for kabupaten_kota in source.at_level("kabupaten_kota"):
        base = KABUPATEN_KOTA_LEVEL.get(kabupaten_kota.kind or "", 0.55)
        kecamatan = source.children(kabupaten_kota.code)
        low, high = KECAMATAN_BAND
        steps = max(1, len(kecamatan) - 1)
        offsets = [low + (high - low) * i / steps for i in range(len(kecamatan))]
        rng.shuffle(offsets)
        for region, offset in zip(kecamatan, offsets, strict=True):
            result[region.code] = clamp(base + offset)
    return result


def village_propensities(rng: random.Random, source: RegionSource, kecamatan: dict[str, float]) -> dict[str, float]:
    """Desa/kelurahan code -> propensity, scattered around its kecamatan's."""
    return {
        village.code: clamp(kecamatan.get(village.parent_code or "", 0.5) + rng.gauss(0.0, DESA_SPREAD))
        for village in source.at_level("desa_kelurahan")
    }


def posyandu_propensity(rng: random.Random, village: float) -> float:
    """One Posyandu's propensity, scattered around its desa/kelurahan's."""
    return clamp(village + rng.gauss(0.0, POSYANDU_SPREAD), 0.01, 0.99)
