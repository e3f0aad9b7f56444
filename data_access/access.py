"""Who may see what: a user's access scope is one region and everything below it.

As DHIS2 scopes a user to an org unit, a camat sees their kecamatan, a Bupati's staff their
kabupaten, a province TP their provinsi and the central TP everything. "Below" is decided by the
kode wilayah alone (``36.73.01`` is inside ``36.73`` because it starts with ``36.73.``), the same rule
every ``data_access`` query uses to gather a region's rows, so the check and the figures can never
disagree. It is pure (no database): the dashboard refuses a region *before* anything is queried.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from data_access.scope import LEVELS, Region, Scope

NATIONAL = "nasional"
"""The region value (in the accounts file, an OIDC claim or mapping) that grants the whole country."""

REGION_CODE_PATTERN = re.compile(r"^[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?$")
"""A kode wilayah as an accounts file may name it: provinsi, kabupaten/kota, kecamatan, desa/kelurahan."""


class OutOfScopeError(PermissionError):
    """A request for a region outside the user's scope: refused before any query."""

    def __init__(self, code: str | None, root_code: str | None) -> None:
        shown = code or "seluruh Indonesia"
        super().__init__(f"wilayah {shown} di luar wilayah akses {root_code or NATIONAL}")
        self.code = code
        self.root_code = root_code


def is_within(root_code: str | None, code: str | None) -> bool:
    """Whether ``code`` (None = the whole country) lies inside the scope rooted at ``root_code``
    (None = national): the root itself or a code one or more levels below it by dotted prefix.

    The prefix must end on a level boundary: ``36.73.01`` is inside ``36.73``, ``36.731`` would not be.
    """
    if root_code is None:
        return True
    if code is None:
        return False
    return code == root_code or code.startswith(root_code + ".")


def parse_region_setting(value: object) -> str | None:
    """The root code named by a configuration value: ``"nasional"`` -> None (the whole country),
    a kode wilayah -> itself. Raises ValueError for anything else, so a typo never widens a scope."""
    text = str(value).strip() if value is not None else ""
    if text.lower() == NATIONAL:
        return None
    if not REGION_CODE_PATTERN.match(text):
        raise ValueError(f"kode wilayah tidak valid: {value!r} (contoh: 36.73.01, atau 'nasional')")
    return text


@dataclass(frozen=True)
class AccessScope:
    """The root region of a signed-in user (None = national) and the checks against it."""

    root: Region | None

    @property
    def root_code(self) -> str | None:
        return self.root.code if self.root else None

    @property
    def national(self) -> bool:
        return self.root is None

    @property
    def root_name(self) -> str:
        return self.root.name if self.root else "seluruh Indonesia"

    def allows(self, code: str | None) -> bool:
        """Whether the region ``code`` (None = the country) may be shown."""
        return is_within(self.root_code, code)

    def allows_region(self, region: Region | None) -> bool:
        """Code prefix and level: a region inside the prefix but recorded at a level above the
        root's (a mis-levelled row) is refused as well."""
        if region is None:
            return self.national
        if not self.allows(region.code):
            return False
        if self.root is None or self.root.level not in LEVELS or region.level not in LEVELS:
            return True
        return LEVELS.index(region.level) >= LEVELS.index(self.root.level)

    def require(self, code: str | None) -> None:
        """Raise :class:`OutOfScopeError` unless ``code`` may be shown."""
        if not self.allows(code):
            raise OutOfScopeError(code, self.root_code)

    def require_scope(self, scope: Scope) -> None:
        """Raise unless the scope's region (and so every child) may be shown."""
        if not self.allows_region(scope.region):
            raise OutOfScopeError(scope.region_code, self.root_code)
