"""Two people editing the same item: the second save is refused, shows the other change, keeps its input; and
when the two saves truly race, exactly one wins and the history has no gap and no duplicate version."""

from __future__ import annotations

import dataclasses
import threading

import pytest
from sqlalchemy import Engine

from app_store.errors import ConflictError, WriteError
from app_store.records import Actor, TindakLanjut
from app_store.repository import (
    change_status,
    create_rapat,
    create_tindak_lanjut,
    get_rapat,
    get_tindak_lanjut,
    item_history,
    update_rapat,
    update_tindak_lanjut,
)
from app_store.vocabulary import BERJALAN, SELESAI
from tests.app_store.helpers import CAMAT_SERANG, KOTA_SERANG, NASIONAL, rakor_kota_serang, registrasi_serang


def test_the_second_save_is_refused_with_the_first_change_shown(engine: Engine) -> None:
    created = create_tindak_lanjut(engine, actor=KOTA_SERANG, data=registrasi_serang())
    # both open the form at version 1
    first_form = get_tindak_lanjut(engine, actor=KOTA_SERANG, item_id=created.id)
    second_form = get_tindak_lanjut(engine, actor=CAMAT_SERANG, item_id=created.id)
    first = update_tindak_lanjut(
        engine,
        actor=KOTA_SERANG,
        item_id=created.id,
        expected_version=first_form.stamp.version,
        data=dataclasses.replace(first_form.data, owner="DPMD Kota Serang", status=BERJALAN),
    )
    second_input = dataclasses.replace(second_form.data, evidence="Daftar Posyandu yang sudah diusulkan ke DPMD")
    with pytest.raises(ConflictError) as conflict:
        update_tindak_lanjut(
            engine,
            actor=CAMAT_SERANG,
            item_id=created.id,
            expected_version=second_form.stamp.version,
            data=second_input,
        )
    error = conflict.value
    assert error.submitted is second_input
    assert error.current == first
    assert [entry.version for entry in error.changes] == [2]
    assert error.changes[0].changed_by == "tp.kota.serang"
    assert error.changes[0].changes() == {
        "owner": ("Camat Serang", "DPMD Kota Serang"),
        "status": ("direncanakan", "berjalan"),
    }
    assert error.message.startswith("Tidak tersimpan: Tindak lanjut ini sudah diubah oleh tp.kota.serang pada ")
    assert " WIB (versi 2); isian Anda masih ada, periksa perubahan itu lalu simpan lagi." in error.message
    # nothing was overwritten
    assert get_tindak_lanjut(engine, actor=KOTA_SERANG, item_id=created.id) == first
    # the second person re-applies their input on top of the current version
    reapplied = update_tindak_lanjut(
        engine,
        actor=CAMAT_SERANG,
        item_id=created.id,
        expected_version=error.current.stamp.version,
        data=dataclasses.replace(error.current.as_input(), evidence=error.submitted.evidence),
    )
    assert reapplied.stamp.version == 3
    assert (reapplied.data.owner, reapplied.data.evidence) == ("DPMD Kota Serang", second_input.evidence)


def test_a_stale_status_change_is_a_conflict_too(engine: Engine) -> None:
    shown = create_tindak_lanjut(engine, actor=KOTA_SERANG, data=registrasi_serang())
    change_status(engine, actor=KOTA_SERANG, item=shown, status=BERJALAN)
    with pytest.raises(ConflictError) as conflict:
        change_status(engine, actor=CAMAT_SERANG, item=shown, status=SELESAI)
    assert conflict.value.submitted.status == SELESAI
    assert conflict.value.current.data.status == BERJALAN


def test_a_conflict_on_a_rapat_lists_every_change_since(engine: Engine) -> None:
    created = create_rapat(engine, actor=KOTA_SERANG, data=rakor_kota_serang())
    v2 = update_rapat(
        engine, actor=KOTA_SERANG, rapat_id=created.id, expected_version=1, data=rakor_kota_serang(participants=84)
    )
    update_rapat(
        engine, actor=KOTA_SERANG, rapat_id=created.id, expected_version=2, data=rakor_kota_serang(participants=85)
    )
    stale = rakor_kota_serang(place="Aula Setda Kota Serang")
    with pytest.raises(ConflictError) as conflict:
        update_rapat(engine, actor=NASIONAL, rapat_id=created.id, expected_version=1, data=stale)
    assert [entry.version for entry in conflict.value.changes] == [2, 3]
    assert conflict.value.message.startswith("Tidak tersimpan: Rapat ini sudah diubah oleh tp.kota.serang")
    assert get_rapat(engine, actor=KOTA_SERANG, rapat_id=created.id).data.participants == 85
    assert v2.stamp.version == 2


def _race(engine: Engine, item: TindakLanjut, owners: tuple[str, str]) -> list[object]:
    """Two threads save different owners over the same version at the same moment; returns what each got."""
    barrier = threading.Barrier(len(owners))
    outcomes: list[object] = [None] * len(owners)

    def save(index: int) -> None:
        actor = Actor(name=f"penulis {index}", scope=None)
        data = dataclasses.replace(item.data, owner=owners[index])
        barrier.wait()
        try:
            outcomes[index] = update_tindak_lanjut(
                engine, actor=actor, item_id=item.id, expected_version=item.stamp.version, data=data
            )
        except WriteError as error:
            outcomes[index] = error

    threads = [threading.Thread(target=save, args=(index,)) for index in range(len(owners))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_two_saves_racing_one_wins_and_the_other_is_a_conflict(engine: Engine) -> None:
    item = create_tindak_lanjut(engine, actor=KOTA_SERANG, data=registrasi_serang())
    for round_number in range(5):
        outcomes = _race(engine, item, (f"Pelaksana A{round_number}", f"Pelaksana B{round_number}"))
        winners = [outcome for outcome in outcomes if isinstance(outcome, TindakLanjut)]
        losers = [outcome for outcome in outcomes if isinstance(outcome, ConflictError)]
        assert (len(winners), len(losers)) == (1, 1), outcomes
        assert losers[0].current == winners[0]
        item = get_tindak_lanjut(engine, actor=KOTA_SERANG, item_id=item.id)
        assert item == winners[0]
    versions = [
        entry.version for entry in item_history(engine, actor=KOTA_SERANG, entity="tindak_lanjut", entity_id=item.id)
    ]
    assert versions == [1, 2, 3, 4, 5, 6]
