"""Every METRICS.md metric on the hand-made dirty database, against values worked out by hand.

Why: these expected values come from reading METRICS.md and counting rows of
``tests/fixtures/handmade.py`` on paper -- never from running ``data_access`` -- so a test failure
means the implementation and the contract disagree (or the hand count is wrong, which the comments
let a reader check). Each figure is written as the arithmetic that gives it, with the posyandu,
kader or regions counted. Runs on SQLite and PostgreSQL (``backend`` fixture); the dirt that only
SQLite can hold was placed so that the metrics are the same on both.

Periods: ``Y25`` = 2025 (M = 12, past year), ``JUN`` = 2025 cut at month 6, ``Y24`` = 2024 (M = 12).
"Today" is 2026-11-23, so in these three periods min(E, today) = E.

Hand table -- facts per posyandu of P ("-" = not in P that period; 24 / 25 / JUN):

=====  ========  ======  ======  ======  =======  ====  =====  =====  ========  ======  ========  ======  =========
pos.   P         reg     SK      kelemb  sarpras  K/G   compl  <5     tech-tr.  mgr-tr  six bid.  mitra   budget up
=====  ========  ======  ======  ======  =======  ====  =====  =====  ========  ======  ========  ======  =========
1      all       Y/Y/Y   Y/Y/Y   Y/Y/Y   Y        12/9  Y      .      1/2/2     1/2/1   Y/Y/.     Y/Y/Y   Y/Y
2      all       .       Y/Y/Y   .       .        10/8  .      .      1/1/1     1/1/1   ./Y/Y     .       Y/.
3      all       .       ./Y/.   .       .        0/0   .      Y      0         0       .         .       Y/.
4      all       .       .       .       Y        9/8   .      .      0         0/1/1   .         .       ./.
5      -/Y/Y     -/Y/Y   .       -/Y/Y   .        4/3   .      Y      0         0       .         -/Y/.   -/Y
6      all       Y/Y/Y   .       .       Y        11/9  .      .      0/1/0     0       .         Y/./.   ./Y
7      all       ./Y/.   Y/Y/Y   ./Y/.   Y        10/10 Y      .      1/1/1     0       ./Y/Y     Y/Y/Y   Y/.
8      all       .       .       .       .        5/0   .      .      0         0       .         .       ./.
10     all       Y/Y/Y   Y/Y/Y   Y/Y/Y   Y        15/9  Y      .      2/2/2     0/1/1   Y/./.     .       Y/Y
11     all       .       Y/Y/Y   .       .        4/3   .      Y      0         0       .         .       ./.
13     all       Y/Y/Y   .       .       Y        9/8   .      .      0         0       ./Y/.     .       Y/Y
14     all       .       .       .       .        2/0   .      Y      0         0       .         .       Y/.
15     all       Y/Y/Y   ./Y/Y   Y/Y/Y   .        13/9  Y      .      1/1/1     1/1/1   ./Y/Y     ./Y/Y   Y/Y
16     all       ./Y/Y   .       .       Y        7/0   .      .      0         0       .         .       ./Y
17     all       .       Y/Y/Y   .       Y        9/9   Y      .      1/1/1     0       .         .       ./.
18     -/Y/-     .       .       .       .        3/1   .      Y      0         -/1/-   .         .       -/.
30     all       Y/Y/Y   .       Y/Y/Y   Y        5/3   .      .      1/1/1     0/1/1   ./Y/Y     Y/Y/Y   Y/.
=====  ========  ======  ======  ======  =======  ====  =====  =====  ========  ======  ========  ======  =========

Not in P: 9 (inactive), 12 (active 'yes'), 19 (established 2026-02-01), 23 (2099), 20/21/22 (unplaced).
K/G and the board do not depend on the period (``active`` describes the present, ``joined_on`` unused).

Report completeness, valid months / expected months (24 / 25 / JUN):
1: 12/12, 10/12 (11 = unknown indicator only, 12 = negative), 6/6;  2: 6/12, 12/12 (zeros), 6/6;
3: 0/12, 1/12 (null x3, 'n/a', May ok), 1/6;  4: 12/12 all;  5: -, 6/9 (Apr-Dec expected; the Feb report
is outside), 3/3;  6: 12/12, 6/12, 6/6;  7: 1/12 (a 0 in Dec), 12/12, 6/6;  8: 6/6 (Jul-Dec), 12/12, 6/6;
10, 14, 15, 17, 30: 12/12, 12/12, 6/6;  11: 12/12, 6/12, 6/6;  13: 0/12, 12/12, 6/6;  16: 12/12, 3/12, 3/6;
18: -, 5/5 (Aug-Dec), -.

Indicators with a positive valid value (layanan; 9 indicators: PD01 KS01 KS02 PU02 PU04 PR01 TR02 SO02 SO03):
1: 24 {KS01 PD01 PU02 PR01 TR02 SO02}, 25 {KS01 PD01 PU04 PR01 TR02 SO02}, JUN {KS01};
2: 24 {KS01}, 25 & JUN {PD01 KS02 PU02 PR01 TR02 SO02} (KS01 only zeros);  3: 25 & JUN {KS01};
6: 24 {KS01 PU02}, 25 & JUN {KS01};  7: 24 {} (a zero), 25 & JUN {KS01 PD01 PU02 PR01 TR02 SO02};
10: 24 {KS01 PD01 PU04 PR01 TR02 SO02}, 25 & JUN {KS01 PD01 PU02 PR01 TR02} (SO02 negative/null);
13: 25 {KS01 PD01 PU02 PR01 TR02 SO02}, JUN {KS01};  15, 30: 24 {KS01}, 25 & JUN {KS01 PD01 PU02 PR01 TR02 SO02};
4, 5, 8, 11, 14, 16, 17, 18: {KS01} when they report.  SO03 is only 0 (posyandu 14) or outside P: never counts.

Desa/kelurahan with a counting Tim Pembina (24 / 25 / JUN): 36.04.01.2001 Y/Y/Y, 36.04.02.2001 Y/Y/Y
(null date), 36.04.02.2002 ./Y/. (2025-10-01), 36.73.01.1001 Y/Y/Y (blank date), 51.71.01.1001 Y/Y/Y;
none for 36.04.01.2002 (blank SK), 36.04.02.2003 (2099), 36.73.01.1002, 36.73.02.1001 (tab), 36.73.02.1002
(2026-04-01), 36.73.9001. Kecamatan: 36.04.01 Y (null date), 36.04.03 Y, 36.73.01 ./Y/Y (2025-02-02);
none for 36.04.02, 36.73.02 (2099), 51.71.01.
Kab/kota with their own counting regulation: 36.73 Y/Y/Y (2024-04-01), 36.04 ./Y/. (2025-08-01), 51.71 none.
"""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from sqlalchemy import Engine

from data_access import NoDataYearError, UnknownRegionError, compute_metrics, get_engine, resolve_scope
from tests.fixtures.handmade import HANDMADE, TODAY

Metrics = dict[str, float | int | None]
Case = tuple[str | None, int, int | None]  # (region code, year, month or None = default)

METRIC_CODES = (
    "posyandu_total",
    "registered_pct",
    "sk_pct",
    "tp_desa_kel_pct",
    "tp_kecamatan_pct",
    "kelembagaan_pct",
    "six_bidang_pct",
    "layanan_spm_pct",
    "kader_total",
    "kader_trained_pct",
    "pengurus_trained_pct",
    "pengurus_complete_pct",
    "kader_under5_count",
    "kemitraan_pct",
    "sarpras_pct",
    "budget_up_pct",
    "regulation_pct",
    "report_completeness_pct",
)

Y25: tuple[int, int | None] = (2025, None)
JUN: tuple[int, int | None] = (2025, 6)
Y24: tuple[int, int | None] = (2024, None)


