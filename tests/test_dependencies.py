"""pyproject.toml declares what the project needs (ranges); requirements.txt is the lock the README's
commands install (exact pins). The two must name the same packages, and every pin must satisfy its
range, so a dependency added in one place only, or a pin moved outside its range, fails here."""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


def _declared() -> dict[str, Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    return {canonicalize_name(req.name): req for req in map(Requirement, lines)}


def _pinned() -> dict[str, Requirement]:
    pins = {}
    for raw in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            requirement = Requirement(line)
            pins[canonicalize_name(requirement.name)] = requirement
    return pins


def test_the_same_packages_in_both() -> None:
    declared, pinned = set(_declared()), set(_pinned())
    assert declared - pinned == set(), "declared in pyproject.toml but not pinned in requirements.txt"
    assert pinned - declared == set(), "pinned in requirements.txt but not declared in pyproject.toml"


def test_every_pin_is_exact_and_inside_its_range() -> None:
    declared = _declared()
    for name, pin in _pinned().items():
        (spec,) = pin.specifier
        assert spec.operator == "==", f"{name}: requirements.txt must pin an exact version, not {spec}"
        assert declared[name].specifier.contains(spec.version), f"{name}=={spec.version} outside {declared[name]}"
        assert pin.extras == declared[name].extras, f"{name}: extras differ ({pin.extras} vs {declared[name].extras})"
