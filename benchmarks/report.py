"""Turning timings into what people read: p95, the tables (text or Markdown) and the verdict line.

Everything renders from the run's JSON document (what ``--json`` writes), so a saved run can be
re-rendered later: ``python -m benchmarks.report run.json`` prints its Markdown tables, as pasted in
``docs/performance.md``. The tables are wide -- one row per call or page, a (cold, warm p95) pair per
region level -- so one call can be compared across levels at a glance, which is what "how cost grows"
needs.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Document = dict[str, Any]


def p95(values: Sequence[float]) -> float | None:
    """95th percentile by nearest rank (of 20 runs: the 19th fastest; of 5 or fewer: the slowest)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def fmt_ms(value: float | None) -> str:
    """Milliseconds for a table: one decimal under 10 ms, whole numbers above, "–" when not measured."""
    if value is None:
        return "–"
    return f"{value:.1f}" if value < 10 else f"{value:,.0f}".replace(",", " ")


def verdict(pages: list[dict]) -> str:
    """The last line: the worst page warm p95 and the worst page cold render, over every level."""
    warm = max((page["warm_p95_ms"] for page in pages if page.get("warm_p95_ms") is not None), default=0.0)
    cold = max((page["cold_ms"] for page in pages if page.get("cold_ms") is not None), default=0.0)
    return f"worst page warm p95: {round(warm)} ms; cold: {round(cold)} ms"


@dataclass
class Row:
    """One line of a table: a label, (cold, warm p95) per level label, an optional third value per
    level, and a trailing note."""

    label: str
    cells: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)
    extra: dict[str, float | None] = field(default_factory=dict)
    note: str = ""


@dataclass
class Table:
    title: str
    rows: list[Row]
    extra: str | None = None


def level_labels(document: Document) -> list[str]:
    """``country``, ``provinsi 36``, ...: the same labels as :attr:`benchmarks.calls.Level.label`."""
    return [
        level["name"] if level["code"] is None else f"{level['name']} {level['code']}" for level in document["levels"]
    ]


def tables(document: Document) -> list[Table]:
    """The calls table, and the pages table when pages were rendered."""
    used_by = document.get("used_by", {})
    calls: dict[str, Row] = {}
    for entry in document["calls"]:
        row = calls.setdefault(entry["call"], Row(label=entry["call"], note=used_by.get(entry["call"], "")))
        row.cells[entry["level"]] = (entry.get("cold_ms"), entry.get("warm_p95_ms"))
        if entry.get("error") and not row.note.startswith("ERROR"):
            row.note = f"ERROR at {entry['level']}: {entry['error'].strip().splitlines()[-1][:120]}"
    result = [Table("data_access call", list(calls.values()))]
    if document["pages"]:
        sums = {(entry["page"], entry["level"]): entry["cold"] for entry in document["page_call_sums"]}
        pages: dict[str, Row] = {}
        for page in document["pages"]:
            row = pages.setdefault(page["page"], Row(label=page["page"].removesuffix(".py")))
            row.cells[page["level"]] = (page["cold_ms"], page["warm_p95_ms"])
            row.extra[page["level"]] = sums.get((page["page"], page["level"]))
            if page["problems"]:
                row.note = f"PROBLEM at {page['level']}: {page['problems'][0][:120]}"
        result.append(Table("page (AppTest)", list(pages.values()), extra="Σ calls"))
    return result


def _cold_text(times: int) -> str:
    return "one new process each" if times == 1 else f"median of {times} new processes each"


def header_lines(document: Document) -> list[str]:
    levels = "; ".join(
        f"{label} = {level['region_name']}"
        for label, level in zip(level_labels(document), document["levels"], strict=True)
    )
    sizes = ", ".join(f"{name} {count:,}".replace(",", " ") for name, count in document["sizes"].items())
    return [
        f"database: {document['database']} ({document['backend']}); year {document['year']}; today {document['today']}",
        f"regions: {levels}",
        f"cold: {_cold_text(document.get('cold_repeat', 1))} ({document['isolation']}); warm p95: calls over "
        f"{document['repeat']} runs, pages over {document['page_repeat']} reruns; all times in ms",
        f"machine: {document['cpu_count']} cores; load average {document['load_average_before']} before, "
        f"{document['load_average_after']} after",
        f"rows: {sizes}",
    ]


def render_text(table: Table, levels: list[str]) -> str:
    """An aligned plain-text table."""
    per_level = ["cold", "p95"] + ([table.extra] if table.extra else [])
    label_width = max([len(table.title)] + [len(row.label) for row in table.rows])
    width = max([9] + [math.ceil((len(level) + 2) / len(per_level)) for level in levels])
    group = width * len(per_level)
    lines = [
        " " * label_width + "".join(f"{level:>{group}}" for level in levels),
        table.title.ljust(label_width) + "".join(f"{name:>{width}}" for _ in levels for name in per_level),
    ]
    for row in table.rows:
        cells = ""
        for level in levels:
            cold, warm = row.cells.get(level, (None, None))
            values = [cold, warm] + ([row.extra.get(level)] if table.extra else [])
            cells += "".join(f"{fmt_ms(value):>{width}}" for value in values)
        lines.append(row.label.ljust(label_width) + cells + (f"  {row.note}" if row.note else ""))
    return "\n".join(lines)


def render_markdown(table: Table, levels: list[str]) -> str:
    """The same table in Markdown, one column per level holding "cold / warm p95" (and the extra)."""
    shape = "cold / warm p95" + (f" ({table.extra})" if table.extra else "")
    header = [table.title] + levels + ["note"]
    lines = [f"Cells: {shape}, in ms.", "", "| " + " | ".join(header) + " |", "|---|" + "---:|" * len(levels) + "---|"]
    for row in table.rows:
        cells = []
        for level in levels:
            cold, warm = row.cells.get(level, (None, None))
            cell = "–" if cold is None and warm is None else f"{fmt_ms(cold)} / {fmt_ms(warm)}"
            if table.extra and level in row.extra:
                cell += f" ({fmt_ms(row.extra[level])})"
            cells.append(cell)
        lines.append("| " + " | ".join([f"`{row.label}`", *cells, row.note]) + " |")
    return "\n".join(lines)


def text_report(document: Document) -> str:
    levels = level_labels(document)
    return "\n\n".join(["\n".join(header_lines(document))] + [render_text(table, levels) for table in tables(document)])


def markdown_report(document: Document) -> str:
    levels = level_labels(document)
    parts = ["\n".join(f"- {line}" for line in header_lines(document))]
    parts += [render_markdown(table, levels) for table in tables(document)]
    return "\n\n".join(parts) + f"\n\n`{document['verdict']}`\n"


def main(argv: list[str] | None = None) -> int:
    """``python -m benchmarks.report run.json``: the Markdown of a saved run."""
    paths = argv if argv is not None else sys.argv[1:]
    if len(paths) != 1:
        print("usage: python -m benchmarks.report RUN.json", file=sys.stderr)
        return 2
    print(markdown_report(json.loads(Path(paths[0]).read_text(encoding="utf-8"))), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