def _no_posyandu(*, tp_desa_kel_pct: float | None, tp_kecamatan_pct: float | None) -> Metrics:
    """A region with |P| = 0: every posyandu-based denominator is 0, so null; counts are 0."""
    return {
        "posyandu_total": 0,
        "registered_pct": None,
        "sk_pct": None,
        "tp_desa_kel_pct": tp_desa_kel_pct,
        "tp_kecamatan_pct": tp_kecamatan_pct,
        "kelembagaan_pct": None,
        "six_bidang_pct": None,
        "layanan_spm_pct": None,  # "null when |P| = 0"
        "kader_total": 0,
        "kader_trained_pct": None,
        "pengurus_trained_pct": None,
        "pengurus_complete_pct": None,
        "kader_under5_count": 0,
        "kemitraan_pct": None,
        "sarpras_pct": None,
        "budget_up_pct": None,
        "regulation_pct": None,  # kecamatan or desa: always null
        "report_completeness_pct": None,
    }


EXPECTED: dict[Case, Metrics] = {
    # ==================== country ====================
    (None, *Y25): {
        "posyandu_total": 17,  # 1-8, 10, 11, 13-18, 30
        "registered_pct": 100 * 9 / 17,  # 1, 5, 6, 7, 10, 13, 15, 16, 30
        "sk_pct": 100 * 8 / 17,  # 1, 2, 3, 7, 10, 11, 15, 17
        "tp_desa_kel_pct": 100 * 5 / 11,  # 11 desa/kel (incl. 36.73.9001): 2001, 02.2001, 02.2002, 1001, 51..1001
        "tp_kecamatan_pct": 100 * 3 / 6,  # 36.04.01, 36.04.03, 36.73.01 of 6 kecamatan
        "kelembagaan_pct": 100 * 6 / 17,  # 1, 5, 7, 10, 15, 30
        "six_bidang_pct": 100 * 6 / 17,  # 1, 2, 7, 13, 15, 30
        "layanan_spm_pct": 100 * 8 / 9,  # all but SO03
        "kader_total": 128,  # 12+10+0+9+4+11+10+5+15+4+9+2+13+7+9+3+5
        "kader_trained_pct": 100 * 10 / 128,  # 1:2, 2:1, 6:1, 7:1, 10:2, 15:1, 17:1, 30:1
        "pengurus_trained_pct": 100 * 8 / 89,  # G = 9+8+0+8+3+9+10+0+9+3+8+0+9+0+9+1+3; 1:2 2 4 10 15 18 30
        "pengurus_complete_pct": 100 * 5 / 17,  # 1, 7, 10, 15, 17
        "kader_under5_count": 5,  # 3 (0 kader), 5, 11, 14, 18
        "kemitraan_pct": 100 * 5 / 17,  # 1, 5, 7, 15, 30
        "sarpras_pct": 100 * 9 / 17,  # 1, 4, 6, 7, 10, 13, 16, 17, 30
        "budget_up_pct": 100 * 7 / 17,  # 1, 5, 6, 10, 13, 15, 16
        "regulation_pct": 100 * 2 / 3,  # 36.04 (2025-08-01), 36.73 of 36.04, 36.73, 51.71
        "report_completeness_pct": 100 * 157 / 194,  # expected 15*12 + 9 (5) + 5 (18); valid 157
    },
    (None, *JUN): {
        "posyandu_total": 16,  # 2025 without 18 (established 2025-08-10)
        "registered_pct": 100 * 8 / 16,  # 1, 5, 6, 10, 13, 15, 16, 30 (7 registered 2025-09-10)
        "sk_pct": 100 * 7 / 16,  # 1, 2, 7, 10, 11, 15, 17 (3's SK 2025-07-01)
        "tp_desa_kel_pct": 100 * 4 / 11,  # 36.04.02.2002's TP is dated 2025-10-01
        "tp_kecamatan_pct": 100 * 3 / 6,  # 36.73.01's TP 2025-02-02 counts
        "kelembagaan_pct": 100 * 5 / 16,  # 1, 5, 10, 15, 30
        "six_bidang_pct": 100 * 4 / 16,  # 2 (Feb), 7 (May), 15 (Jan-May), 30 (Jan)
        "layanan_spm_pct": 100 * 7 / 9,  # no PU04 (1's is July), no SO03
        "kader_total": 125,  # 128 - 3 (posyandu 18)
        "kader_trained_pct": 100 * 9 / 125,  # 2025 minus 610 (trained 2025-12-31)
        "pengurus_trained_pct": 100 * 6 / 88,  # G 89 - 1; 101, 201, 402 (06-30), 1001, 1501, 3001
        "pengurus_complete_pct": 100 * 5 / 16,  # 1, 7, 10, 15, 17
        "kader_under5_count": 4,  # 3, 5, 11, 14
        "kemitraan_pct": 100 * 4 / 16,  # 1, 7, 15, 30 (5's starts 2025-07-01)
        "sarpras_pct": 100 * 9 / 16,
        "budget_up_pct": 100 * 7 / 16,  # yearly: the cut does not apply; same 7
        "regulation_pct": 100 * 1 / 3,  # 36.73 only
        "report_completeness_pct": 100 * 85 / 93,  # expected 15*6 + 3 (5: Apr-Jun); valid 85
    },
    (None, *Y24): {
        "posyandu_total": 15,  # 1-4, 6-8, 10, 11, 13-17, 30 (5 and 18 established in 2025)
        "registered_pct": 100 * 6 / 15,  # 1, 6, 10, 13, 15 (2024-12-31), 30
        "sk_pct": 100 * 6 / 15,  # 1, 2, 7, 10, 11, 17 (date with a time part)
        "tp_desa_kel_pct": 100 * 4 / 11,  # 36.04.01.2001, 36.04.02.2001, 36.73.01.1001, 51.71.01.1001
        "tp_kecamatan_pct": 100 * 2 / 6,  # 36.04.01, 36.04.03
        "kelembagaan_pct": 100 * 4 / 15,  # 1, 10, 15, 30
        "six_bidang_pct": 100 * 2 / 15,  # 1 (Mar 2024), 10 (Aug 2024)
        "layanan_spm_pct": 100 * 7 / 9,  # KS01 PD01 PU02 PU04 PR01 TR02 SO02; not KS02 (only 5, 9), not SO03
        "kader_total": 121,  # 128 - 4 (5) - 3 (18)
        "kader_trained_pct": 100 * 8 / 121,  # 101, 209, 701, 1010, 1011, 1510, 1704, 3004
        "pengurus_trained_pct": 100 * 3 / 85,  # G 89 - 3 - 1; 101, 201, 1501
        "pengurus_complete_pct": 100 * 5 / 15,
        "kader_under5_count": 3,  # 3, 11, 14
        "kemitraan_pct": 100 * 4 / 15,  # 1, 6 (ended 2024-06-30), 7 (blank end), 30
        "sarpras_pct": 100 * 9 / 15,
        "budget_up_pct": 100 * 9 / 15,  # 1, 2, 3, 7, 10, 13, 14, 15, 30
        "regulation_pct": 100 * 1 / 3,  # 36.73
        "report_completeness_pct": 100 * 133 / 174,  # expected 14*12 + 6 (8: Jul-Dec); valid 133
    },
    # ==================== provinsi 36 ====================
    ("36", *Y25): {
        "posyandu_total": 16,  # country minus 30
        "registered_pct": 100 * 8 / 16,
        "sk_pct": 100 * 8 / 16,
        "tp_desa_kel_pct": 100 * 4 / 10,  # 10 desa/kel in 36 (incl. 36.73.9001)
        "tp_kecamatan_pct": 100 * 3 / 5,
        "kelembagaan_pct": 100 * 5 / 16,
        "six_bidang_pct": 100 * 5 / 16,  # 1, 2, 7, 13, 15
        "layanan_spm_pct": 100 * 8 / 9,
        "kader_total": 123,  # 128 - 5
        "kader_trained_pct": 100 * 9 / 123,
        "pengurus_trained_pct": 100 * 7 / 86,  # G 89 - 3
        "pengurus_complete_pct": 100 * 5 / 16,
        "kader_under5_count": 5,
        "kemitraan_pct": 100 * 4 / 16,  # 1, 5, 7, 15
        "sarpras_pct": 100 * 8 / 16,
        "budget_up_pct": 100 * 7 / 16,
        "regulation_pct": 100 * 2 / 2,  # 36.04 and 36.73 (the provincial perda counts for neither)
        "report_completeness_pct": 100 * 145 / 182,  # 157 - 12, 194 - 12
    },
    ("36", *JUN): {
        "posyandu_total": 15,
        "registered_pct": 100 * 7 / 15,
        "sk_pct": 100 * 7 / 15,
        "tp_desa_kel_pct": 100 * 3 / 10,
        "tp_kecamatan_pct": 100 * 3 / 5,
        "kelembagaan_pct": 100 * 4 / 15,  # 1, 5, 10, 15
        "six_bidang_pct": 100 * 3 / 15,  # 2, 7, 15
        "layanan_spm_pct": 100 * 7 / 9,
        "kader_total": 120,
        "kader_trained_pct": 100 * 8 / 120,
        "pengurus_trained_pct": 100 * 5 / 85,  # 101, 201, 402, 1001, 1501
        "pengurus_complete_pct": 100 * 5 / 15,
        "kader_under5_count": 4,
        "kemitraan_pct": 100 * 3 / 15,  # 1, 7, 15
        "sarpras_pct": 100 * 8 / 15,
        "budget_up_pct": 100 * 7 / 15,
        "regulation_pct": 100 * 1 / 2,
        "report_completeness_pct": 100 * 79 / 87,
    },
    ("36", *Y24): {
        "posyandu_total": 14,
        "registered_pct": 100 * 5 / 14,  # 1, 6, 10, 13, 15
        "sk_pct": 100 * 6 / 14,
        "tp_desa_kel_pct": 100 * 3 / 10,
        "tp_kecamatan_pct": 100 * 2 / 5,
        "kelembagaan_pct": 100 * 3 / 14,  # 1, 10, 15
        "six_bidang_pct": 100 * 2 / 14,
        "layanan_spm_pct": 100 * 7 / 9,
        "kader_total": 116,
        "kader_trained_pct": 100 * 7 / 116,
        "pengurus_trained_pct": 100 * 3 / 82,
        "pengurus_complete_pct": 100 * 5 / 14,
        "kader_under5_count": 3,
        "kemitraan_pct": 100 * 3 / 14,  # 1, 6, 7
        "sarpras_pct": 100 * 8 / 14,
        "budget_up_pct": 100 * 8 / 14,
        "regulation_pct": 100 * 1 / 2,
        "report_completeness_pct": 100 * 121 / 162,
    },
    # ==================== provinsi 51 (posyandu 30 only) ====================
    ("51", *Y25): {
        "posyandu_total": 1,
        "registered_pct": 100.0,
        "sk_pct": 0.0,
        "tp_desa_kel_pct": 100.0,
        "tp_kecamatan_pct": 0.0,  # 51.71.01 has no TP
        "kelembagaan_pct": 100.0,
        "six_bidang_pct": 100.0,
        "layanan_spm_pct": 100 * 6 / 9,  # KS01 PD01 PU02 PR01 TR02 SO02
        "kader_total": 5,
        "kader_trained_pct": 100 * 1 / 5,  # 3004
        "pengurus_trained_pct": 100 * 1 / 3,  # 3001 (2025-03-01)
        "pengurus_complete_pct": 0.0,
        "kader_under5_count": 0,  # exactly 5
        "kemitraan_pct": 100.0,  # 2024-05-01 .. 2025-02-01
        "sarpras_pct": 100.0,
        "budget_up_pct": 0.0,  # 50 < 100
        "regulation_pct": 0.0,  # only a provincial perda: 51.71 has none of its own
        "report_completeness_pct": 100.0,
    },
    # Every fact of posyandu 30 for 2025 is dated before July (six bidang in January, manajerial in March).
    ("51", *JUN): {
        "posyandu_total": 1,
        "registered_pct": 100.0,
        "sk_pct": 0.0,
        "tp_desa_kel_pct": 100.0,
        "tp_kecamatan_pct": 0.0,
        "kelembagaan_pct": 100.0,
        "six_bidang_pct": 100.0,
        "layanan_spm_pct": 100 * 6 / 9,
        "kader_total": 5,
        "kader_trained_pct": 100 * 1 / 5,
        "pengurus_trained_pct": 100 * 1 / 3,
        "pengurus_complete_pct": 0.0,
        "kader_under5_count": 0,
        "kemitraan_pct": 100.0,
        "sarpras_pct": 100.0,
        "budget_up_pct": 0.0,
        "regulation_pct": 0.0,
        "report_completeness_pct": 100.0,  # 6 of 6
    },
    ("51", *Y24): {
        "posyandu_total": 1,
        "registered_pct": 100.0,  # 2024-06-01
        "sk_pct": 0.0,
        "tp_desa_kel_pct": 100.0,
        "tp_kecamatan_pct": 0.0,
        "kelembagaan_pct": 100.0,
        "six_bidang_pct": 0.0,
        "layanan_spm_pct": 100 * 1 / 9,  # KS01
        "kader_total": 5,
        "kader_trained_pct": 100 * 1 / 5,
        "pengurus_trained_pct": 0.0,
        "pengurus_complete_pct": 0.0,
        "kader_under5_count": 0,
        "kemitraan_pct": 100.0,
        "sarpras_pct": 100.0,
        "budget_up_pct": 100.0,  # 100 > 0
        "regulation_pct": 0.0,
        "report_completeness_pct": 100.0,
    },
    # ==================== kabupaten 36.04 (posyandu 1-8) ====================
    ("36.04", *Y25): {
        "posyandu_total": 8,
        "registered_pct": 100 * 4 / 8,  # 1, 5, 6, 7
        "sk_pct": 100 * 4 / 8,  # 1, 2, 3, 7
        "tp_desa_kel_pct": 100 * 3 / 5,  # 36.04.01.2001, 36.04.02.2001, 36.04.02.2002
        "tp_kecamatan_pct": 100 * 2 / 3,  # 36.04.01, 36.04.03
        "kelembagaan_pct": 100 * 3 / 8,  # 1, 5, 7
        "six_bidang_pct": 100 * 3 / 8,  # 1, 2, 7
        "layanan_spm_pct": 100 * 8 / 9,  # KS02 from 2, PU04 from 1
        "kader_total": 61,  # 12+10+0+9+4+11+10+5
        "kader_trained_pct": 100 * 5 / 61,  # 101, 110, 209, 610, 701
        "pengurus_trained_pct": 100 * 4 / 47,  # G 9+8+0+8+3+9+10+0; 101, 102, 201, 402
        "pengurus_complete_pct": 100 * 2 / 8,  # 1, 7
        "kader_under5_count": 2,  # 3, 5
        "kemitraan_pct": 100 * 3 / 8,  # 1, 5, 7
        "sarpras_pct": 100 * 4 / 8,  # 1, 4, 6, 7
        "budget_up_pct": 100 * 3 / 8,  # 1, 5, 6
        "regulation_pct": 100.0,  # perkada 2025-08-01
        "report_completeness_pct": 100 * 71 / 93,  # (10+12+1+12+6) + (6+12+12) of (4*12+9) + 36
    },
    ("36.04", *JUN): {
        "posyandu_total": 8,
        "registered_pct": 100 * 3 / 8,  # 1, 5, 6
        "sk_pct": 100 * 3 / 8,  # 1, 2, 7
        "tp_desa_kel_pct": 100 * 2 / 5,
        "tp_kecamatan_pct": 100 * 2 / 3,
        "kelembagaan_pct": 100 * 2 / 8,  # 1, 5
        "six_bidang_pct": 100 * 2 / 8,  # 2, 7
        "layanan_spm_pct": 100 * 7 / 9,  # no PU04, no SO03
        "kader_total": 61,
        "kader_trained_pct": 100 * 4 / 61,  # 101, 110, 209, 701
        "pengurus_trained_pct": 100 * 3 / 47,  # 101, 201, 402
        "pengurus_complete_pct": 100 * 2 / 8,
        "kader_under5_count": 2,
        "kemitraan_pct": 100 * 2 / 8,  # 1, 7
        "sarpras_pct": 100 * 4 / 8,
        "budget_up_pct": 100 * 3 / 8,
        "regulation_pct": 0.0,  # the perkada is dated 2025-08-01
        "report_completeness_pct": 100 * 40 / 45,  # (6+6+1+6+3) + 18 of 27 + 18
    },
    ("36.04", *Y24): {
        "posyandu_total": 7,  # 1-4, 6-8
        "registered_pct": 100 * 2 / 7,  # 1, 6
        "sk_pct": 100 * 3 / 7,  # 1, 2, 7
        "tp_desa_kel_pct": 100 * 2 / 5,
        "tp_kecamatan_pct": 100 * 2 / 3,
        "kelembagaan_pct": 100 * 1 / 7,  # 1
        "six_bidang_pct": 100 * 1 / 7,  # 1
        "layanan_spm_pct": 100 * 6 / 9,  # KS01 PD01 PU02 PR01 TR02 SO02
        "kader_total": 57,  # 61 - 4
        "kader_trained_pct": 100 * 3 / 57,  # 101, 209, 701
        "pengurus_trained_pct": 100 * 2 / 44,  # 101, 201
        "pengurus_complete_pct": 100 * 2 / 7,
        "kader_under5_count": 1,  # 3
        "kemitraan_pct": 100 * 3 / 7,  # 1, 6, 7 (3's ends before it starts)
        "sarpras_pct": 100 * 4 / 7,
        "budget_up_pct": 100 * 4 / 7,  # 1, 2, 3, 7
        "regulation_pct": 0.0,
        "report_completeness_pct": 100 * 49 / 78,  # (12+6+0+12) + (12+1+6) of 48 + 30
    },
    # ==================== kota 36.73 (posyandu 10, 11, 13-18) ====================
    ("36.73", *Y25): {
        "posyandu_total": 8,  # 10, 11, 13, 14, 15, 16, 17, 18
        "registered_pct": 100 * 4 / 8,  # 10, 13, 15, 16
        "sk_pct": 100 * 4 / 8,  # 10, 11, 15, 17
        "tp_desa_kel_pct": 100 * 1 / 5,  # 36.73.01.1001 of 4 + 36.73.9001 (level mismatch, still a kelurahan)
        "tp_kecamatan_pct": 100 * 1 / 2,  # 36.73.01
        "kelembagaan_pct": 100 * 2 / 8,  # 10, 15
        "six_bidang_pct": 100 * 2 / 8,  # 13, 15
        "layanan_spm_pct": 100 * 6 / 9,  # KS01 PD01 PU02 PR01 TR02 SO02
        "kader_total": 62,  # 15+4+9+2+13+7+9+3
        "kader_trained_pct": 100 * 4 / 62,  # 1010, 1011, 1510, 1704
        "pengurus_trained_pct": 100 * 3 / 39,  # G 9+3+8+0+9+0+9+1; 1001, 1501, 1801
        "pengurus_complete_pct": 100 * 3 / 8,  # 10, 15, 17
        "kader_under5_count": 3,  # 11, 14, 18
        "kemitraan_pct": 100 * 1 / 8,  # 15
        "sarpras_pct": 100 * 4 / 8,  # 10, 13, 16, 17
        "budget_up_pct": 100 * 4 / 8,  # 10, 13, 15, 16
        "regulation_pct": 100.0,
        "report_completeness_pct": 100 * 74 / 89,  # (12+6+12+12) + (12+3+12+5) of 48 + 41
    },
    ("36.73", *JUN): {
        "posyandu_total": 7,
        "registered_pct": 100 * 4 / 7,
        "sk_pct": 100 * 4 / 7,
        "tp_desa_kel_pct": 100 * 1 / 5,
        "tp_kecamatan_pct": 100 * 1 / 2,
        "kelembagaan_pct": 100 * 2 / 7,
        "six_bidang_pct": 100 * 1 / 7,  # 15
        "layanan_spm_pct": 100 * 6 / 9,  # 10 (Mar) and 15 (Jan-May)
        "kader_total": 59,
        "kader_trained_pct": 100 * 4 / 59,
        "pengurus_trained_pct": 100 * 2 / 38,  # 1001, 1501
        "pengurus_complete_pct": 100 * 3 / 7,
        "kader_under5_count": 2,
        "kemitraan_pct": 100 * 1 / 7,
        "sarpras_pct": 100 * 4 / 7,
        "budget_up_pct": 100 * 4 / 7,
        "regulation_pct": 100.0,
        "report_completeness_pct": 100 * 39 / 42,  # 24 + (6+3+6) of 24 + 18
    },
    ("36.73", *Y24): {
        "posyandu_total": 7,
        "registered_pct": 100 * 3 / 7,  # 10, 13, 15
        "sk_pct": 100 * 3 / 7,  # 10, 11, 17
        "tp_desa_kel_pct": 100 * 1 / 5,
        "tp_kecamatan_pct": 0.0,
        "kelembagaan_pct": 100 * 2 / 7,  # 10, 15
        "six_bidang_pct": 100 * 1 / 7,  # 10
        "layanan_spm_pct": 100 * 6 / 9,  # KS01 PD01 PU04 PR01 TR02 SO02
        "kader_total": 59,
        "kader_trained_pct": 100 * 4 / 59,
        "pengurus_trained_pct": 100 * 1 / 38,  # 1501
        "pengurus_complete_pct": 100 * 3 / 7,
        "kader_under5_count": 2,
        "kemitraan_pct": 0.0,
        "sarpras_pct": 100 * 4 / 7,
        "budget_up_pct": 100 * 4 / 7,  # 10, 13, 14, 15
        "regulation_pct": 100.0,
        "report_completeness_pct": 100 * 72 / 84,  # (12+12+0+12) + 36 of 48 + 36
    },
    # ==================== kecamatan 36.04.01 (posyandu 1-5) ====================
    ("36.04.01", *Y25): {
        "posyandu_total": 5,
        "registered_pct": 100 * 2 / 5,  # 1, 5
        "sk_pct": 100 * 3 / 5,  # 1, 2, 3
        "tp_desa_kel_pct": 100 * 1 / 2,
        "tp_kecamatan_pct": 100.0,  # R itself, null date
        "kelembagaan_pct": 100 * 2 / 5,
        "six_bidang_pct": 100 * 2 / 5,  # 1, 2
        "layanan_spm_pct": 100 * 8 / 9,
        "kader_total": 35,  # 12+10+0+9+4
        "kader_trained_pct": 100 * 3 / 35,  # 101, 110, 209
        "pengurus_trained_pct": 100 * 4 / 28,  # 101, 102, 201, 402
        "pengurus_complete_pct": 100 * 1 / 5,
        "kader_under5_count": 2,
        "kemitraan_pct": 100 * 2 / 5,  # 1, 5
        "sarpras_pct": 100 * 2 / 5,  # 1, 4
        "budget_up_pct": 100 * 2 / 5,  # 1, 5
        "regulation_pct": None,
        "report_completeness_pct": 100 * 41 / 57,  # 10+12+1+12+6 of 4*12 + 9
    },
    ("36.04.01", *JUN): {
        "posyandu_total": 5,
        "registered_pct": 100 * 2 / 5,
        "sk_pct": 100 * 2 / 5,  # 1, 2
        "tp_desa_kel_pct": 100 * 1 / 2,
        "tp_kecamatan_pct": 100.0,
        "kelembagaan_pct": 100 * 2 / 5,
        "six_bidang_pct": 100 * 1 / 5,  # 2
        "layanan_spm_pct": 100 * 7 / 9,  # KS01 + posyandu 2's six (incl. KS02)
        "kader_total": 35,
        "kader_trained_pct": 100 * 3 / 35,
        "pengurus_trained_pct": 100 * 3 / 28,  # 101, 201, 402
        "pengurus_complete_pct": 100 * 1 / 5,
        "kader_under5_count": 2,
        "kemitraan_pct": 100 * 1 / 5,
        "sarpras_pct": 100 * 2 / 5,
        "budget_up_pct": 100 * 2 / 5,
        "regulation_pct": None,
        "report_completeness_pct": 100 * 22 / 27,  # 6+6+1+6+3 of 4*6 + 3
    },
    ("36.04.01", *Y24): {
        "posyandu_total": 4,
        "registered_pct": 100 * 1 / 4,
        "sk_pct": 100 * 2 / 4,
        "tp_desa_kel_pct": 100 * 1 / 2,
        "tp_kecamatan_pct": 100.0,
        "kelembagaan_pct": 100 * 1 / 4,
        "six_bidang_pct": 100 * 1 / 4,
        "layanan_spm_pct": 100 * 6 / 9,
        "kader_total": 31,
        "kader_trained_pct": 100 * 2 / 31,  # 101, 209
        "pengurus_trained_pct": 100 * 2 / 25,  # 101, 201
        "pengurus_complete_pct": 100 * 1 / 4,
        "kader_under5_count": 1,
        "kemitraan_pct": 100 * 1 / 4,
        "sarpras_pct": 100 * 2 / 4,
        "budget_up_pct": 100 * 3 / 4,  # 1, 2, 3
        "regulation_pct": None,
        "report_completeness_pct": 100 * 30 / 48,  # 12+6+0+12
    },
    # ==================== kecamatan 36.04.02 (posyandu 6, 7, 8) ====================
    ("36.04.02", *Y25): {
        "posyandu_total": 3,
        "registered_pct": 100 * 2 / 3,  # 6, 7
        "sk_pct": 100 * 1 / 3,  # 7
        "tp_desa_kel_pct": 100 * 2 / 3,  # 2001, 2002 (2025-10-01); not 2003 (2099)
        "tp_kecamatan_pct": 0.0,  # SK "\r\n"
        "kelembagaan_pct": 100 * 1 / 3,  # 7 (6 has no admin)
        "six_bidang_pct": 100 * 1 / 3,
        "layanan_spm_pct": 100 * 6 / 9,
        "kader_total": 26,  # 11+10+5
        "kader_trained_pct": 100 * 2 / 26,  # 610, 701
        "pengurus_trained_pct": 0.0,  # G = 9+10+0
        "pengurus_complete_pct": 100 * 1 / 3,  # 7
        "kader_under5_count": 0,
        "kemitraan_pct": 100 * 1 / 3,  # 7
        "sarpras_pct": 100 * 2 / 3,
        "budget_up_pct": 100 * 1 / 3,  # 6
        "regulation_pct": None,
        "report_completeness_pct": 100 * 30 / 36,  # 6+12+12
    },
    ("36.04.02", *JUN): {
        "posyandu_total": 3,
        "registered_pct": 100 * 1 / 3,
        "sk_pct": 100 * 1 / 3,
        "tp_desa_kel_pct": 100 * 1 / 3,
        "tp_kecamatan_pct": 0.0,
        "kelembagaan_pct": 0.0,
        "six_bidang_pct": 100 * 1 / 3,
        "layanan_spm_pct": 100 * 6 / 9,
        "kader_total": 26,
        "kader_trained_pct": 100 * 1 / 26,  # 701
        "pengurus_trained_pct": 0.0,
        "pengurus_complete_pct": 100 * 1 / 3,
        "kader_under5_count": 0,
        "kemitraan_pct": 100 * 1 / 3,
        "sarpras_pct": 100 * 2 / 3,
        "budget_up_pct": 100 * 1 / 3,
        "regulation_pct": None,
        "report_completeness_pct": 100.0,  # 18 of 18
    },
    ("36.04.02", *Y24): {
        "posyandu_total": 3,
        "registered_pct": 100 * 1 / 3,  # 6 (blank date)
        "sk_pct": 100 * 1 / 3,
        "tp_desa_kel_pct": 100 * 1 / 3,
        "tp_kecamatan_pct": 0.0,
        "kelembagaan_pct": 0.0,
        "six_bidang_pct": 0.0,
        "layanan_spm_pct": 100 * 2 / 9,  # KS01, PU02 (0.5 Kg)
        "kader_total": 26,
        "kader_trained_pct": 100 * 1 / 26,
        "pengurus_trained_pct": 0.0,
        "pengurus_complete_pct": 100 * 1 / 3,
        "kader_under5_count": 0,
        "kemitraan_pct": 100 * 2 / 3,  # 6, 7
        "sarpras_pct": 100 * 2 / 3,
        "budget_up_pct": 100 * 1 / 3,  # 7
        "regulation_pct": None,
        "report_completeness_pct": 100 * 19 / 30,  # 12 + 1 + 6 of 12 + 12 + 6
    },
    # ==================== kecamatan 36.04.03: no desa at all ====================
    ("36.04.03", *Y25): _no_posyandu(tp_desa_kel_pct=None, tp_kecamatan_pct=100.0),
    ("36.04.03", *JUN): _no_posyandu(tp_desa_kel_pct=None, tp_kecamatan_pct=100.0),
    ("36.04.03", *Y24): _no_posyandu(tp_desa_kel_pct=None, tp_kecamatan_pct=100.0),
    # ==================== kecamatan 36.73.01 (posyandu 10, 11, 13, 14) ====================
    ("36.73.01", *Y25): {
        "posyandu_total": 4,
        "registered_pct": 100 * 2 / 4,  # 10, 13
        "sk_pct": 100 * 2 / 4,  # 10, 11
        "tp_desa_kel_pct": 100 * 1 / 2,
        "tp_kecamatan_pct": 100.0,
        "kelembagaan_pct": 100 * 1 / 4,
        "six_bidang_pct": 100 * 1 / 4,  # 13
        "layanan_spm_pct": 100 * 6 / 9,
        "kader_total": 30,  # 15+4+9+2
        "kader_trained_pct": 100 * 2 / 30,
        "pengurus_trained_pct": 100 * 1 / 20,  # G 9+3+8+0; 1001
        "pengurus_complete_pct": 100 * 1 / 4,
        "kader_under5_count": 2,
        "kemitraan_pct": 0.0,  # 10's starts in 2099
        "sarpras_pct": 100 * 2 / 4,
        "budget_up_pct": 100 * 2 / 4,  # 10, 13
        "regulation_pct": None,
        "report_completeness_pct": 100 * 42 / 48,  # 12+6+12+12
    },
    ("36.73.01", *JUN): {
        "posyandu_total": 4,
        "registered_pct": 100 * 2 / 4,
        "sk_pct": 100 * 2 / 4,
        "tp_desa_kel_pct": 100 * 1 / 2,
        "tp_kecamatan_pct": 100.0,
        "kelembagaan_pct": 100 * 1 / 4,
        "six_bidang_pct": 0.0,
        "layanan_spm_pct": 100 * 5 / 9,  # KS01 PD01 PU02 PR01 TR02 (10, March)
        "kader_total": 30,
        "kader_trained_pct": 100 * 2 / 30,
        "pengurus_trained_pct": 100 * 1 / 20,
        "pengurus_complete_pct": 100 * 1 / 4,
        "kader_under5_count": 2,
        "kemitraan_pct": 0.0,
        "sarpras_pct": 100 * 2 / 4,
        "budget_up_pct": 100 * 2 / 4,
        "regulation_pct": None,
        "report_completeness_pct": 100.0,  # 24 of 24
    },
    ("36.73.01", *Y24): {
        "posyandu_total": 4,
        "registered_pct": 100 * 2 / 4,
        "sk_pct": 100 * 2 / 4,
        "tp_desa_kel_pct": 100 * 1 / 2,
        "tp_kecamatan_pct": 0.0,
        "kelembagaan_pct": 100 * 1 / 4,
        "six_bidang_pct": 100 * 1 / 4,  # 10
        "layanan_spm_pct": 100 * 6 / 9,
        "kader_total": 30,
        "kader_trained_pct": 100 * 2 / 30,
        "pengurus_trained_pct": 0.0,
        "pengurus_complete_pct": 100 * 1 / 4,
        "kader_under5_count": 2,
        "kemitraan_pct": 0.0,
        "sarpras_pct": 100 * 2 / 4,
        "budget_up_pct": 100 * 3 / 4,  # 10, 13, 14
        "regulation_pct": None,
        "report_completeness_pct": 100 * 36 / 48,  # 12+12+0+12
    },
    # ==================== kecamatan 36.73.02 (posyandu 15, 16, 17, 18) ====================
    ("36.73.02", *Y25): {
        "posyandu_total": 4,
        "registered_pct": 100 * 2 / 4,  # 15, 16
        "sk_pct": 100 * 2 / 4,  # 15, 17
        "tp_desa_kel_pct": 0.0,  # 36.73.9001 is not in this subtree (no "36.73.02." prefix)
        "tp_kecamatan_pct": 0.0,
        "kelembagaan_pct": 100 * 1 / 4,  # 15 (16's secretariat is 2)
        "six_bidang_pct": 100 * 1 / 4,
        "layanan_spm_pct": 100 * 6 / 9,
        "kader_total": 32,  # 13+7+9+3
        "kader_trained_pct": 100 * 2 / 32,
        "pengurus_trained_pct": 100 * 2 / 19,  # 1501, 1801
        "pengurus_complete_pct": 100 * 2 / 4,
        "kader_under5_count": 1,
        "kemitraan_pct": 100 * 1 / 4,
        "sarpras_pct": 100 * 2 / 4,
        "budget_up_pct": 100 * 2 / 4,
        "regulation_pct": None,
        "report_completeness_pct": 100 * 32 / 41,  # 12+3+12+5 of 36 + 5
    },
    ("36.73.02", *JUN): {
        "posyandu_total": 3,
        "registered_pct": 100 * 2 / 3,
        "sk_pct": 100 * 2 / 3,
        "tp_desa_kel_pct": 0.0,
        "tp_kecamatan_pct": 0.0,
        "kelembagaan_pct": 100 * 1 / 3,
        "six_bidang_pct": 100 * 1 / 3,
        "layanan_spm_pct": 100 * 6 / 9,
        "kader_total": 29,
        "kader_trained_pct": 100 * 2 / 29,
        "pengurus_trained_pct": 100 * 1 / 18,
        "pengurus_complete_pct": 100 * 2 / 3,
        "kader_under5_count": 0,
        "kemitraan_pct": 100 * 1 / 3,
        "sarpras_pct": 100 * 2 / 3,
        "budget_up_pct": 100 * 2 / 3,
        "regulation_pct": None,
        "report_completeness_pct": 100 * 15 / 18,  # 6+3+6
    },
    ("36.73.02", *Y24): {
        "posyandu_total": 3,
        "registered_pct": 100 * 1 / 3,  # 15 (2024-12-31)
        "sk_pct": 100 * 1 / 3,  # 17
        "tp_desa_kel_pct": 0.0,
        "tp_kecamatan_pct": 0.0,
        "kelembagaan_pct": 100 * 1 / 3,
        "six_bidang_pct": 0.0,
        "layanan_spm_pct": 100 * 1 / 9,
        "kader_total": 29,
        "kader_trained_pct": 100 * 2 / 29,  # 1510, 1704
        "pengurus_trained_pct": 100 * 1 / 18,
        "pengurus_complete_pct": 100 * 2 / 3,
        "kader_under5_count": 0,
        "kemitraan_pct": 0.0,
        "sarpras_pct": 100 * 2 / 3,
        "budget_up_pct": 100 * 1 / 3,
        "regulation_pct": None,
        "report_completeness_pct": 100.0,  # 36 of 36
    },
    # ==================== desa 36.04.01.2001 (posyandu 1, 2, 3) ====================
    ("36.04.01.2001", *Y25): {
        "posyandu_total": 3,
        "registered_pct": 100 * 1 / 3,  # 1
        "sk_pct": 100.0,  # 1, 2 (blank date), 3 (2025-07-01)
        "tp_desa_kel_pct": 100.0,  # R itself
        "tp_kecamatan_pct": None,  # no kecamatan in a desa's subtree
        "kelembagaan_pct": 100 * 1 / 3,
        "six_bidang_pct": 100 * 2 / 3,  # 1, 2
        "layanan_spm_pct": 100 * 8 / 9,
        "kader_total": 22,
        "kader_trained_pct": 100 * 3 / 22,
        "pengurus_trained_pct": 100 * 3 / 17,  # 101, 102, 201
        "pengurus_complete_pct": 100 * 1 / 3,
        "kader_under5_count": 1,  # 3
        "kemitraan_pct": 100 * 1 / 3,
        "sarpras_pct": 100 * 1 / 3,
        "budget_up_pct": 100 * 1 / 3,
        "regulation_pct": None,
        "report_completeness_pct": 100 * 23 / 36,  # 10+12+1
    },
    ("36.04.01.2001", *JUN): {
        "posyandu_total": 3,
        "registered_pct": 100 * 1 / 3,
        "sk_pct": 100 * 2 / 3,
        "tp_desa_kel_pct": 100.0,
        "tp_kecamatan_pct": None,
        "kelembagaan_pct": 100 * 1 / 3,
        "six_bidang_pct": 100 * 1 / 3,
        "layanan_spm_pct": 100 * 7 / 9,
        "kader_total": 22,
        "kader_trained_pct": 100 * 3 / 22,
        "pengurus_trained_pct": 100 * 2 / 17,
        "pengurus_complete_pct": 100 * 1 / 3,
        "kader_under5_count": 1,
        "kemitraan_pct": 100 * 1 / 3,
        "sarpras_pct": 100 * 1 / 3,
        "budget_up_pct": 100 * 1 / 3,
        "regulation_pct": None,
        "report_completeness_pct": 100 * 13 / 18,  # 6+6+1
    },
    ("36.04.01.2001", *Y24): {
        "posyandu_total": 3,
        "registered_pct": 100 * 1 / 3,
        "sk_pct": 100 * 2 / 3,
        "tp_desa_kel_pct": 100.0,
        "tp_kecamatan_pct": None,
        "kelembagaan_pct": 100 * 1 / 3,
        "six_bidang_pct": 100 * 1 / 3,
        "layanan_spm_pct": 100 * 6 / 9,
        "kader_total": 22,
        "kader_trained_pct": 100 * 2 / 22,
        "pengurus_trained_pct": 100 * 2 / 17,
        "pengurus_complete_pct": 100 * 1 / 3,
        "kader_under5_count": 1,
        "kemitraan_pct": 100 * 1 / 3,
        "sarpras_pct": 100 * 1 / 3,
        "budget_up_pct": 100.0,  # 1, 2, 3
        "regulation_pct": None,
        "report_completeness_pct": 100 * 18 / 36,  # 12+6+0
    },
    # ==================== desa 36.04.01.2002 (posyandu 4, 5) ====================
    ("36.04.01.2002", *Y25): {
        "posyandu_total": 2,
        "registered_pct": 100 * 1 / 2,  # 5
        "sk_pct": 0.0,
        "tp_desa_kel_pct": 0.0,  # SK number of spaces
        "tp_kecamatan_pct": None,
        "kelembagaan_pct": 100 * 1 / 2,
        "six_bidang_pct": 0.0,
        "layanan_spm_pct": 100 * 1 / 9,
        "kader_total": 13,  # 9 + 4
        "kader_trained_pct": 0.0,
        "pengurus_trained_pct": 100 * 1 / 11,  # 402
        "pengurus_complete_pct": 0.0,
        "kader_under5_count": 1,  # 5
        "kemitraan_pct": 100 * 1 / 2,
        "sarpras_pct": 100 * 1 / 2,
        "budget_up_pct": 100 * 1 / 2,
        "regulation_pct": None,
        "report_completeness_pct": 100 * 18 / 21,  # 12 + 6 of 12 + 9
    },
    ("36.04.01.2002", *JUN): {
        "posyandu_total": 2,
        "registered_pct": 100 * 1 / 2,
        "sk_pct": 0.0,
        "tp_desa_kel_pct": 0.0,
        "tp_kecamatan_pct": None,
        "kelembagaan_pct": 100 * 1 / 2,
        "six_bidang_pct": 0.0,
        "layanan_spm_pct": 100 * 1 / 9,
        "kader_total": 13,
        "kader_trained_pct": 0.0,
        "pengurus_trained_pct": 100 * 1 / 11,
        "pengurus_complete_pct": 0.0,
        "kader_under5_count": 1,
        "kemitraan_pct": 0.0,
        "sarpras_pct": 100 * 1 / 2,
        "budget_up_pct": 100 * 1 / 2,
        "regulation_pct": None,
        "report_completeness_pct": 100.0,  # 6 + 3 of 6 + 3
    },
    ("36.04.01.2002", *Y24): {
        "posyandu_total": 1,  # 4 only
        "registered_pct": 0.0,
        "sk_pct": 0.0,
        "tp_desa_kel_pct": 0.0,
        "tp_kecamatan_pct": None,
        "kelembagaan_pct": 0.0,
        "six_bidang_pct": 0.0,
        "layanan_spm_pct": 100 * 1 / 9,  # 5's KS02 of 2024 does not count (5 not in P)
        "kader_total": 9,
        "kader_trained_pct": 0.0,
        "pengurus_trained_pct": 0.0,
        "pengurus_complete_pct": 0.0,
        "kader_under5_count": 0,
        "kemitraan_pct": 0.0,
        "sarpras_pct": 100.0,
        "budget_up_pct": 0.0,
        "regulation_pct": None,
        "report_completeness_pct": 100.0,
    },
    # ==================== desa of kecamatan 36.04.02 (2025 only) ====================
    ("36.04.02.2001", *Y25): {
        "posyandu_total": 2,  # 6, 7
        "registered_pct": 100.0,
        "sk_pct": 100 * 1 / 2,
        "tp_desa_kel_pct": 100.0,
        "tp_kecamatan_pct": None,
        "kelembagaan_pct": 100 * 1 / 2,
        "six_bidang_pct": 100 * 1 / 2,
        "layanan_spm_pct": 100 * 6 / 9,
        "kader_total": 21,
        "kader_trained_pct": 100 * 2 / 21,
        "pengurus_trained_pct": 0.0,
        "pengurus_complete_pct": 100 * 1 / 2,
        "kader_under5_count": 0,
        "kemitraan_pct": 100 * 1 / 2,
        "sarpras_pct": 100.0,
        "budget_up_pct": 100 * 1 / 2,
        "regulation_pct": None,
        "report_completeness_pct": 100 * 18 / 24,
    },
    ("36.04.02.2002", *Y25): {
        "posyandu_total": 1,  # 8
        "registered_pct": 0.0,
        "sk_pct": 0.0,
        "tp_desa_kel_pct": 100.0,
        "tp_kecamatan_pct": None,
        "kelembagaan_pct": 0.0,
        "six_bidang_pct": 0.0,
        "layanan_spm_pct": 100 * 1 / 9,
        "kader_total": 5,
        "kader_trained_pct": 0.0,
        "pengurus_trained_pct": None,  # G is empty
        "pengurus_complete_pct": 0.0,
        "kader_under5_count": 0,
        "kemitraan_pct": 0.0,
        "sarpras_pct": 0.0,
        "budget_up_pct": 0.0,
        "regulation_pct": None,
        "report_completeness_pct": 100.0,
    },
    # Only inactive posyandu 9 stands here; its TP is dated 2099.
    ("36.04.02.2003", *Y25): _no_posyandu(tp_desa_kel_pct=0.0, tp_kecamatan_pct=None),
}

