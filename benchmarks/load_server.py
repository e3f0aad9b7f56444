"""The server under load: start a ``streamlit run`` on 127.0.0.1 (or find the one already listening),
and watch its CPU and memory through ``/proc`` while the sessions run.

A *cold* measurement needs a server process whose Streamlit caches are empty, so :func:`start_server`
is called once per cold batch. :class:`Deployment` is one ``target`` and the processes behind it:
:func:`start_front` runs ``scripts/front.sh`` (nginx in front of N ``serve.py`` processes, as in
production), whose process tree -- the script, every app process and nginx with its workers -- is what
the watcher sums.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.streamlit_client import LOOPBACK, Target
from data_access.settings import DATABASE_URL_ENV, TODAY_ENV

ROOT = Path(__file__).resolve().parents[1]
ENTRYPOINT = "serve.py"
"""What ``scripts/start.sh`` serves: the router wrapped by the request guard, with the page's heavy modules
imported before the server answers (a bare ``streamlit_app.py`` imports them in the first visitor's run)."""
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


class ServerError(RuntimeError):
    """The server could not be started or did not answer its health check."""


@dataclass
class Deployment:
    """What the sessions talk to (``target``) and the processes that serve them (``pids``).

    ``process`` is set when the harness started the server itself (it then stops it); ``log_path``
    keeps the server's output for a failed run."""

    target: Target
    pids: list[int]
    process: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None
    backends: list[Target] = field(default_factory=list)  # behind a front: each process, straight

    def processes(self) -> list[Deployment]:
        """Each process on its own (to warm every one: through the front a session reaches only one),
        or this deployment itself when it is one process."""
        return [Deployment(backend, self.pids) for backend in self.backends] or [self]

    def stop(self) -> None:
        """Stop the server this harness started (its whole process group); a found server is left alone."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=15)

    def log_tail(self, lines: int = 30) -> str:
        if self.log_path is None or not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def start_server(
    database_url: str | None,
    today: str | None,
    options: Sequence[str] = (),
    timeout_s: float = 90,
    entrypoint: str = ENTRYPOINT,
) -> Deployment:
    """A fresh ``streamlit run serve.py`` (:data:`ENTRYPOINT`; ``entrypoint`` for another script) on a
    free 127.0.0.1 port, in its own process group; returns once ``/_stcore/health`` answers.

    ``database_url`` None means the sample (``POSYANDU_DATABASE_URL`` removed from the environment).
    ``options`` are Streamlit config options as ``name=value`` (``server.fileWatcherType=none``), passed
    as ``--name value`` after the project's own ``.streamlit/config.toml``: what-if runs without
    editing it."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        entrypoint,
        "--server.headless",
        "true",
        "--server.address",
        LOOPBACK,
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
    ]
    return _launch(
        command + _option_flags(options), database_url, today, "posyandu-load-server-", Target(port=port), timeout_s
    )


def free_ports(count: int) -> int:
    """The first of ``count`` consecutive free ports on 127.0.0.1 (front.sh numbers its processes so)."""
    for _ in range(50):
        first = free_port()
        sockets: list[socket.socket] = []
        try:
            for port in range(first, first + count):
                sock = socket.socket()
                sockets.append(sock)
                sock.bind((LOOPBACK, port))
            return first
        except OSError:
            continue
        finally:
            for sock in sockets:
                sock.close()
    raise ServerError(f"no {count} consecutive free ports on {LOOPBACK}")


def start_front(
    processes: int, database_url: str | None, today: str | None, options: Sequence[str] = (), timeout_s: float = 90
) -> Deployment:
    """``scripts/front.sh``: ``processes`` fresh ``streamlit run serve.py`` on consecutive 127.0.0.1 ports
    and nginx in front of them (deploy/nginx/posyandu-locations.conf, sticky sessions) on a free port;
    returns once ``/_stcore/health`` answers through nginx (front.sh starts nginx once every process
    answers). The preparation (sample, summaries, store) is the caller's, as for :func:`start_server`."""
    port, app_port = free_port(), free_ports(processes)
    command = ["bash", "scripts/front.sh", "--processes", str(processes), "--port", str(port)]
    command += ["--app-port", str(app_port), "--no-prepare", "--", *_option_flags(options)]
    backends = [Target(port=app_port + index) for index in range(processes)]
    wait_s = timeout_s * processes  # the processes start side by side on shared cores
    return _launch(command, database_url, today, "posyandu-load-front-", Target(port=port), wait_s, backends)


def _option_flags(options: Sequence[str]) -> list[str]:
    """Streamlit config options given as ``name=value`` as the ``--name value`` flags ``streamlit run`` takes."""
    flags: list[str] = []
    for option in options:
        name, _, value = option.partition("=")
        flags += [f"--{name.strip()}", value.strip()]
    return flags


