"""The Posyandu of one desa/kelurahan: names, RW/RT, map points, dates, flags and its six-bidang start.

Each Posyandu is planned once (:class:`PosyanduPlan`) and the other generators -- kader, reports,
funding -- read the plan, so that a Posyandu that is far along is far along everywhere: registered
early, trained kader, all six bidang reported, a partnership, a growing budget.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from shapely.geometry.base import BaseGeometry

from sample_data.indicators import BIDANG
from sample_data.places import points_inside
from sample_data.propensity import posyandu_propensity
from sample_data.regions import RegionRecord
from sample_data.timeline import FIRST_REPORT_MONTH, adoption_date, iso, random_date

NAMES_JAVA = (
    "Melati",
    "Mawar",
    "Anggrek",
    "Kenanga",
    "Dahlia",
    "Flamboyan",
    "Cempaka",
    "Teratai",
    "Seruni",
    "Kamboja",
    "Bougenville",
    "Asoka",
    "Nusa Indah",
    "Matahari",
    "Delima",
    "Sedap Malam",
    "Alamanda",
    "Soka",
    "Tanjung",
    "Wijaya Kusuma",
    "Kemuning",
    "Bakung",
    "Menur",
    "Kantil",
)
NAMES_KALIMANTAN = (
    "Handep Hapakat",
    "Bungas",
    "Harapan Bunda",
    "Tunas Harapan",
    "Betang",
    "Sei Kapuas",
    "Anggrek Hitam",
    "Kasih Ibu",
    "Permata Hati",
    "Mawar",
    "Melati",
    "Teratai",
    "Cempaka",
    "Murung",
    "Pantai Indah",
    "Tingang",
    "Batang Garing",
    "Sinar Harapan",
)
KALIMANTAN_PROVINCES = ("62",)

BIDANG_OFFSET = {
    "kesehatan": 0.0,
    "sosial": -0.15,
    "pendidikan": -0.10,
    "trantibumlinmas": 0.05,
    "pekerjaan_umum": 0.10,
    "perumahan_rakyat": 0.20,
}
"""Services after kesehatan start in this order on average: sosial and pendidikan first, housing last."""


@dataclass
class PosyanduPlan:
    """One Posyandu: its ``posyandu`` row and what the other generators need to know about it."""

    id: int
    village: RegionRecord
    propensity: float
    size: float
    """Relative number of people served (1.0 = a typical city RW); scales report volumes."""
    established: dt.date | None
    inactive_since: dt.date | None
    bidang_since: dict[str, dt.date | None]
    """When the Posyandu began serving each bidang (None = not yet); kesehatan always."""
    pilot: bool = False
    """A six-bidang pilot: reports every indicator every month (so every indicator shows data)."""
    row: dict[str, object] = field(default_factory=dict)

    @property
    def kabupaten_kota_code(self) -> str:
        return self.village.kabupaten_kota_code or ""


def village_names(rng: random.Random, village: RegionRecord, count: int) -> list[str]:
    """Names as villages really give them: often one flower numbered per RW, else a few names."""
    pool = NAMES_KALIMANTAN if village.code.split(".")[0] in KALIMANTAN_PROVINCES else NAMES_JAVA
    if count == 1:
        return [f"Posyandu {rng.choice(pool)}"]
    if rng.random() < 0.55:
        base = rng.choice(pool)
        return [f"Posyandu {base} {n}" for n in range(1, count + 1)]
    bases = rng.sample(pool, min(count, len(pool), rng.randint(2, 4)))
    assigned = [bases[n % len(bases)] for n in range(count)]
    seen: dict[str, int] = {}
    names = []
    for base in assigned:
        seen[base] = seen.get(base, 0) + 1
        names.append(f"Posyandu {base} {seen[base]}" if assigned.count(base) > 1 else f"Posyandu {base}")
    return names


def village_locations(rng: random.Random, village: RegionRecord, count: int) -> list[str | None]:
    """RW labels in kelurahan (urban), RT or dusun labels in desa; a few left empty."""
    if village.kind == "kelurahan":
        numbers = sorted(rng.sample(range(1, max(count + 4, 16)), count))
        labels = [f"RW {n:02d}" for n in numbers]
    else:
        numbers = sorted(rng.sample(range(1, max(count + 3, 9)), count))
        labels = [f"RT {n:02d}" if rng.random() < 0.6 else f"Dusun {_roman(n)}" for n in numbers]
    return [None if rng.random() < 0.05 else label for label in labels]


def _roman(n: int) -> str:
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for value, letters in numerals:
        while n >= value:
            out += letters
            n -= value
    return out


def established_on(rng: random.Random, pilot: bool) -> dt.date | None:
    """Most Posyandu date from the 1986 start of the programme to the 2010s; a few are new."""
    draw = rng.random()
    if draw < 0.05 and not pilot:
        return None
    if draw < 0.09 and not pilot:
        return random_date(rng, dt.date(2024, 1, 1), dt.date(2026, 6, 30))
    if draw < 0.45:
        return random_date(rng, dt.date(1986, 1, 1), dt.date(1999, 12, 31))
    return random_date(rng, dt.date(2000, 1, 1), dt.date(2023, 12, 31))


def registration_number(village: RegionRecord, sequence: int) -> str:
    """A DPMD registration number (format invented: the Kepmendagri's own is not public here)."""
    return f"POS.{village.code.replace('.', '')}.{sequence:03d}"


def sk_number(rng: random.Random, village: RegionRecord, year: int) -> str:
    """The SK kepengurusan: a Lurah's keputusan in a kelurahan, a Kepala Desa's in a desa."""
    if village.kind == "kelurahan":
        return f"400.5.1/Kep.{rng.randint(1, 120)}-Kel.{village.name.replace(' ', '')}/{year}"
    return f"141/{rng.randint(1, 40):02d}/SK-KADES/{year}"


def plan_village(
    *,
    seed: int,
    village: RegionRecord,
    village_propensity: float,
    count: int,
    first_id: int,
    geometry: BaseGeometry | None,
    pilot_count: int = 0,
) -> list[PosyanduPlan]:
    """Plan the ``count`` Posyandu of one desa/kelurahan, with ids from ``first_id``.

    The first ``pilot_count`` of them are six-bidang pilots (established, active, every bidang
    served since before 2024).
    """
    rng = random.Random(f"{seed}/village/{village.code}")
    names = village_names(rng, village, count)
    locations = village_locations(rng, village, count)
    points: list[tuple[float, float] | None] = list(points_inside(rng, geometry, count)) if geometry else [None] * count
    urban = village.kind == "kelurahan"
    plans = []
    for index in range(count):
        pilot = index < pilot_count
        plans.append(
            _plan_one(
                rng=random.Random(f"{seed}/posyandu/{village.code}/{index}"),
                posyandu_id=first_id + index,
                village=village,
                village_propensity=village_propensity,
                name=names[index],
                location=locations[index],
                point=None if rng.random() < 0.04 and not pilot else points[index],
                urban=urban,
                sequence=index + 1,
                pilot=pilot,
            )
        )
    return plans


def _plan_one(
    *,
    rng: random.Random,
    posyandu_id: int,
    village: RegionRecord,
    village_propensity: float,
    name: str,
    location: str | None,
    point: tuple[float, float] | None,
    urban: bool,
    sequence: int,
    pilot: bool,
) -> PosyanduPlan:
    q = max(0.9, village_propensity) if pilot else posyandu_propensity(rng, village_propensity)
    established = established_on(rng, pilot)
    earliest_fact = 2019.0 if established is None else max(2019.0, established.year + 0.5)

    registered = adoption_date(rng, centre=2027.25 - 1.8 * q, spread=0.95, earliest=max(2024.5, earliest_fact))
    if rng.random() < 0.10 * (1 - q):
        registered = None  # some never come to the DPMD desk
    sk_date = adoption_date(rng, centre=2026.75 - 1.8 * q, spread=1.9, earliest=earliest_fact)
    if rng.random() < 0.08 * (1 - q):
        sk_date = None

    active = pilot or rng.random() > 0.03
    inactive_since = None if active else random_date(rng, dt.date(2024, 3, 1), dt.date(2026, 8, 31))

    shift = rng.gauss(0.0, 0.3)  # a Posyandu transforms as a whole, not bidang by bidang at random
    bidang_since: dict[str, dt.date | None] = {}
    for bidang in BIDANG:
        if bidang == "kesehatan" or pilot:
            bidang_since[bidang] = dt.date(2023, 1, 1)
            continue
        centre = 2027.25 - 1.9 * q + BIDANG_OFFSET[bidang] + shift
        bidang_since[bidang] = adoption_date(rng, centre=centre, spread=0.3, earliest=2023.0)

    size = rng.lognormvariate(0.15, 0.3) if urban else rng.lognormvariate(-0.45, 0.35)
    row: dict[str, object] = {
        "id": posyandu_id,
        "region_code": village.code,
        "name": name,
        "location": location,
        "established_on": iso(established),
        "registration_number": registration_number(village, sequence) if registered else None,
        "registered_on": iso(registered),
        "sk_number": sk_number(rng, village, sk_date.year) if sk_date else None,
        "sk_date": iso(sk_date),
        "has_secretariat": int(rng.random() < 0.25 + 0.6 * q),
        "admin_complete": int(rng.random() < 0.20 + 0.6 * q),
        "sarpras_complete": int(rng.random() < 0.15 + 0.55 * q),
        "active": int(active),
        "latitude": point[0] if point else None,
        "longitude": point[1] if point else None,
    }
    return PosyanduPlan(
        id=posyandu_id,
        village=village,
        propensity=q,
        size=size,
        established=established,
        inactive_since=inactive_since,
        bidang_since=bidang_since,
        pilot=pilot,
        row=row,
    )


def reporting_start(plan: PosyanduPlan) -> dt.date:
    """The first month a Posyandu reports: January 2024, or the month it was established if later."""
    if plan.established is None or plan.established < FIRST_REPORT_MONTH:
        return FIRST_REPORT_MONTH
    return plan.established.replace(day=1)
