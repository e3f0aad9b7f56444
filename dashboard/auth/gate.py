"""The sign-in screen the router shows before any page, and the account box in the sidebar.

Local accounts: a form (user name, password) checked against the argon2 hashes of the accounts
file, failures rate-limited and logged without the password. OIDC: a button that hands over to
``st.login``; on return, the identity's region comes from a claim or the e-mail mapping.
"""

from __future__ import annotations

import logging
import secrets
import threading

import streamlit as st

from dashboard import data
from dashboard.auth import oidc
from dashboard.auth.client import browser_token, session_address
from dashboard.auth.config import (
    Account,
    AuthConfigError,
    OidcSettings,
    auth_file_path,
    load_config,
    normalise_username,
)
from dashboard.auth.guard import guard_active
from dashboard.auth.passwords import verify_password
from dashboard.auth.ratelimit import LIMITER, POLICY, Attempt
from dashboard.auth.session import SignedInUser, access_enabled, sign_in, sign_out, signed_in_user
from data_access import UnknownRegionError
from data_access.access import AccessScope

log = logging.getLogger("dashboard.auth")
_SESSION_KEY = "_auth_session_key"
WRONG_CREDENTIALS = "Nama pengguna atau kata sandi salah."


def _session_key() -> str:
    """A random id for this browser session (logs only); never the Streamlit one."""
    return st.session_state.setdefault(_SESSION_KEY, secrets.token_hex(6))


def _attempt(username: str) -> Attempt:
    """The attempt as the sign-in rules see it: who, from which address, from which browser."""
    return Attempt(username=username, address=session_address(), browser=browser_token())


def wait_display(seconds: float) -> str:
    """``45 detik`` / ``3 menit``: how long a locked sign-in must wait, rounded up."""
    seconds = max(1, int(seconds + 0.999))
    return f"{seconds} detik" if seconds < 60 else f"{(seconds + 59) // 60} menit"


def _scope_for(code: str | None) -> AccessScope:
    """The user's root region, looked up once at sign-in (raises UnknownRegionError)."""
    if code is None:
        return AccessScope(root=None)
    return AccessScope(root=data.account_region(data.current_url(), code))


def attempt_local_sign_in(username: str, password: str) -> str | None:
    """Check one submitted form; sign in and return None, or return the Indonesian reason.

    Refused before the password is even checked while a rule of :mod:`dashboard.auth.ratelimit` holds
    this attempt back; each refusal and failure is logged with the rule, the address and whether the
    browser is known (never the password)."""
    attempt = _attempt(normalise_username(username))
    username = attempt.username
    known = POLICY.known_browser(LIMITER, attempt)
    refusal = POLICY.refusal(LIMITER, attempt)
    if refusal is not None:
        log.warning(
            "sign-in refused (locked %.0f s by rule %s) for user %r, address %s, known browser %s, session %s",
            refusal.seconds,
            refusal.rule,
            username,
            attempt.address,
            "yes" if known else "no",
            _session_key(),
        )
        return f"Terlalu banyak percobaan yang gagal. Coba lagi dalam {wait_display(refusal.seconds)}."
    try:
        accounts = load_config().accounts
    except AuthConfigError as error:
        log.error("accounts file unusable: %s", error)
        return "Berkas akun tidak dapat dibaca; hubungi admin dasbor."
    account = accounts.get(username)
    if not verify_password(account.password_hash if account else None, password) or account is None:
        counts = POLICY.record_failure(LIMITER, attempt)
        log.warning(
            "sign-in failed for user %r (%s), address %s, known browser %s, session %s, failures %s",
            username,
            "known" if account else "unknown",
            attempt.address,
            "yes" if known else "no",
            _session_key(),
            ", ".join(f"{rule} {count}" for rule, count in counts.items()),
        )
        return WRONG_CREDENTIALS
    try:
        scope = _scope_for(account.region_code)
    except UnknownRegionError:
        log.error("user %r has region %s, which the database does not know", username, account.region_code)
        return f"Wilayah akun ini ({account.region_code}) tidak ada di database; hubungi admin dasbor."
    except data.DashboardError as error:
        return str(error)
    POLICY.record_success(LIMITER, attempt)
    sign_in(SignedInUser(username=username, display_name=account.display_name, access=scope, method="local"))
    log.info("user %r signed in (scope %s), address %s", username, scope.root_code or "nasional", attempt.address)
    return None


def _oidc_sign_in() -> str | None:
    """Turn the identity ``st.login`` returned into a signed-in user, or say why not."""
    claims = st.user.to_dict()
    user_id, display_name = oidc.identity_name(claims)
    try:
        settings = load_config().oidc
        code = oidc.identity_region(claims, settings)
        scope = _scope_for(code)
    except AuthConfigError as error:
        log.error("accounts file unusable: %s", error)
        return "Berkas akun tidak dapat dibaca; hubungi admin dasbor."
    except oidc.NoRegionError as error:
        log.warning("oidc user %r has no region: %s", user_id, error)
        return f"Akun {user_id} belum diberi wilayah akses. Hubungi admin dasbor."
    except UnknownRegionError as error:
        log.warning("oidc user %r names unknown region %s", user_id, error.code)
        return f"Wilayah akun {user_id} ({error.code}) tidak ada di database. Hubungi admin dasbor."
    except data.DashboardError as error:
        return str(error)
    sign_in(SignedInUser(username=user_id, display_name=display_name, access=scope, method="oidc"))
    log.info("oidc user %r signed in (scope %s)", user_id, scope.root_code or "nasional")
    return None


