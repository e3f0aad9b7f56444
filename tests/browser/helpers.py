"""What several browser test files do on a page: sign in, wait for a page or a run, wait for its charts, open
Ringkasan's children table, download, open a tab of a given size, take the projector's screenshot, and the local
OpenID Connect provider. One copy here, so a fix to how a test waits on Streamlit reaches every file that waits
that way (test modules import from here and from ``conftest``, never from one another).
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.conftest import SCREENSHOTS, record_failed_requests, wait_until_rendered

CAMAT = "36.73.01"
PASSWORD = "camat-serang-2026"
REFUSED = "Wilayah 36.73.02 di luar wilayah akses Anda; ditampilkan Serang (36.73.01)."
WRONG = "Nama pengguna atau kata sandi salah."
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
VIEWPORTS = [(1920, 1080), (1280, 720)]


def open_tab(browser, width: int, height: int):
    """A fresh context and tab of ``width`` x ``height`` (a projector, a laptop) that records failed requests in
    ``tab.failed_requests``, as the ``page`` fixture does for its fixed size."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="id-ID")
    return context, record_failed_requests(context.new_page())


def open_selectbox(tab, key: str):
    """Open the keyed selectbox's dropdown; its ``[role=option]`` locator. A click while the page is still
    wiring its widgets can leave the list closed: then Escape, wait for the run, and click again (3 tries)."""
    options = tab.locator('[role="option"]')
    for _attempt in range(3):
        tab.locator(f".st-key-{key} [data-testid='stSelectbox']").click()
        try:
            options.first.wait_for(timeout=5_000)
            break
        except PlaywrightTimeoutError:
            tab.keyboard.press("Escape")
            wait_until_rendered(tab)
    return options


def assert_clean(page) -> None:
    """No exception, no error box and no failed request on the page: what every page test asks first."""
    assert page.locator('[data-testid="stException"]').count() == 0
    errors = [alert.inner_text() for alert in page.locator('[data-testid="stAlertContentError"]').all()]
    assert errors == []
    assert page.failed_requests == []  # type: ignore[attr-defined]


def wait_page(page, title: str) -> None:
    """Wait until the page titled ``title`` shows and its run has finished (after a sign-in or a navigation)."""
    page.wait_for_selector(f'[data-testid="stMainBlockContainer"] h1:has-text("{title}")', timeout=60_000)
    wait_until_rendered(page)


CHARTS_DRAWN_JS = """(least) => {
    const plotly = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
    const vega = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')];
    return plotly.length + vega.length >= least
        && plotly.every(chart => chart.querySelector('.main-svg'))
        && vega.every(chart => chart.querySelector('svg.marks'));
}"""


def wait_for_charts(page, *, at_least: int = 0, timeout_ms: int = 30_000) -> None:
    """Wait until at least ``at_least`` charts are on the page and every chart on it is drawn: a plotly chart's
    ``.main-svg`` (Peta, Renstra, Mode rapat, ...) and a Vega-Lite chart's ``svg.marks`` (Ringkasan's ranking
    and map) attached. Chart code loads after the script ends, so call it after :func:`wait_until_rendered`;
    ``at_least=0`` waits only for the charts already present (a page that may have none)."""
    page.wait_for_function(CHARTS_DRAWN_JS, arg=at_least, timeout=timeout_ms)


def open_children_table(page, level_words: str, *, timeout_ms: int = 60_000):
    """Open Ringkasan's "Semua angka per <level_words>" expander (e.g. ``"desa/kelurahan"``) and wait for what it
    builds only once opened (``on_change="rerun"``): the table's "⬇ CSV" button, drawn by the rerun the click
    starts, then that rerun finished and the button visible. Returns the button's locator."""
    wait_until_rendered(page)  # a click during a rerun can land on an expander being replaced
    expander = page.get_by_test_id("stExpander").filter(has_text=f"Semua angka per {level_words}")
    expander.get_by_text(f"Semua angka per {level_words}").click()
    button = expander.get_by_role("button", name="⬇ CSV")
    button.wait_for(state="visible", timeout=timeout_ms)  # only the rerun after the click draws it
    wait_until_rendered(page, timeout_ms)  # and that rerun is over: the button is not about to be replaced
    button.wait_for(state="visible", timeout=timeout_ms)
    return button


def sign_in(page, user: str, password: str) -> None:
    """Fill and submit the local sign-in form; the caller waits for what it expects to follow."""
    page.get_by_label("Nama pengguna").fill(user)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk", exact=True).click()


WATCH_RUNS = """() => {
    window.__posyanduRan = false;
    if (window.__posyanduWatch) return;
    // A run may start and end between two callbacks (a quick refusal): read the attribute's old value
    // from the mutation records, not the page's state when the callback runs.
    window.__posyanduWatch = new MutationObserver((mutations) => {
        for (const m of mutations) {
            if (m.oldValue === "running" || m.target.getAttribute("data-test-script-state") === "running") {
                window.__posyanduRan = true;
            }
        }
    });
    window.__posyanduWatch.observe(document.body, {
        attributes: true, subtree: true, attributeOldValue: true, attributeFilter: ["data-test-script-state"],
    });
}"""


def try_sign_in(page, user: str, password: str) -> str | None:
    """Submit the form once and wait for that run to end: the error it shows, or None when signed in."""
    page.get_by_label("Nama pengguna").fill(user)
    page.get_by_label("Kata sandi").fill(password)
    shown = page.locator('[data-testid="stAlertContentError"]').count()
    page.evaluate(WATCH_RUNS)
    page.get_by_role("button", name="Masuk", exact=True).click()
    # The run was seen, or (a refusal quick enough to slip between two observer callbacks on a fresh
    # page) its error box appeared where there was none.
    page.wait_for_function(
        """(shown) => window.__posyanduRan === true
            || document.querySelectorAll('[data-testid="stAlertContentError"]').length > shown""",
        arg=shown,
        timeout=60_000,
    )
    wait_until_rendered(page)
    errors = page.locator('[data-testid="stAlertContentError"]')
    return errors.first.inner_text().strip().splitlines()[-1] if errors.count() else None  # (after the icon)


def click_download(page, button):
    """Click a download button; Playwright's download (its ``url`` is the ``/media/`` URL)."""
    wait_until_rendered(page)  # a click during a rerun can land on a button being replaced
    with page.expect_download(timeout=120_000) as download_info:
        button.click()
    download = download_info.value
    assert "/media/" in download.url
    return download


def shoot(tab, name: str) -> None:
    """Screenshot of the viewport only: what the projector shows in meeting mode."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"))  # the viewport: what the projector shows


@contextmanager
def oidc_provider(users: list[tuple[str, dict[str, object]]]) -> Iterator[str]:
    """``oidc-provider-mock`` served on 127.0.0.1 from a thread; its authorize form offers ``users``
    (subject, claims) as one-click buttons. Yields the issuer URL."""
    import werkzeug.serving
    from oidc_provider_mock import User, app

    server = werkzeug.serving.make_server(
        "127.0.0.1", 0, app(user_claims=[User(sub=sub, claims=claims) for sub, claims in users]), threaded=True
    )
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def oidc_secrets(port: int, issuer: str) -> str:
    """The app's ``secrets.toml`` for ``st.login`` against the mock provider at ``issuer``, coming back to the
    app on 127.0.0.1:``port`` (so the port is chosen before the server starts)."""
    return (
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        'cookie_secret = "posyandu-test-cookie-secret-0123456789"\n'
        'client_id = "posyandu-dashboard"\n'
        'client_secret = "posyandu-test-client-secret"\n'
        f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n'
    )