def _launch(
    command: list[str],
    database_url: str | None,
    today: str | None,
    log_prefix: str,
    target: Target,
    timeout_s: float,
    backends: list[Target] | None = None,
) -> Deployment:
    """Run ``command`` from the project root as the server behind ``target`` and return once it is healthy.

    The one place a benchmark server gets its environment (``database_url`` None: the sample, the variable
    removed; ``today`` the dashboard's date), its own process group (so :meth:`Deployment.stop` ends every
    process it starts) and a log file kept for a failed run; a server that does not come up is stopped
    before the error is raised."""
    env = dict(os.environ)
    env.pop(DATABASE_URL_ENV, None)
    if database_url:
        env[DATABASE_URL_ENV] = database_url
    if today:
        env[TODAY_ENV] = today
    log_fd, log_name = tempfile.mkstemp(prefix=log_prefix, suffix=".log")
    with os.fdopen(log_fd, "wb") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    deployment = Deployment(target, [process.pid], process, Path(log_name), backends or [])
    try:
        _wait_healthy(deployment, timeout_s)
    except BaseException:
        deployment.stop()
        raise
    return deployment


def _wait_healthy(deployment: Deployment, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    url = f"{deployment.target.base_url}/_stcore/health"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # no proxy: 127.0.0.1 only
    while time.monotonic() < deadline:
        if deployment.process is not None and deployment.process.poll() is not None:
            raise ServerError(
                f"the server exited with status {deployment.process.returncode}:\n{deployment.log_tail()}"
            )
        try:
            with opener.open(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise ServerError(f"the server did not answer {url} within {timeout_s:.0f} s:\n{deployment.log_tail()}")


def attach(target: Target) -> Deployment:
    """A server someone else started: found by the port it listens on, so its CPU and memory can be
    watched (when it runs as another user, its ``/proc`` entries may be unreadable: no pids then)."""
    pid = listening_pid(target.port)
    deployment = Deployment(target, [pid] if pid is not None else [])
    _wait_healthy(deployment, timeout_s=10)
    return deployment


def listening_pid(port: int) -> int | None:
    """The process with a socket listening on ``port`` (from ``/proc/net/tcp*`` and ``/proc/*/fd``)."""
    inodes: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            if len(fields) > 9 and fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(f"socket:[{fields[9]}]")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if any(os.readlink(fd) in inodes for fd in (entry / "fd").iterdir()):
                return int(entry.name)
        except OSError:
            continue
    return None


def process_tree(roots: Iterable[int]) -> list[int]:
    """``roots`` and all their descendants that are alive now."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], list(roots)
    while todo:
        pid = todo.pop()
        if pid not in found and Path(f"/proc/{pid}").exists():
            found.append(pid)
            todo.extend(children.get(pid, []))
    return found


def cpu_seconds(pid: int) -> float:
    """User + system CPU of ``pid`` and of its children already waited for (``/proc/<pid>/stat``)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # after the ")": state ppid ... utime(14) stime(15) cutime(16) cstime(17) -> indexes 11..14 here
    return sum(int(value) for value in fields[11:15]) / CLOCK_TICKS


def rss_bytes(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_SIZE
    except (OSError, IndexError, ValueError):
        return 0


@dataclass
class Usage:
    """The server's CPU seconds over a batch and the highest resident memory seen during it."""

    cpu_s: float | None = None
    peak_rss_mb: float | None = None
    samples: int = 0


@dataclass
class ProcessWatcher:
    """Samples the deployment's processes (and children) every ``interval_s`` on the event loop: reading
    two small ``/proc`` files per process costs microseconds, so the sessions do not notice."""

    pids: list[int]
    interval_s: float = 0.1
    usage: Usage = field(default_factory=Usage)
    _cpu_start: float = 0.0
    _task: asyncio.Task[None] | None = None

    def _tree(self) -> list[int]:
        return process_tree(self.pids)

    def _sample(self, tree: list[int]) -> None:
        rss = sum(rss_bytes(pid) for pid in tree) / 2**20
        self.usage.peak_rss_mb = max(self.usage.peak_rss_mb or 0.0, rss)
        self.usage.samples += 1

    async def _loop(self) -> None:
        tree, count = self._tree(), 0
        while True:
            self._sample(tree)
            await asyncio.sleep(self.interval_s)
            count += 1
            if count % 10 == 0:  # a child started since (a later multi-process seam): about once a second
                tree = self._tree()

    def start(self) -> None:
        if not self.pids:
            return
        self._cpu_start = sum(cpu_seconds(pid) for pid in self._tree())
        self._task = asyncio.create_task(self._loop())

    async def stop(self) -> Usage:
        if self._task is None:
            return self.usage
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None
        tree = self._tree()
        self._sample(tree)
        self.usage.cpu_s = sum(cpu_seconds(pid) for pid in tree) - self._cpu_start
        return self.usage
