"""A real browser against a real ``streamlit run``: Debian's chromium driven by Playwright.

The server runs on 127.0.0.1 in its own process group over a freshly built sample database (SQLite,
as the developers' guide allows for browser tests). Every request the page makes is watched: a
failed one (a font, a map tile, a CDN script) fails the test, since the dashboard must work offline.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest

from app_store.engine import create_store_engine
from app_store.migrate import upgrade
from app_store.records import Actor
from app_store.repository import create_tindak_lanjut
from app_store.settings import APP_DATABASE_URL_ENV
from tests.dashboard.followup_data import registrasi

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "tests" / "artifacts" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
TODAY = "2026-11-23"

pytestmark = pytest.mark.browser


def _store_with_a_follow_up(folder: Path) -> str:
    """The dashboard's own store, migrated, holding one decision of the Kota Serang rakor, so the Tindak
    Lanjut page is seen with something on it."""
    url = f"sqlite:///{folder / 'app_store.sqlite'}"
    engine = create_store_engine(url)
    try:
        upgrade(engine)
        create_tindak_lanjut(engine, actor=Actor.anonymous(), data=registrasi())
    finally:
        engine.dispose()
    return url


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve_streamlit(
    script: str, env: Mapping[str, str], *, log: Path, cwd: Path = ROOT, port: int | None = None
) -> Iterator[str]:
    """``streamlit run <script>`` headless on 127.0.0.1 (``port``, or a free one): yields its base URL once
    ``/_stcore/health`` answers, then stops its whole process group (the app's own children included).

    The one way the browser tests start a server, so every test meets the dashboard started the same way.
    ``env`` is the server's whole environment (callers add to ``os.environ``, or take from it); ``script`` is
    given as ``streamlit run`` gets it: relative to ``cwd`` (the repository), or absolute when ``cwd`` is an
    app folder whose ``.streamlit/`` holds the config and secrets under test. Its output goes to ``log``."""
    port = port or _free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true"]
    command += ["--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false"]
    with open(log, "w") as output:
        process = subprocess.Popen(
            command, cwd=cwd, env=dict(env), stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            _wait_healthy(base, process)
            yield base
        finally:
            stop_process_group(process, timeout_s=10)


def stop_process_group(process: subprocess.Popen, *, timeout_s: float) -> None:
    """SIGTERM to a server started with ``start_new_session`` and its children, SIGKILL if it lingers."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def app_dir(tmp: Path, secrets: str | None = None) -> Path:
    """A working directory with the repository's Streamlit config (and optionally secrets)."""
    settings = tmp / ".streamlit"
    settings.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / ".streamlit" / "config.toml", settings / "config.toml")
    if secrets is not None:
        (settings / "secrets.toml").write_text(secrets, encoding="utf-8")
    return tmp


def serve_in_app_folder(
    script: str, env: Mapping[str, str], folder: Path, *, log: Path, secrets: str | None = None, port: int | None = None
) -> AbstractContextManager[str]:
    """:func:`serve_streamlit` of the repository's ``script`` run from ``folder`` (made an :func:`app_dir`), with
    ``env`` added to this process's environment: how a test gives the app secrets or accounts of its own
    without touching the repository's ``.streamlit/``."""
    return serve_streamlit(str(ROOT / script), {**os.environ, **env}, log=log, cwd=app_dir(folder, secrets), port=port)


@pytest.fixture(scope="session")
def streamlit_server(sample_sqlite_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a ``streamlit run`` serving the dashboard on the sample database."""
    folder = tmp_path_factory.mktemp("streamlit")
    env = {
        **os.environ,
        "POSYANDU_DATABASE_URL": sample_sqlite_url,
        "POSYANDU_TODAY": TODAY,
        APP_DATABASE_URL_ENV: _store_with_a_follow_up(folder),
    }
    with serve_streamlit("streamlit_app.py", env, log=folder / "server.log") as base:
        yield base


def _wait_healthy(base: str, process: subprocess.Popen, timeout_s: float = 60) -> None:
    """Poll Streamlit's health endpoint until it answers (or the server dies, or time runs out)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"streamlit exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"streamlit did not become healthy within {timeout_s:.0f} s")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("CI=true but Debian's chromium is not installed")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser) -> Iterator[object]:
    """A fresh 1440x900 page that records failed requests in ``page.failed_requests``."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="id-ID")
    tab = record_failed_requests(context.new_page())
    yield tab
    context.close()


def record_failed_requests(tab):
    """``tab``, with every request that fails appended to ``tab.failed_requests`` (asserted empty by tests)."""
    failed: list[str] = []
    tab.on("requestfailed", lambda request: failed.append(f"{request.url} {request.failure}"))
    tab.failed_requests = failed
    return tab


def wait_until_rendered(page, timeout_ms: int = 60_000) -> None:
    """Wait on Streamlit's own "script finished" attributes, not on a sleep."""
    page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]', timeout=timeout_ms)
    page.wait_for_selector('[data-test-script-state="notRunning"]', timeout=timeout_ms)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=timeout_ms)


def save_screenshot(page, name: str) -> Path:
    """Screenshot of the whole page: Streamlit scrolls inside its own container, so the window is
    grown to the content's height first (capped), then restored."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    viewport = page.viewport_size or {"width": 1440, "height": 900}
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll("
        '\'[data-testid="stMain"], [data-testid="stSidebar"] > div\')].map(e => e.scrollHeight),'
        " document.body.scrollHeight)"
    )
    page.set_viewport_size({"width": viewport["width"], "height": int(min(max(viewport["height"], height), 8000))})
    page.wait_for_timeout(400)
    page.screenshot(path=str(path))
    page.set_viewport_size(viewport)
    return path
