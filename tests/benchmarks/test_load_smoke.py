"""Smoke test of ``benchmarks/load.py`` on the sample: the harness starts its own servers, two sessions
open Ringkasan cold and warm, every one settles without an error, and the verdict line ends the output.
No timing is asserted -- on a shared machine a number proves nothing; the load test itself is run by
hand (``docs/benchmarks/2026-12-06-load.md``).

The unit tests below it pin what the harness must never do: talk to a host other than 127.0.0.1, or
miss an error the page shows."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks.load import Batch, parse_args, verdict, view_of
from benchmarks.load_server import Usage
from benchmarks.streamlit_client import (
    NotLoopbackError,
    SessionResult,
    StreamlitSession,
    Target,
    View,
    rerun_message,
)

ROOT = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
VERDICT = re.compile(r"^load: (\d+ (warm|cold|prepared) p95 [\d.]+ s \(target 5 s\) (ok|OVER); ){2,3}errors 0$")


@pytest.mark.slow
def test_two_sessions_settle_cold_prepared_and_warm_on_the_sample(sample_sqlite_url: str, tmp_path: Path) -> None:
    results = tmp_path / "load.json"
    env = os.environ | {"POSYANDU_DATABASE_URL": sample_sqlite_url, "POSYANDU_TODAY": "2026-11-23"}
    command = [sys.executable, "-m", "benchmarks.load", "--start", "--sessions", "2", "--both", "--prepared"]
    command += ["--timeout", "200"]

    done = subprocess.run(
        [*command, "--json", str(results)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=260
    )

    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert VERDICT.match(done.stdout.strip().splitlines()[-1]), done.stdout[-1500:]
    document = json.loads(results.read_text(encoding="utf-8"))
    assert [(batch["mode"], batch["sessions"]) for batch in document["batches"]] == [
        ("cold", 2),
        ("prepare", 1),
        ("prepared", 2),
        ("warm-up", 1),
        ("warm", 2),
    ]
    sessions = [result for batch in document["batches"] for result in batch["results"]]
    assert all(result["settled"] and not result["problems"] for result in sessions), sessions
    assert all(result["wire_bytes"] > 0 and result["elements"] > 0 for result in sessions)
    assert all(batch["usage"]["peak_rss_mb"] for batch in document["batches"]), "server memory was not sampled"


@pytest.mark.slow
def test_two_processes_behind_the_front_serve_sessions_on_the_sample(sample_sqlite_url: str, tmp_path: Path) -> None:
    """``--processes 2``: scripts/front.sh (nginx, sticky sessions) in front of two processes, each warmed
    straight, then three sessions through nginx; CPU and memory are summed over the whole front."""
    if not Path(NGINX).exists():
        if os.environ.get("CI"):
            pytest.fail("CI=true but nginx is not installed (bash scripts/setup.sh --with-test-services)")
        pytest.skip("nginx is not installed (apt-get install nginx)")
    results = tmp_path / "load.json"
    env = os.environ | {"POSYANDU_DATABASE_URL": sample_sqlite_url, "POSYANDU_TODAY": "2026-11-23"}
    command = [sys.executable, "-m", "benchmarks.load", "--processes", "2", "--sessions", "3", "--warm"]

    done = subprocess.run(
        [*command, "--timeout", "240", "--json", str(results)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert re.match(
        r"^load: 3 warm p95 [\d.]+ s \(target 5 s\) (ok|OVER); errors 0$", done.stdout.strip().splitlines()[-1]
    )
    assert "server: 2 serve.py process(es) behind nginx" in done.stdout
    document = json.loads(results.read_text(encoding="utf-8"))
    assert (document["processes"], document["front"]) == (2, True)
    assert [(batch["mode"], batch["sessions"]) for batch in document["batches"]] == [
        ("warm-up", 1),
        ("warm-up", 1),
        ("warm", 3),
    ]
    sessions = [result for batch in document["batches"] for result in batch["results"]]
    assert all(result["settled"] and not result["problems"] and result["elements"] > 0 for result in sessions)
    warm = document["batches"][-1]["usage"]
    assert warm["peak_rss_mb"] > 150 and warm["cpu_s"] > 0  # two Python processes and nginx, all sampled


def test_several_processes_need_servers_the_harness_starts() -> None:
    with pytest.raises(SystemExit):
        parse_args(["--url", "http://127.0.0.1:8501", "--processes", "2"])
    assert parse_args(["--processes", "2"]).front
    assert not parse_args([]).front and parse_args(["--front"]).front


@pytest.mark.parametrize("url", ["http://10.0.0.5:8501", "http://example.org:8501", "https://127.0.0.1:8501"])
def test_only_127_0_0_1_is_ever_contacted(url: str) -> None:
    with pytest.raises(NotLoopbackError):
        Target.from_url(url)
    assert Target.from_url("http://localhost:8501") == Target(port=8501, host="127.0.0.1")


def test_a_cold_view_needs_a_server_the_harness_starts() -> None:
    with pytest.raises(SystemExit):
        parse_args(["--url", "http://127.0.0.1:8501", "--cold"])
    assert parse_args(["--url", "http://127.0.0.1:8501"]).mode == "warm"


def test_the_default_page_is_asked_for_as_the_browser_does() -> None:
    """Ringkasan is served at "/": asking by its url_path would get "page not found"."""
    view = view_of(parse_args(["--page", "ringkasan", "--region", "62.03", "--year", "2025"]))
    assert view == View(page_path="", query="region=62.03&year=2025")
    message = BackMsg()
    message.ParseFromString(rerun_message(Target(port=8501), view))
    assert message.WhichOneof("type") == "rerun_script"
    assert (message.rerun_script.query_string, message.rerun_script.page_name) == ("region=62.03&year=2025", "")
    assert message.rerun_script.context_info.timezone == "Asia/Jakarta"


def _element(kind: str) -> ForwardMsg:
    message = ForwardMsg()
    if kind == "exception":
        message.delta.new_element.exception.type = "OperationalError"
    else:
        message.delta.new_element.alert.format = Alert.ERROR
        message.delta.new_element.alert.body = "Basis data tidak dapat dibaca."
    return message


@pytest.mark.parametrize("kind", ["exception", "error box"])
def test_an_error_on_the_page_counts_as_an_error(kind: str) -> None:
    session = StreamlitSession(Target(port=8501), View("", ""), index=0)
    finished = ForwardMsg(script_finished=ForwardMsg.FINISHED_SUCCESSFULLY)
    assert not session.handle(_element("exception" if kind == "exception" else "alert"), 0.5)
    assert session.handle(finished, 1.0)
    assert session.result.settled and not session.result.ok


def test_a_run_replaced_by_a_rerun_is_not_the_settled_page() -> None:
    session = StreamlitSession(Target(port=8501), View("", ""), index=0)
    assert not session.handle(ForwardMsg(script_finished=ForwardMsg.FINISHED_EARLY_FOR_RERUN), 0.5)
    assert not session.result.settled and session.result.reruns == 1


def _batch(mode: str, seconds: list[float], failed: int = 0) -> Batch:
    results = [SessionResult(index=i, settled=True, seconds=value) for i, value in enumerate(seconds)]
    results += [SessionResult(index=len(seconds) + i, problems=["no settled page within 180 s"]) for i in range(failed)]
    return Batch(mode, len(results), results, Usage(), client_cpu_s=0.0, wall_s=0.0, load_before=0.0)


def test_the_verdict_judges_warm_at_50_and_cold_at_20_and_counts_errors() -> None:
    batches = [
        _batch("cold", [4.0]),
        _batch("cold", [6.0] * 20),
        _batch("cold", [9.0] * 50),
        _batch("warm-up", [0.8]),
        _batch("warm", [0.8]),
        _batch("warm", [2.0] * 19 + [4.5] * 30, failed=1),
    ]
    assert verdict(batches) == (
        "load: 50 warm p95 4.5 s (target 5 s) ok; 20 cold p95 6.0 s (target 5 s) OVER; errors 1 OVER"
    )
    assert verdict([_batch("warm", [1.0, 1.2])]) == "load: 2 warm p95 1.2 s (target 5 s) ok; errors 0"
