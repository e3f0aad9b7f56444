"""A few dirty rows of every kind the contract names, mixed into the clean sample.

SCHEMA.md says the shared database is written by many hands and the dashboard must survive its
dirt; METRICS.md says how each kind is counted on the data-quality page. The sample carries a
handful of each kind so that page has something to show and every page is exercised against it,
while the headline figures stay believable. Each soiled row is logged as a :class:`DirtyRow`;
``sample_data/README.md`` lists the kinds.

Rows are chosen deterministically (a seeded generator over sorted candidates), never from the
six-bidang pilot Posyandu, which guarantee that every indicator has data every month.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass

import shapely
from shapely.geometry import Polygon, mapping, shape

from sample_data.timeline import FUTURE_YEAR

Rows = list[dict[str, object]]
Tables = dict[str, Rows]

MISSING_POSYANDU_ID = 999_001
MISSING_KADER_ID = 9_999_001
MISSING_INDICATOR_CODES = ("KS09", "PD05")
UNKNOWN_KECAMATAN = "36.71.14"
"""Kota Tangerang has 13 kecamatan: a 14th is a typing slip."""
TEXT_VALUES = ("n/a", "-", "tidak ada")
"""What a kader types when there is nothing to report; SQLite keeps it, PostgreSQL cannot."""
REGION_OUTSIDE_SAMPLE = "36.74"
"""Kota Tangerang Selatan: real, but not in this sample's ``region`` table."""


@dataclass(frozen=True)
class DirtyRow:
    """One soiled or added row: what kind of dirt, in which table, which row."""

    kind: str
    table: str
    key: str


def future(value: object) -> str:
    """The same day in 2099 (a slipped year), or 15 January 2099 for an unknown date."""
    text = str(value).strip() if value else ""
    return f"{FUTURE_YEAR}{text[4:10]}" if len(text) >= 10 else f"{FUTURE_YEAR}-01-15"


