"""Who is signed in to this Streamlit session, and the access scope every route is held to.

The signed-in user lives in ``st.session_state`` (one per browser tab, never shared). Access is on
when an accounts file (``POSYANDU_AUTH_FILE``) or an OIDC provider is configured; then nothing is
shown to a session without a user, and everything is held to the user's root region.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from dashboard.auth.config import auth_file_path
from dashboard.auth.oidc import oidc_configured
from data_access.access import AccessScope

_USER_KEY = "_auth_user"
VIEW_STATE_KEYS = ("_view", "_view_published", "_pending_region")
"""The shared view (``dashboard.context``) a sign-out forgets, so the next user starts afresh."""


class NotSignedInError(PermissionError):
    """Access control is on and this session has no signed-in user."""


@dataclass(frozen=True)
class SignedInUser:
    username: str
    display_name: str
    access: AccessScope
    method: str  # "local" (accounts file) or "oidc"


def access_enabled() -> bool:
    """Whether sign-in and per-region scopes are on (off for the bundled sample by default)."""
    return auth_file_path() is not None or oidc_configured()


def signed_in_user() -> SignedInUser | None:
    user = st.session_state.get(_USER_KEY)
    return user if isinstance(user, SignedInUser) else None


def sign_in(user: SignedInUser) -> None:
    forget_view()
    st.session_state[_USER_KEY] = user


def sign_out() -> None:
    st.session_state.pop(_USER_KEY, None)
    forget_view()


def forget_view() -> None:
    for key in VIEW_STATE_KEYS:
        st.session_state.pop(key, None)


def request_access() -> AccessScope | None:
    """The scope this run is held to: None when access control is off (everything may be shown);
    raises :class:`NotSignedInError` when it is on and nobody is signed in."""
    if not access_enabled():
        return None
    user = signed_in_user()
    if user is None:
        raise NotSignedInError("belum masuk")
    return user.access
