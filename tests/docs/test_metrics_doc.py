"""docs/metrics.md against the code: every figure the product has is defined in the document, and
the document defines nothing the product does not have.

Why: the repository must explain its own figures (issue 11) -- to someone who has cloned it and
nothing else -- and the explanation must not drift from the code. So the codes the document
describes are compared, in both directions, with the public names the code computes them under:
``data_access.METRIC_CODES``, ``data_access.DATA_QUALITY_CHECKS``, ``data_access.gaps.GAPS``, the
statuses of ``data_access.vocabulary``, the readiness steps of ``data_access.institution``, the
training types, and the indicator catalogue the sample ships. Each failure names what is missing on
which side. No database: the document is parsed as text, the code only imported.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from data_access import DATA_QUALITY_CHECKS, METRIC_CODES, PERCENT_METRICS
from data_access.gaps import GAPS
from data_access.institution import STUCK_STEPS
from data_access.metrics.codes import MANAGERIAL_TRAINING, TRAINING_TYPES
from data_access.vocabulary import GAP_STATUSES, STATUSES
from sample_data import INDICATORS_CSV

ROOT = Path(__file__).resolve().parents[2]
METRICS_DOC = ROOT / "docs" / "metrics.md"
LINKED_DOCS = (
    METRICS_DOC,
    ROOT / "docs" / "performance.md",
    ROOT / "docs" / "benchmarks" / "README.md",
    ROOT / "README.md",
)

HEADLINE = "Headline metrics"
QUALITY = "Data-quality checks"
GAPS_SECTION = "Posyandu gaps"
RENSTRA = "Renstra targets and attainment status"
BREAKDOWNS = "Page-level breakdowns"

METRIC_PARTS = (
    "What it tells a TP Posyandu.",
    "Numerator.",
    "Denominator.",
    "Period.",
    "Left out, and why.",
    "Renstra.",
    "Example (sample).",
    "In the code.",
)
"""The parts every headline metric section has, in this order, each as a bold ``- **Part.**`` item."""

CODE_HEADING = re.compile(r"^### `([^`]+)`")
TABLE_CODE_ROW = re.compile(r"^\| `([^`]+)` \|")


# --- parsing ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    level: int
    title: str
    line: int


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _headings(lines: list[str]) -> list[Heading]:
    """Markdown ATX headings outside fenced code blocks."""
    found = []
    fenced = False
    for index, line in enumerate(lines):
        if line.startswith("```"):
            fenced = not fenced
            continue
        match = re.match(r"^(#{1,6}) (.+?)\s*$", line)
        if match and not fenced:
            found.append(Heading(len(match.group(1)), match.group(2), index))
    return found


def _section(lines: list[str], title: str, level: int) -> list[str]:
    """The lines under the heading ``title`` of ``level`` up to the next heading of that level or above."""
    headings = _headings(lines)
    starts = [h for h in headings if h.level == level and h.title == title]
    assert len(starts) == 1, (
        f"docs/metrics.md: expected exactly one {'#' * level} {title!r} heading, found {len(starts)}"
    )
    start = starts[0]
    end = next((h.line for h in headings if h.line > start.line and h.level <= level), len(lines))
    return lines[start.line + 1 : end]


def _coded_subsections(lines: list[str]) -> list[tuple[str, list[str]]]:
    """``### `code` ...`` headings of a section, in order, each with its lines (a repeated code twice)."""
    found: list[tuple[str, list[str]]] = []
    current: list[str] | None = None
    for line in lines:
        if line.startswith("#"):
            match = CODE_HEADING.match(line)
            current = None
            if match:
                current = []
                found.append((match.group(1), current))
            continue
        if current is not None:
            current.append(line)
    return found


def _table_rows(lines: Iterable[str]) -> list[list[str]]:
    """Cells of the table rows whose first cell is a `code`, in order (the first table only)."""
    rows: list[list[str]] = []
    for line in lines:
        if TABLE_CODE_ROW.match(line):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
        elif rows and not line.startswith("|"):
            break
    return rows


def _unquote(cell: str) -> str:
    return cell.strip().strip("`")


def _compare(documented: list[str], in_code: Iterable[str], what: str, where: str, *, ordered: bool) -> None:
    """Fail naming what the code has and the document lacks, and the reverse (and duplicates)."""
    in_code = list(in_code)
    missing = [code for code in in_code if code not in documented]
    extra = [code for code in documented if code not in in_code]
    twice = sorted({code for code in documented if documented.count(code) > 1})
    problems = []
    if missing:
        problems.append(f"in the code but not documented under {where}: {missing}")
    if extra:
        problems.append(f"documented under {where} but not in the code: {extra}")
    if twice:
        problems.append(f"documented twice under {where}: {twice}")
    if not problems and ordered and documented != in_code:
        problems.append(f"documented under {where} in the order {documented}, the code's order is {in_code}")
    assert not problems, f"docs/metrics.md, {what}: " + "; ".join(problems)


@pytest.fixture(scope="module")
def doc() -> list[str]:
    return _lines(METRICS_DOC)


# --- the three families of codes ------------------------------------------------------------------


