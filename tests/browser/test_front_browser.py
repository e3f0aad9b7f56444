"""The production front (``scripts/front.sh``: nginx with deploy/nginx/posyandu-locations.conf in front of two
``streamlit run serve.py`` processes) on the sample, in a real browser.

What a visitor transfers is measured with the Chrome DevTools Protocol: every HTTP response's
``encodedDataLength`` (bytes on the wire, headers included, compressed when compressed) and every
WebSocket frame's payload (as delivered to the page: an upper bound when the frames were compressed). The
first visit (a fresh browser: Ringkasan of the whole country, then of Kota Serang) and a repeat visit (the
same browser, a new tab, the same two views) are measured through the front and straight to one process,
and all four figures are printed. Bytes are not timing, so the front's are asserted: issue 13's first visit
<= 3 MB, repeat <= 300 KB. Then stickiness: two browsers served by different processes each drill and
download (a download lives in the memory of the process that made it), and the health endpoint answers.
"""

from __future__ import annotations

import base64
import os
import re
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from app_store.engine import create_store_engine
from app_store.migrate import upgrade
from app_store.settings import APP_DATABASE_URL_ENV
from benchmarks.load_server import free_ports
from tests.browser.conftest import ROOT, TODAY, _free_port, save_screenshot, stop_process_group, wait_until_rendered
from tests.browser.helpers import NGINX, open_children_table, wait_for_charts, wait_page

pytestmark = pytest.mark.browser

PROCESSES = 2
FIRST_VISIT_LIMIT = 3 * 1024 * 1024  # issue 13: a first visit to Ringkasan transfers <= 3 MB through the front
REPEAT_VISIT_LIMIT = 300 * 1024  # ... and a repeat visit <= 300 KB
VIEWS = ("/", "/?region=36.73&year=2025")  # Ringkasan: the whole country, then Kota Serang
LOG_LINE = re.compile(
    r'"(?P<method>\S+) (?P<path>\S+) [^"]*" (?P<status>\d+) .*upstream=(?P<upstream>\S+) node=(?P<node>\S+)'
)


@dataclass
class Front:
    base: str  # nginx, http://127.0.0.1:PORT
    apps: list[str]  # each process straight, http://127.0.0.1:PORT
    run_dir: Path  # front.sh's folder: nginx.conf, access.log, the processes' logs

    def upstreams_of(self, node: str) -> set[str]:
        """The processes (host:port) nginx sent this routing key's requests to."""
        found = set()
        for line in (self.run_dir / "access.log").read_text().splitlines():
            match = LOG_LINE.search(line)
            # (a static file's first request goes to the compressing server on a unix socket, not a process)
            if match and match["node"] == node and match["upstream"].startswith("127.0.0.1:"):
                found.add(match["upstream"])
        return found


@pytest.fixture(scope="module")
def front(sample_sqlite_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Front]:
    if not Path(NGINX).exists():
        if os.environ.get("CI"):
            pytest.fail("CI=true but nginx is not installed (bash scripts/setup.sh --with-test-services)")
        pytest.skip("nginx is not installed (apt-get install nginx)")
    tmp = tmp_path_factory.mktemp("front")
    store = f"sqlite:///{tmp / 'app_store.sqlite'}"
    engine = create_store_engine(store)
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    env = os.environ | {
        "POSYANDU_DATABASE_URL": sample_sqlite_url,
        "POSYANDU_TODAY": TODAY,
        APP_DATABASE_URL_ENV: store,
    }
    port, app_port = _free_port(), free_ports(PROCESSES)
    output = tmp / "front.out"
    command = ["bash", "scripts/front.sh", "--processes", str(PROCESSES), "--port", str(port)]
    command += ["--app-port", str(app_port), "--no-prepare"]
    with open(output, "w") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + 180
        while "== the dashboard: " not in output.read_text():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"scripts/front.sh did not start:\n{output.read_text()[-3000:]}")
            time.sleep(0.5)
        run_dir = Path(re.search(r"\(logs in (\S+)\)", output.read_text())[1])  # type: ignore[index]
        apps = [f"http://127.0.0.1:{app_port + index}" for index in range(PROCESSES)]
        yield Front(f"http://127.0.0.1:{port}", apps, run_dir)
    finally:
        stop_process_group(process, timeout_s=30)
    assert "Traceback" not in output.read_text()


