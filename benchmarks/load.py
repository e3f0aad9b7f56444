"""``python -m benchmarks.load``: N visitors open the same dashboard view at once (issue 14).

When a link is shared in a meeting's WhatsApp group, dozens of people open the same view within a
minute. This harness opens N real Streamlit sessions against a server on 127.0.0.1 -- each one a
light protocol client (:mod:`benchmarks.streamlit_client`), so the clients cost milliseconds and
the server is what is measured -- and reports, per N and per mode, the time from a visitor's first
request to the settled page (p50/p95/max), the errors, the bytes each visitor received, and the
server's CPU seconds and peak memory (:mod:`benchmarks.load_server`).

*cold*: a fresh server process per batch (empty Streamlit caches: the first visitors after a restart
or a deploy, had nothing prepared them). *prepared* (``--prepared``): a fresh server per batch whose
view one session opened first on each process -- what ``scripts/prepare_views.py`` does after a start
or a summaries refresh (the ``prepare`` rows) -- so these are the first visitors of a prepared deployment.
*warm*: one server on which one session has run the view once (each process of it). Without ``--url`` the
harness starts ``streamlit run`` itself on a free 127.0.0.1 port and stops it at the end; with
``--url http://127.0.0.1:PORT`` it measures a running server (warm only). Any host other than
127.0.0.1 is refused. The run stops by itself after ``--timeout`` seconds.

``--processes N`` (N > 1, or ``--front`` for one) starts the production front instead
(``scripts/front.sh``: nginx with sticky sessions in front of N ``serve.py`` processes), the sessions talk
to nginx, and the CPU and memory are summed over every process of it (docs/scaling.md).

The last line is the verdict, e.g. ``load: 50 warm p95 4.1 s (target 5 s) ok; 20 cold p95 7.2 s
(target 5 s) OVER; errors 0``. Exit code 1 when any session failed or the run timed out, 2 when the
server could not be started or reached. See ``docs/benchmarks/2026-12-06-load.md``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from statistics import median
from typing import Any

from sqlalchemy.engine import make_url

from benchmarks.load_server import Deployment, ProcessWatcher, ServerError, Usage, attach, start_front, start_server
from benchmarks.report import p95
from benchmarks.streamlit_client import NotLoopbackError, SessionResult, StreamlitSession, Target, View
from data_access.settings import DATABASE_URL_ENV, SAMPLE_DATABASE_PATH

# The targets on 2 cores: (mode, sessions at once) -> p95 seconds. The verdict judges each
# mode at the largest N measured up to the target's N (the smallest N when all are larger).
TARGETS: dict[str, tuple[int, float]] = {"warm": (50, 5.0), "cold": (20, 5.0), "prepared": (20, 5.0)}
# Ringkasan is the router's default page (streamlit_app.py): Streamlit serves it at "/", and asking for
# it by its url_path gets "page not found". A shared link to it has the empty path.
DEFAULT_PAGE = "ringkasan"
SETTLE_PAUSE_S = 2.0  # between warm batches: the previous batch's sessions are closed and cleaned up
START_TIMEOUT_S = 90.0  # a started server must answer /_stcore/health within this (imports on a busy machine)


@dataclass
class Batch:
    """N sessions opened at once on one deployment, and what the server spent serving them."""

    mode: str  # "cold", "prepare", "prepared", "warm-up" or "warm"
    sessions: int
    results: list[SessionResult]
    usage: Usage
    client_cpu_s: float  # this harness's own CPU over the batch: the clients must stay cheap
    wall_s: float
    load_before: float

    @property
    def times(self) -> list[float]:
        return [result.seconds for result in self.results if result.seconds is not None]

    @property
    def errors(self) -> int:
        return sum(not result.ok for result in self.results)


@dataclass
class Run:
    """Every batch measured so far (a timeout keeps what was measured) and what the run was asked."""

    batches: list[Batch] = field(default_factory=list)
    timed_out: bool = False
    deployments: list[str] = field(default_factory=list)


def parse_sessions(text: str) -> list[int]:
    values = [int(part) for part in text.split(",") if part.strip()]
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError("a comma-separated list of positive session counts, e.g. 1,20,50")
    return values


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__.split("\n\n")[0])
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--start",
        action="store_true",
        help="start streamlit run on a free 127.0.0.1 port (a fresh one per cold batch) and stop it at the end "
        "(the default)",
    )
    where.add_argument("--url", help="a running server, http://127.0.0.1:PORT (warm only; other hosts are refused)")
    parser.add_argument(
        "--database-url",
        help=f"database of the started server (default: ${DATABASE_URL_ENV} if set, else the sample)",
    )
    parser.add_argument("--today", help="POSYANDU_TODAY of the started server (ISO date; default: the real today)")
    parser.add_argument(
        "--streamlit-option",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a Streamlit config option for the started server, e.g. server.fileWatcherType=none (repeatable)",
    )
    parser.add_argument("--sessions", type=parse_sessions, default=[1, 20, 50], help="session counts (default 1,20,50)")
    parser.add_argument("--region", default="62.03", help="region code of the view (default 62.03, Kabupaten Kapuas)")
    parser.add_argument("--year", type=int, default=2025, help="year of the view (default 2025)")
    parser.add_argument("--page", default=DEFAULT_PAGE, help="URL path of the page (default ringkasan)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--warm", dest="mode", action="store_const", const="warm", help="warm batches only")
    mode.add_argument("--cold", dest="mode", action="store_const", const="cold", help="cold batches only")
    mode.add_argument("--both", dest="mode", action="store_const", const="both", help="cold, then warm (default)")
    parser.add_argument(
        "--prepared",
        action="store_true",
        help="also, per N, a fresh server whose view was opened once per process first (as prepare_views does)",
    )
    parser.add_argument("--repeat", type=int, default=1, help="batches per N and mode, pooled (default 1)")
    parser.add_argument(
        "--spread",
        type=float,
        default=0.0,
        help="arrivals spread evenly over this many seconds instead of all at once (default 0: at once)",
    )
    parser.add_argument("--timeout", type=float, default=900, help="seconds the whole run may take (default 900)")
    parser.add_argument("--session-timeout", type=float, default=180, help="seconds one session may take to settle")
    parser.add_argument(
        "--processes",
        type=int,
        default=1,
        help="server processes: 1 is one serve.py process, talked to straight (the default); more start "
        "scripts/front.sh, nginx in front of that many serve.py processes with sticky sessions",
    )
    parser.add_argument(
        "--front",
        action="store_true",
        help="start scripts/front.sh even for --processes 1 (the proxy's own cost, beside --processes 2)",
    )
    parser.add_argument("--json", type=Path, help="also write every session's result to this JSON file")
    args = parser.parse_args(argv)
    args.mode = args.mode or ("warm" if args.url else "both")
    if args.url and (args.mode != "warm" or args.prepared):
        parser.error("a cold view needs a fresh server: leave out --url (the harness starts one per cold batch)")
    if args.url and (args.database_url or args.today or args.streamlit_option):
        parser.error("--database-url, --today and --streamlit-option apply to a server the harness starts, not --url")
    if any("=" not in option or not option.split("=", 1)[0].strip() for option in args.streamlit_option):
        parser.error("--streamlit-option takes NAME=VALUE, e.g. server.fileWatcherType=none")
    if args.processes < 1:
        parser.error("--processes must be at least 1")
    if args.url and (args.processes != 1 or args.front):
        parser.error("--processes and --front start servers: leave out --url")
    args.front = args.front or args.processes > 1
    if args.repeat < 1 or args.timeout <= 0 or args.session_timeout <= 0 or args.spread < 0:
        parser.error("--repeat, --timeout and --session-timeout must be positive, --spread not negative")
    return args


def view_of(args: argparse.Namespace) -> View:
    page = args.page.strip("/")
    return View(page_path="" if page == DEFAULT_PAGE else page, query=f"region={args.region}&year={args.year}")


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def load_average() -> float:
    """The 1-minute load average: on a shared machine every timing carries it."""
    return os.getloadavg()[0]


def client_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def _arrive(client: StreamlitSession, delay_s: float, timeout_s: float) -> SessionResult:
    await asyncio.sleep(delay_s)
    return await client.open(timeout_s)


async def run_batch(
    deployment: Deployment, view: View, sessions: int, mode: str, session_timeout: float, spread_s: float = 0.0
) -> Batch:
    """Open ``sessions`` sessions at the same moment (or one every ``spread_s / sessions`` seconds), wait
    until every one has settled (or failed), then close them all: until then they stay connected, as
    the meeting's open tabs do. Each session's time runs from its own first request."""
    clients = [StreamlitSession(deployment.target, view, index) for index in range(sessions)]
    watcher = ProcessWatcher(deployment.pids)
    load_before, cpu_before = load_average(), client_cpu_s()
    watcher.start()
    start = time.perf_counter()
    try:
        results = await asyncio.gather(
            *(_arrive(client, index * spread_s / sessions, session_timeout) for index, client in enumerate(clients))
        )
        wall = time.perf_counter() - start
        usage = await watcher.stop()
        client_cpu = client_cpu_s() - cpu_before
    finally:
        await watcher.stop()
        await asyncio.gather(*(client.close() for client in clients))
    batch = Batch(mode, sessions, list(results), usage, client_cpu, wall, load_before)
    shown = f"p95 {p95(batch.times):.2f} s" if batch.times else "no settled page"
    progress(f"[{mode}] {sessions} sessions: {sessions - batch.errors}/{sessions} ok, {shown}, load {load_before:.2f}")
    return batch


def deploy(args: argparse.Namespace, deadline: float) -> Deployment:
    """The server(s) one batch talks to: one ``streamlit run`` straight, or ``--processes`` of them behind
    the nginx front (scripts/front.sh). Starting blocks (at most until the run's deadline)."""
    if args.url:
        return attach(Target.from_url(args.url))
    remaining = max(1.0, min(START_TIMEOUT_S, deadline - time.monotonic()))
    database_url = args.database_url or os.environ.get(DATABASE_URL_ENV)  # as --help promises
    if args.front:
        return start_front(args.processes, database_url, args.today, args.streamlit_option, timeout_s=remaining)
    return start_server(database_url, args.today, args.streamlit_option, timeout_s=remaining)


def deployment_label(args: argparse.Namespace) -> str:
    if args.url:
        return f"the running server at {args.url}"
    if args.front:
        return f"{args.processes} serve.py process(es) behind nginx (scripts/front.sh, sticky sessions)"
    return "one serve.py process (as scripts/start.sh runs it), no proxy"


async def measure(args: argparse.Namespace, view: View, run: Run) -> None:
    """Cold batches (a fresh server each), prepared ones (``--prepared``: a fresh server each, its view
    opened once per process first), then warm ones (one server, warmed by one session)."""
    deadline = time.monotonic() + args.timeout
    if args.mode in ("cold", "both"):
        for sessions in args.sessions:
            for _ in range(args.repeat):
                deployment = deploy(args, deadline)
                run.deployments.append(deployment.target.base_url)
                try:
                    batch = await run_batch(deployment, view, sessions, "cold", args.session_timeout, args.spread)
                    run.batches.append(batch)
                finally:
                    deployment.stop()
    if args.prepared:
        for sessions in args.sessions:
            for _ in range(args.repeat):
                deployment = deploy(args, deadline)
                run.deployments.append(deployment.target.base_url)
                try:
                    for process in deployment.processes():  # prepare_views gives every process's own address
                        run.batches.append(await run_batch(process, view, 1, "prepare", args.session_timeout))
                    await asyncio.sleep(SETTLE_PAUSE_S)
                    batch = await run_batch(deployment, view, sessions, "prepared", args.session_timeout, args.spread)
                    run.batches.append(batch)
                finally:
                    deployment.stop()
    if args.mode in ("warm", "both"):
        deployment = deploy(args, deadline)
        run.deployments.append(deployment.target.base_url)
        try:
            for process in deployment.processes():  # behind the front: each process warmed straight
                run.batches.append(await run_batch(process, view, 1, "warm-up", args.session_timeout))
            for sessions in args.sessions:
                for _ in range(args.repeat):
                    await asyncio.sleep(SETTLE_PAUSE_S)
                    batch = await run_batch(deployment, view, sessions, "warm", args.session_timeout, args.spread)
                    run.batches.append(batch)
        finally:
            deployment.stop()


async def measure_with_deadline(args: argparse.Namespace, view: View, run: Run) -> None:
    try:
        async with asyncio.timeout(args.timeout):
            await measure(args, view, run)
    except TimeoutError:
        run.timed_out = True
        progress(f"stopped: the whole run reached --timeout {args.timeout:.0f} s")


def rows(batches: list[Batch]) -> Iterator[tuple[str, int, list[Batch]]]:
    """(mode, N, its batches) in the order measured; ``--repeat`` batches of one (mode, N) are pooled."""
    seen: dict[tuple[str, int], list[Batch]] = {}
    for batch in batches:
        seen.setdefault((batch.mode, batch.sessions), []).append(batch)
    for (mode, sessions), group in seen.items():
        yield mode, sessions, group


def _seconds(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def row_summary(group: list[Batch]) -> dict[str, Any]:
    """One table row: percentiles over every session of the pooled batches, usage averaged per batch."""
    results = [result for batch in group for result in batch.results]
    times = [result.seconds for result in results if result.seconds is not None]
    started = [result.started_s for result in results if result.started_s is not None]
    cpu = [batch.usage.cpu_s for batch in group if batch.usage.cpu_s is not None]
    rss = [batch.usage.peak_rss_mb for batch in group if batch.usage.peak_rss_mb is not None]
    return {
        "sessions": len(results),
        "settled": sum(result.settled for result in results),
        "p50_s": median(times) if times else None,
        "p95_s": p95(times),
        "max_s": max(times) if times else None,
        "started_p50_s": median(started) if started else None,
        "errors": sum(not result.ok for result in results),
        "kb_per_session": _mean([(result.http_bytes + result.wire_bytes) / 1024 for result in results]),
        "payload_kb_per_session": _mean([result.payload_bytes / 1024 for result in results]),
        "server_cpu_s": _mean(cpu),
        "peak_rss_mb": max(rss) if rss else None,
        "client_cpu_s": _mean([batch.client_cpu_s for batch in group]),
        "load": max(batch.load_before for batch in group),  # the busiest moment, when --repeat pools batches
    }


COLUMNS = [
    ("mode", 7),
    ("N", 4),
    ("settled", 8),
    ("p50 s", 7),
    ("p95 s", 7),
    ("max s", 7),
    ("start p50", 10),
    ("errors", 7),
    ("KB/session", 11),
    ("server CPU s", 13),
    ("peak RSS MB", 12),
    ("client CPU s", 13),
    ("load", 6),
]


def table(batches: list[Batch]) -> str:
    """The aligned table: one row per mode and N (the warm-up session first among the warm rows)."""
    lines = ["".join(name.rjust(width) if index else name.ljust(width) for index, (name, width) in enumerate(COLUMNS))]
    for mode, sessions, group in rows(batches):
        row = row_summary(group)
        cells = [
            mode,
            str(sessions),
            f"{row['settled']}/{row['sessions']}",
            _seconds(row["p50_s"]),
            _seconds(row["p95_s"]),
            _seconds(row["max_s"]),
            _seconds(row["started_p50_s"]),
            str(row["errors"]),
            "–" if row["kb_per_session"] is None else f"{row['kb_per_session']:.0f}",
            "–" if row["server_cpu_s"] is None else f"{row['server_cpu_s']:.1f}",
            "–" if row["peak_rss_mb"] is None else f"{row['peak_rss_mb']:.0f}",
            "–" if row["client_cpu_s"] is None else f"{row['client_cpu_s']:.2f}",
            f"{row['load']:.2f}",
        ]
        lines.append(
            "".join(
                cell.rjust(width) if index else cell.ljust(width)
                for index, (cell, (_, width)) in enumerate(zip(cells, COLUMNS, strict=True))
            )
        )
    return "\n".join(lines)


def problem_lines(batches: list[Batch], limit: int = 8) -> list[str]:
    """The distinct problems the sessions met, most frequent first."""
    counts: dict[str, int] = {}
    for batch in batches:
        for result in batch.results:
            for problem in result.problems:
                key = f"[{batch.mode} {batch.sessions}] {problem}"
                counts[key] = counts.get(key, 0) + 1
    ordered = sorted(counts.items(), key=lambda item: -item[1])
    return [f"{count} x {problem}" for problem, count in ordered[:limit]]


def verdict(batches: list[Batch], timed_out: bool = False, spread_s: float = 0.0) -> str:
    """``load: 50 warm p95 4.1 s (target 5 s) ok; 20 cold p95 7.2 s (target 5 s) OVER; errors 0``."""
    parts = []
    measured = {(mode, sessions): group for mode, sessions, group in rows(batches)}
    for mode, (target_sessions, target_s) in TARGETS.items():
        counts = sorted(sessions for (measured_mode, sessions) in measured if measured_mode == mode)
        if not counts:
            continue
        judged = max((count for count in counts if count <= target_sessions), default=counts[0])
        value = row_summary(measured[(mode, judged)])["p95_s"]
        if value is None:
            parts.append(f"{judged} {mode} p95 – (no settled page; target {target_s:g} s) OVER")
        else:
            state = "ok" if value <= target_s else "OVER"
            parts.append(f"{judged} {mode} p95 {value:.1f} s (target {target_s:g} s) {state}")
    errors = sum(batch.errors for batch in batches)
    parts.append(f"errors {errors}" + (" OVER" if errors else ""))
    if spread_s:
        parts.append(f"arrivals spread over {spread_s:g} s, not at once")
    if timed_out:
        parts.append("TIMEOUT: not every batch was measured")
    return "load: " + "; ".join(parts)


def database_label(args: argparse.Namespace) -> str:
    if args.url:
        return "as the running server has it"
    url = args.database_url or os.environ.get(DATABASE_URL_ENV)
    return "the sample" if not url else make_url(url).render_as_string(hide_password=True)


def document(args: argparse.Namespace, view: View, run: Run) -> dict[str, Any]:
    """Everything measured, as ``--json`` writes it (per-session results included)."""
    return {
        "view": {"page_path": view.page_path, "query": view.query},
        "database": database_label(args),
        "streamlit_options": args.streamlit_option,
        "mode": args.mode,
        "processes": args.processes,
        "front": args.front,
        "deployment": deployment_label(args),
        "sessions": args.sessions,
        "repeat": args.repeat,
        "spread_s": args.spread,
        "cpu_count": os.cpu_count(),
        "deployments": run.deployments,
        "timed_out": run.timed_out,
        "rows": [{"mode": mode, "n": n} | row_summary(group) for mode, n, group in rows(run.batches)],
        "batches": [
            {
                "mode": batch.mode,
                "sessions": batch.sessions,
                "wall_s": batch.wall_s,
                "client_cpu_s": batch.client_cpu_s,
                "load_before": batch.load_before,
                "usage": asdict(batch.usage),
                "results": [asdict(result) for result in batch.results],
            }
            for batch in run.batches
        ],
        "verdict": verdict(run.batches, run.timed_out, args.spread),
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    view = view_of(args)
    if args.url:
        try:
            Target.from_url(args.url)
        except NotLoopbackError as error:
            print(f"load: no measurement: {error}")
            return 2
    elif not (args.database_url or os.environ.get(DATABASE_URL_ENV)) and not SAMPLE_DATABASE_PATH.exists():
        print("load: no measurement: no sample database (run `python -m sample_data.build` first)")
        return 2
    run = Run()
    load_start = load_average()
    try:
        asyncio.run(measure_with_deadline(args, view, run))
    except ServerError as error:
        print(error, file=sys.stderr)
        print(f"load: no measurement: {str(error).splitlines()[0].rstrip(':')}")
        return 2
    print(
        f"view: /{view.page_path}?{view.query}; database: {database_label(args)}; "
        f"machine: {os.cpu_count()} cores, load average {load_start:.2f} at start, {load_average():.2f} at end"
    )
    print(f"server: {deployment_label(args)}; CPU and memory summed over every process (nginx included)")
    if args.streamlit_option:
        print("streamlit options: " + ", ".join(args.streamlit_option))
    if args.spread:
        print(f"arrivals spread over {args.spread:g} s (not all at once)")
    print(
        "times in seconds from a visitor's first request to the settled page; start = the server's new_session "
        "reached the visitor; load = 1-minute load average before the batch"
    )
    print(table(run.batches))
    problems = problem_lines(run.batches)
    if problems:
        print("problems:")
        print("\n".join(f"  {line}" for line in problems))
    if args.json:
        args.json.write_text(json.dumps(document(args, view, run), indent=2), encoding="utf-8")
    line = verdict(run.batches, run.timed_out, args.spread)
    print(line)
    return 1 if run.timed_out or any(batch.errors for batch in run.batches) else 0


if __name__ == "__main__":
    sys.exit(main())