class Soiler:
    """Applies each kind of dirt to ``tables`` in place and logs it."""

    def __init__(
        self,
        tables: Tables,
        *,
        seed: int,
        protected_posyandu: list[int],
        unknown_kecamatan: str = UNKNOWN_KECAMATAN,
        outside_region: str = REGION_OUTSIDE_SAMPLE,
    ) -> None:
        self.tables = tables
        self.unknown_kecamatan = unknown_kecamatan
        self.outside_region = outside_region
        self.rng = random.Random(f"{seed}/dirty")
        self.protected = set(protected_posyandu)
        self.touched: set[tuple[str, object]] = set()
        self.log: list[DirtyRow] = []
        self.region_codes = {row["code"] for row in tables["region"]}

    # --- helpers -----------------------------------------------------------------------------
    def note(self, kind: str, table: str, key: object) -> None:
        self.log.append(DirtyRow(kind=kind, table=table, key=str(key)))

    def pick(self, table: str, count: int, where: Callable[[dict[str, object]], bool]) -> Rows:
        """``count`` untouched rows of ``table`` matching ``where``, not of a protected Posyandu."""
        candidates = [
            row
            for row in self.tables[table]
            if where(row)
            and (table, _key(table, row)) not in self.touched
            and _posyandu_of(table, row) not in self.protected
        ]
        chosen = self.rng.sample(candidates, count)
        for row in chosen:
            self.touched.add((table, _key(table, row)))
        return chosen

    def next_id(self, table: str) -> int:
        return max(int(str(row["id"])) for row in self.tables[table]) + 1

    def add(self, kind: str, table: str, row: dict[str, object]) -> None:
        self.tables[table].append(row)
        self.note(kind, table, _key(table, row))

    def require_unknown(self, *codes: str) -> None:
        """Orphans must point at codes the source really lacks (a larger area might hold them)."""
        known = [code for code in codes if code in self.region_codes]
        if known:
            raise ValueError(f"region codes meant to be unknown exist in this source: {known}")

    def existing_posyandu(self) -> int:
        return int(str(self.pick("posyandu", 1, lambda row: row["active"] == 1)[0]["id"]))

    # --- the kinds ---------------------------------------------------------------------------
    def blank_numbers(self) -> None:
        for row, blank in zip(self.pick("posyandu", 3, _registered), ("", "   ", "\t"), strict=True):
            row["registration_number"] = blank
            self.note("blank registration number", "posyandu", row["id"])
        for row, blank in zip(self.pick("posyandu", 2, _with_sk), (" ", "\r\n"), strict=True):
            row["sk_number"] = blank
            self.note("blank SK number", "posyandu", row["id"])
        for row, blank in zip(self.pick("tim_pembina", 2, self._decreed_desa), ("", "  "), strict=True):
            row["sk_number"] = blank
            self.note("blank Tim Pembina SK number", "tim_pembina", row["id"])
        for row in self.pick("posyandu", 1, _with_sk):
            row["sk_date"] = ""
            self.note("blank SK date (an unknown date: the SK counts)", "posyandu", row["id"])

    def future_dates(self) -> None:
        for column, where in (("established_on", _established), ("registered_on", _registered), ("sk_date", _with_sk)):
            for row in self.pick("posyandu", 1, where):
                row[column] = future(row[column])
                self.note(f"future {column}", "posyandu", row["id"])
        for row in self.pick("tim_pembina", 1, self._decreed_desa):
            row["sk_date"] = future(row["sk_date"])
            self.note("future Tim Pembina sk_date", "tim_pembina", row["id"])
        for row in self.pick("kader", 1, lambda row: row["joined_on"] is not None):
            row["joined_on"] = future(row["joined_on"])
            self.note("future joined_on", "kader", row["id"])
        for row in self.pick("training", 1, lambda row: True):
            row["completed_on"] = future(row["completed_on"])
            self.note("future completed_on", "training", row["id"])
        posyandu_id = self.existing_posyandu()
        self.add(
            "future report period",
            "service_report",
            {"posyandu_id": posyandu_id, "period": f"{FUTURE_YEAR}-01-01", "indicator_code": "KS01", "value": 52},
        )

    def invalid_values(self) -> None:
        """Negative values (a slipped sign), nulls, and text -- the text only survives on SQLite."""
        reports = self.pick("service_report", 9, lambda row: isinstance(row["value"], (int, float)))
        for row in reports[:3]:
            row["value"] = -abs(row["value"]) or -1  # type: ignore[arg-type]
            self.note("negative service value", "service_report", _key("service_report", row))
        for row in reports[3:6]:
            row["value"] = None
            self.note("null service value", "service_report", _key("service_report", row))
        for row, value in zip(reports[6:], TEXT_VALUES, strict=True):
            row["value"] = value
            self.note("text service value (SQLite only)", "service_report", _key("service_report", row))

    def orphan_reports(self) -> None:
        for month, value in (("2025-03-01", 35), ("2025-04-01", 41)):
            self.add(
                "report of an unknown posyandu",
                "service_report",
                {"posyandu_id": MISSING_POSYANDU_ID, "period": month, "indicator_code": "KS01", "value": value},
            )
        for code, month, value in zip(MISSING_INDICATOR_CODES, ("2025-05-01", "2025-06-01"), (12, 3), strict=True):
            row = {"posyandu_id": self.existing_posyandu(), "period": month, "indicator_code": code, "value": value}
            self.add("report on an unknown indicator", "service_report", row)

    def orphan_rows(self) -> None:
        kader_id = self.next_id("kader")
        for n, role in enumerate(("kader", "ketua")):
            row = {
                "id": kader_id + n,
                "posyandu_id": MISSING_POSYANDU_ID + 1,
                "role": role,
                "bidang": None,
                "joined_on": "2024-02-10",
                "active": 1,
            }
            self.add("orphan kader", "kader", row)
        training_id = self.next_id("training")
        for n, kind in enumerate(("teknis_kesehatan", "manajerial")):
            row = {
                "id": training_id + n,
                "kader_id": MISSING_KADER_ID + n,
                "training_type": kind,
                "completed_on": "2025-07-21",
            }
            self.add("orphan training", "training", row)
        row = {
            "id": self.next_id("partnership"),
            "posyandu_id": MISSING_POSYANDU_ID + 2,
            "partner_type": "csr",
            "partner_name": "CSR Perbankan Daerah",
            "started_on": "2025-01-06",
            "ended_on": None,
        }
        self.add("orphan partnership", "partnership", row)
        for year in (2025, 2026):
            row = {"posyandu_id": MISSING_POSYANDU_ID + 2, "year": year, "source": "apbdes", "amount": 7_500_000}
            self.add("orphan budget", "budget", row)
        self.require_unknown(self.unknown_kecamatan, self.outside_region)
        row = {
            "id": self.next_id("tim_pembina"),
            "region_code": self.unknown_kecamatan,
            "sk_number": "400.5.1/12-Kec/2025",
            "sk_date": "2025-02-17",
        }
        self.add("orphan Tim Pembina", "tim_pembina", row)
        row = {
            "id": self.next_id("regulation"),
            "region_code": self.outside_region,
            "kind": "perkada",
            "number": "Peraturan Wali Kota Nomor 9 Tahun 2025",
            "issued_on": "2025-05-05",
        }
        self.add("orphan regulation", "regulation", row)
        for year, target in ((2025, 65), (2026, 75)):
            row = {"region_code": self.outside_region, "year": year, "metric": "registered_pct", "target": target}
            self.add("orphan Renstra target", "renstra_target", row)

    def unplaced_posyandu(self) -> None:
        on_kecamatan, on_unknown = self.pick("posyandu", 2, lambda row: row["active"] == 1)
        on_kecamatan["region_code"] = str(on_kecamatan["region_code"]).rsplit(".", 1)[0]
        self.note("posyandu on a kecamatan", "posyandu", on_kecamatan["id"])
        kecamatan = str(on_unknown["region_code"]).rsplit(".", 1)[0]
        unknown = f"{kecamatan}.2099"
        self.require_unknown(unknown)
        on_unknown["region_code"] = unknown
        self.note("posyandu on an unknown region", "posyandu", on_unknown["id"])

    def invalid_targets(self) -> None:
        with_targets = {row["region_code"] for row in self.tables["renstra_target"]}
        kecamatan = sorted(
            str(code) for code in self.region_codes if str(code).count(".") == 2 and code not in with_targets
        )[0]
        for year, metric, target in ((2026, "registered_pct", 120), (2026, "sk_pct", -10)):
            self.add(
                "target outside 0-100",
                "renstra_target",
                {"region_code": kecamatan, "year": year, "metric": metric, "target": target},
            )
        kabupaten_kota = sorted(str(code) for code in with_targets if str(code).count(".") == 1)[0]
        self.add(
            "target on a non-percentage metric",
            "renstra_target",
            {"region_code": kabupaten_kota, "year": 2025, "metric": "posyandu_total", "target": 1000},
        )

    def invalid_partnerships(self) -> None:
        first = self.next_id("partnership")
        for n, (started, ended) in enumerate((("2025-08-01", "2025-02-01"), ("2026-03-15", "2024-03-15"))):
            row = {
                "id": first + n,
                "posyandu_id": self.existing_posyandu(),
                "partner_type": "lsm",
                "partner_name": "LSM Peduli Gizi Anak",
                "started_on": started,
                "ended_on": ended,
            }
            self.add("partnership ending before it starts", "partnership", row)

    def boundaries(self) -> None:
        """One desa without boundary, one self-intersecting, and a mis-coded region whose boundary is WKT."""
        boundaries = {row["region_code"]: row for row in self.tables["region_boundary"]}
        villages = sorted(
            str(row["code"])
            for row in self.tables["region"]
            if row["level"] == "desa_kelurahan" and row["code"] in boundaries
        )
        withheld, crossed, miscoded = self.rng.sample(villages, 3)
        self.tables["region_boundary"].remove(boundaries[withheld])
        self.note("region without boundary", "region_boundary", withheld)

        boundaries[crossed]["geojson"] = json.dumps(
            self_intersecting(boundaries[crossed]["geojson"]), separators=(",", ":")
        )
        self.note("self-intersecting boundary", "region_boundary", crossed)

        original = next(row for row in self.tables["region"] if row["code"] == miscoded)
        wrong = {**original, "code": str(miscoded).replace(".", "")}
        self.tables["region"].append(wrong)
        self.note("code length disagrees with level", "region", wrong["code"])
        wkt = shapely.to_wkt(shape(json.loads(str(boundaries[miscoded]["geojson"]))), rounding_precision=5)
        self.add("boundary that is not JSON (WKT)", "region_boundary", {"region_code": wrong["code"], "geojson": wkt})

    def _decreed_desa(self, row: dict[str, object]) -> bool:
        return str(row["region_code"]).count(".") == 3 and _present(row["sk_number"]) and row["sk_date"] is not None


