"""The indicator catalogue: the 26 rows of Renstra sasaran strategis 1 (``sample_data/indicators.csv``)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from sample_data import INDICATORS_CSV

BIDANG: tuple[str, ...] = (
    "pendidikan",
    "kesehatan",
    "pekerjaan_umum",
    "perumahan_rakyat",
    "trantibumlinmas",
    "sosial",
)


@dataclass(frozen=True)
class IndicatorRecord:
    code: str
    bidang: str
    name: str
    output: str
    unit: str

    def as_row(self) -> dict[str, object]:
        return {"code": self.code, "bidang": self.bidang, "name": self.name, "output": self.output, "unit": self.unit}


def read_indicators(path: Path = INDICATORS_CSV) -> tuple[IndicatorRecord, ...]:
    """Every indicator, in the file's order (grouped by bidang)."""
    with path.open(newline="", encoding="utf-8") as handle:
        return tuple(IndicatorRecord(**row) for row in csv.DictReader(handle))
