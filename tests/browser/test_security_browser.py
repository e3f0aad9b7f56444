"""Issue 15 in a real browser against ``streamlit run serve.py`` (what scripts/start.sh runs), with
access control on and ``X-Forwarded-For`` believed from the loopback (nginx on the same host,
``POSYANDU_TRUSTED_PROXIES=127.0.0.1,::1``): each browser context sends the office address it stands for.

1. A stranger failing sign-in with made-up user names from an office's address does not lock out a
   real user of the same office (main locked the address: "Terlalu banyak percobaan…").
2. A stranger failing on purpose as a real user's name does not lock out that user's known browser.
3. A briefing PDF a national user made for Kecamatan Kapuas Hilir, and a CSV, are served to that
   browser only: not to a request without a session, not to a camat of Selat signed in elsewhere,
   and not even to the owner once the file's minute (here shortened) is over.
4. ``/_stcore/metrics`` answers nothing without a session (it listed cache names, hits and timings).
5. Single sign-on (OpenID Connect) still works through the guard.
"""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from pypdf import PdfReader

from dashboard.auth.accounts import add_user
from dashboard.auth.passwords import hash_password
from tests.browser.conftest import TODAY, _free_port, serve_in_app_folder
from tests.browser.helpers import (
    WRONG,
    click_download,
    oidc_provider,
    oidc_secrets,
    open_children_table,
    try_sign_in,
    wait_page,
)

pytestmark = pytest.mark.browser

ENTRY = "serve.py"
PASSWORDS = {"pusat": "tp-pusat-2026-rahasia", "camat.selat": "camat-selat-2026", "camat.serang": "camat-serang-2026"}
REGIONS = {"pusat": "nasional", "camat.selat": "62.03.01", "camat.serang": "36.73.01"}
DOWNLOAD_SECONDS = 8
LOCKED = "Terlalu banyak percobaan yang gagal."


