"""``python -m dashboard.auth add-user`` reading the password from standard input (not a terminal)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from dashboard.auth.config import load_config
from dashboard.auth.passwords import verify_password
from tests.conftest import ROOT


def _add_user(path: Path, database_url: str, *args: str, password: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dashboard.auth", "add-user", *args, "--file", str(path)]
        + ["--database-url", database_url],
        input=password + "\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        env={key: value for key, value in os.environ.items() if key != "POSYANDU_AUTH_FILE"},
    )


def test_add_then_update_keeps_other_content(tmp_path: Path, sample_sqlite_url: str) -> None:
    path = tmp_path / "users.toml"
    path.write_text('# akun dasbor\n[oidc]\nscope_claim = "wilayah"\n', encoding="utf-8")
    done = _add_user(
        path, sample_sqlite_url, "camat", "--region", "36.73.01", "--name", "Camat Serang", password="sandi-pertama"
    )
    assert done.returncode == 0, done.stderr
    assert "ditambahkan" in done.stdout
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    content = path.read_text(encoding="utf-8")
    assert "sandi-pertama" not in content and "# akun dasbor" in content
    account = load_config(path).accounts["camat"]
    assert (account.display_name, account.region_code) == ("Camat Serang", "36.73.01")
    assert verify_password(account.password_hash, "sandi-pertama")

    done = _add_user(path, sample_sqlite_url, "camat", "--region", "36.73", password="sandi-kedua")
    assert done.returncode == 0, done.stderr
    assert "diperbarui" in done.stdout
    config = load_config(path)
    account = config.accounts["camat"]
    assert account.region_code == "36.73" and account.display_name == "Camat Serang"
    assert verify_password(account.password_hash, "sandi-kedua")
    assert not verify_password(account.password_hash, "sandi-pertama")
    assert config.oidc.scope_claim == "wilayah"
    assert [p.name for p in tmp_path.iterdir()] == ["users.toml"]  # no temporary file left behind


def test_refusals_leave_the_file_alone(tmp_path: Path, sample_sqlite_url: str) -> None:
    path = tmp_path / "users.toml"
    for args, password, message in [
        (("camat", "--region", "99.99.99"), "sandi-panjang", "tidak ada di database"),
        (("camat", "--region", "semua"), "sandi-panjang", "kode wilayah tidak valid"),
        (("camat", "--region", "36.73.01"), "pendek", "minimal 8"),
        (("Camat Serang", "--region", "36.73.01"), "sandi-panjang", "nama pengguna tidak valid"),
    ]:
        done = _add_user(path, sample_sqlite_url, *args, password=password)
        assert done.returncode == 2
        assert message in done.stderr
        assert password not in done.stderr
    assert not path.exists()


def test_national_user(tmp_path: Path, sample_sqlite_url: str) -> None:
    path = tmp_path / "users.toml"
    assert _add_user(path, sample_sqlite_url, "pusat", "--region", "nasional", password="sandi-pusat").returncode == 0
    assert load_config(path).accounts["pusat"].region_code is None