# (region, year, month) -> the children's codes, in code order.
CHILDREN: dict[Case, list[str]] = {
    (None, *Y25): ["36", "51"],
    (None, *JUN): ["36", "51"],
    (None, *Y24): ["36", "51"],
    ("36", *Y25): ["36.04", "36.73"],
    ("36", *JUN): ["36.04", "36.73"],
    ("36", *Y24): ["36.04", "36.73"],
    ("36.04", *Y25): ["36.04.01", "36.04.02", "36.04.03"],
    ("36.04", *JUN): ["36.04.01", "36.04.02", "36.04.03"],
    ("36.04", *Y24): ["36.04.01", "36.04.02", "36.04.03"],
    ("36.73", *Y25): ["36.73.01", "36.73.02"],  # not 36.73.9001: a desa/kelurahan by level
    ("36.73", *JUN): ["36.73.01", "36.73.02"],
    ("36.73", *Y24): ["36.73.01", "36.73.02"],
    ("36.04.01", *Y25): ["36.04.01.2001", "36.04.01.2002"],
    ("36.04.01", *JUN): ["36.04.01.2001", "36.04.01.2002"],
    ("36.04.01", *Y24): ["36.04.01.2001", "36.04.01.2002"],
    ("36.04.02", *Y25): ["36.04.02.2001", "36.04.02.2002", "36.04.02.2003"],
    ("36.04.01.2001", *Y25): [],
}


