"""Running a dashboard page through ``streamlit.testing.v1.AppTest`` on a chosen database.

The router is the entrypoint, so the shared sidebar context runs exactly as in the browser; the
page is reached with ``switch_page`` after one run (as AppTest requires).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "streamlit_app.py")
TODAY = "2026-11-23"

# One region of each level in the sample database, for "every page at every level" tests.
SAMPLE_LEVELS: dict[str, str | None] = {
    "country": None,
    "provinsi": "36",
    "kabupaten_kota": "36.73",
    "kecamatan": "36.73.01",
    "desa_kelurahan": "36.73.01.1001",
}


def use_database(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    """Point the app at ``url`` with "today" fixed, as every page test needs."""
    monkeypatch.setenv("POSYANDU_DATABASE_URL", url)
    monkeypatch.setenv("POSYANDU_TODAY", TODAY)


def run_page(page: str | None = None, *, timeout: float = 120, **params: str | None) -> AppTest:
    """Run the app with query ``params`` and switch to ``dashboard/pages/<page>`` (None = default)."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    for key, value in params.items():
        if value is not None:
            at.query_params[key] = value
    at.run()
    if page is not None:
        at.switch_page(f"dashboard/pages/{page}")
        at.run()
    return at


def plotly_specs(at: AppTest) -> list[dict]:
    """The plotly figures on screen, as JSON specs (AppTest returns them as unknown elements)."""
    return [json.loads(element.proto.spec) for element in at.get("plotly_chart")]


def vega_charts(at: AppTest) -> list[tuple[dict, dict[str, pd.DataFrame]]]:
    """The Vega-Lite charts on screen (Ringkasan's ranking and map): each chart's spec, and its tabular
    datasets by name as data frames (Streamlit sends those as Arrow, apart from the spec; GeoJSON
    stays in the spec's ``data.values``)."""
    return [
        (
            json.loads(element.proto.spec),
            {
                dataset.name: pa.ipc.open_stream(dataset.data.data).read_all().to_pandas()
                for dataset in element.proto.datasets
            },
        )
        for element in at.get("vega_lite_chart")
    ]


def metric_values(at: AppTest) -> dict[str, str]:
    """Card label -> shown value."""
    return {metric.label: metric.value for metric in at.metric}
