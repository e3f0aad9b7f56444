"""The accounts file: what is accepted, and what is refused so that a typo never widens a scope."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.auth.config import AuthConfigError, load_config, parse_config
from dashboard.auth.oidc import NoRegionError, identity_region
from dashboard.auth.passwords import hash_password

HASH = hash_password("kata-sandi-kuat")


def test_accounts_and_oidc_settings(tmp_path: Path) -> None:
    path = tmp_path / "users.toml"
    path.write_text(
        f"""
[users.Camat_Serang]
name = "Camat Serang"
region = "36.73.01"
password_hash = "{HASH}"

[users.pusat]
region = "nasional"
password_hash = "{HASH}"

[oidc]
scope_claim = "wilayah"
[oidc.regions]
"Staf@SerangKota.go.id" = "36.73"
"pusat@kemendagri.go.id" = "nasional"
""",
        encoding="utf-8",
    )
    config = load_config(path)
    camat = config.accounts["camat_serang"]  # user names are case-insensitive
    assert (camat.display_name, camat.region_code) == ("Camat Serang", "36.73.01")
    assert config.accounts["pusat"].region_code is None
    assert config.accounts["pusat"].display_name == "pusat"
    assert config.oidc.scope_claim == "wilayah"
    assert config.oidc.regions == {"staf@serangkota.go.id": "36.73", "pusat@kemendagri.go.id": None}


@pytest.mark.parametrize(
    "document",
    [
        {"users": {"a": {"region": "36.73", "password_hash": "plain-text"}}},  # not argon2
        {"users": {"a": {"region": "36.73", "password_hash": ""}}},
        {"users": {"a": {"region": "", "password_hash": HASH}}},  # empty region must not mean "all"
        {"users": {"a": {"password_hash": HASH}}},
        {"users": {"a b": {"region": "36.73", "password_hash": HASH}}},
        {"oidc": {"regions": {"x@y.id": "semua"}}},
    ],
)
def test_invalid_documents_refused(document: dict) -> None:
    with pytest.raises(AuthConfigError):
        parse_config(document)


def test_missing_file_refused(tmp_path: Path) -> None:
    with pytest.raises(AuthConfigError):
        load_config(tmp_path / "tidak-ada.toml")


def test_identity_region_from_mapping_then_claim() -> None:
    settings = parse_config({"oidc": {"regions": {"staf@serangkota.go.id": "36.73"}}}).oidc
    assert identity_region({"email": "Staf@serangkota.go.id", "posyandu_region": "62.03"}, settings) == "36.73"
    assert identity_region({"email": "lain@x.id", "posyandu_region": "62.03"}, settings) == "62.03"
    assert identity_region({"posyandu_region": "nasional"}, settings) is None
    # an e-mail the provider says is unverified does not get the mapping
    with pytest.raises(NoRegionError):
        identity_region({"email": "staf@serangkota.go.id", "email_verified": False}, settings)
    with pytest.raises(NoRegionError):
        identity_region({"email": "x@y.id"}, settings)
    with pytest.raises(NoRegionError):
        identity_region({"posyandu_region": "*"}, settings)
