"""The sample database: the real regions and boundaries of a small area, and synthetic Posyandu data.

``python -m sample_data.build`` writes it (see ``sample_data/README.md``). Regions, codes, names and
boundaries are real (``geo/``, see ``ATTRIBUTION.md``); every Posyandu, kader, report, budget, Tim
Pembina decree, regulation and target is generated deterministically from a seed, so that the
dashboard has believable figures to show without any personal data.
"""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
GEO_DIR = PACKAGE_DIR / "geo"
INDICATORS_CSV = PACKAGE_DIR / "indicators.csv"
DEFAULT_SEED = 20250922
"""The Rakornas Posyandu 2025 date: any fixed number would do, this one is easy to remember."""
