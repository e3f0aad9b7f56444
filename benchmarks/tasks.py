"""The measurements themselves, each meant to run in a process of its own (see :mod:`benchmarks.isolation`).

A task is a JSON-able dict (``kind`` plus its inputs) and returns a JSON-able dict, so the same code
serves a forked child and a spawned interpreter. Kinds:

- ``discover``: year and regions to measure;
- ``prime``: every call of a level once, untimed -- afterwards the database's own cache is as it is
  after one run of each query, which is the issue's starting point for *cold*;
- ``cold_call``: one call in a new process (connection opened and scope resolved first, untimed);
- ``warm_calls``: every call of a level, repeated in one process (one untimed run, then ``repeat``);
- ``page``: one page through AppTest, cold then warm (see :func:`render_page`);
- ``sizes``: row counts, last, because counting reads whole tables.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
import pkgutil
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from benchmarks.calls import SCOPE_CALL, Level, level_scope, open_connection, run_call
from data_access.db import create_read_only_engine

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "streamlit_app.py")


def preload() -> None:
    """Import everything the calls and pages import, so no timing includes an import; quiet the
    "no runtime" warnings Streamlit logs when its caches are declared outside ``streamlit run``."""
    import plotly.graph_objects  # noqa: F401
    import streamlit.logger
    import streamlit.testing.v1

    streamlit.logger.set_log_level("error")
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    for package in ("data_access", "dashboard"):
        module = importlib.import_module(package)
        for info in pkgutil.walk_packages(module.__path__, prefix=package + "."):
            if info.name.startswith("dashboard.pages") or info.name.endswith("__main__"):
                continue  # pages are scripts (they render when imported); __main__ runs a CLI
            importlib.import_module(info.name)


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000.0


def _engine(task: dict[str, Any]) -> Engine:

    return create_read_only_engine(task["url"])


def _inputs(task: dict[str, Any]) -> tuple[Level, int, dt.date]:
    return Level(**task["level"]), int(task["year"]), dt.date.fromisoformat(task["today"])


def discover_task(task: dict[str, Any]) -> dict[str, Any]:
    from benchmarks.discovery import discover

    engine = _engine(task)
    try:
        with engine.connect() as conn:
            found = discover(
                conn, today=dt.date.fromisoformat(task["today"]), year=task.get("year"), regions=task.get("regions")
            )
        return found | {"backend": engine.dialect.name}
    finally:
        engine.dispose()


def prime_task(task: dict[str, Any]) -> dict[str, Any]:
    level, year, today = _inputs(task)
    engine = _engine(task)
    try:
        scope = level_scope(engine, level, year, today)
        for name in task["calls"]:
            run_call(name, engine, level, scope, year, today)
        return {}
    finally:
        engine.dispose()


def cold_call_task(task: dict[str, Any]) -> dict[str, Any]:
    level, year, today = _inputs(task)
    engine = _engine(task)
    try:
        open_connection(engine)
        scope = level_scope(engine, level, year, today) if task["call"] != SCOPE_CALL else None
        start = time.perf_counter()
        run_call(task["call"], engine, level, scope, year, today)
        return {"ms": _ms(start)}
    finally:
        engine.dispose()


def warm_calls_task(task: dict[str, Any]) -> dict[str, Any]:
    level, year, today = _inputs(task)
    engine = _engine(task)
    timings: dict[str, list[float]] = {}
    errors: dict[str, str] = {}
    try:
        open_connection(engine)
        scope = level_scope(engine, level, year, today)
        for name in task["calls"]:
            try:
                run_call(name, engine, level, scope, year, today)  # untimed: compile, fill the caches
                runs = []
                for _ in range(int(task["repeat"])):
                    start = time.perf_counter()
                    run_call(name, engine, level, scope, year, today)
                    runs.append(_ms(start))
                timings[name] = runs
            except Exception as error:  # one failing call must not hide the others' timings
                errors[name] = f"{type(error).__name__}: {error}"
        return {"timings": timings, "errors": errors}
    finally:
        engine.dispose()


def _problems(at: Any) -> list[str]:
    """Exceptions and error boxes on screen: a page that only shows an error renders fast."""
    return [str(item.value) for item in at.exception] + [str(item.value) for item in at.error]


def render_page(task: dict[str, Any]) -> dict[str, Any]:
    """Cold: the router runs once untimed at the region (it renders the default page, opening the
    database), every Streamlit cache is cleared, then the switch to the page is the timed run -- a
    first render with empty caches, start-up excluded. Warm: ``page_repeat`` reruns of that page in the
    same process, its caches filled (what the next click on the same view costs)."""
    import streamlit as st
    import streamlit.logger
    from streamlit.testing.v1 import AppTest

    level, year, _ = _inputs(task)
    at = AppTest.from_file(APP, default_timeout=float(task["page_timeout"]))
    if level.code is not None:
        at.query_params["region"] = level.code
    at.query_params["year"] = str(year)
    at.run()
    streamlit.logger.set_log_level("error")  # the run reset it; clearing outside a run logs "no runtime"
    st.cache_data.clear()
    st.cache_resource.clear()
    at.switch_page(f"dashboard/pages/{task['page']}")
    start = time.perf_counter()
    at.run()
    cold = _ms(start)
    problems = _problems(at)
    title = at.title[0].value if len(at.title) else ""
    warm = []
    for _ in range(int(task["page_repeat"])):
        start = time.perf_counter()
        at.run()
        warm.append(_ms(start))
    problems += [problem for problem in _problems(at) if problem not in problems]
    return {"cold_ms": cold, "warm_ms": warm, "title": title, "problems": problems, "peak_rss_mb": peak_rss_mb()}


def peak_rss_mb() -> float:
    """This process's peak resident memory (Linux reports kilobytes): a page process holds what a
    Streamlit server process holds for one view -- the imports, the engine, the cached frames."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def sizes_task(task: dict[str, Any]) -> dict[str, Any]:
    from benchmarks.discovery import table_sizes

    engine = _engine(task)
    try:
        with engine.connect() as conn:
            return {"sizes": table_sizes(conn)}
    finally:
        engine.dispose()


TASKS = {
    "discover": discover_task,
    "prime": prime_task,
    "cold_call": cold_call_task,
    "warm_calls": warm_calls_task,
    "page": render_page,
    "sizes": sizes_task,
}


def execute(task: dict[str, Any]) -> dict[str, Any]:
    """Run one task (in the current process: call it in a fresh one)."""
    return TASKS[task["kind"]](task)