def self_intersecting(geojson: object) -> dict[str, object]:
    """The polygon with two neighbouring vertices swapped -- a digitising slip that makes it a bow-tie."""
    geometry = shape(json.loads(str(geojson)))
    polygon = geometry if isinstance(geometry, Polygon) else max(geometry.geoms, key=lambda part: part.area)
    ring = list(polygon.exterior.coords)[:-1]
    for i in range(1, len(ring) - 1):
        swapped = ring[:i] + [ring[i + 1], ring[i]] + ring[i + 2 :]
        candidate = Polygon(swapped + [swapped[0]])
        if not candidate.is_valid:
            return dict(mapping(candidate))
    low_x, low_y, high_x, high_y = polygon.bounds
    return dict(mapping(Polygon([(low_x, low_y), (high_x, high_y), (high_x, low_y), (low_x, high_y)])))


def _key(table: str, row: dict[str, object]) -> object:
    if table == "service_report":
        return f"{row['posyandu_id']} {row['period']} {row['indicator_code']}"
    if table == "budget":
        return f"{row['posyandu_id']} {row['year']} {row['source']}"
    if table == "renstra_target":
        return f"{row['region_code']} {row['year']} {row['metric']}"
    if table in ("region", "region_boundary"):
        return row.get("code", row.get("region_code"))
    return row["id"]


