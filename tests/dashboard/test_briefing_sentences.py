"""The briefing's sentence rules on hand-made frames: which region and number each rule picks, and
how it speaks when there is nothing to report. Pure functions, no database."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.briefing import sentences as rules
from dashboard.briefing.content import region_title, split_ranking
from data_access import Region


def _headline(rows: list[tuple[str, float | None, float | None, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["metric", "value", "target", "status"])


def test_tally_counts_each_status_and_skips_zero_counts() -> None:
    frame = _headline(
        [
            ("registered_pct", 37.7, 65.0, "tertinggal"),
            ("sk_pct", 54.7, 65.0, "mendekati"),
            ("kader_trained_pct", 46.2, 40.0, "tercapai"),
            ("layanan_spm_pct", 100.0, None, "tanpa target"),
        ]
    )
    assert rules.status_tally_sentence(frame, region="Kota Serang", year=2025) == (
        "Dari 4 indikator utama Kota Serang, 1 sudah mencapai target 2025, 1 mendekati, 1 tertinggal, "
        "dan 1 tanpa target."
    )
    none_reached = frame[frame["status"] != "tercapai"]
    assert "belum ada yang mencapai target 2025" in rules.status_tally_sentence(none_reached, region="X", year=2025)
    untargeted = _headline([("sk_pct", 50.0, None, "tanpa target")])
    assert rules.status_tally_sentence(untargeted, region="Indonesia", year=2026) == (
        "Belum ada target Renstra 2026 untuk indikator utama Indonesia."
    )


def test_region_gap_picks_the_most_points_below_and_rounds_half_up() -> None:
    frame = _headline(
        [
            ("sk_pct", 54.75, 65.0, "mendekati"),  # 10,25 below
            ("registered_pct", 37.65, 65.0, "tertinggal"),  # 27,35 below: the widest
            ("layanan_spm_pct", None, 65.0, "tanpa target"),  # no value: ignored
        ]
    )
    assert rules.region_gap_sentence(frame, year=2025) == (
        "Registrasi Posyandu paling jauh dari target: 37,7 %, atau 27,4 poin di bawah target 2025 (65,0 %)."
    )
    reached = _headline([("sk_pct", 70.0, 65.0, "tercapai")])
    assert rules.region_gap_sentence(reached, year=2025) == (
        "Semua indikator utama yang bertarget sudah mencapai target 2025."
    )
    assert rules.region_gap_sentence(_headline([("sk_pct", 50.0, None, "tanpa target")]), year=2025) is None


def test_widest_child_gap_names_region_metric_and_both_numbers() -> None:
    children = pd.DataFrame(
        [
            ("36.73.01", "Kecamatan Serang", "registered_pct", 56.6, 65.0),
            ("36.73.02", "Kecamatan Kasemen", "registered_pct", 41.6, 65.0),  # 23,4 below
            ("36.73.02", "Kecamatan Kasemen", "sk_pct", 50.0, 70.0),  # 20,0 below
            ("36.73.03", "Kecamatan Walantaka", "sk_pct", None, 70.0),
        ],
        columns=["code", "name", "metric", "value", "target"],
    )
    assert rules.widest_child_gap_sentence(children, child_level="Kecamatan", year=2025) == (
        "Registrasi Posyandu di Kecamatan Kasemen 23,4 poin di bawah target 2025 (41,6 % dari target 65,0 %)."
    )
    ahead = children.assign(value=99.0)
    assert rules.widest_child_gap_sentence(ahead, child_level="Kecamatan", year=2025) == (
        "Semua kecamatan sudah mencapai target 2025 pada indikator utama."
    )


def test_biggest_improvement_and_the_no_rise_sentence() -> None:
    changes = pd.DataFrame(
        [
            ("Kecamatan Curug", "registered_pct", 30.0, 10.0),  # +20
            ("Kecamatan Serang", "kelembagaan_pct", 40.0, 15.0),  # +25: the biggest
            ("Kecamatan Serang", "sk_pct", 40.0, None),  # no previous value
        ],
        columns=["name", "metric", "value", "previous"],
    )
    assert rules.biggest_improvement_sentence(changes, previous_label="2024", scope_label="kecamatan mana pun") == (
        "Kenaikan terbesar dibanding 2024: Kelembagaan Posyandu (SS3) di Kecamatan Serang naik 25,0 poin, "
        "dari 15,0 % menjadi 40,0 %."
    )
    falling = changes.assign(value=5.0)
    assert rules.biggest_improvement_sentence(falling, previous_label="2025 s.d. Juni", scope_label="Desa X") == (
        "Tidak ada indikator utama di Desa X yang naik dibanding 2025 s.d. Juni."
    )
    no_previous = changes.assign(previous=None)
    assert rules.biggest_improvement_sentence(no_previous, previous_label="2024", scope_label="x") is None


def _stopped(rows: list[tuple[str, str, str | None]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"desa_code": code, "desa_label": desa, "kecamatan_label": kecamatan, "last_report_period": "2025-11-01"}
            for code, desa, kecamatan in rows
        ]
    )


def test_stopped_reporting_names_the_kecamatan_with_most_villages() -> None:
    stopped = _stopped(
        [
            ("1", "Desa A", "Kecamatan Mantangai"),
            ("2", "Desa B", "Kecamatan Basarang"),
            ("3", "Desa C", "Kecamatan Mantangai"),
            ("4", "Desa D", "Kecamatan Timpah"),
            ("5", "Desa E", "Kecamatan Selat"),
            ("6", "Desa F", "Kecamatan Basarang"),
        ]
    )
    assert rules.stopped_reporting_sentence(
        stopped, region="Kabupaten Kapuas", naming="kecamatan", month=12, year=2025
    ) == (
        "6 desa/kelurahan berhenti melapor pada Desember 2025 setelah melapor dalam 12 bulan sebelumnya, "
        "terbanyak di Kecamatan Basarang (2), Kecamatan Mantangai (2), Kecamatan Selat (1), dan 1 kecamatan lainnya."
    )
    assert rules.stopped_reporting_sentence(stopped.head(1), region="K", naming="kecamatan", month=3, year=2026) == (
        "1 desa/kelurahan berhenti melapor pada Maret 2026 setelah melapor dalam 12 bulan sebelumnya, "
        "semuanya di Kecamatan Mantangai."
    )
    assert rules.stopped_reporting_sentence(stopped, region="Kecamatan X", naming="desa", month=12, year=2025) == (
        "6 desa/kelurahan berhenti melapor pada Desember 2025 setelah melapor dalam 12 bulan sebelumnya: "
        "Desa A, Desa B, Desa C, dan 3 lainnya."
    )


def test_stopped_reporting_when_nobody_stopped_and_for_one_village() -> None:
    empty = _stopped([]).reindex(columns=["desa_code", "desa_label", "kecamatan_label", "last_report_period"])
    assert rules.stopped_reporting_sentence(empty, region="Kota Serang", naming="kecamatan", month=12, year=2025) == (
        "Tidak ada desa/kelurahan di Kota Serang yang berhenti melapor pada Desember 2025."
    )
    assert rules.stopped_reporting_sentence(empty, region="Desa Manusup", naming="self", month=12, year=2025) == (
        "Desa Manusup tidak termasuk desa/kelurahan yang berhenti melapor pada Desember 2025."
    )
    one = _stopped([("1", "Desa Manusup", "Kecamatan Mantangai")])
    assert rules.stopped_reporting_sentence(one, region="Desa Manusup", naming="self", month=12, year=2025) == (
        "Desa Manusup berhenti melapor pada Desember 2025 setelah melapor dalam 12 bulan sebelumnya "
        "(laporan terakhir November 2025)."
    )


def test_choose_sentences_keeps_three_to_five() -> None:
    assert rules.choose_sentences(["a", None, "b", "c", "d", "e", "f"]) == ["a", "b", "c", "d", "e"]
    assert rules.choose_sentences(["a", None, "b"], fillers=["c", "z"]) == ["a", "b", "c"]
    assert rules.choose_sentences(["a", "b", "c"], fillers=["z"]) == ["a", "b", "c"]


@pytest.mark.parametrize(
    ("region", "title"),
    [
        (Region("36.73.02", "Kasemen", "kecamatan", "36.73", None), "Kecamatan Kasemen"),
        (Region("31.71.01", "Kecamatan Uji", "kecamatan", "31.71", None), "Kecamatan Uji"),
        (Region("36.73", "Kota Serang", "kabupaten_kota", "36", "kota"), "Kota Serang"),
        (Region("62.03", "Kapuas", "kabupaten_kota", "62", "kabupaten"), "Kabupaten Kapuas"),
        (Region("62.03.09.2001", "Manusup", "desa_kelurahan", "62.03.09", "desa"), "Desa Manusup"),
        (Region("36.73.01.1001", "Cipare", "desa_kelurahan", "36.73.01", None), "Desa/kelurahan Cipare"),
        (Region("36", "Banten", "provinsi", None, None), "Provinsi Banten"),
        (None, "Indonesia"),
    ],
)
def test_region_titles(region: Region | None, title: str) -> None:
    assert region_title(region) == title


def test_split_ranking_never_lists_a_region_twice() -> None:
    ranked = pd.DataFrame({"code": list("abcdefg"), "value": [1, 2, 3, 4, 5, 6, None]})
    behind, ahead = split_ranking(ranked, size=5)
    assert list(behind["code"]) == ["a", "b", "c"]
    assert list(ahead["code"]) == ["f", "e", "d"]
    many = pd.DataFrame({"code": [f"r{i:02d}" for i in range(12)], "value": range(12)})
    behind, ahead = split_ranking(many, size=5)
    assert list(behind["code"]) == ["r00", "r01", "r02", "r03", "r04"]
    assert list(ahead["code"]) == ["r11", "r10", "r09", "r08", "r07"]
