"""Running one measurement in a process of its own, so "cold" means a new process.

Two ways, same result (a JSON-able dict from :func:`benchmarks.tasks.execute`):

- ``fork`` (default on Linux >= 5.14): the benchmark process imports everything once and never opens
  a database connection or fills a Streamlit cache itself; each task runs in a child forked from that
  pristine state, so it starts with empty caches and no connection in milliseconds instead of the
  ~1.5 s of importing Streamlit, pandas and plotly again. One trap, measured here: a forked child
  pays a page fault and a copy for every inherited memory page it first writes to (reference counts
  alone do that), which added 100-300 ms to the first calls of a child. So before its task the child
  makes all its writable memory its own (``madvise(MADV_POPULATE_WRITE)``, untimed, ~0.1 s), after
  which it runs as fast as a freshly started interpreter.
- ``spawn``: ``python -m benchmarks.run --task JSON``, a brand-new interpreter per task (slower; the
  default where the above is unavailable).

Either way the timed region starts after start-up and imports, as the issue asks.
"""

from __future__ import annotations

import ctypes
import json
import mmap
import os
import signal
import subprocess
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULT_PREFIX = "BENCHMARK-RESULT "


MADV_POPULATE_WRITE = 23  # Linux >= 5.14: fault in every page of a range, writable (copies COW pages)


def _madvise() -> Callable[[int, int, int], int] | None:
    try:
        function = ctypes.CDLL(None, use_errno=True).madvise
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    return function


def _can_populate() -> bool:
    """Whether this kernel honours MADV_POPULATE_WRITE (tried on a fresh anonymous page)."""
    madvise = _madvise()
    if madvise is None or not sys.platform.startswith("linux"):
        return False
    page = mmap.mmap(-1, mmap.PAGESIZE)
    try:
        buffer = ctypes.c_char.from_buffer(page)
        ok = madvise(ctypes.addressof(buffer), mmap.PAGESIZE, MADV_POPULATE_WRITE) == 0
        del buffer
        return ok
    finally:
        page.close()


def _own_all_memory() -> None:
    """In a forked child: copy every inherited writable private page now, so no timed code pays for it."""
    madvise = _madvise()
    if madvise is None:  # only called where _can_populate() found it
        return
    with open("/proc/self/maps", encoding="ascii") as maps:
        for line in maps:
            fields = line.split()
            perms = fields[1]
            if not perms.startswith("rw") or perms[3] != "p" or (len(fields) > 5 and fields[5].startswith("[v")):
                continue
            start, end = (int(address, 16) for address in fields[0].split("-"))
            madvise(start, end - start, MADV_POPULATE_WRITE)


def default_mode() -> str:
    return "fork" if hasattr(os, "fork") and _can_populate() else "spawn"


def run_isolated(task: dict[str, Any], *, mode: str, timeout: float) -> dict[str, Any]:
    """Run ``task`` in a fresh process; a failure comes back as ``{"error": ...}``, never raises."""
    if mode == "fork":
        return _forked(task, timeout)
    return _spawned(task, timeout)


def _forked(task: dict[str, Any], timeout: float) -> dict[str, Any]:
    from benchmarks.tasks import execute

    sys.stdout.flush()
    sys.stderr.flush()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: run, write the result, leave without running the parent's exit handlers
        os.close(read_fd)
        signal.alarm(max(1, int(timeout)))  # the default SIGALRM action ends a hung child
        try:
            _own_all_memory()
            payload = json.dumps(execute(task))
        except BaseException:
            payload = json.dumps({"error": traceback.format_exc()})
        with os.fdopen(write_fd, "w", encoding="utf-8") as pipe:
            pipe.write(payload)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)
    os.close(write_fd)
    with os.fdopen(read_fd, encoding="utf-8") as pipe:
        payload = pipe.read()
    _, status = os.waitpid(pid, 0)
    if not payload:
        return {"error": f"process ended without a result (wait status {status}; timeout {timeout:.0f} s?)"}
    return json.loads(payload)


def _spawned(task: dict[str, Any], timeout: float) -> dict[str, Any]:
    command = [sys.executable, "-m", "benchmarks.run", "--task", json.dumps(task)]
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    for line in reversed(done.stdout.splitlines()):
        if line.startswith(RESULT_PREFIX):
            return json.loads(line[len(RESULT_PREFIX) :])
    return {"error": f"exit code {done.returncode}: {done.stderr.strip()[-2000:]}"}


def serve_one(task_json: str) -> int:
    """The ``--task`` entry of a spawned process: run the task, print its result line."""
    from benchmarks.tasks import execute, preload

    preload()
    try:
        result = execute(json.loads(task_json))
    except Exception:
        result = {"error": traceback.format_exc()}
    print(RESULT_PREFIX + json.dumps(result), flush=True)
    return 0
