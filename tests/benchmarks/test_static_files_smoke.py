"""Smoke test of ``benchmarks/static_files.py`` on the sample: both servers start, every script the
HTML page names is fetched whole over kept-alive connections from each, and the table shows them.
No timing is asserted (a shared machine proves nothing); the figures are in docs/performance.md."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import streamlit

ROOT = Path(__file__).resolve().parents[2]
STATIC = Path(streamlit.__file__).parent / "static"
ROW = re.compile(r"^(serve\.py \(Nagle off\)|streamlit_app\.py \(Nagle on\))\s+(\d+)\s+(\d+)\s+[\d.]+\s+[\d.]+$")


@pytest.mark.slow
def test_both_servers_send_every_first_visit_script(sample_sqlite_url: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.static_files", "--repeat", "1", "--connections", "3"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    rows = [match.groups() for line in done.stdout.splitlines() if (match := ROW.match(line))]
    assert [label for label, _, _ in rows] == ["serve.py (Nagle off)", "streamlit_app.py (Nagle on)"], done.stdout
    html = (STATIC / "index.html").read_text(encoding="utf-8")
    named = list(dict.fromkeys(re.findall(r'(?:src|href)="\./(static/js/[\w.-]+\.js)"', html)))
    on_disk = sum((STATIC / path).stat().st_size for path in named)
    for _, files, kilobytes in rows:
        assert int(files) == len(named) > 0
        assert int(kilobytes) == on_disk // 1024  # every script arrived whole