def _case_id(case: Case) -> str:
    region, year, month = case
    return f"{region or 'country'}-{year}" + (f"-m{month}" if month else "")


def assert_metrics(actual: Mapping[str, object], expected: Metrics, where: str) -> None:
    """Every code compared at once (abs 0.05; None must be None), listing all mismatches."""
    assert set(METRIC_CODES) <= set(actual), f"{where}: missing codes {set(METRIC_CODES) - set(actual)}"
    wrong = []
    for code in METRIC_CODES:
        want, got = expected[code], actual[code]
        if want is None or got is None:
            ok = want is None and got is None
        else:
            ok = got == pytest.approx(want, abs=0.05)
        if not ok:
            wrong.append(f"{code}: expected {want!r}, got {got!r}")
    assert not wrong, f"{where}:\n  " + "\n  ".join(wrong)


@pytest.fixture
def engine(backend: str, database_factory) -> Engine:
    url = database_factory.build(backend, "handmade", HANDMADE)
    return get_engine(url)


def test_expected_tables_name_every_metric_code() -> None:
    for case, metrics in EXPECTED.items():
        assert list(metrics) == list(METRIC_CODES), _case_id(case)


@pytest.mark.parametrize("case", list(EXPECTED), ids=_case_id)
def test_region_metrics(engine, case: Case) -> None:
    region, year, month = case
    scope = resolve_scope(engine, region_code=region, year=year, month=month, today=TODAY)
    assert scope.period.month == (month or 12)
    result = compute_metrics(engine, scope)
    assert_metrics(result.metrics, EXPECTED[case], _case_id(case))


