"""Writing the accounts file: add or update one user, atomically, readable by its owner only.

``tomlkit`` keeps the administrator's comments, order and ``[oidc]`` section intact; the new file is
written beside the old one with mode 0600 and moved over it in one ``os.replace``, so a running
dashboard never reads half a file and the hashes are never world-readable, not even for a moment.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import tomlkit

from dashboard.auth.config import USERNAME_PATTERN, AuthConfigError, normalise_username, parse_config
from data_access.access import NATIONAL, parse_region_setting

FILE_MODE = 0o600


def add_user(path: Path, username: str, *, region: str, display_name: str | None, password_hash: str) -> bool:
    """Create or update ``[users.USERNAME]`` in ``path``. Returns True when the user was new."""
    username = normalise_username(username)
    if not USERNAME_PATTERN.match(username):
        raise AuthConfigError(f"nama pengguna tidak valid: {username!r} (huruf kecil, angka, . - _)")
    root = parse_region_setting(region)
    document = tomlkit.parse(path.read_bytes().decode("utf-8")) if path.exists() else tomlkit.document()
    if "users" not in document:
        document["users"] = tomlkit.table(is_super_table=True)
    users = document["users"]
    created = username not in users
    entry = users[username] if not created else tomlkit.table()
    entry["name"] = display_name or (entry.get("name") if not created else None) or username
    entry["region"] = root if root is not None else NATIONAL
    entry["password_hash"] = password_hash
    if created:
        users[username] = entry
    parse_config(document.unwrap())  # never write a file the dashboard would refuse
    _write_atomically(path, tomlkit.dumps(document))
    return created


def _write_atomically(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(handle, FILE_MODE)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
