"""Access control in a real browser: a camat of 36.73.01 signs in (local account) and is held to
their kecamatan on every route -- a link to another kecamatan, the breadcrumb, the picker, a click
on the map, a download and the data-quality page -- and the same camat signs in through an OpenID
Connect provider (``oidc-provider-mock`` on 127.0.0.1) with the region taken from a claim.

Each test starts its own ``streamlit run`` with access control configured (the shared server of
``test_pages_browser.py`` runs with it off, as a newcomer would)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.auth.accounts import add_user
from dashboard.auth.passwords import hash_password
from data_access import get_engine
from data_access.scope import child_regions, get_region
from tests.browser.conftest import TODAY, _free_port, save_screenshot, serve_in_app_folder, wait_until_rendered
from tests.browser.helpers import (
    CAMAT,
    PASSWORD,
    REFUSED,
    assert_clean,
    oidc_provider,
    oidc_secrets,
    open_children_table,
    sign_in,
    wait_for_charts,
    wait_page,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def local_server(sample_sqlite_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("access-local")
    accounts = tmp / "users.toml"
    add_user(accounts, "camat", region=CAMAT, display_name="Camat Serang", password_hash=hash_password(PASSWORD))
    env = {"POSYANDU_DATABASE_URL": sample_sqlite_url, "POSYANDU_TODAY": TODAY, "POSYANDU_AUTH_FILE": str(accounts)}
    with serve_in_app_folder("streamlit_app.py", env, tmp / "app", log=tmp / "server.log") as base:
        yield base


def _crumbs(page) -> dict[str, bool]:
    """Breadcrumb name -> whether it can be clicked."""
    found: dict[str, bool] = {}
    for button in page.locator(".st-key-crumbs button").all():
        name = button.inner_text().replace("\u2003", "").replace("▸", "").strip()
        found[name] = button.is_enabled()
    return found


def _crumb(page, name: str):
    return page.locator(".st-key-crumbs button").filter(has_text=name).last


def _kelurahan_names(url: str) -> list[str]:
    with get_engine(url).connect() as conn:
        return [child.name for child in child_regions(conn, get_region(conn, CAMAT))]


def test_camat_held_to_their_kecamatan(local_server: str, page, sample_sqlite_url: str) -> None:
    # A link to another kecamatan: the sign-in screen first, nothing else.
    page.goto(local_server + "/?region=36.73.02&year=2025")
    page.get_by_label("Nama pengguna").wait_for(timeout=60_000)
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0
    sign_in(page, "camat", "bukan-sandinya")
    page.get_by_text("Nama pengguna atau kata sandi salah.").wait_for(timeout=30_000)
    save_screenshot(page, "akses-masuk-gagal")

    # Signed in: the link is refused with a clear message and falls back to the camat's kecamatan.
    sign_in(page, "camat", PASSWORD)
    wait_page(page, "Ringkasan")
    page.get_by_text(REFUSED).wait_for(timeout=30_000)
    assert re.search(r"region=36\.73\.01(&|$)", page.url)
    wait_for_charts(page, at_least=2)  # the ranking and the map (Vega-Lite)
    page.wait_for_timeout(500)
    save_screenshot(page, "akses-camat-ringkasan")

    # Breadcrumb: the levels above the kecamatan are shown but cannot be opened.
    assert _crumbs(page) == {"Indonesia": False, "Banten": False, "Kota Serang": False, "Serang": False}

    # Picker: only the kelurahan of Serang.
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
    options = page.locator('[role="option"]')
    options.first.wait_for(timeout=10_000)
    assert [text.strip() for text in options.all_inner_texts()] == _kelurahan_names(sample_sqlite_url)
    page.keyboard.press("Escape")

    # Download: the per-kelurahan CSV holds the kecamatan's own rows only.
    csv_button = open_children_table(page, "desa/kelurahan")
    with page.expect_download(timeout=120_000) as download_info:
        csv_button.click()
    rows = list(csv.DictReader(io.StringIO(Path(download_info.value.path()).read_text(encoding="utf-8-sig"))))
    assert rows and all(row["code"].startswith(CAMAT + ".") for row in rows)

    # A click on the map drills only into what it draws: the kelurahan of Serang.
    page.get_by_role("link", name="Peta").click()
    wait_page(page, "Peta")
    canvas = page.locator('[data-testid="stPlotlyChart"] canvas').first
    canvas.wait_for(timeout=30_000)
    page.wait_for_timeout(1000)
    box = canvas.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function("() => /region=36\\.73\\.01\\.\\d+/.test(window.location.search)", timeout=30_000)
    wait_until_rendered(page)
    crumbs = _crumbs(page)
    assert crumbs["Serang"] is True  # back up to the kecamatan is allowed
    assert (crumbs["Indonesia"], crumbs["Banten"], crumbs["Kota Serang"]) == (False, False, False)  # above it is not

    # Data quality: counted over the kecamatan only (the sample's dirty rows lie elsewhere).
    _crumb(page, "Serang").click()
    wait_until_rendered(page)
    page.get_by_role("link", name="Kualitas Data").click()
    wait_page(page, "Kualitas Data")
    page.get_by_text("Pemeriksaan seluruh wilayah akses Anda (Serang)").wait_for(timeout=30_000)
    card = page.locator('[data-testid="stMetric"]').filter(has_text="Baris data bermasalah")
    assert card.locator('[data-testid="stMetricValue"]').inner_text().strip() == "0"
    assert "36.73.02" not in page.locator('[data-testid="stMain"]').inner_text()
    page.wait_for_timeout(300)
    save_screenshot(page, "akses-camat-kualitas")
    assert re.search(r"region=36\.73\.01(&|$)", page.url)

    # Signing out returns to the sign-in screen.
    page.get_by_role("button", name="Keluar").click()
    page.get_by_label("Nama pengguna").wait_for(timeout=30_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.failed_requests == []  # type: ignore[attr-defined]


def test_another_route_after_sign_in_is_refused(local_server: str, page) -> None:
    """A link to the data-quality page of the kota, opened by a camat: refused, own kecamatan shown."""
    page.goto(local_server + "/kualitas?region=36.73&year=2026")
    sign_in(page, "camat", PASSWORD)
    wait_page(page, "Kualitas Data")
    page.get_by_text("Wilayah 36.73 di luar wilayah akses Anda; ditampilkan Serang (36.73.01).").wait_for()
    assert re.search(r"region=36\.73\.01(&|$)", page.url)
    assert_clean(page)


def test_meeting_mode_and_briefing_held_to_scope(local_server: str, page, sample_sqlite_url: str) -> None:
    """The two modes shown to people who do not operate the dashboard: a meeting link to another
    kecamatan is refused like any page, and the briefing a camat downloads is their own kecamatan's."""
    page.goto(local_server + "/?mode=rapat&region=36.73.02&year=2025")
    sign_in(page, "camat", PASSWORD)
    page.get_by_text(REFUSED).wait_for(timeout=60_000)
    wait_until_rendered(page)
    assert "/rapat" in page.url
    assert re.search(r"region=36\.73\.01(&|$)", page.url)
    save_screenshot(page, "akses-camat-rapat")

    page.goto(local_server + "/?region=36.73.02&year=2025")
    sign_in(page, "camat", PASSWORD)  # a new page load is a new session: sign in again
    wait_page(page, "Ringkasan")
    page.get_by_text(REFUSED).wait_for(timeout=30_000)
    button = page.get_by_role("button", name="Unduh bahan paparan")
    button.wait_for(timeout=60_000)
    with page.expect_download(timeout=120_000) as download_info:
        button.click()
    download = download_info.value
    assert download.suggested_filename == "bahan-paparan-serang-2025.pdf"
    from pypdf import PdfReader

    pdf = "\n".join(p.extract_text() for p in PdfReader(download.path()).pages)
    with get_engine(sample_sqlite_url).connect() as conn:
        others = [c.name for c in child_regions(conn, get_region(conn, "36.73")) if c.code != CAMAT]
    own = _kelurahan_names(sample_sqlite_url)
    assert others and not [name for name in others if name in pdf and name not in own]
    assert page.failed_requests == []  # type: ignore[attr-defined]


