"""Property-based: random mixes of the contract's dirty cases never raise, and the figures keep
their invariants (percentages within 0-100 or null, counts additive over child regions).

SQLite only (as the developers' guide allows for property tests); a fixed seed and a capped
number of examples keep the run short and repeatable.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine

from data_access import PERCENT_METRICS, compute_metrics, data_quality, get_engine, resolve_scope
from data_access.gaps import posyandu_gaps
from data_access.loader import load_dataset

TODAY = dt.date(2026, 11, 23)
DESA = [f"19.0{k}.0{c}.200{d}" for k in (1, 2) for c in (1, 2) for d in (1, 2)]
KECAMATAN = sorted({code.rsplit(".", 1)[0] for code in DESA})
KABUPATEN = ["19.01", "19.02"]
REGIONS = (
    [{"code": "19", "name": "Prov", "level": "provinsi", "parent_code": None, "kind": None}]
    + [{"code": c, "name": c, "level": "kabupaten_kota", "parent_code": "19", "kind": "kabupaten"} for c in KABUPATEN]
    + [{"code": c, "name": c, "level": "kecamatan", "parent_code": c[:5], "kind": None} for c in KECAMATAN]
    + [{"code": c, "name": c, "level": "desa_kelurahan", "parent_code": c[:8], "kind": "desa"} for c in DESA]
)
INDICATORS = [
    {"code": f"I{n}", "bidang": bidang, "name": bidang, "output": bidang, "unit": "Orang"}
    for n, bidang in enumerate(
        ["pendidikan", "kesehatan", "pekerjaan_umum", "perumahan_rakyat", "trantibumlinmas", "sosial", "lainnya"]
    )
]

texts = st.sampled_from([None, "", "   ", "\t\r\n", "REG-1", "SK/2"])
dates = st.sampled_from([None, "", " ", "2023-02-01", "2024-05-01", "2025-06-30", "2025-12-31", "2099-01-01", "n/a"])
booleans = st.sampled_from([0, 1, 1, 2, "yes"])
values = st.sampled_from([None, -1, 0, 2.5, 10, "n/a"])
# Columns the contract declares NOT NULL still get dirt, just never a NULL.
required_dates = st.sampled_from(["", " ", "2023-02-01", "2024-05-01", "2025-06-30", "2099-01-01", "n/a"])
required_values = st.sampled_from([-1, 0, 2.5, 10, 150, "n/a"])
periods = st.sampled_from(["2024-01-01", "2025-03-01", "2025-06-01", "2025-12-01", "2099-01-01"])
places = st.sampled_from(DESA + KECAMATAN + ["19.09.09.9999"])


@st.composite
def dirty_databases(draw: st.DrawFn) -> dict[str, list[dict[str, object]]]:
    posyandu_count = draw(st.integers(min_value=0, max_value=12))
    posyandu = [
        {
            "id": i,
            "region_code": draw(places),
            "name": f"P{i}",
            "location": None,
            "established_on": draw(dates),
            "registration_number": draw(texts),
            "registered_on": draw(dates),
            "sk_number": draw(texts),
            "sk_date": draw(dates),
            "has_secretariat": draw(booleans),
            "admin_complete": draw(booleans),
            "sarpras_complete": draw(booleans),
            "active": draw(booleans),
            "latitude": None,
            "longitude": None,
        }
        for i in range(1, posyandu_count + 1)
    ]
    ids = st.integers(min_value=1, max_value=posyandu_count + 2)  # may point at no posyandu
    roles = st.sampled_from(["ketua", "sekretaris", "bendahara", "ketua_bidang", "kader", "anggota"])
    bidang = st.sampled_from([None, "pendidikan", "kesehatan", "sosial", "trantibumlinmas", "xx"])
    kader = [
        {
            "id": k,
            "posyandu_id": draw(ids),
            "role": draw(roles),
            "bidang": draw(bidang),
            "joined_on": draw(dates),
            "active": draw(booleans),
        }
        for k in range(1, draw(st.integers(0, 30)) + 1)
    ]
    training_types = st.sampled_from(["teknis_kesehatan", "administrasi_pelaporan", "manajerial", "lainnya"])
    training = [
        {
            "id": t,
            "kader_id": draw(st.integers(1, len(kader) + 2)),
            "training_type": draw(training_types),
            "completed_on": draw(required_dates),
        }
        for t in range(1, draw(st.integers(0, 20)) + 1)
    ]
    reports = {}
    for _ in range(draw(st.integers(0, 60))):
        key = (draw(ids), draw(periods), draw(st.sampled_from([i["code"] for i in INDICATORS] + ["ZZ"])))
        reports[key] = {"posyandu_id": key[0], "period": key[1], "indicator_code": key[2], "value": draw(values)}
    return {
        "region": REGIONS,
        "region_boundary": [],
        "indicator": INDICATORS,
        "posyandu": posyandu,
        "kader": kader,
        "training": training,
        "service_report": list(reports.values()),
        "tim_pembina": [
            {
                "id": n,
                "region_code": draw(st.sampled_from(DESA + KECAMATAN + ["99"])),
                "sk_number": draw(texts),
                "sk_date": draw(dates),
            }
            for n in range(1, draw(st.integers(0, 6)) + 1)
        ],
        "partnership": [
            {
                "id": n,
                "posyandu_id": draw(ids),
                "partner_type": "lsm",
                "partner_name": None,
                "started_on": draw(required_dates),
                "ended_on": draw(dates),
            }
            for n in range(1, draw(st.integers(0, 5)) + 1)
        ],
        "budget": [
            {"posyandu_id": pid, "year": year, "source": "apbdes", "amount": draw(required_values)}
            for pid in range(1, posyandu_count + 1)
            for year in (2024, 2025)
            if draw(st.booleans())
        ],
        "regulation": [],
        "renstra_target": [
            {"region_code": "19.01", "year": 2025, "metric": "registered_pct", "target": draw(required_values)},
        ],
    }


@settings(max_examples=30, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dataset=dirty_databases())
def test_dirty_mixes_never_raise_and_keep_invariants(dataset: dict[str, list[dict[str, object]]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'dirty.sqlite'}"
        writer = create_engine(url)
        load_dataset(writer, dataset)
        writer.dispose()
        engine = get_engine(url)
        try:
            data_quality(engine, today=TODAY)

            def scope(region: str | None):
                return resolve_scope(engine, region_code=region, year=2025, today=TODAY, require_data=False)

            country = compute_metrics(engine, scope(None))
            province = compute_metrics(engine, scope("19"))
            for result in (country, province):
                for figures in [result.metrics] + [child.metrics for child in result.children]:
                    for code in PERCENT_METRICS:
                        value = figures[code]
                        assert value is None or 0.0 <= value <= 100.0, (code, value)
            # Every placed posyandu lies in exactly one kabupaten: counts add up over the children.
            for code in ("posyandu_total", "kader_total", "kader_under5_count"):
                assert province.metrics[code] == sum(child.metrics[code] for child in province.children)
                assert country.metrics[code] == province.metrics[code]
            gaps = posyandu_gaps(engine, province.scope)
            assert len(gaps) == province.metrics["posyandu_total"]
        finally:
            engine.dispose()
            get_engine.cache_clear()
