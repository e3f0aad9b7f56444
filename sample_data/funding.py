"""Partnerships (Renstra SS4) and yearly budgets by source (SS6), per Posyandu.

Desa Posyandu live mostly on APBDes, kelurahan Posyandu (no village budget of their own) on APBD;
community swadaya is common everywhere, CSR mostly in cities. Budgets grow most years -- the
Renstra counts the Posyandu whose budget went up -- but not always.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from sample_data.posyandu import PosyanduPlan
from sample_data.timeline import DATA_END, adoption_date, iso

BUDGET_YEARS = (2023, 2024, 2025, 2026)
MIN_AMOUNT = 2_500_000
MAX_AMOUNT = 25_000_000

PARTNERS: dict[str, tuple[str | None, ...]] = {
    "lsm": ("LSM Peduli Gizi Anak", "Yayasan Pemberdayaan Perempuan dan Anak", "LSM Lingkungan Sehat"),
    "perguruan_tinggi": (
        "KKN Tematik Perguruan Tinggi",
        "Pengabdian Masyarakat Fakultas Kesehatan",
        "Poltekkes (praktik lapangan)",
    ),
    "csr": ("CSR Perusahaan Kawasan Industri", "CSR Perbankan Daerah", "CSR Perusahaan Perkebunan"),
    "lembaga_keagamaan": ("Majelis Taklim", "Remaja Masjid", "Persekutuan Gereja Jemaat Setempat"),
    "ormas": ("Aisyiyah Ranting", "Muslimat NU Ranting", "Pramuka Saka Bakti Husada"),
    "lainnya": ("Paguyuban Warga", "Koperasi Warga", None),
}
PARTNER_WEIGHTS = {"lsm": 14, "perguruan_tinggi": 18, "csr": 14, "lembaga_keagamaan": 24, "ormas": 20, "lainnya": 10}


@dataclass
class FundingRows:
    partnership: list[dict[str, object]] = field(default_factory=list)
    budget: list[dict[str, object]] = field(default_factory=list)


def funding_for(plan: PosyanduPlan, *, seed: int, first_partnership_id: int) -> FundingRows:
    rng = random.Random(f"{seed}/funding/{plan.id}")
    out = FundingRows()
    out.partnership = partnerships_of(rng, plan, first_partnership_id)
    out.budget = budgets_of(rng, plan)
    return out


def partnerships_of(rng: random.Random, plan: PosyanduPlan, first_id: int) -> list[dict[str, object]]:
    """None, one or two partnerships; some ended after a year or so."""
    q = plan.propensity
    count = 0
    if rng.random() < 0.20 + 0.55 * q:
        count = 2 if rng.random() < 0.25 else 1
    rows: list[dict[str, object]] = []
    for n in range(count):
        started = adoption_date(rng, centre=2026.2 - 1.6 * q + 0.4 * n, spread=0.7, earliest=2022.0)
        if started is None:
            continue
        partner_type = rng.choices(list(PARTNER_WEIGHTS), list(PARTNER_WEIGHTS.values()))[0]
        ended = None
        if rng.random() < 0.3:
            end = started + dt.timedelta(days=rng.randint(150, 540))
            ended = end if end <= DATA_END else None
        rows.append(
            {
                "id": first_id + len(rows),
                "posyandu_id": plan.id,
                "partner_type": partner_type,
                "partner_name": rng.choice(PARTNERS[partner_type]),
                "started_on": iso(started),
                "ended_on": iso(ended),
            }
        )
    return rows


def _rupiah(value: float) -> int:
    """Rounded to Rp 50.000 and kept within the sample's 2,5-25 juta range."""
    return int(min(MAX_AMOUNT, max(MIN_AMOUNT, round(value / 50_000) * 50_000)))


def budgets_of(rng: random.Random, plan: PosyanduPlan) -> list[dict[str, object]]:
    """Per year and source: the main public source every year, others some years."""
    desa = plan.village.kind == "desa"
    city = plan.village.kind == "kelurahan" and plan.kabupaten_kota_code in ("36.71", "36.73")
    sources: dict[str, tuple[float, float]] = {"apbdes" if desa else "apbd": (5_000_000, 16_000_000)}
    if rng.random() < 0.6:
        sources["swadaya"] = (2_500_000, 6_000_000)
    if rng.random() < (0.3 if city else 0.08) + 0.2 * plan.propensity:
        sources["csr"] = (5_000_000, 25_000_000)
    if desa and rng.random() < 0.2:
        sources["apbd"] = (3_000_000, 8_000_000)
    if rng.random() < 0.1:
        sources["apbn"] = (3_000_000, 10_000_000)
    if rng.random() < 0.1:
        sources["lainnya"] = (2_500_000, 5_000_000)
    first_year = max(BUDGET_YEARS[0], plan.established.year if plan.established else BUDGET_YEARS[0])
    main_source = next(iter(sources))
    rows = []
    for source, (low, high) in sources.items():
        amount = rng.uniform(low, high)
        main = source == main_source
        start = first_year if main else rng.choice([y for y in BUDGET_YEARS if y >= first_year] or [first_year])
        for year in BUDGET_YEARS:
            if year < start:
                continue
            if year > start:
                amount *= rng.gauss(1.02 + 0.06 * plan.propensity, 0.15)
            if not main and rng.random() < 0.15:
                continue  # a year without that source
            rows.append({"posyandu_id": plan.id, "year": year, "source": source, "amount": _rupiah(amount)})
    rows.sort(key=lambda row: (row["year"], row["source"]))
    return rows