@dataclass
class Transfer:
    """Bytes one tab received: HTTP responses as on the wire, WebSocket payloads as delivered."""

    http_bytes: int = 0
    requests: int = 0
    websocket_bytes: int = 0
    failed: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.http_bytes + self.websocket_bytes

    def add(self, other: Transfer) -> None:
        self.http_bytes += other.http_bytes
        self.requests += other.requests
        self.websocket_bytes += other.websocket_bytes
        self.failed += other.failed

    def __str__(self) -> str:
        return (
            f"{self.total / 1024:7.0f} KB ({self.http_bytes / 1024:.0f} KB HTTP in {self.requests} requests"
            f" + {self.websocket_bytes / 1024:.0f} KB WebSocket)"
        )


def _open_and_measure(context, url: str) -> Transfer:
    """Open ``url`` in a new tab of ``context``, wait for the settled page with its charts drawn, and count
    what arrived meanwhile."""
    page = context.new_page()
    transfer = Transfer()
    cdp = context.new_cdp_session(page)

    def finished(event: dict) -> None:
        transfer.http_bytes += int(event["encodedDataLength"])
        transfer.requests += 1

    def frame(event: dict) -> None:
        response = event["response"]
        data = response["payloadData"]
        transfer.websocket_bytes += len(base64.b64decode(data)) if response["opcode"] == 2 else len(data.encode())

    cdp.on("Network.loadingFinished", finished)
    cdp.on("Network.webSocketFrameReceived", frame)
    cdp.send("Network.enable")
    page.on("requestfailed", lambda request: transfer.failed.append(f"{request.url} {request.failure}"))
    page.goto(url)
    wait_page(page, "Ringkasan")
    wait_for_charts(page, at_least=2, timeout_ms=60_000)  # the ranking and the map (Vega-Lite), drawn
    page.wait_for_load_state("networkidle")
    wait_until_rendered(page)
    cdp.detach()
    page.close()
    return transfer


def _visit(browser, base: str) -> tuple[Transfer, Transfer]:
    """(first visit, repeat visit) of the Ringkasan views: a fresh browser, then a new tab of the same one."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="id-ID")
    try:
        first, repeat = Transfer(), Transfer()
        for view in VIEWS:
            first.add(_open_and_measure(context, base + view))
        for view in VIEWS:
            repeat.add(_open_and_measure(context, base + view))
        return first, repeat
    finally:
        context.close()


def test_what_a_first_and_a_repeat_visit_transfer(front: Front, browser, capsys: pytest.CaptureFixture[str]) -> None:
    proxied_first, proxied_repeat = _visit(browser, front.base)
    direct_first, direct_repeat = _visit(browser, front.apps[0])
    with capsys.disabled():  # the figures of issue 13, printed in every run
        print(
            f"\nRingkasan (country, then Kota Serang 36.73), bytes transferred:"
            f"\n  through the front, first visit:   {proxied_first}"
            f"\n  through the front, repeat visit:  {proxied_repeat}"
            f"\n  straight to a process, first:     {direct_first}"
            f"\n  straight to a process, repeat:    {direct_repeat}"
        )
    assert proxied_first.failed == [] and proxied_repeat.failed == []
    assert proxied_first.total <= FIRST_VISIT_LIMIT, proxied_first
    assert proxied_repeat.total <= REPEAT_VISIT_LIMIT, proxied_repeat
    # the front saves what compression saves: the same page costs several times less than straight
    assert proxied_first.http_bytes * 2 < direct_first.http_bytes


def _node_of(context) -> str:
    return {cookie["name"]: cookie["value"] for cookie in context.cookies()}["posyandu_node"]


def _key_served_elsewhere(front: Front, taken: str) -> str:
    """A routing key that nginx's consistent hash sends to another process than ``taken``: keys are tried on
    a small endpoint (each key always lands on the same process) until one lands elsewhere."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    for index in range(64):
        key = f"test-key-{index}"
        request = urllib.request.Request(
            front.base + "/_stcore/host-config", headers={"Cookie": f"posyandu_node={key}"}
        )
        with opener.open(request, timeout=10) as response:
            assert response.status == 200
        if front.upstreams_of(key) - {taken}:
            return key
    raise AssertionError("64 routing keys all landed on one process: the upstream does not balance")


def _drill_and_download(page, base: str) -> None:
    """A map click drills from Kota Serang into a kecamatan, then a kecamatan's CSV downloads from /media/."""
    page.goto(base + "/peta?region=36.73&year=2025")
    wait_until_rendered(page)
    canvas = page.locator('[data-testid="stPlotlyChart"] canvas').first
    canvas.wait_for(timeout=60_000)
    page.wait_for_timeout(1000)  # the map's first paint
    box = canvas.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function("() => /region=36\\.73\\.0\\d/.test(window.location.search)", timeout=60_000)
    wait_until_rendered(page)

    page.goto(base + "/?region=36.73.01&year=2025")  # a kecamatan: the table of its desa
    wait_page(page, "Ringkasan")
    open_children_table(page, "desa/kelurahan")
    download = _download_through_front(page)
    assert download.url.startswith(base + "/media/")
    assert download.failure() is None
    assert Path(download.path()).read_bytes().count(b"\n") > 5  # a real table: a header and its desa


