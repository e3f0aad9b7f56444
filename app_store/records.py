"""What goes into the store and what comes out: plain frozen dataclasses, no database in sight.

A write takes an ``...Input`` (exactly what a form holds, so a refused write can hand it back unchanged) and an
:class:`Actor`; a read returns a record, which can give back its own input (``as_input``) for the next edit.
History snapshots are the input's fields as JSON-safe values, so "what it was, what it became" reads the same
as the form did.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from app_store.vocabulary import ACTOR_MAX, DIRENCANAKAN, TANPA_AKUN, is_overdue, shown_status
from data_access.access import REGION_CODE_PATTERN, is_within

T = TypeVar("T")
Snapshot = dict[str, object]
"""A record's fields as JSON values (dates as ISO text): one side of a history row."""


@dataclass(frozen=True)
class Actor:
    """Who writes or reads, and the region their access is rooted at (None: the whole country, which is also
    what a dashboard without access control gets). Checked when made, so a typo can never widen a scope."""

    name: str
    scope: str | None = None

    def __post_init__(self) -> None:
        if not self.name.strip() or len(self.name) > ACTOR_MAX:
            raise ValueError(f"nama pengguna tidak valid: {self.name!r}")
        if self.scope is not None and not REGION_CODE_PATTERN.match(self.scope):
            raise ValueError(f"kode wilayah akses tidak valid: {self.scope!r}")

    @classmethod
    def anonymous(cls) -> Actor:
        """The writer when access control is off: everything may be written, recorded as "tanpa akun"."""
        return cls(name=TANPA_AKUN, scope=None)

    def may_access(self, region_code: str | None) -> bool:
        """Whether the region (None: the whole country) lies inside this actor's scope."""
        return is_within(self.scope, region_code)


@dataclass(frozen=True)
class FigureThen:
    """A figure as it stood when a follow-up was written: its value (None where it had none, e.g. no
    Posyandu to divide by), the period it was for (``YYYY-MM``) and the target for that period, if any."""

    value: float | None
    period: str
    target: float | None = None


@dataclass(frozen=True)
class FigureNow:
    """The same figure later, as the caller reads it from ``data_access``; ``target`` when the target of the
    later period is known (else the one kept with the follow-up applies)."""

    value: float | None
    period: str
    target: float | None = None


@dataclass(frozen=True)
class RapatInput:
    """A rapat koordinasi as a form fills it: the region whose TP held it, the day, title, place, how many
    attended and the notes."""

    region_code: str
    held_on: dt.date
    title: str
    place: str | None = None
    participants: int | None = None
    notes: str | None = None
    hidden: bool = False
    """Entered by mistake: left out of the meeting pickers, kept with its follow-ups and history."""


@dataclass(frozen=True)
class TindakLanjutInput:
    """A follow-up as a form fills it.

    ``metric_code`` (one of ``METRIC_CODES``) or ``posyandu_id`` names the figure it should move, never both;
    ``figure`` is that figure at the moment of writing. ``rapat_id`` is the meeting it came from, if any.
    """

    region_code: str
    action: str
    owner: str
    due_on: dt.date
    status: str = DIRENCANAKAN
    metric_code: str | None = None
    posyandu_id: int | None = None
    figure: FigureThen | None = None
    evidence: str | None = None
    rapat_id: int | None = None


Submitted = RapatInput | TindakLanjutInput
"""What a refused write hands back, so the form can be filled again exactly as it was."""


@dataclass(frozen=True)
class Stamp:
    """The version of a stored row and who created and last changed it, when (UTC)."""

    version: int
    created_at: dt.datetime
    created_by: str
    updated_at: dt.datetime
    updated_by: str


@dataclass(frozen=True)
class Rapat:
    id: int
    data: RapatInput
    stamp: Stamp

    def as_input(self) -> RapatInput:
        return self.data


@dataclass(frozen=True)
class TindakLanjut:
    """A stored follow-up; ``rapat_title`` and ``rapat_held_on`` name the meeting it came from, so a camat sees
    which decision it carries out even when that meeting was held above their scope."""

    id: int
    data: TindakLanjutInput
    stamp: Stamp
    rapat_title: str | None = None
    rapat_held_on: dt.date | None = None

    def as_input(self) -> TindakLanjutInput:
        return self.data

    def is_overdue(self, on: dt.date) -> bool:
        return is_overdue(self.data.status, self.data.due_on, on)

    def shown_status(self, on: dt.date) -> str:
        return shown_status(self.data.status, self.data.due_on, on)


@dataclass(frozen=True)
class HistoryEntry:
    """One version of a rapat or follow-up: who changed it, when (UTC), and the fields before and after."""

    entity: str
    entity_id: int
    version: int
    action: str
    changed_at: dt.datetime
    changed_by: str
    before: Snapshot | None
    after: Snapshot

    def changes(self) -> dict[str, tuple[object, object]]:
        """Field -> (before, after) for every field this version changed (every field when created)."""
        before = self.before or {}
        return {
            key: (before.get(key), value)
            for key, value in sorted(self.after.items())
            if self.before is None or before.get(key) != value
        }


@dataclass(frozen=True)
class Listing(Generic[T]):
    """One page of a listing and how many rows match in all."""

    items: tuple[T, ...]
    total: int


def row_values(data: Submitted) -> dict[str, object]:
    """An input's fields as the columns it is stored in: a follow-up's figure flattened into
    ``figure_value``, ``figure_period`` and ``figure_target``."""
    fields = {field.name: getattr(data, field.name) for field in dataclasses.fields(data)}
    if isinstance(data, TindakLanjutInput):
        figure = data.figure
        del fields["figure"]
        fields["figure_value"] = figure.value if figure is not None else None
        fields["figure_period"] = figure.period if figure is not None else None
        fields["figure_target"] = figure.target if figure is not None else None
    return fields


def snapshot(data: Submitted) -> Snapshot:
    """An input as one side of a history row: its columns, dates as ISO text."""
    return {key: value.isoformat() if isinstance(value, dt.date) else value for key, value in row_values(data).items()}


def canonical_json(value: Mapping[str, object]) -> str:
    """The one way a snapshot is written as text (history rows, export): sorted keys, no ASCII escaping,
    so the same snapshot is always the same bytes."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