@pytest.mark.parametrize("case", list(CHILDREN), ids=_case_id)
def test_children_metrics(engine, case: Case) -> None:
    region, year, month = case
    scope = resolve_scope(engine, region_code=region, year=year, month=month, today=TODAY)
    result = compute_metrics(engine, scope)
    assert [child.code for child in result.children] == CHILDREN[case]
    for child in result.children:
        child_case = (child.code, year, month)
        assert child_case in EXPECTED, f"no hand-worked values for child {_case_id(child_case)}"
        assert_metrics(child.metrics, EXPECTED[child_case], f"child {_case_id(child_case)} of {_case_id(case)}")


def test_children_carry_region_names(engine) -> None:
    scope = resolve_scope(engine, region_code=None, year=2025, today=TODAY)
    assert [(c.code, c.name) for c in compute_metrics(engine, scope).children] == [("36", "BANTEN"), ("51", "BALI")]
    scope = resolve_scope(engine, region_code="36.04", year=2025, today=TODAY)
    names = [c.name for c in compute_metrics(engine, scope).children]
    assert names == ["Ciruas", "Kragilan", "Tirtayasa"]


def test_current_year_defaults_to_latest_reported_month(engine) -> None:
    # 2026 rows: posyandu 1 Jan-Mar, posyandu 4 Jan, and posyandu 2 on 2026-12-01 (after today's month).
    scope = resolve_scope(engine, region_code=None, year=2026, today=TODAY)
    assert scope.period.month == 3