def test_every_metric_code_has_its_section(doc: list[str]) -> None:
    documented = [code for code, _ in _coded_subsections(_section(doc, HEADLINE, 2))]
    _compare(documented, METRIC_CODES, "metric codes (data_access.METRIC_CODES)", f"'## {HEADLINE}'", ordered=True)


def test_every_data_quality_check_has_its_section(doc: list[str]) -> None:
    documented = [code for code, _ in _coded_subsections(_section(doc, QUALITY, 2))]
    _compare(
        documented,
        DATA_QUALITY_CHECKS,
        "data-quality checks (data_access.DATA_QUALITY_CHECKS)",
        f"'## {QUALITY}'",
        ordered=True,
    )


def test_every_posyandu_gap_has_its_section(doc: list[str]) -> None:
    documented = [code for code, _ in _coded_subsections(_section(doc, GAPS_SECTION, 2))]
    _compare(documented, GAPS, "Posyandu gaps (data_access.gaps.GAPS)", f"'## {GAPS_SECTION}'", ordered=True)


# --- the headline metric sections: same parts, and the kinds the code gives them ---------------------


def test_every_metric_section_has_every_part_in_order(doc: list[str]) -> None:
    problems = []
    for code, lines in _coded_subsections(_section(doc, HEADLINE, 2)):
        parts = [match.group(1) for line in lines if (match := re.match(r"^- \*\*(.+?)\*\*", line))]
        if parts != list(METRIC_PARTS):
            problems.append(f"`{code}` has parts {parts}, expected {list(METRIC_PARTS)}")
    assert not problems, "docs/metrics.md, headline metric sections:\n" + "\n".join(problems)


def test_renstra_part_agrees_with_the_percentage_metrics(doc: list[str]) -> None:
    """A target applies to the percentage metrics only (``PERCENT_METRICS``): the counts say so."""
    problems = []
    for code, lines in _coded_subsections(_section(doc, HEADLINE, 2)):
        renstra = next((line for line in lines if line.startswith("- **Renstra.**")), "")
        says_no_target = renstra.startswith("- **Renstra.** No target")
        if (code in PERCENT_METRICS) == says_no_target:
            kind = "a percentage metric (it may have a target)" if code in PERCENT_METRICS else "a count (no target)"
            problems.append(f"`{code}` is {kind} but its Renstra part reads: {renstra!r}")
    assert not problems, "docs/metrics.md:\n" + "\n".join(problems)


def test_summary_table_lists_every_metric_with_its_kind(doc: list[str]) -> None:
    rows = _table_rows(_section(doc, HEADLINE, 2))
    _compare(
        [_unquote(row[0]) for row in rows],
        METRIC_CODES,
        "summary table of metric codes",
        f"'## {HEADLINE}'",
        ordered=True,
    )
    wrong = [
        f"`{_unquote(row[0])}` is listed as {row[-1]!r}"
        for row in rows
        if (row[-1] == "%") != (_unquote(row[0]) in PERCENT_METRICS)
    ]
    assert not wrong, f"docs/metrics.md summary table, kind column (% for PERCENT_METRICS, else count): {wrong}"


# --- statuses, readiness steps, training types, indicators ------------------------------------------


def test_attainment_statuses(doc: list[str]) -> None:
    documented = [_unquote(row[0]) for row in _table_rows(_section(doc, RENSTRA, 2))]
    _compare(
        documented, STATUSES, "attainment statuses (data_access.vocabulary.STATUSES)", f"'## {RENSTRA}'", ordered=True
    )


def test_gap_statuses(doc: list[str]) -> None:
    documented = [_unquote(row[0]) for row in _table_rows(_section(doc, "Gap status", 3))]
    _compare(
        sorted(documented),
        sorted(GAP_STATUSES),
        "gap statuses (data_access.vocabulary.GAP_STATUSES)",
        "'### Gap status'",
        ordered=False,
    )


def test_readiness_steps(doc: list[str]) -> None:
    section = _section(doc, "Readiness funnel and stuck steps", 3)
    documented = [_unquote(row[0]) for row in _table_rows(section)]
    _compare(
        documented,
        STUCK_STEPS,
        "readiness steps (data_access.institution.STUCK_STEPS)",
        "'### Readiness funnel and stuck steps'",
        ordered=True,
    )


def test_training_types_and_their_base(doc: list[str]) -> None:
    rows = _table_rows(_section(doc, "Training by type", 3))
    _compare(
        [_unquote(row[0]) for row in rows],
        TRAINING_TYPES,
        "training types (TRAINING_TYPES)",
        "'### Training by type'",
        ordered=True,
    )
    wrong = [
        f"`{_unquote(row[0])}` has base {row[-1]!r}"
        for row in rows
        if row[-1] != ("G" if _unquote(row[0]) == MANAGERIAL_TRAINING else "K")
    ]
    assert not wrong, f"docs/metrics.md training table: the base is G for manajerial and K otherwise: {wrong}"


