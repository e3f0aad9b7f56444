"""Assemble the whole sample: every contract table's rows, generated from a region source and a seed.

The steps are separate functions so that a larger area (a later ``--size`` option) only needs a
different :class:`~sample_data.regions.RegionSource`: propensities per region, then a plan per
Posyandu, then each Posyandu's kader, reports and funding, then region-level facts, then the dirt.
Every random draw comes from a generator seeded with the seed and a stable name (a region code or a
Posyandu id), so the content never depends on today's date, on hash or set order, or on the order
in which other parts were generated.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from sample_data.dirty import DirtyRow, soil
from sample_data.funding import funding_for
from sample_data.governance import regulation_rows, renstra_target_rows, tim_pembina_rows
from sample_data.indicators import IndicatorRecord, read_indicators
from sample_data.kader import kader_for
from sample_data.places import geometry_from_geojson
from sample_data.posyandu import PosyanduPlan, plan_village
from sample_data.propensity import kecamatan_propensities, village_propensities
from sample_data.regions import RegionRecord, RegionSource
from sample_data.services import reports_for

TABLE_ORDER = (
    "region",
    "region_boundary",
    "indicator",
    "posyandu",
    "tim_pembina",
    "kader",
    "training",
    "service_report",
    "partnership",
    "budget",
    "regulation",
    "renstra_target",
)
PILOT_VILLAGES_PER_KABUPATEN_KOTA = 2

Rows = list[dict[str, object]]


@dataclass
class SampleDataset:
    """The rows of every table (in :data:`TABLE_ORDER`), the pilot Posyandu and the dirt log."""

    tables: dict[str, Rows]
    pilot_posyandu: list[int] = field(default_factory=list)
    dirty: list[DirtyRow] = field(default_factory=list)


def region_propensities(source: RegionSource, seed: int) -> dict[str, float]:
    """Kecamatan and desa/kelurahan code -> propensity (see :mod:`sample_data.propensity`)."""
    rng = random.Random(f"{seed}/propensity")
    kecamatan = kecamatan_propensities(rng, source)
    return {**kecamatan, **village_propensities(rng, source, kecamatan)}


def pilot_villages(source: RegionSource, propensity: dict[str, float]) -> set[str]:
    """In each kab/kota, the desa/kelurahan furthest along host the six-bidang pilots."""
    pilots: set[str] = set()
    by_kabupaten_kota: dict[str, list[RegionRecord]] = {}
    for village in source.at_level("desa_kelurahan"):
        if village.code in source.boundaries:
            by_kabupaten_kota.setdefault(village.kabupaten_kota_code or "", []).append(village)
    for kabupaten_kota in source.at_level("kabupaten_kota"):
        own = by_kabupaten_kota.get(kabupaten_kota.code, [])
        own.sort(key=lambda v: (-propensity[v.code], v.code))
        pilots.update(v.code for v in own[:PILOT_VILLAGES_PER_KABUPATEN_KOTA])
    return pilots


def plan_posyandu(source: RegionSource, seed: int, propensity: dict[str, float]) -> list[PosyanduPlan]:
    """Every Posyandu of the area, village by village in code order, ids from 1."""
    pilots = pilot_villages(source, propensity)
    plans: list[PosyanduPlan] = []
    for village in source.at_level("desa_kelurahan"):
        low, high = source.village_range(village)
        count = random.Random(f"{seed}/count/{village.code}").randint(low, high)
        boundary = source.boundaries.get(village.code)
        plans += plan_village(
            seed=seed,
            village=village,
            village_propensity=propensity[village.code],
            count=count,
            first_id=len(plans) + 1,
            geometry=geometry_from_geojson(boundary) if boundary else None,
            pilot_count=1 if village.code in pilots else 0,
        )
    return plans


def posyandu_tables(plans: list[PosyanduPlan], seed: int, indicators: tuple[IndicatorRecord, ...]) -> dict[str, Rows]:
    """The per-Posyandu tables: posyandu, kader, training, service_report, partnership, budget."""
    tables: dict[str, Rows] = {
        name: [] for name in ("posyandu", "kader", "training", "service_report", "partnership", "budget")
    }
    for plan in plans:
        tables["posyandu"].append(plan.row)
        people = kader_for(
            plan, seed=seed, first_kader_id=len(tables["kader"]) + 1, first_training_id=len(tables["training"]) + 1
        )
        tables["kader"] += people.kader
        tables["training"] += people.training
        tables["service_report"] += reports_for(plan, seed=seed, indicators=indicators)
        funding = funding_for(plan, seed=seed, first_partnership_id=len(tables["partnership"]) + 1)
        tables["partnership"] += funding.partnership
        tables["budget"] += funding.budget
    return tables


def generate_dataset(source: RegionSource, *, seed: int, dirty: bool = True) -> SampleDataset:
    """The whole sample for ``source``; ``dirty=False`` leaves out the deliberate dirt."""
    indicators = read_indicators()
    propensity = region_propensities(source, seed)
    plans = plan_posyandu(source, seed, propensity)
    per_posyandu = posyandu_tables(plans, seed, indicators)
    tables: dict[str, Rows] = {
        "region": [region.as_row() for region in sorted(source.regions, key=lambda r: r.code)],
        "region_boundary": [
            {"region_code": code, "geojson": source.boundaries[code]} for code in sorted(source.boundaries)
        ],
        "indicator": [indicator.as_row() for indicator in indicators],
        **per_posyandu,
        "tim_pembina": tim_pembina_rows(seed=seed, source=source, propensity=propensity),
        "regulation": regulation_rows(source=source),
        "renstra_target": renstra_target_rows(seed=seed, source=source),
    }
    dataset = SampleDataset(
        tables={name: tables[name] for name in TABLE_ORDER},
        pilot_posyandu=[plan.id for plan in plans if plan.pilot],
    )
    if dirty:
        dataset.dirty = soil(dataset.tables, seed=seed, protected_posyandu=dataset.pilot_posyandu)
    return dataset
