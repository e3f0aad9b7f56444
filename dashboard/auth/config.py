"""The accounts file (``POSYANDU_AUTH_FILE``, TOML) and the OIDC settings: who may sign in, and to
which region each is limited.

Access control is off unless the file or an OIDC ``[auth]`` section in Streamlit's secrets is
configured, so a newcomer opening the bundled sample sees everything at once. Once configured, a
broken file never widens anything: it refuses every sign-in (fail closed) and says why.

Format::

    [users.camat_serang]
    name = "Camat Serang"
    region = "36.73.01"          # a kode wilayah, or "nasional" for the central TP
    password_hash = "$argon2id$v=19$..."   # written by: python -m dashboard.auth add-user

    [oidc]                       # optional, only with an [auth] provider in .streamlit/secrets.toml
    provider = "posyandu"        # the [auth.NAME] section to use (default: the only one)
    scope_claim = "posyandu_region"
    [oidc.regions]               # e-mail -> region, for a provider that carries no region claim
    "staf@serangkota.go.id" = "36.73"
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from data_access.access import parse_region_setting

AUTH_FILE_ENV = "POSYANDU_AUTH_FILE"
DEFAULT_SCOPE_CLAIM = "posyandu_region"
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
"""Lower-case user names: letters, digits, dot, dash, underscore (they are TOML table keys)."""


class AuthConfigError(ValueError):
    """The accounts file cannot be read or says something invalid."""


@dataclass(frozen=True)
class Account:
    """One local user: the display name, the root region code (None = national) and the hash."""

    username: str
    display_name: str
    region_code: str | None
    password_hash: str


@dataclass(frozen=True)
class OidcSettings:
    """How an OIDC identity gets its region: a claim, or an e-mail mapping (the mapping wins)."""

    provider: str | None = None
    scope_claim: str = DEFAULT_SCOPE_CLAIM
    regions: dict[str, str | None] = field(default_factory=dict)


@dataclass(frozen=True)
class AuthConfig:
    accounts: dict[str, Account]
    oidc: OidcSettings


def auth_file_path() -> Path | None:
    """The accounts file named by ``POSYANDU_AUTH_FILE``, or None when access control is not asked for."""
    value = os.environ.get(AUTH_FILE_ENV, "").strip()
    return Path(value).expanduser() if value else None


def normalise_username(name: str) -> str:
    return name.strip().lower()


def _string(table: dict, key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise AuthConfigError(f"{where}: '{key}' harus berupa teks yang tidak kosong")
    return value.strip()


def _region(value: object, where: str) -> str | None:
    try:
        return parse_region_setting(value)
    except ValueError as error:
        raise AuthConfigError(f"{where}: {error}") from error


def parse_config(document: dict) -> AuthConfig:
    """Validate a parsed accounts file (see the module docstring for the format)."""
    users = document.get("users", {})
    if not isinstance(users, dict):
        raise AuthConfigError("[users] harus berupa tabel")
    accounts: dict[str, Account] = {}
    for raw_name, table in users.items():
        where = f"[users.{raw_name}]"
        username = normalise_username(str(raw_name))
        if not USERNAME_PATTERN.match(username) or not isinstance(table, dict):
            raise AuthConfigError(f"{where}: nama pengguna tidak valid")
        password_hash = _string(table, "password_hash", where)
        if not password_hash.startswith("$argon2"):
            raise AuthConfigError(f"{where}: password_hash bukan hash argon2 (buat dengan add-user)")
        accounts[username] = Account(
            username=username,
            display_name=str(table.get("name") or username).strip(),
            region_code=_region(table.get("region"), where),
            password_hash=password_hash,
        )
    oidc_table = document.get("oidc", {})
    if not isinstance(oidc_table, dict):
        raise AuthConfigError("[oidc] harus berupa tabel")
    mapping = oidc_table.get("regions", {})
    if not isinstance(mapping, dict):
        raise AuthConfigError("[oidc.regions] harus berupa tabel e-mail = wilayah")
    oidc = OidcSettings(
        provider=str(oidc_table["provider"]) if oidc_table.get("provider") else None,
        scope_claim=str(oidc_table.get("scope_claim") or DEFAULT_SCOPE_CLAIM),
        regions={email.strip().lower(): _region(code, f"[oidc.regions] {email}") for email, code in mapping.items()},
    )
    return AuthConfig(accounts=accounts, oidc=oidc)


def load_config(path: Path | None = None) -> AuthConfig:
    """Read and validate the accounts file (re-read on every sign-in, so ``add-user`` takes effect
    without a restart). No file configured: no local accounts and default OIDC settings."""
    path = path or auth_file_path()
    if path is None:
        return AuthConfig(accounts={}, oidc=OidcSettings())
    try:
        with open(path, "rb") as handle:
            document = tomllib.load(handle)
    except FileNotFoundError as error:
        raise AuthConfigError(f"berkas akun {path} tidak ada") from error
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise AuthConfigError(f"berkas akun {path} tidak dapat dibaca: {error}") from error
    return parse_config(document)