def _still_valid(user: SignedInUser) -> bool:
    """A local account removed or moved to another region since sign-in -- or an OIDC identity
    signed out, or whose claim or mapping now names another region -- loses its session."""
    try:
        config = load_config()
    except AuthConfigError:
        return False
    if user.method == "oidc":
        if not st.user.is_logged_in:
            return False
        try:
            return oidc.identity_region(st.user.to_dict(), config.oidc) == user.access.root_code
        except oidc.NoRegionError:
            return False
    account: Account | None = config.accounts.get(user.username)
    return account is not None and account.region_code == user.access.root_code


_PROBLEM_KEY = "_auth_problem"


def ready() -> bool:
    """Whether pages may run: access control off, or a signed-in user still valid. An identity just
    returned by ``st.login`` is turned into a user here (or the reason it cannot be is kept for
    :func:`sign_in_screen`). Draws nothing, so the router can call it before ``st.navigation``."""
    if not access_enabled():
        return True
    user = signed_in_user()
    if user is not None and not _still_valid(user):
        log.warning("session of user %r ended: account changed or removed", user.username)
        sign_out()
        user = None
    if user is None and oidc.oidc_configured() and st.user.is_logged_in:
        problem = _oidc_sign_in()
        if problem:
            st.session_state[_PROBLEM_KEY] = problem
        user = signed_in_user()
    return user is not None


def account_box() -> None:
    """Who is signed in, to which region, and the sign-out button (sidebar; nothing when access is off)."""
    user = signed_in_user()
    if access_enabled() and user is not None:
        _account_box(user)


def sign_in_screen() -> None:
    """The sign-in form (local accounts) and/or the SSO button (OIDC)."""
    _warn_if_unguarded()
    _sign_in_screen(oidc.oidc_configured(), st.session_state.pop(_PROBLEM_KEY, None))


_unguarded_warned = threading.Event()


def _warn_if_unguarded() -> None:
    """Once per process: access control is on, but the HTTP guard is not in front (see serve.py)."""
    if not guard_active() and not _unguarded_warned.is_set():
        _unguarded_warned.set()
        log.warning(
            "access control is on but the dashboard is not served through serve.py: downloads are not tied "
            "to their browser and /_stcore/metrics answers without sign-in (start it with: streamlit run serve.py)"
        )


def _account_box(user: SignedInUser) -> None:
    with st.sidebar.container(key="account"):
        st.caption(f"👤 **{user.display_name}** · wilayah akses: {user.access.root_name}")
        if st.button("Keluar", key="sign_out", type="secondary"):
            sign_out()
            st.query_params.clear()
            if user.method == "oidc":
                st.logout()  # queues the redirect to the provider's end-session page...
                st.stop()  # ...which a rerun could drop before the browser has it
            st.rerun()


def _sign_in_screen(oidc_on: bool, problem: str | None) -> None:
    _, middle, _ = st.columns([1, 1.3, 1])
    with middle:
        st.title("🏥 Dashboard TP Posyandu")
        st.write("Masuk untuk melihat data Posyandu di wilayah Anda.")
        if problem:
            st.error(problem, icon="🚫")
            if st.button("Keluar dari akun SSO", key="oidc_sign_out"):
                st.logout()
        has_local = _local_accounts_offered(oidc_on)
        if has_local:
            with st.form("sign_in", clear_on_submit=True):
                username = st.text_input("Nama pengguna", key="sign_in_user", autocomplete="username")
                password = st.text_input(
                    "Kata sandi", type="password", key="sign_in_password", autocomplete="current-password"
                )
                submitted = st.form_submit_button("Masuk", type="primary", width="stretch")
            if submitted:
                reason = attempt_local_sign_in(username, password)
                if reason is None:
                    st.rerun()
                st.error(reason, icon="🔒")
        if oidc_on and not st.user.is_logged_in:
            if has_local:
                st.caption("atau")
            if st.button("Masuk dengan akun instansi (SSO)", key="oidc_sign_in", type="primary", width="stretch"):
                st.login(oidc.provider_name(_oidc_settings()))


def _local_accounts_offered(oidc_on: bool) -> bool:
    """The form is shown with an accounts file, unless that file only maps OIDC identities."""
    if auth_file_path() is None:
        return False
    try:
        return bool(load_config().accounts) or not oidc_on
    except AuthConfigError:
        return True  # a broken file: the form says so on the first attempt


def _oidc_settings() -> OidcSettings:
    try:
        return load_config().oidc
    except AuthConfigError:
        return OidcSettings()
