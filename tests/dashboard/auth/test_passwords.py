"""argon2id hashes: verified, salted, never the plain password, and an unknown user costs the same."""

from __future__ import annotations

import pytest

from dashboard.auth.passwords import hash_password, verify_password


def test_hash_and_verify() -> None:
    first = hash_password("kata-sandi-kuat")
    second = hash_password("kata-sandi-kuat")
    assert first.startswith("$argon2id$")
    assert first != second  # salted
    assert "kata-sandi-kuat" not in first
    assert verify_password(first, "kata-sandi-kuat")
    assert not verify_password(first, "kata-sandi-salah")


def test_unknown_user_and_broken_hash_never_verify() -> None:
    assert not verify_password(None, "posyandu-dummy-password")  # even the dummy's own password
    assert not verify_password("not-a-hash", "apa saja")


def test_short_password_refused() -> None:
    with pytest.raises(ValueError):
        hash_password("pendek")
