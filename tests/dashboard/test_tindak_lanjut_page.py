"""Tindak Lanjut through AppTest on the sample with a SQLite store of the test's own: the page at three
levels, adding through the form (the figure then equal to ``compute_metrics``), then -> now in the list, the
status and overdue filters, a refused edit (conflict) and a failed write that both keep the input, and
hostile text shown as typed."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from app_store.engine import create_store_engine
from app_store.records import Actor, RapatInput
from app_store.repository import (
    create_rapat,
    create_tindak_lanjut,
    get_rapat,
    list_tindak_lanjut,
    update_tindak_lanjut,
)
from app_store.settings import APP_DATABASE_URL_ENV
from dashboard.cards import metric_display
from data_access import compute_metrics, get_engine, resolve_scope
from tests.dashboard.apptest import run_page
from tests.dashboard.followup_data import registrasi

PAGE = "tindak_lanjut.py"
SAVE = "FormSubmitter:tindak_lanjut_form-Simpan"
TODAY = dt.date(2026, 11, 23)
ANON = Actor.anonymous()


def _listed(at: AppTest) -> pd.DataFrame:
    return at.dataframe[0].value


@pytest.mark.parametrize("region", [None, "36.73", "36.73.01"])
def test_empty_page_at_three_levels(region: str | None, store: str) -> None:
    at = run_page(PAGE, region=region, year="2025")
    assert not at.exception
    assert any(info.value.startswith("Belum ada tindak lanjut untuk") for info in at.info)
    assert [e.value for e in at.error] == []
    assert len(at.get("form")) == 1
    assert not any("Owners" in markdown.value for markdown in at.markdown)  # no page docstring shown by "magic"


@pytest.mark.parametrize("store_fixture", ["store", pytest.param("pg_store", marks=pytest.mark.postgres)])
def test_adding_through_the_form(store_fixture: str, sample_sqlite_url: str, request: pytest.FixtureRequest) -> None:
    store = request.getfixturevalue(store_fixture)
    at = run_page(PAGE, region="36.73.01", year="2025")
    at.selectbox(key="tl_metric").set_value("registered_pct")
    at.text_area(key="tl_action").input("Registrasi ulang Posyandu")
    at.text_input(key="tl_owner").input("Camat Serang")
    at.button(key=SAVE).click().run()
    assert not at.exception
    assert any("ditambahkan" in success.value for success in at.success)
    engine = create_store_engine(store)
    (item,) = list_tindak_lanjut(engine, actor=ANON, region_code=None).items
    shared = get_engine(sample_sqlite_url)
    expected = compute_metrics(shared, resolve_scope(shared, region_code="36.73.01", year=2025, today=TODAY))
    assert item.data.figure is not None
    assert item.data.figure.value == pytest.approx(expected.metrics["registered_pct"])
    assert item.data.figure.period == "2025-12"
    assert item.stamp.created_by == "tanpa akun"
    shown = _listed(at).iloc[0]
    value = metric_display("registered_pct", expected.metrics["registered_pct"])
    assert shown["Angka awal"] == f"{value} (2025-12)" and shown["Angka kini"] == f"{value} (2025-12)"
    assert shown["Arah"] in ("tetap", "tercapai")


def test_then_now_status_and_overdue_filters(store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = create_store_engine(store)
    late = create_tindak_lanjut(engine, actor=ANON, data=registrasi())
    done = create_tindak_lanjut(
        engine, actor=ANON, data=registrasi(action="Sosialisasi Permendagri 13/2024", status="selesai")
    )
    monkeypatch.setenv("POSYANDU_TODAY", "2027-01-15")  # after both due dates
    at = run_page(PAGE, region="36.73", year="2025")
    assert not at.exception
    listed = _listed(at).set_index("No")
    assert listed.loc[late.id, "Status"] == "terlambat"
    assert listed.loc[done.id, "Status"] == "selesai"
    assert listed.loc[late.id, "Angka awal"] == "41,5 % (2025-03)"
    assert listed.loc[late.id, "Angka kini"].endswith("(2025-12)")
    assert listed.loc[late.id, "Arah"] in ("mendekati target", "menjauh", "tetap", "tercapai")
    at.selectbox(key="tl_history_pick").set_value(late.id).run()
    history = at.dataframe[-1].value
    assert set(history["Perubahan"]) == {"dibuat"} and "Camat Serang" in set(history["Sesudah"])
    at.checkbox(key="tl_filter_overdue").check().run()
    assert list(_listed(at)["No"]) == [late.id]
    at.checkbox(key="tl_filter_overdue").uncheck().run()
    at.multiselect(key="tl_filter_status").select("selesai").run()
    assert list(_listed(at)["No"]) == [done.id]
    country = run_page(PAGE, year="2025")  # a kecamatan's item seen from the top: its own figures, fetched
    assert not country.exception
    assert _listed(country).set_index("No").loc[late.id, "Angka kini"] == listed.loc[late.id, "Angka kini"]


def test_stale_edit_is_refused_and_keeps_the_input(store: str) -> None:
    engine = create_store_engine(store)
    item = create_tindak_lanjut(engine, actor=ANON, data=registrasi())
    at = run_page(PAGE, region="36.73.01", year="2025")
    at.selectbox(key="tl_edit_pick").set_value(item.id).run()
    assert at.text_area(key="tl_action").value == item.data.action
    mine = "Registrasi ulang 12 Posyandu di Kelurahan Cimuncang"
    at.text_area(key="tl_action").input(mine)
    update_tindak_lanjut(
        engine,
        actor=Actor(name="tp.kota.serang", scope="36.73"),
        item_id=item.id,
        expected_version=1,
        data=dataclasses.replace(item.data, owner="Sekretariat TP Posyandu Kota Serang"),
    )
    at.button(key=SAVE).click().run()
    assert not at.exception
    assert any("sudah diubah oleh tp.kota.serang" in error.value for error in at.error)
    assert at.text_area(key="tl_action").value == mine
    other = at.dataframe[-1].value
    assert "Sekretariat TP Posyandu Kota Serang" in set(other["Sesudah"])
    at.button(key=SAVE).click().run()  # applied knowingly over the other change
    stored = list_tindak_lanjut(engine, actor=ANON, region_code=None).items[0]
    assert (stored.data.action, stored.stamp.version) == (mine, 3)


def test_failed_write_says_so_and_keeps_the_input(store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    path = store.removeprefix("sqlite:///")
    monkeypatch.setenv(APP_DATABASE_URL_ENV, f"sqlite:///file:{path}?mode=ro&uri=true")
    at = run_page(PAGE, region="36.73.01", year="2025")
    at.text_area(key="tl_action").input("Pendataan kader aktif")
    at.text_input(key="tl_owner").input("PKK Kecamatan Serang")
    at.button(key=SAVE).click().run()
    assert not at.exception
    errors = [error.value for error in at.error]
    assert len(errors) == 1 and errors[0].startswith("Tidak tersimpan: penyimpanan rapat dan tindak lanjut hanya")
    assert at.text_area(key="tl_action").value == "Pendataan kader aktif"
    assert at.text_input(key="tl_owner").value == "PKK Kecamatan Serang"


def test_hostile_text_is_shown_as_typed(store: str) -> None:
    hostile = registrasi(
        action="<script>alert(1)</script>", owner="**bold**", evidence="[x](javascript:alert(1))", metric_code=None
    )
    item = create_tindak_lanjut(create_store_engine(store), actor=ANON, data=dataclasses.replace(hostile, figure=None))
    at = run_page(PAGE, region="36.73.01", year="2025")
    assert not at.exception
    row = _listed(at).iloc[0]
    assert (row["Tindakan"], row["Pelaksana"], row["Bukti"]) == (
        item.data.action,
        "**bold**",
        "[x](javascript:alert(1))",
    )
    assert row["Tautan bukti"] is None
    assert any("**bold**" in text.value for text in at.text)  # the owner suggestion, as plain text
    rendered = [element.value for element in (*at.markdown, *at.caption, *at.info, *at.error, *at.warning)]
    assert not any("alert" in value or "bold" in value for value in rendered)


@pytest.mark.parametrize(
    ("page", "region", "metric"),
    [
        ("ringkasan.py", "36.73", "registered_pct"),
        ("ringkasan.py", "36.73.01.1001", None),  # a desa: no ranking, so no metric in view
        ("renstra.py", "36.73", "renstra"),
    ],
)
def test_plus_button_opens_the_prefilled_form(page: str, region: str, metric: str | None, store: str) -> None:
    at = run_page(page, region=region, year="2025")
    expected = at.selectbox(key=f"renstra_metric_{region}").value if metric == "renstra" else metric
    key = page.removesuffix(".py") + "_followup"
    at.button(key=key).click().run()
    assert not at.exception
    assert at.selectbox(key="tl_metric").value == expected
    assert at.selectbox(key="tl_region").value == region
    assert at.query_params["region"] in (region, [region])
    assert "tambah" not in at.query_params


def test_unknown_metric_in_link_is_ignored_with_a_warning(store: str) -> None:
    at = run_page(PAGE, region="36.73", year="2025", tambah="1", indikator="<b>bogus</b>")
    assert not at.exception
    assert any("tidak dikenal" in warning.value for warning in at.warning)
    assert all("bogus" not in warning.value for warning in at.warning)
    assert at.selectbox(key="tl_metric").value is None


def test_hiding_a_rapat_entered_by_mistake(store: str) -> None:
    """The meeting filter offers "Sembunyikan rapat ini" behind a confirmation; the hidden meeting leaves the
    filter and the form's choices, its follow-up stays listed under its name, and editing that follow-up keeps
    it attached to the hidden meeting."""
    engine = create_store_engine(store)
    kept = create_rapat(engine, actor=ANON, data=RapatInput("36.73", dt.date(2026, 11, 2), "Rakor TP Posyandu Kota"))
    mistaken = create_rapat(engine, actor=ANON, data=RapatInput("36.73", dt.date(2026, 11, 2), "Rakor (dobel)"))
    item = create_tindak_lanjut(engine, actor=ANON, data=registrasi(rapat_id=mistaken.id))
    at = run_page(PAGE, region="36.73", year="2025")
    assert at.selectbox(key="tl_filter_rapat").options == [
        "Semua rapat",
        "02-11-2026 · Rakor (dobel)",
        "02-11-2026 · Rakor TP Posyandu Kota",
    ]
    assert "tl_hide_go" not in [button.key for button in at.button]  # offered once a meeting is chosen
    at.selectbox(key="tl_filter_rapat").set_value(mistaken.id).run()
    assert at.button(key="tl_hide_go").disabled  # not before the confirmation
    at.checkbox(key="tl_hide_confirm").check().run()
    at.button(key="tl_hide_go").click().run()
    assert not at.exception
    assert [success.value for success in at.success] == [
        "Rapat disembunyikan; tindak lanjutnya tetap ada beserta riwayatnya."
    ]
    assert "02-11-2026 · Rakor (dobel)" in [text.value for text in at.text]
    assert at.selectbox(key="tl_filter_rapat").value is None
    assert at.selectbox(key="tl_filter_rapat").options == ["Semua rapat", "02-11-2026 · Rakor TP Posyandu Kota"]
    assert at.selectbox(key="tl_rapat").options == ["— bukan dari rapat —", "02-11-2026 · Rakor TP Posyandu Kota"]
    assert list(_listed(at)["Rapat"]) == ["02-11-2026 · Rakor (dobel)"]
    assert get_rapat(engine, actor=ANON, rapat_id=mistaken.id).data.hidden
    assert not get_rapat(engine, actor=ANON, rapat_id=kept.id).data.hidden

    at.selectbox(key="tl_edit_pick").set_value(item.id).run()
    assert at.selectbox(key="tl_rapat").value == mistaken.id
    at.text_input(key="tl_owner").input("Camat Serang dan Lurah")
    at.button(key=SAVE).click().run()
    assert not at.exception
    saved = list_tindak_lanjut(engine, actor=ANON, region_code=None).items[0]
    assert (saved.data.rapat_id, saved.data.owner, saved.stamp.version) == (mistaken.id, "Camat Serang dan Lurah", 2)


def test_selesai_without_evidence_is_saved_asked_for_and_marked(store: str) -> None:
    """A product decision (docs/app_store.md): "selesai" needs no evidence, but the form asks for it and the
    list marks a finished follow-up that has none; one with evidence is not marked."""
    engine = create_store_engine(store)
    with_evidence = create_tindak_lanjut(
        engine, actor=ANON, data=registrasi(action="Sosialisasi", status="selesai", evidence="Notulen 2 Nov")
    )
    at = run_page(PAGE, region="36.73.01", year="2025")
    at.text_area(key="tl_action").input("Registrasi ulang Posyandu")
    at.text_input(key="tl_owner").input("Camat Serang")
    at.selectbox(key="tl_status").set_value("selesai")
    at.button(key=SAVE).click().run()
    assert not at.exception
    (flash,) = [success.value for success in at.success]
    assert flash.endswith(
        "ditambahkan (versi 1). Statusnya selesai tanpa bukti: tambahkan catatan atau tautan bukti bila sudah ada."
    )
    listed = _listed(at).set_index("No")
    (added,) = [item_id for item_id in listed.index if item_id != with_evidence.id]
    assert listed.loc[added, "Status"] == "selesai" and listed.loc[added, "Selesai tanpa bukti"] == "belum ada bukti"
    assert listed.loc[with_evidence.id, "Selesai tanpa bukti"] == ""