def _download_through_front(page, attempts: int = 3):
    """The table's CSV, clicked again (as a person would) when no file came within 40 s.

    The file is built on click (a deferred download: the button's id goes to the server over the
    WebSocket, the server answers with a ``/media/`` URL). A rerun that lands between the page settling
    and the click replaces the button and revokes its id, and that click then yields nothing: seen once
    on the 2-core CI, never here. A second click must work; the first miss is kept as a screenshot."""
    for attempt in range(1, attempts + 1):
        button = page.get_by_role("button", name="⬇ CSV").last
        button.wait_for(state="visible", timeout=60_000)
        wait_until_rendered(page)
        try:
            with page.expect_download(timeout=40_000) as download_info:
                button.click()
            break
        except PlaywrightTimeoutError:
            save_screenshot(page, f"front-download-miss-{attempt}")
            if attempt == attempts:
                raise
    return download_info.value


def test_each_browser_sticks_to_its_process(front: Front, browser) -> None:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(front.base + "/_stcore/health", timeout=10) as response:  # for monitoring, through nginx
        assert response.status == 200 and response.read() == b"ok"

    first = browser.new_context(viewport={"width": 1440, "height": 900}, locale="id-ID")
    second = browser.new_context(viewport={"width": 1440, "height": 900}, locale="id-ID")
    try:
        page = first.new_page()
        page.goto(front.base + "/?region=36.73&year=2025")  # nginx hands this browser its routing key
        wait_page(page, "Ringkasan")
        node = _node_of(first)
        (process,) = front.upstreams_of(node)
        # The second browser carries a key that lands on the other process (a fresh browser would half the time).
        second.add_cookies(
            [{"name": "posyandu_node", "value": _key_served_elsewhere(front, process), "url": front.base}]
        )
        other = second.new_page()
        other.goto(front.base + "/?region=36.73&year=2025")
        wait_page(other, "Ringkasan")
        assert _node_of(second) != node

        for tab in (page, other):
            _drill_and_download(tab, front.base)
        # every request of each browser reached one process, the WebSocket included, and they were two
        served = [front.upstreams_of(_node_of(context)) for context in (first, second)]
        assert all(len(processes) == 1 for processes in served), served
        assert served[0] != served[1]
        nodes = [_node_of(context) for context in (first, second)]
    finally:
        first.close()
        second.close()
    # nginx logs a WebSocket when it closes: each browser's went to the process that served its page
    deadline = time.monotonic() + 30
    while not all(_stream_logged(front, key) for key in nodes) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert [front.upstreams_of(key) for key in nodes] == served


def _stream_logged(front: Front, node: str) -> bool:
    log = (front.run_dir / "access.log").read_text().splitlines()
    return any("/_stcore/stream" in line and f"node={node} " in line for line in log)


def test_static_files_are_compressed_once_cached_and_carry_no_ones_cookie(front: Front) -> None:
    """Plotly's bundle through the front: brotli (or gzip), immutable for a year, compressed once and then
    served from nginx's cache to every browser, and never with the app's per-browser cookie in it."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(front.base + "/", timeout=10) as response:
        page = response.read().decode()
    bundle = next(path for path in re.findall(r'static/js/[^"]+\.js', page) if "index." in path)
    sizes = []
    for key in ("static-check-1", "static-check-2"):  # two browsers, one of them served from the cache
        request = urllib.request.Request(
            f"{front.base}/{bundle}", headers={"Accept-Encoding": "gzip, deflate, br", "Cookie": f"posyandu_node={key}"}
        )
        with opener.open(request, timeout=30) as response:
            body = response.read()
            assert response.headers["Content-Encoding"] in {"br", "gzip"}
            assert "immutable" in response.headers["Cache-Control"]
            assert not any("posyandu_browser" in value for value in response.headers.get_all("Set-Cookie") or [])
            sizes.append(len(body))
    with opener.open(front.apps[0] + "/" + bundle, timeout=30) as response:
        plain = len(response.read())
    assert sizes[0] == sizes[1] and sizes[0] * 2 < plain
    deadline = time.monotonic() + 10
    while "cache=HIT" not in _static_log(front, bundle) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert "cache=HIT" in _static_log(front, bundle)


def _static_log(front: Front, path: str) -> str:
    return "\n".join(line for line in (front.run_dir / "access.log").read_text().splitlines() if path in line)
