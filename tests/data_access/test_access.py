"""The pure scope check: which region codes a user rooted at one region may see."""

from __future__ import annotations

import pytest

from data_access.access import AccessScope, OutOfScopeError, is_within, parse_region_setting
from data_access.scope import Region

KOTA = Region(code="36.73", name="KOTA SERANG", level="kabupaten_kota", parent_code="36", kind="kota")
CAMAT = Region(code="36.73.01", name="Serang", level="kecamatan", parent_code="36.73", kind=None)


@pytest.mark.parametrize(
    ("root", "code", "inside"),
    [
        (None, None, True),  # national sees the country
        (None, "62.03.01", True),
        ("36.73", None, False),  # a kota user does not see the country
        ("36.73", "36.73", True),
        ("36.73", "36.73.01", True),
        ("36.73", "36.73.01.1001", True),
        ("36.73", "36.73.9001", True),  # a mis-coded kelurahan, inside by its code as in every metric
        ("36.73", "36", False),  # the parent
        ("36.73", "36.71", False),  # a sibling
        ("36.73", "36.731", False),  # a prefix not on a level boundary
        ("36.73.01", "36.73.02", False),
        ("36.73.01", "36.73.02.1001", False),
        ("36.73.01", "36.73.010", False),
    ],
)
def test_is_within(root: str | None, code: str | None, inside: bool) -> None:
    assert is_within(root, code) is inside


def test_require_raises_out_of_scope_with_codes() -> None:
    scope = AccessScope(root=CAMAT)
    scope.require("36.73.01.1001")
    with pytest.raises(OutOfScopeError) as caught:
        scope.require("36.73.02")
    assert (caught.value.code, caught.value.root_code) == ("36.73.02", "36.73.01")
    with pytest.raises(OutOfScopeError):
        scope.require(None)


def test_allows_region_checks_level_as_well() -> None:
    scope = AccessScope(root=KOTA)
    mislevelled = Region(code="36.73.05", name="X", level="provinsi", parent_code=None, kind=None)
    assert scope.allows("36.73.05") and not scope.allows_region(mislevelled)
    assert scope.allows_region(CAMAT)
    assert not scope.allows_region(None)
    assert AccessScope(root=None).allows_region(None)


@pytest.mark.parametrize(("value", "root"), [("nasional", None), ("NASIONAL", None), (" 36.73.01 ", "36.73.01")])
def test_parse_region_setting(value: str, root: str | None) -> None:
    assert parse_region_setting(value) == root


@pytest.mark.parametrize("value", ["", None, "*", "36.7", "36.73.01.1", "36..73", "semua", "36.73.01.1001.1"])
def test_parse_region_setting_refuses_what_could_widen_a_scope(value: object) -> None:
    with pytest.raises(ValueError):
        parse_region_setting(value)
