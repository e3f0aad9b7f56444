"""Every child region's briefing at once: the PDF and the WhatsApp card of each kecamatan of a
kabupaten (or each child of any region) into one folder.

Before a rakor the TP secretariat sends each camat their own figures; clicking through seventeen
kecamatan on the page is an afternoon, one command is a coffee. Each child gets the same files the
page's buttons give (:func:`dashboard.briefing.build.render` of one :class:`Briefing`, built once
for both files), named after the region so the secretariat can attach them without opening them.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from dashboard.briefing.build import file_name, render
from dashboard.briefing.content import build_briefing, region_title
from dashboard.charts.formatting import period_label
from dashboard.labels import CHILD_LEVEL_NAMES
from data_access import resolve_scope
from data_access.settings import today as jakarta_today

BATCH_SUFFIXES = (".pdf", ".png")
Children = list[tuple[str, str]]
"""(code, title as printed) of each child region."""


class NoChildRegionsError(ValueError):
    """The region has no child regions (a desa/kelurahan): there is nothing to write per child."""

    def __init__(self, code: str | None) -> None:
        super().__init__(f"region {code!r} has no child regions")
        self.code = code


@dataclass(frozen=True)
class BatchResult:
    """What was written, for the command's one-line summary."""

    region_title: str
    child_level: str
    files: tuple[Path, ...]
    children: int
    largest_card: int
    seconds: float

    def summary_line(self, out_dir: Path) -> str:
        """``6 kecamatan Kota Serang: 12 berkas (PDF + kartu) di out/ dalam 21 s; kartu terbesar 74 KB``."""
        return (
            f"{self.children} {self.child_level.lower()} {self.region_title}: {len(self.files)} berkas (PDF + kartu) "
            f"di {out_dir}/ dalam {self.seconds:.0f} s; kartu terbesar {self.largest_card // 1024} KB"
        )


def _unique_names(titles: Children, period: str, suffix: str) -> dict[str, str]:
    """File name per child code; two children with the same name (it happens between kecamatan of
    different kabupaten, rarely within one) get their code added so neither overwrites the other."""
    names = {code: file_name(title, period, suffix) for code, title in titles}
    seen: dict[str, int] = {}
    for name in names.values():
        seen[name] = seen.get(name, 0) + 1
    return {
        code: name if seen[name] == 1 else file_name(f"{title} {code}", period, suffix)
        for (code, title), name in zip(titles, names.values(), strict=True)
    }


def write_children(
    engine: Engine,
    out_dir: Path,
    *,
    region_code: str | None,
    year: int,
    month: int | None = None,
    today: dt.date | None = None,
    sample: bool = False,
    progress: Callable[[Children, str], Iterable[tuple[str, str]]] | None = None,
) -> BatchResult:
    """Write the PDF and the card of every child region of ``region_code`` into ``out_dir``
    (created if missing). ``progress`` wraps the loop (the command passes a tqdm bar). Raises the
    scope and database errors, :class:`NoChildRegionsError` and ``OSError`` on writing."""
    started = time.monotonic()
    day = today or jakarta_today()
    scope = resolve_scope(engine, region_code=region_code, year=year, month=month, today=day)
    if not scope.children:
        raise NoChildRegionsError(region_code)
    level = scope.region.level if scope.region else None
    child_level = CHILD_LEVEL_NAMES.get(level, "wilayah")
    titles = [(child.code, region_title(child)) for child in scope.children]
    period = period_label(scope.period.year, scope.period.month)
    names = {suffix: _unique_names(titles, period, suffix) for suffix in BATCH_SUFFIXES}
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    largest = 0
    children = titles if progress is None else progress(titles, child_level.lower())
    for code, _ in children:
        briefing = build_briefing(engine, region_code=code, year=year, month=month, today=day, sample=sample)
        for suffix in BATCH_SUFFIXES:
            content = render(briefing, suffix)
            path = out_dir / names[suffix][code]
            path.write_bytes(content)
            written.append(path)
            if suffix == ".png":
                largest = max(largest, len(content))
    return BatchResult(
        region_title=region_title(scope.region),
        child_level=child_level,
        files=tuple(written),
        children=len(titles),
        largest_card=largest,
        seconds=time.monotonic() - started,
    )