def _posyandu_of(table: str, row: dict[str, object]) -> object:
    return row["id"] if table == "posyandu" else row.get("posyandu_id")


def _present(value: object) -> bool:
    return value is not None and str(value).strip() != ""


def _registered(row: dict[str, object]) -> bool:
    return _present(row["registration_number"]) and row["registered_on"] is not None and row["active"] == 1


def _with_sk(row: dict[str, object]) -> bool:
    return _present(row["sk_number"]) and row["sk_date"] is not None and row["active"] == 1


def _established(row: dict[str, object]) -> bool:
    return row["established_on"] is not None and row["active"] == 1


def soil(
    tables: Tables,
    *,
    seed: int,
    protected_posyandu: list[int],
    unknown_kecamatan: str = UNKNOWN_KECAMATAN,
    outside_region: str = REGION_OUTSIDE_SAMPLE,
) -> list[DirtyRow]:
    """Mix every kind of dirt into ``tables`` (in place); returns the log of soiled rows.

    ``unknown_kecamatan`` and ``outside_region`` are the codes the orphan rows point at; a larger
    area that holds the defaults (the whole country holds ``36.74``) passes codes it lacks.
    """
    soiler = Soiler(
        tables,
        seed=seed,
        protected_posyandu=protected_posyandu,
        unknown_kecamatan=unknown_kecamatan,
        outside_region=outside_region,
    )
    soiler.blank_numbers()
    soiler.future_dates()
    soiler.invalid_values()
    soiler.orphan_reports()
    soiler.orphan_rows()
    soiler.unplaced_posyandu()
    soiler.invalid_targets()
    soiler.invalid_partnerships()
    soiler.boundaries()
    return soiler.log


def soil_chunk(tables: Tables, *, seed: int, chunk: int, protected: set[int]) -> list[DirtyRow]:
    """A little row-level dirt in one chunk of Posyandu of a scale build (``sample_data/scale.py``).

    :func:`soil` runs once per database and adds a handful of each kind; a national database of
    300,000 Posyandu would then hold dirt at a rate no real one has. So each written chunk (2,000
    Posyandu) also gets one blank registration and SK number, one future founding and joining date,
    one negative and one null service value and one Posyandu placed on its kecamatan. Each chunk
    draws from its own generator, so the dirt does not depend on how many chunks came before.
    """
    soiler = Soiler({**tables, "region": []}, seed=seed, protected_posyandu=sorted(protected))
    soiler.rng = random.Random(f"{seed}/dirty/chunk/{chunk}")
    for kind, column, where, value in (
        ("blank registration number", "registration_number", _registered, " "),
        ("blank SK number", "sk_number", _with_sk, ""),
    ):
        for row in soiler.pick("posyandu", 1, where):
            row[column] = value
            soiler.note(kind, "posyandu", row["id"])
    for row in soiler.pick("posyandu", 1, _established):
        row["established_on"] = future(row["established_on"])
        soiler.note("future established_on", "posyandu", row["id"])
    for row in soiler.pick("kader", 1, lambda row: row["joined_on"] is not None):
        row["joined_on"] = future(row["joined_on"])
        soiler.note("future joined_on", "kader", row["id"])
    negative, null = soiler.pick("service_report", 2, lambda row: isinstance(row["value"], (int, float)))
    negative["value"] = -abs(negative["value"]) or -1  # type: ignore[arg-type]
    soiler.note("negative service value", "service_report", _key("service_report", negative))
    null["value"] = None
    soiler.note("null service value", "service_report", _key("service_report", null))
    for row in soiler.pick("posyandu", 1, lambda row: row["active"] == 1):
        row["region_code"] = str(row["region_code"]).rsplit(".", 1)[0]
        soiler.note("posyandu on a kecamatan", "posyandu", row["id"])
    return soiler.log
