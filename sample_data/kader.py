"""Kader and their trainings, per Posyandu.

The seeds' ideal board is a ketua, sekretaris, bendahara and a ketua for each of the six bidang,
with 15 or more people; with only about five kader, bidang are merged. So most Posyandu get 8-20
kader, a realistic minority fewer than 5 (those never have a complete board), and the six
ketua_bidang appear more often where the Posyandu is further along. Trainings run 2023-2026 and
become more frequent each year, earlier where the Posyandu's propensity is higher.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from sample_data.indicators import BIDANG
from sample_data.posyandu import PosyanduPlan
from sample_data.timeline import DATA_END, adoption_date, iso, random_date

TECHNICAL_TRAININGS = (
    ("teknis_kesehatan", 40),
    ("administrasi_pelaporan", 16),
    ("teknis_pendidikan", 9),
    ("teknis_sosial", 9),
    ("teknis_trantibumlinmas", 9),
    ("teknis_pekerjaan_umum", 9),
    ("teknis_perumahan_rakyat", 8),
)
"""Training type and relative weight: kesehatan still dominates, as the Posyandu's old core."""
MANAGERIAL_TRAINING = "manajerial"
FIRST_TRAINING_YEAR = 2023.0


@dataclass
class KaderRows:
    kader: list[dict[str, object]] = field(default_factory=list)
    training: list[dict[str, object]] = field(default_factory=list)


def kader_count(rng: random.Random) -> int:
    """Mostly 8-20 (typically 10-13), some 5-7, and a minority of 2-4."""
    draw = rng.random()
    if draw < 0.07:
        return rng.randint(2, 4)
    if draw < 0.17:
        return rng.randint(5, 7)
    return round(rng.triangular(8, 20, 11))


def board_roles(rng: random.Random, count: int, propensity: float) -> list[tuple[str, str | None]]:
    """(role, bidang) for each of ``count`` kader: the board first, then ordinary kader."""
    board: list[tuple[str, str | None]] = [("ketua", None), ("sekretaris", None), ("bendahara", None)]
    roles = board[:count]
    remaining = count - len(roles)
    if remaining > 0 and count >= 5:
        full_board = count >= 9 and rng.random() < 0.30 + 0.60 * propensity
        bidang_heads = list(BIDANG) if full_board else rng.sample(BIDANG, min(remaining, rng.randint(1, 4)))
        bidang_heads = bidang_heads[:remaining]
        roles += [("ketua_bidang", bidang) for bidang in sorted(bidang_heads, key=BIDANG.index)]
    while len(roles) < count:
        roles.append(("kader", rng.choice(BIDANG) if rng.random() < 0.35 else None))
    return roles


def joined_on(rng: random.Random, plan: PosyanduPlan) -> dt.date | None:
    """When a kader joined: after the Posyandu's founding, often recently; some unknown."""
    if rng.random() < 0.06:
        return None
    first = max(dt.date(2005, 1, 1), plan.established or dt.date(2005, 1, 1))
    if first > DATA_END:
        return None
    if rng.random() < 0.5:
        first = max(first, dt.date(2020, 1, 1))
    return random_date(rng, min(first, DATA_END), DATA_END)


def kader_for(plan: PosyanduPlan, *, seed: int, first_kader_id: int, first_training_id: int) -> KaderRows:
    """The kader of one Posyandu and their trainings, with ids counted up from the given firsts."""
    rng = random.Random(f"{seed}/kader/{plan.id}")
    q = plan.propensity
    out = KaderRows()
    training_id = first_training_id
    for offset, (role, bidang) in enumerate(board_roles(rng, kader_count(rng), q)):
        kader_id = first_kader_id + offset
        out.kader.append(
            {
                "id": kader_id,
                "posyandu_id": plan.id,
                "role": role,
                "bidang": bidang,
                "joined_on": iso(joined_on(rng, plan)),
                "active": int(rng.random() > 0.06),
            }
        )
        for training_type, completed in trainings_of(rng, role, bidang, q):
            out.training.append(
                {
                    "id": training_id,
                    "kader_id": kader_id,
                    "training_type": training_type,
                    "completed_on": iso(completed),
                }
            )
            training_id += 1
    return out


def trainings_of(rng: random.Random, role: str, bidang: str | None, q: float) -> list[tuple[str, dt.date]]:
    """A kader's trainings: technical ones for anyone, managerial for the board."""
    done: list[tuple[str, dt.date]] = []
    if rng.random() > 0.12 * (1 - q):
        first = adoption_date(rng, centre=2027.1 - 1.9 * q, spread=1.0, earliest=FIRST_TRAINING_YEAR)
        if first is not None:
            done.append((_technical_type(rng, bidang), first))
            if rng.random() < 0.3 and first + dt.timedelta(days=60) < DATA_END:
                later = random_date(rng, first + dt.timedelta(days=60), DATA_END)
                done.append((_technical_type(rng, None), later))
    if role != "kader" and rng.random() > 0.25 * (1 - q):
        managerial = adoption_date(rng, centre=2027.2 - 1.7 * q, spread=0.9, earliest=FIRST_TRAINING_YEAR)
        if managerial is not None:
            done.append((MANAGERIAL_TRAINING, managerial))
    return done


def _technical_type(rng: random.Random, bidang: str | None) -> str:
    """A specialised kader trains in their own bidang; others mostly in kesehatan or reporting."""
    if bidang is not None and rng.random() < 0.7:
        return f"teknis_{bidang}"
    names = [name for name, _ in TECHNICAL_TRAININGS]
    weights = [weight for _, weight in TECHNICAL_TRAININGS]
    return rng.choices(names, weights)[0]
