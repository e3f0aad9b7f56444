"""Indonesian labels for the codes of METRICS.md and SCHEMA.md, shared by every page, the meeting
screen and the briefing (one word per concept).

The words themselves are in ``labels.toml`` beside this file -- content, not code, edited by whoever
words the dashboard -- read once at import and checked to be text. Only the words for a status are
written here, keyed by the status words ``data_access.vocabulary`` owns.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from data_access.vocabulary import KURANG, LENGKAP, MENDEKATI, PERLU_PERHATIAN, TANPA_TARGET, TERCAPAI, TERTINGGAL

WORDS_FILE = Path(__file__).with_name("labels.toml")
_WORDS: dict[str, Any] = tomllib.loads(WORDS_FILE.read_text(encoding="utf-8"))


def _texts(*table: str) -> dict[str, str]:
    """A table of ``labels.toml`` (``"bidang"``; ``"metric", "sk_pct"`` for ``[metric.sk_pct]``) as
    key -> text, in the file's order."""
    entries: Any = _WORDS
    for key in table:
        entries = entries[key]
    if not all(isinstance(value, str) for value in entries.values()):
        raise TypeError(f"labels.toml [{'.'.join(table)}] must hold text only")
    return dict(entries)


@dataclass(frozen=True)
class MetricWords:
    """A metric in words: its card label, its short column header (empty for a count, which never
    heads a column of percentages) and the help behind the card's question mark."""

    label: str
    help: str
    short: str = ""


@dataclass(frozen=True)
class CheckWords:
    """A data-quality check in words: its name, what it finds, what it does to the figures, and who
    fixes it at the source."""

    label: str
    what: str
    effect: str
    fix: str


COUNTRY_NAME = "Indonesia"
CHILD_LEVEL_NAMES: dict[str | None, str] = {
    None: "Provinsi",
    "provinsi": "Kabupaten/Kota",
    "kabupaten_kota": "Kecamatan",
    "kecamatan": "Desa/Kelurahan",
}
"""What the regions one level below are called (None = the country); a desa/kelurahan has none."""

METRIC_WORDS: dict[str, MetricWords] = {code: MetricWords(**_texts("metric", code)) for code in _WORDS["metric"]}
METRIC_LABELS: dict[str, str] = {code: words.label for code, words in METRIC_WORDS.items()}
METRIC_SHORT_LABELS: dict[str, str] = {code: words.short for code, words in METRIC_WORDS.items() if words.short}
"""Column headers for tables with one column per percentage metric (the Renstra status matrix)."""
METRIC_HELP: dict[str, str] = {code: words.help for code, words in METRIC_WORDS.items()}

STATUS_LABELS: dict[str, str] = {
    TERCAPAI: "✔ Tercapai",
    MENDEKATI: "◐ Mendekati",
    TERTINGGAL: "✖ Tertinggal",
    TANPA_TARGET: "Tanpa target",
}
GAP_STATUS_LABELS: dict[str, str] = {
    LENGKAP: "✔ Lengkap",
    KURANG: "◐ Kurang",
    PERLU_PERHATIAN: "✖ Perlu perhatian",
}

BIDANG_LABELS = _texts("bidang")
TRAINING_LABELS = _texts("training")
BUDGET_SOURCE_LABELS = _texts("budget_source")
PARTNER_LABELS = _texts("partner")
GAP_LABELS = _texts("gap")

DATA_QUALITY_WORDS: dict[str, CheckWords] = {
    code: CheckWords(**_texts("data_quality_check", code)) for code in _WORDS["data_quality_check"]
}
DATA_QUALITY_LABELS: dict[str, str] = {code: words.label for code, words in DATA_QUALITY_WORDS.items()}
QUALITY_COLUMN_LABELS = _texts("quality_column")
REGULATION_KIND_LABELS = _texts("regulation_kind")
COORDINATE_PLACEMENT_LABELS = _texts("coordinate_placement")
FUNNEL_STEP_LABELS = _texts("funnel_step")
STUCK_STEP_LABELS = _texts("stuck_step")
CHANGE_LABELS = _texts("change")