# --- OpenID Connect: st.login against a local mock provider ------------------------------------------


CAMAT_SUB = "camat@serangkota.go.id"
KOTA_SUB = "kota@serangkota.go.id"
NO_REGION_SUB = "tamu@serangkota.go.id"


@pytest.fixture(scope="module")
def oidc_server(sample_sqlite_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("access-oidc")
    users = [
        (CAMAT_SUB, {"email": CAMAT_SUB, "name": "Camat Serang (SSO)", "posyandu_region": CAMAT}),
        (KOTA_SUB, {"email": KOTA_SUB, "name": "Staf Kota Serang"}),  # region from the mapping file
        (NO_REGION_SUB, {"email": NO_REGION_SUB, "name": "Tamu"}),
    ]
    accounts = tmp / "users.toml"
    accounts.write_text(f'[oidc]\nscope_claim = "posyandu_region"\n[oidc.regions]\n"{KOTA_SUB}" = "36.73"\n')
    port = _free_port()
    with oidc_provider(users) as issuer:
        secrets = oidc_secrets(port, issuer)
        env = {
            "POSYANDU_DATABASE_URL": sample_sqlite_url,
            "POSYANDU_TODAY": TODAY,
            "POSYANDU_AUTH_FILE": str(accounts),
        }
        with serve_in_app_folder(
            "streamlit_app.py", env, tmp / "app", log=tmp / "server.log", secrets=secrets, port=port
        ) as base:
            yield base


def _sso_sign_in(page, subject: str) -> None:
    page.get_by_role("button", name="Masuk dengan akun instansi (SSO)").click()
    page.get_by_role("button", name=subject).click(timeout=30_000)  # the provider's authorize form


def _sso_sign_out(page) -> None:
    """Sign out of the dashboard and, through the provider's end-session page, of the provider."""
    wait_until_rendered(page)
    page.get_by_role("button", name="Keluar").click()
    page.get_by_role("button", name="End session").click(timeout=30_000)
    page.get_by_role("button", name="Masuk dengan akun instansi (SSO)").wait_for(timeout=60_000)


def test_oidc_camat_held_to_their_kecamatan(oidc_server: str, page) -> None:
    page.goto(oidc_server + "/?region=36.73.02&year=2025")
    page.get_by_role("button", name="Masuk dengan akun instansi (SSO)").wait_for(timeout=60_000)
    assert page.get_by_label("Nama pengguna").count() == 0  # the accounts file only maps OIDC identities
    save_screenshot(page, "akses-sso-masuk")
    _sso_sign_in(page, CAMAT_SUB)
    wait_page(page, "Ringkasan")
    page.get_by_text("Camat Serang (SSO)").wait_for(timeout=30_000)
    assert re.search(r"region=36\.73\.01(&|$)", page.url)

    # The identity cookie survives a reload: a link to another kecamatan is refused.
    page.goto(oidc_server + "/kualitas?region=36.73.02&year=2025")
    wait_page(page, "Kualitas Data")
    page.get_by_text(REFUSED).wait_for(timeout=30_000)
    page.get_by_text("Pemeriksaan seluruh wilayah akses Anda (Serang)").wait_for(timeout=30_000)
    assert re.search(r"region=36\.73\.01(&|$)", page.url)
    assert _crumbs(page)["Kota Serang"] is False
    save_screenshot(page, "akses-sso-camat-kualitas")

    _sso_sign_out(page)
    assert page.locator('[data-testid="stException"]').count() == 0


def test_oidc_region_from_mapping_and_identity_without_region(oidc_server: str, page) -> None:
    page.goto(oidc_server + "/")
    _sso_sign_in(page, KOTA_SUB)
    wait_page(page, "Ringkasan")  # (the provider's round trip lands on the app's root: the user's region)
    page.get_by_text("Staf Kota Serang").wait_for(timeout=30_000)
    assert re.search(r"region=36\.73(&|$)", page.url)
    page.goto(oidc_server + "/?region=36.71&year=2025")  # Kota Tangerang
    wait_page(page, "Ringkasan")
    page.get_by_text("Wilayah 36.71 di luar wilayah akses Anda; ditampilkan Kota Serang (36.73).").wait_for()
    assert re.search(r"region=36\.73(&|$)", page.url)
    _sso_sign_out(page)
    _sso_sign_in(page, NO_REGION_SUB)
    page.get_by_text(f"Akun {NO_REGION_SUB} belum diberi wilayah akses.").wait_for(timeout=60_000)
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0
    assert page.locator('[data-testid="stMetric"]').count() == 0
