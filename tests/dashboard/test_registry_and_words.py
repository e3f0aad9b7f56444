"""The things the pages share instead of retyping: the page registry the router and the headings
read, the Indonesian words in ``dashboard/labels.toml`` (one for every code ``data_access`` can
return), the meeting's stylesheet, and the table heights of ``dashboard.sections.tables``."""

from __future__ import annotations

import pytest

from dashboard import labels, registry
from dashboard.meeting.frame import STYLES, _styles
from dashboard.sections.tables import fitted_height
from data_access import DATA_QUALITY_CHECKS, METRIC_CODES, PERCENT_METRICS
from data_access.gaps import GAPS
from data_access.institution import CHANGES, STUCK_STEPS
from data_access.map_points import PLACEMENTS
from data_access.metrics.codes import BIDANG
from data_access.vocabulary import GAP_STATUSES, STATUSES


def test_every_registered_page_exists_once() -> None:
    pages = (*registry.LISTED, registry.MEETING)
    assert all(page.path.is_file() for page in pages)
    assert len({page.url_path for page in pages}) == len(pages)
    assert len({page.file for page in pages}) == len(pages)
    assert {path.name for path in registry.PAGES_DIR.glob("*.py")} == {page.file for page in pages}
    assert registry.DEFAULT is registry.LISTED[0]


def test_headings_and_scripts() -> None:
    assert registry.KELEMBAGAAN.page_title == "Kelembagaan Posyandu"  # says more than the sidebar name
    assert registry.KADER.page_title == registry.KADER.title == "Kader & Pelatihan"
    assert registry.script_of("kader") == "dashboard/pages/kader.py"
    assert registry.script_of("") == registry.script_of("nowhere") == "dashboard/pages/ringkasan.py"


@pytest.mark.parametrize(
    ("words", "codes"),
    [
        (labels.METRIC_LABELS, METRIC_CODES),
        (labels.METRIC_HELP, METRIC_CODES),
        (labels.METRIC_SHORT_LABELS, PERCENT_METRICS),
        (labels.DATA_QUALITY_LABELS, DATA_QUALITY_CHECKS),
        (labels.STATUS_LABELS, STATUSES),
        (labels.GAP_STATUS_LABELS, GAP_STATUSES),
        (labels.GAP_LABELS, GAPS),
        (labels.STUCK_STEP_LABELS, STUCK_STEPS),
        (labels.CHANGE_LABELS, CHANGES),
        (labels.COORDINATE_PLACEMENT_LABELS, PLACEMENTS),
        (labels.BIDANG_LABELS, BIDANG),
    ],
)
def test_every_code_has_its_words(words: dict[str, str], codes: tuple[str, ...]) -> None:
    assert set(codes) <= set(words), set(codes) - set(words)
    assert all(isinstance(word, str) and word.strip() for word in words.values())


def test_data_quality_checks_say_what_why_and_who() -> None:
    for code in DATA_QUALITY_CHECKS:
        words = labels.DATA_QUALITY_WORDS[code]
        assert words.what and words.effect and words.fix, code


def test_meeting_styles_come_from_their_file() -> None:
    assert STYLES.is_file()
    css = _styles()
    assert ".st-key-rapat_stage" in css and "<style>" not in css


def test_tables_fit_their_rows() -> None:
    assert fitted_height(0, limit=420) == 38
    assert fitted_height(3, limit=420) == 38 + 3 * 35
    assert fitted_height(100, limit=420) == 420
    assert fitted_height(100) == 38 + 100 * 35
