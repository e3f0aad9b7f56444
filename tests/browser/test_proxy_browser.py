"""The shipped nginx configuration (deploy/nginx/), run for real in front of ``streamlit run serve.py``.

nginx listens on this machine's own non-loopback address with a throw-away certificate; the app runs on
the loopback with ``POSYANDU_TRUSTED_PROXIES=127.0.0.1,::1``, as docs/security.md says. The browser
connects to nginx like a visitor from another machine would (its address is not the loopback) and
sends an ``X-Forwarded-For`` of its own making, which must not become its address. Checked: HTTP goes
to HTTPS, HSTS is sent, the WebSocket works through the proxy, the sign-in log names the real client
address, the browser cookie is ``Secure``, a download opens for its browser only, the metrics are closed.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.auth.accounts import add_user
from dashboard.auth.passwords import hash_password
from tests.browser.conftest import ROOT, TODAY, _free_port, serve_in_app_folder
from tests.browser.helpers import (
    NGINX,
    WRONG,
    click_download,
    open_children_table,
    try_sign_in,
    wait_for_charts,
    wait_page,
)

pytestmark = pytest.mark.browser

DEPLOY = ROOT / "deploy" / "nginx"
PASSWORD = "camat-serang-2026"
SPOOFED = "198.51.100.66"  # what the visitor claims to be
TEMP_KINDS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so")  # libnginx-mod-http-brotli-filter


def _own_address() -> str | None:
    """This machine's address on its network (not the loopback), or None."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.250", 9))  # no packet is sent: this only picks the outgoing address
        except OSError:
            return None
        address = str(probe.getsockname()[0])
    return None if address.startswith("127.") else address