def test_indicator_table_matches_the_catalogue(doc: list[str]) -> None:
    """Code, bidang and unit of every indicator, against the catalogue the sample loads."""
    with INDICATORS_CSV.open(newline="", encoding="utf-8") as handle:
        catalogue = {row["code"]: (row["bidang"], row["unit"]) for row in csv.DictReader(handle)}
    rows = _table_rows(_section(doc, "Service volumes per indicator", 3))
    documented = {_unquote(row[0]): (row[1], row[3]) for row in rows}
    _compare(
        [_unquote(row[0]) for row in rows],
        catalogue,
        "indicator codes (sample_data/indicators.csv)",
        "'### Service volumes per indicator'",
        ordered=False,
    )
    wrong = {
        code: {"document": documented[code], "catalogue": catalogue[code]}
        for code in catalogue
        if documented.get(code, catalogue[code]) != catalogue[code]
    }
    assert not wrong, f"docs/metrics.md indicator table, (bidang, unit) differ from the catalogue: {wrong}"


# --- references out of the document ------------------------------------------------------------------


def test_named_python_files_exist(doc: list[str]) -> None:
    named = sorted(
        set(re.findall(r"`((?:data_access|dashboard|sample_data|benchmarks|tests)/[\w/.]+\.py)`", "\n".join(doc)))
    )
    assert named, "docs/metrics.md names no .py file: has the pattern changed?"
    missing = [path for path in named if not (ROOT / path).is_file()]
    assert not missing, f"docs/metrics.md names files that do not exist (moved or renamed?): {missing}"


def _slug(title: str, seen: Counter[str]) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens, -N on repeats."""
    base = re.sub(r"[^\w\- ]", "", title.strip().lower()).replace(" ", "-")
    count = seen[base]
    seen[base] += 1
    return base if count == 0 else f"{base}-{count}"


@cache
def _anchors(path: Path) -> set[str]:
    seen: Counter[str] = Counter()
    return {_slug(heading.title, seen) for heading in _headings(_lines(path))}


def _links(lines: list[str]) -> list[str]:
    """Targets of Markdown links and images outside fenced code blocks."""
    targets = []
    fenced = False
    for line in lines:
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced:
            targets.extend(re.findall(r"\]\(([^)\s]+)\)", line))
    return targets


@pytest.mark.parametrize("path", LINKED_DOCS, ids=lambda path: str(path.relative_to(ROOT)))
def test_relative_links_resolve(path: Path) -> None:
    broken = []
    for target in _links(_lines(path)):
        if re.match(r"^[a-z]+:", target):
            continue  # http(s), mailto: not checked offline
        file_part, _, anchor = target.partition("#")
        linked = (path.parent / file_part).resolve() if file_part else path
        if not linked.exists():
            broken.append(f"{target} (no file {linked.relative_to(ROOT) if linked.is_relative_to(ROOT) else linked})")
        elif anchor and linked.suffix == ".md" and anchor not in _anchors(linked):
            broken.append(f"{target} (no heading with anchor #{anchor})")
    assert not broken, f"{path.relative_to(ROOT)}: broken links: {broken}"


def test_readme_defines_the_figures_inside_the_repository() -> None:
    """Someone who clones only this repository must find every figure defined in it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "../shared" not in readme, "README.md points outside the repository (../shared): point to docs/metrics.md"
    assert "docs/metrics.md" in readme, "README.md does not point to docs/metrics.md, where the figures are defined"


KOTA_SERANG_2025 = ROOT / "tests" / "golden" / "summary" / "sqlite" / "36.73_2025.json"
"""The figures snapshot (``scripts/summary_snapshot.py``) of the sample's Kota Serang 2025 on the
document's day: the examples quote it, and ``test_summary_snapshot`` ties it to the code."""
EXAMPLE = re.compile(r"^- \*\*Example \(sample\)\.\*\* Kota Serang 2025: (?P<text>.*)")


def _example_value(code: str, text: str) -> float:
    """The figure an example line quotes: ``… = 37.7 %`` for a percentage, the first number for a count."""
    if code in PERCENT_METRICS:
        match = re.search(r"= ([\d.,]+) %", text)
        assert match, f"{code}: the example gives no '= N %': {text!r}"
        return float(match.group(1).replace(",", ""))
    match = re.search(r"([\d,]+)", text)
    assert match, f"{code}: the example gives no number: {text!r}"
    return float(match.group(1).replace(",", ""))


def test_examples_quote_the_figures_the_code_gives(doc: list[str]) -> None:
    """Each headline example for Kota Serang 2025 equals the snapshot, to the decimal it shows."""
    figures = json.loads(KOTA_SERANG_2025.read_text(encoding="utf-8"))["metrics"]
    checked = 0
    for code, lines in _coded_subsections(_section(doc, "Headline metrics", 2)):
        found = [match["text"] for line in lines if (match := EXAMPLE.match(line))]
        if not found:
            continue
        value, actual = _example_value(code, found[0]), figures[code]
        shown = round(actual, 1) if code in PERCENT_METRICS else actual
        assert value == shown, f"{code}: docs/metrics.md says {value}, the code gives {actual}"
        checked += 1
    assert checked >= len(METRIC_CODES) - 2, f"only {checked} examples could be checked"