@pytest.mark.parametrize(
    ("month", "completeness"),
    [
        # P(2026) = the 17 of 2025 + posyandu 19 (established 2026-02-01). Expected pairs 17*3 + 2 (19: Feb, Mar);
        # valid: posyandu 1 Jan-Mar (3) + posyandu 4 Jan (1).
        (None, 100 * 4 / 53),
        # Cut at December: 17*12 + 11; posyandu 2's 2026-12-01 report is after today, so it is not valid.
        (12, 100 * 4 / 215),
    ],
)
def test_current_year(engine, month: int | None, completeness: float) -> None:
    scope = resolve_scope(engine, region_code=None, year=2026, month=month, today=TODAY)
    metrics = compute_metrics(engine, scope).metrics
    assert metrics["posyandu_total"] == 18
    # posyandu 4 on 2026-01-01: PD01 KS02 PU02 PR01 TR02 SO02 (all six bidang) and SO03 -> 1 of 18
    assert metrics["six_bidang_pct"] == pytest.approx(100 * 1 / 18, abs=0.05)
    # KS01 (posyandu 1) + PD01 KS02 PU02 PR01 TR02 SO02 SO03 (posyandu 4); no PU04
    assert metrics["layanan_spm_pct"] == pytest.approx(100 * 8 / 9, abs=0.05)
    assert metrics["report_completeness_pct"] == pytest.approx(completeness, abs=0.05)


