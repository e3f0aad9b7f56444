"""``python -m benchmarks.run --database-url URL``: how long each page and each ``data_access`` call takes.

For the country and one region per level (see :mod:`benchmarks.discovery`) and the latest year with
data, it times

1. every ``data_access`` call the pages make (:mod:`benchmarks.calls`), *cold* -- once, in a new
   process, after the database has seen each query once -- and *warm* -- p95 of ``--repeat`` runs in
   one process (no Streamlit cache in between: the database work of a cache miss);
2. every page through AppTest, cold (first render with empty Streamlit caches) and warm (p95 of
   ``--page-repeat`` reruns, caches filled);
3. the floor, the bare aggregate of :mod:`benchmarks.floor`;

then prints the tables and, as the very last line, ``worst page warm p95: N ms; cold: N ms``. Exit
code 1 when any call or page failed (the tables still print). See ``docs/performance.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from dataclasses import asdict
from functools import partial
from pathlib import Path
from statistics import median
from typing import Any

from sqlalchemy.engine import make_url

from benchmarks.calls import (
    FLOOR_CALL,
    SCOPE_CALL,
    Level,
    context_calls,
    level_calls,
    page_fetches,
    page_files,
    page_uses,
    unlisted_fetches,
)
from benchmarks.discovery import parse_regions
from benchmarks.isolation import default_mode, run_isolated, serve_one
from benchmarks.report import markdown_report, p95, text_report, verdict
from benchmarks.tasks import preload
from data_access.settings import DATABASE_URL_ENV, TODAY_ENV, database_url
from data_access.settings import today as jakarta_today

Runner = Callable[[dict[str, Any]], dict[str, Any]]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="database to measure (default: as the dashboard resolves it)")
    parser.add_argument("--year", type=int, help="year to measure (default: the latest with reports)")
    parser.add_argument(
        "--regions", help="comma-separated region codes to measure instead of one per level; 'country' = Indonesia"
    )
    parser.add_argument("--repeat", type=int, default=20, help="warm runs per call (p95 over them; default 20)")
    parser.add_argument("--page-repeat", type=int, default=20, help="warm reruns per page (p95 over them; default 20)")
    parser.add_argument(
        "--cold-repeat",
        type=int,
        default=1,
        help="new processes per cold measurement, median kept (default 1; 3 steadies a noisy machine)",
    )
    parser.add_argument("--skip-pages", action="store_true", help="time the data_access calls only")
    parser.add_argument("--json", type=Path, help="also write every result to this JSON file")
    parser.add_argument("--markdown", type=Path, help="also write the tables as Markdown to this file")
    parser.add_argument(
        "--isolation",
        choices=("fork", "spawn"),
        default=default_mode(),
        help="how each measurement gets its new process: fork the pre-imported parent (default on Linux) or "
        "spawn a new interpreter (slower)",
    )
    parser.add_argument("--timeout", type=float, default=900, help="seconds one measurement may take")
    parser.add_argument("--task", help=argparse.SUPPRESS)  # internal: one measurement in a spawned process
    args = parser.parse_args(argv)
    if min(args.repeat, args.page_repeat, args.cold_repeat) < 1:
        parser.error("--repeat, --page-repeat and --cold-repeat must be at least 1")
    return args


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _load() -> str:
    """The 1-minute load average: other work on the machine shows in every timing."""
    return f"{os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else "?"


def _safe_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def _cold(run: Runner, task: dict[str, Any], times: int, key: str) -> tuple[float | None, list[float], str | None]:
    """``times`` fresh processes of ``task``: (median of ``key``, every value, the first error)."""
    values, error = [], None
    for _ in range(times):
        done = run(task)
        if done.get(key) is None:
            error = error or done.get("error") or f"no {key}"
        else:
            values.append(done[key])
    return (median(values) if values else None), values, error


def measure_calls(
    run: Runner, base: dict[str, Any], levels: list[Level], pages: list[str], args: argparse.Namespace
) -> dict:
    """(call, level label) -> cold ms (median of ``--cold-repeat`` new processes), warm runs, warm p95."""
    results: dict[tuple[str, str], dict[str, Any]] = {}
    for level in levels:
        calls = level_calls(level, pages) + [FLOOR_CALL]
        task = base | {"level": asdict(level), "calls": calls}
        primed = run(task | {"kind": "prime"})
        if "error" in primed:
            progress(f"[prime] {level.label}: {primed['error']}")
        for name in calls:
            cold, runs, error = _cold(run, task | {"kind": "cold_call", "call": name}, args.cold_repeat, "ms")
            results[(name, level.label)] = {"cold_ms": cold, "cold_runs": runs, "error": error}
            progress(f"[cold] {level.label:<28} {name:<24} {_shown(cold, error)}")
    for level in levels:
        calls = level_calls(level, pages) + [FLOOR_CALL]
        warm = run(base | {"kind": "warm_calls", "level": asdict(level), "calls": calls, "repeat": args.repeat})
        for name in calls:
            entry = results[(name, level.label)]
            runs = warm.get("timings", {}).get(name, [])
            entry |= {"warm_ms": runs, "warm_p95_ms": p95(runs), "warm_median_ms": median(runs) if runs else None}
            entry["error"] = entry["error"] or warm.get("errors", {}).get(name) or warm.get("error")
        progress(f"[warm] {level.label}: {len(calls)} calls x {args.repeat}")
    return results


def _shown(ms: float | None, error: str | None) -> str:
    return f"{ms:.1f} ms" if ms is not None else f"ERROR {(error or '').strip().splitlines()[-1:]}"


def measure_pages(
    run: Runner, base: dict[str, Any], levels: list[Level], pages: list[str], args: argparse.Namespace
) -> list:
    """Per (page, level), ``--cold-repeat`` fresh processes: each a cold render, then ``--page-repeat``
    warm reruns (the warm p95 is over all of them)."""
    results = []
    for page in pages:
        for level in levels:
            task = base | {"kind": "page", "page": page, "level": asdict(level), "page_repeat": args.page_repeat}
            colds, warm, problems, title, rss = [], [], [], "", []
            for _ in range(args.cold_repeat):
                done = run(task)
                problems += done.get("problems", []) + ([done["error"]] if "error" in done else [])
                if done.get("cold_ms") is not None:
                    colds.append(done["cold_ms"])
                warm += done.get("warm_ms", [])
                title = done.get("title", title)
                rss += [done["peak_rss_mb"]] if done.get("peak_rss_mb") is not None else []
            cold = median(colds) if colds else None
            results.append(
                {
                    "page": page,
                    "level": level.label,
                    "cold_ms": cold,
                    "cold_runs": colds,
                    "warm_ms": warm,
                    "warm_p95_ms": p95(warm),
                    "warm_median_ms": median(warm) if warm else None,
                    "title": title,
                    "problems": list(dict.fromkeys(problems)),
                    "peak_rss_mb": max(rss) if rss else None,
                }
            )
            progress(f"[page] {level.label:<28} {page:<18} {_shown(cold, problems[0] if problems else None)}")
    return results


def page_call_sums(calls: dict, levels: list[Level], pages: list[str]) -> dict[tuple[str, str], dict[str, float]]:
    """(page, level) -> the page's data_access calls one after another: cold sum (context, then one
    scope resolution and the fetcher per fetch, as ``dashboard.data.fetch`` does on a miss) and the same
    sum of warm p95s (the page's database work when every cache misses)."""
    sums = {}
    for page in pages:
        for level in levels:
            fetches = page_fetches(page, level)
            names = context_calls(level) + [SCOPE_CALL] * len(fetches) + fetches
            entries = [calls.get((name, level.label), {}) for name in names]
            sums[(page, level.label)] = {
                "cold": sum(entry.get("cold_ms") or 0.0 for entry in entries),
                "warm": sum(entry.get("warm_p95_ms") or 0.0 for entry in entries),
            }
    return sums


def _used_by(name: str, pages: list[str]) -> str:
    if name in ("years", "region", "path", "children", "resolved_month"):
        return "sidebar of every page"
    if name == SCOPE_CALL:
        return "before every fetch"
    if name == FLOOR_CALL:
        return "bare SQL floor (benchmarks/floor.py)"
    users = [page.removesuffix(".py") for page in pages if any(use.fetch == name for use in page_uses(page))]
    on_demand = [
        page.removesuffix(".py") for page in pages if any(u.fetch == name and u.on_demand for u in page_uses(page))
    ]
    text = "every page" if len(users) == len(pages) else ", ".join(users)
    return text + (" (also on a toggle)" if on_demand else "")


def ordered_calls(calls: dict, levels: list[Level], pages: list[str]) -> list[dict]:
    """The call results as rows for the report: context, scope, fetches in page order, the floor last."""
    order = [name for level in levels for name in level_calls(level, pages)] + [FLOOR_CALL]
    return [
        {"call": name, "level": label} | entry
        for (name, label), entry in sorted(calls.items(), key=lambda item: order.index(item[0][0]))
    ]


def estimated_pages(sums: dict, pages: list[str], levels: list[Level]) -> list[dict]:
    """With ``--skip-pages``: each page as the sum of its calls (cold; warm = every cache missing)."""
    return [
        {
            "page": page,
            "level": level.label,
            "cold_ms": sums[(page, level.label)]["cold"],
            "warm_p95_ms": sums[(page, level.label)]["warm"],
            "problems": [],
            "estimated": True,
        }
        for page in pages
        for level in levels
    ]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.task:
        return serve_one(args.task)
    url = args.database_url or database_url()
    today = jakarta_today()
    os.environ[DATABASE_URL_ENV] = url  # the AppTest pages read the same database ...
    os.environ[TODAY_ENV] = today.isoformat()  # ... on the same day as the direct calls
    preload()  # before any fork: children start with everything imported, nothing connected
    load_before = _load()
    run: Runner = partial(run_isolated, mode=args.isolation, timeout=args.timeout)
    base: dict[str, Any] = {"url": url, "today": today.isoformat(), "page_timeout": args.timeout}

    found = run(base | {"kind": "discover", "year": args.year, "regions": parse_regions(args.regions)})
    if "error" in found:
        print(f"cannot read the database {_safe_url(url)}:\n{found['error']}", file=sys.stderr)
        return 2
    base["year"] = found["year"]
    levels = [Level(**level) for level in found["levels"]]
    pages = page_files()
    for page, names in unlisted_fetches(pages).items():
        progress(f"note: {page} fetches {', '.join(names)}, not in benchmarks/calls.py: timed at every level")

    calls = measure_calls(run, base, levels, pages, args)
    rendered = [] if args.skip_pages else measure_pages(run, base, levels, pages, args)
    sizes = run(base | {"kind": "sizes"}).get("sizes", {})
    sums = page_call_sums(calls, levels, pages)
    judged = rendered or estimated_pages(sums, pages, levels)

    document = {
        "database": _safe_url(url),
        "backend": found["backend"],
        "year": found["year"],
        "today": today.isoformat(),
        "levels": [asdict(level) for level in levels],
        "sizes": sizes,
        "isolation": args.isolation,
        "cpu_count": os.cpu_count(),
        "load_average_before": load_before,
        "load_average_after": _load(),
        "repeat": args.repeat,
        "page_repeat": args.page_repeat,
        "cold_repeat": args.cold_repeat,
        "calls": ordered_calls(calls, levels, pages),
        "used_by": {name: _used_by(name, pages) for name, _ in calls},
        "pages": rendered,
        "page_call_sums": [{"page": page, "level": label} | value for (page, label), value in sums.items()],
        "verdict": verdict(judged),
    }
    print(text_report(document))
    if args.markdown:
        args.markdown.write_text(markdown_report(document), encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(document, indent=2), encoding="utf-8")

    failed = any(entry.get("error") for entry in calls.values()) or any(page["problems"] for page in rendered)
    print()
    if failed:
        print("some calls or pages failed: see ERROR / PROBLEM above")
    if not rendered:
        print("(pages skipped: page figures below are the sums of their data_access calls)")
    peaks = [page["peak_rss_mb"] for page in rendered if page.get("peak_rss_mb") is not None]
    if peaks:
        print(f"peak memory of a page process: {round(max(peaks))} MB")
    print(verdict(judged))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
