"""What a browser waits for the dashboard's own scripts, over kept-alive connections (issue 13).

    python -m benchmarks.static_files [--connections 6] [--repeat 3] [--database-url URL]

Starts two servers on the sample (or ``--database-url``): ``serve.py``, as ``scripts/start.sh`` runs it,
and a bare ``streamlit run streamlit_app.py``, which keeps Nagle's algorithm on every connection
(``dashboard/server_sockets.py`` says why). Against each it fetches the scripts Streamlit's HTML page
names (its entry module and the modules it preloads: what every first visit fetches before anything
shows) over ``--connections`` kept-alive HTTP/1.1 connections, as a browser does with its six, and
prints per server: files, kilobytes, the wall time of the whole set (best of ``--repeat``) and the
median time of one request on a connection that has already served one.

On the 2-core development machine (2026-12-07): 59 files, 2.0 MB, **0.43 s** with Nagle on (44 ms a
request on a kept-alive connection) against **0.07 s** without (5.7 ms); docs/performance.md, "The
first visit in a browser".
"""

from __future__ import annotations

import argparse
import http.client
import re
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from benchmarks.load_server import ENTRYPOINT, Deployment, start_server
from benchmarks.streamlit_client import LOOPBACK

PLAIN_ENTRYPOINT = "streamlit_app.py"
_SCRIPT = re.compile(r'(?:src|href)="\./(static/js/[\w.-]+\.js)"')


def first_visit_scripts(port: int) -> list[str]:
    """The script paths the server's HTML page names, in its order."""
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=30)
    try:
        connection.request("GET", "/")
        html = connection.getresponse().read().decode("utf-8")
    finally:
        connection.close()
    return list(dict.fromkeys(_SCRIPT.findall(html)))


def _fetch_all(port: int, paths: list[str]) -> tuple[int, list[float]]:
    """Fetch ``paths`` one after another on one kept-alive connection: (bytes, seconds of each
    request after the first)."""
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=30)
    received, later = 0, []
    try:
        for index, path in enumerate(paths):
            started = time.perf_counter()
            connection.request("GET", "/" + path)
            response = connection.getresponse()
            received += len(response.read())
            if response.status != 200:
                raise RuntimeError(f"{path}: HTTP {response.status}")
            if index:
                later.append(time.perf_counter() - started)
    finally:
        connection.close()
    return received, later


def measure(port: int, connections: int, repeat: int) -> tuple[int, int, float, float]:
    """(files, bytes, best wall seconds for the whole set, median seconds of a kept-alive request)."""
    paths = first_visit_scripts(port)
    shares = [paths[start::connections] for start in range(connections)]
    walls: list[float] = []
    later: list[float] = []
    size = 0
    for _ in range(repeat):
        started = time.perf_counter()
        with ThreadPoolExecutor(connections) as pool:
            results = list(pool.map(lambda share: _fetch_all(port, share), shares))
        walls.append(time.perf_counter() - started)
        size = sum(received for received, _ in results)
        later.extend(seconds for _, each in results for seconds in each)
    return len(paths), size, min(walls), statistics.median(later) if later else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.static_files", description=__doc__.split("\n\n")[0])
    parser.add_argument("--connections", type=int, default=6, help="kept-alive connections (a browser's six)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds per server; the best wall time is kept")
    parser.add_argument("--database-url", default=None, help="database of the servers (default: the sample)")
    args = parser.parse_args(argv)
    print(f"{'server':<32} {'files':>5} {'KB':>7} {'wall s':>7} {'ms/request':>10}")
    servers = ((f"{ENTRYPOINT} (Nagle off)", ENTRYPOINT), (f"{PLAIN_ENTRYPOINT} (Nagle on)", PLAIN_ENTRYPOINT))
    for label, entrypoint in servers:
        deployment: Deployment = start_server(args.database_url, None, entrypoint=entrypoint)
        try:
            files, size, wall, request = measure(deployment.target.port, args.connections, args.repeat)
        finally:
            deployment.stop()
        print(f"{label:<32} {files:>5} {size // 1024:>7} {wall:>7.2f} {request * 1000:>10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