def test_unknown_region_is_an_error(engine) -> None:
    with pytest.raises(UnknownRegionError):
        resolve_scope(engine, region_code="99.99", year=2025, today=TODAY)
    with pytest.raises(UnknownRegionError):  # the region a posyandu points at, but not in `region`
        resolve_scope(engine, region_code="36.04.01.2999", year=2025, today=TODAY)


def test_year_without_reports_is_an_error(engine) -> None:
    with pytest.raises(NoDataYearError):
        resolve_scope(engine, region_code=None, year=2019, today=TODAY)


# ------------------------------------------------------------------------------------------------
# Renstra targets and status
# ------------------------------------------------------------------------------------------------

# (region, year, month) -> {metric: (resolved target, status)}; metrics not listed have no target.
TARGETS: dict[Case, dict[str, tuple[float | None, str]]] = {
    ("36", *Y25): {
        "registered_pct": (50.0, "tercapai"),  # actual 8/16 = 50 -> 100 %
        "sk_pct": (40.0, "tercapai"),  # 50 / 40 = 125 %
        "posyandu_total": (None, "tanpa target"),  # the 80 is invalid: not a percentage metric
    },
    ("36.04", *Y25): {
        "registered_pct": (50.0, "tercapai"),  # inherited from 36; 4/8 = 50
        "sk_pct": (0.0, "tercapai"),  # own target of 0: always tercapai
    },
    ("36.04", *JUN): {
        "registered_pct": (50.0, "tertinggal"),  # 3/8 = 37.5 -> 75 %
        "sk_pct": (0.0, "tercapai"),
    },
    ("36.04", *Y24): {
        "registered_pct": (30.0, "mendekati"),  # 36's 2024 target; 2/7 = 28.57 -> 95.2 %
        "sk_pct": (None, "tanpa target"),  # the 0 is for 2025
    },
    ("36.04.01", *Y25): {
        "registered_pct": (50.0, "mendekati"),  # 2/5 = 40 -> 80 %
        "sk_pct": (0.0, "tercapai"),  # own -5 is invalid -> 36.04's 0
    },
    ("36.04.01.2002", *Y25): {
        "sk_pct": (0.0, "tercapai"),  # actual 0 against a target of 0
        "registered_pct": (50.0, "tercapai"),  # 1/2 = 50
    },
    ("36.04.02", *Y25): {
        "sarpras_pct": (100.0, "tertinggal"),  # 2/3 = 66.7 %
        "registered_pct": (50.0, "tercapai"),  # 66.7 / 50
        "sk_pct": (0.0, "tercapai"),
    },
    ("36.04.03", *Y25): {
        "registered_pct": (50.0, "tanpa target"),  # a target, but the actual is null
        "sk_pct": (0.0, "tanpa target"),
        "tp_kecamatan_pct": (None, "tanpa target"),
    },
    ("36.73", *Y25): {
        "registered_pct": (60.0, "mendekati"),  # own 60; 4/8 = 50 -> 83.3 %
        "sk_pct": (40.0, "tercapai"),  # from 36
    },
    ("36.73", *Y24): {
        "registered_pct": (30.0, "tercapai"),  # 36's 2024 target; 3/7 = 42.9
    },
    ("36.73.01", *Y25): {
        "registered_pct": (60.0, "mendekati"),  # own 150 is invalid -> 36.73's 60; 2/4 = 50
        "sk_pct": (40.0, "tercapai"),
    },
    ("36.73.02", *Y25): {
        "kader_trained_pct": (10.0, "tertinggal"),  # 2/32 = 6.25 -> 62.5 %
        "registered_pct": (60.0, "mendekati"),
        "sk_pct": (40.0, "tercapai"),  # from 36; 2/4 = 50
    },
    ("51", *Y25): {"registered_pct": (None, "tanpa target"), "sk_pct": (None, "tanpa target")},
    (None, *Y25): {"registered_pct": (None, "tanpa target"), "sk_pct": (None, "tanpa target")},
}


@pytest.mark.parametrize("case", list(TARGETS), ids=_case_id)
def test_renstra_targets_and_status(engine, case: Case) -> None:
    region, year, month = case
    scope = resolve_scope(engine, region_code=region, year=year, month=month, today=TODAY)
    result = compute_metrics(engine, scope)
    wrong = []
    for code in METRIC_CODES:
        target, status = TARGETS[case].get(code, (None, "tanpa target"))
        got_target = result.targets.get(code)
        got_status = result.status.get(code, "tanpa target")
        same_target = got_target is None if target is None else got_target == pytest.approx(target, abs=0.05)
        if not same_target or got_status != status:
            wrong.append(f"{code}: expected ({target}, {status}), got ({got_target}, {got_status})")
    assert not wrong, f"{_case_id(case)}:\n  " + "\n  ".join(wrong)
