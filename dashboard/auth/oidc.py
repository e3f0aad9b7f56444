"""Sign-in through an OpenID Connect provider with Streamlit's ``st.login`` / ``st.user``.

The provider is configured where Streamlit expects it (``[auth]`` in ``.streamlit/secrets.toml``);
which region an identity may see comes from the accounts file's ``[oidc]`` section: an e-mail
mapping decided locally wins, else the claim ``scope_claim`` (default ``posyandu_region``) of the ID
token. An identity with neither is signed in to nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dashboard.auth.config import OidcSettings
from data_access.access import parse_region_setting


class NoRegionError(LookupError):
    """The identity carries no usable region (no claim, no mapping, or an invalid code)."""


def _auth_section() -> Mapping[str, Any] | None:
    try:
        import streamlit as st

        if "auth" not in st.secrets:
            return None
        return st.secrets["auth"]
    except Exception:  # no secrets file at all, or an unreadable one: no OIDC
        return None


def _providers(section: Mapping[str, Any]) -> list[str]:
    return [name for name, value in section.items() if isinstance(value, Mapping) and "client_id" in value]


def oidc_configured() -> bool:
    """Whether Streamlit's secrets configure an OIDC provider (``[auth]`` with a client)."""
    section = _auth_section()
    if not section:
        return False
    return "client_id" in section or bool(_providers(section))


def provider_name(settings: OidcSettings) -> str | None:
    """The ``st.login`` argument: the configured provider, None for the default ``[auth]`` one, or
    the only ``[auth.NAME]`` section."""
    if settings.provider:
        return settings.provider
    section = _auth_section() or {}
    if "client_id" in section:
        return None
    providers = _providers(section)
    return providers[0] if len(providers) == 1 else None


def identity_region(claims: Mapping[str, Any], settings: OidcSettings) -> str | None:
    """The root region code of an identity (None = national), or :class:`NoRegionError`."""
    email = str(claims.get("email") or "").strip().lower()
    if email and claims.get("email_verified") is not False and email in settings.regions:
        return settings.regions[email]
    claimed = claims.get(settings.scope_claim)
    if claimed is None or str(claimed).strip() == "":
        raise NoRegionError(f"klaim {settings.scope_claim!r} tidak ada")
    try:
        return parse_region_setting(claimed)
    except ValueError as error:
        raise NoRegionError(str(error)) from error


def identity_name(claims: Mapping[str, Any]) -> tuple[str, str]:
    """(user id for logs, display name) of an identity."""
    user_id = str(claims.get("email") or claims.get("preferred_username") or claims.get("sub") or "?")
    return user_id, str(claims.get("name") or user_id)
