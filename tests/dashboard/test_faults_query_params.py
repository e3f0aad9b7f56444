"""Hostile links: SQL fragments, very long strings, unicode, negative numbers, Markdown in the URL.

``region``, ``year`` and ``month`` are the only query parameters the dashboard reads
(``dashboard/context.py``). Whatever they hold, the page must not raise, must say the link was wrong,
fall back to a sensible view, correct the URL, never echo the raw value as Markdown, and never touch
the database (its bytes are compared before and after).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.dashboard.apptest import metric_values, run_page, use_database
from tests.fixtures.tiny import TINY

SQL = "31'; DROP TABLE posyandu; --"
LONG = "3" * 5000
MARKDOWN_LINK = "[Masuk ulang di sini](http://contoh.invalid/login)"
HOSTILE = {
    "region": [
        SQL,
        "31 OR 1=1",
        LONG,
        "31.71' UNION SELECT name FROM sqlite_master --",
        "３１",
        "31.71\u200b",
        "../../etc/passwd",
        MARKDOWN_LINK,
        "%",
        "_",
        "-1",
        "31;",
    ],
    "year": [SQL, "-2025", "0", "2025.0", "1e3", LONG, "９" * 5000, "２０２４x", MARKDOWN_LINK, "2025 OR 1=1"],
    "month": [SQL, "-1", "0", "13", "6.5", LONG, "٣x", MARKDOWN_LINK, "12; DROP TABLE region"],
}
CASES = [(key, value) for key, values in HOSTILE.items() for value in values]
IDS = [f"{key}-{index}" for key, values in HOSTILE.items() for index in range(len(values))]


@pytest.fixture
def tiny_file(database_factory) -> Path:
    return Path(make_url(database_factory.build("sqlite", "tiny_hostile", TINY)).database or "")


@pytest.mark.parametrize(("key", "value"), CASES, ids=IDS)
def test_hostile_parameter_gets_a_message_and_a_fallback(
    key: str, value: str, tiny_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = hashlib.sha256(tiny_file.read_bytes()).hexdigest()
    use_database(monkeypatch, f"sqlite:///{tiny_file}")
    params = {"region": "31.71", "year": "2025"} | {key: value}
    at = run_page(**params)
    assert not at.exception, [exception.value for exception in at.exception]
    assert not at.error, [error.value for error in at.error]
    warnings = [warning.value for warning in at.warning]
    assert any("tidak valid" in w or "tidak dikenal" in w or "tidak memiliki data" in w for w in warnings), warnings
    for warning in warnings:
        assert len(warning) < 200 and "](" not in warning and "DROP" not in warning
    assert metric_values(at)["Jumlah Posyandu"] == "3"  # the fallback view still shows the figures
    shown = at.query_params.get(key, [""])
    shown = shown[0] if isinstance(shown, list) else shown
    assert shown != value  # the link is corrected
    assert re.fullmatch(r"[0-9.]*", shown)
    assert hashlib.sha256(tiny_file.read_bytes()).hexdigest() == before


def test_a_valid_link_after_a_hostile_one_still_works(tiny_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_database(monkeypatch, f"sqlite:///{tiny_file}")
    at = run_page(region=SQL, year="2025")
    assert metric_values(at)["Jumlah Posyandu"] == "3"
    at.query_params["region"] = "31.71.01.1002"
    at.run()
    assert not at.exception and not at.warning
    assert metric_values(at)["Jumlah Posyandu"] == "1"