def _self_signed(folder: Path, host: str) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={host}"]
        + ["-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key


def _site_config(host: str, ports: tuple[int, int, int, int], cert: Path, key: Path, cache: Path) -> str:
    """deploy/nginx/posyandu.conf with only what a site changes: ports, certificate, snippet and cache paths,
    and one app process (the second upstream server is left out; test_front_browser.py runs two)."""
    http_port, https_port, app_port, static_port = ports
    text = (DEPLOY / "posyandu.conf").read_text()
    replacements = {
        "listen 80;": f"listen {host}:{http_port};",
        "listen 443 ssl http2;": f"listen {host}:{https_port} ssl http2;",
        "server 127.0.0.1:8501 ": f"server 127.0.0.1:{app_port} ",
        "    server 127.0.0.1:8502 max_fails=1 fail_timeout=10s;\n": "",
        "/etc/letsencrypt/live/posyandu.example.go.id/fullchain.pem": str(cert),
        "/etc/letsencrypt/live/posyandu.example.go.id/privkey.pem": str(key),
        "/etc/nginx/snippets/": f"{DEPLOY}/",
        "/var/cache/nginx/posyandu": str(cache),
        "127.0.0.1:8499": f"127.0.0.1:{static_port}",  # the static files' compressing server
    }
    if not BROTLI_MODULE.exists():
        replacements["include /etc/nginx/snippets/posyandu-brotli.conf;"] = ""  # (twice)
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


@pytest.fixture(scope="module")
def behind_nginx(sample_sqlite_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, Path]]:
    """(https base URL, http base URL, app log) of serve.py behind the shipped nginx configuration."""
    if not Path(NGINX).exists():
        if os.environ.get("CI"):
            pytest.fail("CI=true but nginx is not installed (bash scripts/setup.sh --with-test-services)")
        pytest.skip("nginx is not installed (apt-get install nginx)")
    host = _own_address()
    if host is None:
        pytest.skip("this machine has no address but the loopback")
    tmp = tmp_path_factory.mktemp("proxy")
    accounts = tmp / "users.toml"
    add_user(accounts, "camat", region="36.73.01", display_name="Camat Serang", password_hash=hash_password(PASSWORD))
    env = {
        "POSYANDU_DATABASE_URL": sample_sqlite_url,
        "POSYANDU_TODAY": TODAY,
        "POSYANDU_AUTH_FILE": str(accounts),
        "POSYANDU_TRUSTED_PROXIES": "127.0.0.1,::1",
    }
    app_log = tmp / "server.log"
    with serve_in_app_folder("serve.py", env, tmp / "app", log=app_log) as app_base:
        app_port = int(app_base.rsplit(":", 1)[1])
        http_port, https_port = _free_port(), _free_port()
        cert, key = _self_signed(tmp, host)
        # nginx's workers (nobody, when run as root) cannot write in pytest's private folder: the static cache
        # goes to a folder of its own they may write
        cache = Path(tempfile.mkdtemp(prefix="posyandu-proxy-cache-"))
        os.chmod(cache, 0o777)
        ports = (http_port, https_port, app_port, _free_port())
        (tmp / "posyandu.conf").write_text(_site_config(host, ports, cert, key, cache))
        temp_paths = "".join(f"  {kind}_temp_path {tmp}/{kind};\n" for kind in TEMP_KINDS)
        modules = f"load_module {BROTLI_MODULE};\n" if BROTLI_MODULE.exists() else ""
        (tmp / "nginx.conf").write_text(
            f"{modules}pid {tmp}/nginx.pid;\nerror_log {tmp}/error.log;\nworker_processes 1;\nevents {{}}\n"
            f"http {{\n  access_log {tmp}/access.log;\n{temp_paths}"
            # workers (nobody, when run as root) cannot write in pytest's private folder: never buffer to disk
            "  proxy_max_temp_file_size 0;\n"
            f"  include {tmp}/posyandu.conf;\n}}\n"
        )
        nginx = subprocess.Popen(
            [NGINX, "-p", str(tmp), "-c", str(tmp / "nginx.conf"), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=open(tmp / "nginx.out", "w"),  # noqa: SIM115 (closed with the process)
            start_new_session=True,
        )
        try:
            _wait_listening(host, https_port, nginx, tmp)
            yield f"https://{host}:{https_port}", f"http://{host}:{http_port}", app_log
        finally:
            os.killpg(nginx.pid, signal.SIGTERM)
            nginx.wait(timeout=10)
            shutil.rmtree(cache, ignore_errors=True)


def _wait_listening(host: str, port: int, process: subprocess.Popen, tmp: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"nginx exited: {(tmp / 'nginx.out').read_text()} {(tmp / 'error.log').read_text()}")
        with socket.socket() as sock:
            if sock.connect_ex((host, port)) == 0:
                return
        time.sleep(0.2)
    pytest.fail("nginx did not start listening")


_UNVERIFIED = ssl.create_default_context()
_UNVERIFIED.check_hostname = False
_UNVERIFIED.verify_mode = ssl.CERT_NONE


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _fetch(url: str) -> tuple[int, dict[str, str]]:
    """Status and headers of a request with no cookie, not following redirects."""
    opener = urllib.request.build_opener(_NoRedirect, urllib.request.HTTPSHandler(context=_UNVERIFIED))
    try:
        with opener.open(url, timeout=10) as response:
            return int(response.status), dict(response.headers)
    except urllib.error.HTTPError as error:
        return int(error.code), dict(error.headers)


def test_the_shipped_nginx_configuration(behind_nginx: tuple[str, str, Path], browser) -> None:
    https_base, http_base, app_log = behind_nginx
    host = https_base.split("//")[1].rsplit(":", 1)[0]

    status, headers = _fetch(http_base + "/kualitas?region=36.73")
    assert status == 301 and headers["Location"].startswith("https://")
    assert _fetch(https_base + "/_stcore/metrics")[0] == 404
    status, headers = _fetch(https_base + "/")
    assert status == 200 and "max-age=31536000" in headers["Strict-Transport-Security"]

    context = browser.new_context(
        ignore_https_errors=True, locale="id-ID", extra_http_headers={"X-Forwarded-For": SPOOFED}
    )
    try:
        page = context.new_page()
        failed: list[str] = []
        page.on("requestfailed", lambda request: failed.append(f"{request.url} {request.failure}"))
        page.goto(https_base + "/?region=36.73.01&year=2025")
        page.get_by_label("Nama pengguna").wait_for(timeout=60_000)  # the WebSocket works through nginx
        assert try_sign_in(page, "camat", "bukan-sandinya") == WRONG
        assert try_sign_in(page, "camat", PASSWORD) is None
        wait_page(page, "Ringkasan")
        cookie = {c["name"]: c for c in context.cookies()}["posyandu_browser"]
        assert cookie["secure"] and cookie["httpOnly"]

        button = open_children_table(page, "desa/kelurahan")
        url = click_download(page, button).url
        assert url.startswith(https_base + "/media/")
        assert page.request.get(url).status == 200
        assert _fetch(url)[0] == 404
        wait_for_charts(page, at_least=2)  # Ringkasan's ranking and map (Vega-Lite), drawn
        assert failed == []  # every script and font came through the proxy (the charts' code included)
    finally:
        context.close()

    logged = app_log.read_text()
    assert f"sign-in failed for user 'camat' (known), address {host}," in logged  # the real peer of nginx
    assert SPOOFED not in logged  # not what the visitor wrote into the header
