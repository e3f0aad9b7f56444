"""Password hashes with argon2id (``argon2-cffi``, the reference implementation's binding).

Never a plain or home-made hash: argon2 is memory-hard, salted per hash, and the encoded hash
carries its own parameters, so they can be raised later without breaking existing accounts.
"""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_PASSWORD_LENGTH = 8


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()  # argon2id with the library's current (RFC 9106 low-memory) defaults


@cache
def _dummy_hash() -> str:
    return _hasher().hash("posyandu-dummy-password")


def hash_password(password: str) -> str:
    """An encoded argon2id hash (``$argon2id$v=19$m=...``) of ``password``."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"kata sandi minimal {MIN_PASSWORD_LENGTH} karakter")
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches ``password_hash``. With no hash (an unknown user) a dummy hash is
    still verified, so the answer takes as long and timing does not tell which user names exist."""
    try:
        return _hasher().verify(password_hash or _dummy_hash(), password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