@pytest.fixture(scope="module")
def guarded(sample_sqlite_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """(base URL, server log) of the dashboard served as scripts/start.sh serves it."""
    tmp = tmp_path_factory.mktemp("security")
    accounts = tmp / "users.toml"
    for user, password in PASSWORDS.items():
        add_user(accounts, user, region=REGIONS[user], display_name=user, password_hash=hash_password(password))
    env = {
        "POSYANDU_DATABASE_URL": sample_sqlite_url,
        "POSYANDU_TODAY": TODAY,
        "POSYANDU_AUTH_FILE": str(accounts),
        "POSYANDU_TRUSTED_PROXIES": "127.0.0.1,::1",
        "POSYANDU_DOWNLOAD_SECONDS": str(DOWNLOAD_SECONDS),
    }
    log_path = tmp / "server.log"
    with serve_in_app_folder(ENTRY, env, tmp / "app", log=log_path) as base:
        yield base, log_path


@contextmanager
def office_browser(browser, address: str) -> Iterator[object]:
    """A fresh browser (its own cookies) whose requests arrive from ``address`` through the proxy."""
    context = browser.new_context(
        viewport={"width": 1440, "height": 900}, locale="id-ID", extra_http_headers={"X-Forwarded-For": address}
    )
    try:
        yield context
    finally:
        context.close()


def _open_sign_in(context, base: str, path: str = "/"):
    page = context.new_page()
    page.goto(base + path)
    page.get_by_label("Nama pengguna").wait_for(timeout=60_000)
    return page


def test_made_up_names_do_not_lock_out_another_user(guarded: tuple[str, Path], browser) -> None:
    base, log_path = guarded
    office = "203.0.113.7"
    with office_browser(browser, office) as stranger:
        page = _open_sign_in(stranger, base)
        answers = [try_sign_in(page, f"tamu-{number}", "tebakan-asal") for number in range(6)]
    with office_browser(browser, office) as colleague:  # a real user, a fresh browser, the same office
        page = _open_sign_in(colleague, base)
        assert try_sign_in(page, "camat.selat", PASSWORDS["camat.selat"]) is None
        wait_page(page, "Ringkasan")
    assert answers == [WRONG] * 6  # six different names: each is only its own first failure
    logged = log_path.read_text()
    assert f"sign-in failed for user 'tamu-5' (unknown), address {office}" in logged
    assert "tebakan-asal" not in logged


def test_failing_as_someone_does_not_lock_out_their_known_browser(guarded: tuple[str, Path], browser) -> None:
    base, log_path = guarded
    office = "203.0.113.8"
    with office_browser(browser, office) as own, office_browser(browser, office) as stranger:
        page = _open_sign_in(own, base)
        assert try_sign_in(page, "camat.serang", PASSWORDS["camat.serang"]) is None  # signed in here before
        wait_page(page, "Ringkasan")
        again = _open_sign_in(own, base)  # a new tab of the camat's own browser (a new session), ready

        attacker = _open_sign_in(stranger, base)
        answers = [try_sign_in(attacker, "camat.serang", f"tebakan-{number}") for number in range(6)]
        assert answers[:5] == [WRONG] * 5 and answers[5] is not None and answers[5].startswith(LOCKED)

        with office_browser(browser, office) as new_device:  # a browser never signed in: the lock holds
            fresh = _open_sign_in(new_device, base)
            answer = try_sign_in(fresh, "camat.serang", PASSWORDS["camat.serang"])
            assert answer is not None and answer.startswith(LOCKED)

        assert try_sign_in(again, "camat.serang", PASSWORDS["camat.serang"]) is None  # the known browser
        wait_page(again, "Ringkasan")
    refused = r"sign-in refused \(locked \d+ s by rule address\+user\) for user 'camat.serang', address 203\.0\.113\.8"
    assert re.search(refused, log_path.read_text())


def _status(url: str) -> int:
    """A request with no cookie at all: no browser, no session."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_a_download_opens_for_the_browser_that_made_it_only(guarded: tuple[str, Path], browser) -> None:
    base, log_path = guarded
    with office_browser(browser, "198.51.100.11") as selat, office_browser(browser, "198.51.100.10") as national:
        other = _open_sign_in(selat, base)  # a camat of Selat, signed in, in another office
        assert try_sign_in(other, "camat.selat", PASSWORDS["camat.selat"]) is None
        wait_page(other, "Ringkasan")

        page = _open_sign_in(national, base, "/?region=62.03.02&year=2025")
        assert try_sign_in(page, "pusat", PASSWORDS["pusat"]) is None
        wait_page(page, "Ringkasan")

        csv_button = open_children_table(page, "desa/kelurahan")
        csv_url = click_download(page, csv_button).url
        assert page.request.get(csv_url).status == 200  # its own browser, within the minute
        assert other.request.get(csv_url).status == 404  # another signed-in user
        assert _status(csv_url) == 404  # no session at all

        download = click_download(page, page.get_by_role("button", name="Unduh bahan paparan"))
        made_at, pdf_url = time.monotonic(), download.url
        assert download.suggested_filename == "bahan-paparan-kapuas-hilir-2025.pdf"
        assert "Kapuas Hilir" in "\n".join(p.extract_text() for p in PdfReader(download.path()).pages)
        assert page.request.get(pdf_url).status == 200
        assert _status(pdf_url) == 404
        assert other.request.get(pdf_url).status == 404
        time.sleep(max(0.0, DOWNLOAD_SECONDS + 1 - (time.monotonic() - made_at)))
        assert page.request.get(pdf_url).status == 404  # its time is over, even for the browser that made it
    logged = log_path.read_text()
    for reason in ("no browser cookie", "made by another browser", "expired"):
        assert f"refused: {reason}" in logged


def test_internal_endpoints_answer_nothing_without_a_session(guarded: tuple[str, Path], browser) -> None:
    base, _ = guarded
    with office_browser(browser, "198.51.100.12") as visitor:  # a session has run: there are figures to tell
        page = _open_sign_in(visitor, base)
        assert try_sign_in(page, "camat.selat", PASSWORDS["camat.selat"]) is None
        wait_page(page, "Ringkasan")
        for path in ("/_stcore/metrics", "/_stcore/metrics?families=cache_memory_bytes"):
            assert _status(base + path) == 404, path  # no session, no cookie
        assert _status(base + "/_stcore/script-health-check") == 404
        assert page.request.get(base + "/_stcore/metrics").status == 404  # off, not merely signed-in only
    with urllib.request.urlopen(base + "/_stcore/health", timeout=10) as response:
        assert response.read() == b"ok"  # what a proxy's health check needs, and nothing more


@pytest.fixture(scope="module")
def guarded_oidc(sample_sqlite_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """serve.py with an OpenID Connect provider (``oidc-provider-mock``) instead of local accounts."""
    tmp = tmp_path_factory.mktemp("security-oidc")
    accounts = tmp / "users.toml"
    accounts.write_text('[oidc]\nscope_claim = "posyandu_region"\n')
    port = _free_port()
    claims = {"email": "camat@serangkota.go.id", "name": "Camat", "posyandu_region": "36.73.01"}
    user = ("camat@serangkota.go.id", claims)
    with oidc_provider([user]) as issuer:
        secrets = oidc_secrets(port, issuer)
        env = {"POSYANDU_DATABASE_URL": sample_sqlite_url, "POSYANDU_TODAY": TODAY, "POSYANDU_AUTH_FILE": str(accounts)}
        with serve_in_app_folder(ENTRY, env, tmp / "app", log=tmp / "server.log", secrets=secrets, port=port) as base:
            yield base


def test_single_sign_on_works_through_the_guard(guarded_oidc: str, browser) -> None:
    """The provider's redirects and Streamlit's identity cookie pass the guard; a download still binds."""
    with office_browser(browser, "198.51.100.13") as context:
        page = context.new_page()
        page.goto(guarded_oidc + "/?region=36.73.01&year=2025")
        page.get_by_role("button", name="Masuk dengan akun instansi (SSO)").click(timeout=60_000)
        page.get_by_role("button", name="camat@serangkota.go.id").click(timeout=30_000)
        wait_page(page, "Ringkasan")
        page.reload()  # the identity survives a reload (Streamlit's cookie), as without the guard
        wait_page(page, "Ringkasan")
        url = click_download(page, page.get_by_role("button", name="Unduh bahan paparan")).url
        assert page.request.get(url).status == 200
        assert _status(url) == 404
