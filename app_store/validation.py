"""What a rapat or follow-up may contain, checked before anything touches the database.

Each check returns ``{field: Indonesian sentence}`` for every problem at once, so a form can mark all its
wrong fields in one go. Text is kept exactly as typed (no trimming, no Unicode normalisation): only its length
(in characters) is limited, and the two things no database can store as text are refused -- the NUL character
(PostgreSQL rejects it) and lone UTF-16 surrogates (not encodable as UTF-8).
"""

from __future__ import annotations

import datetime as dt
import math
import re

from app_store.records import FigureThen, RapatInput, TindakLanjutInput
from app_store.vocabulary import (
    ACTION_MAX,
    EVIDENCE_MAX,
    FIRST_DATE,
    LAST_DATE,
    NOTES_MAX,
    OWNER_MAX,
    PARTICIPANTS_MAX,
    PLACE_MAX,
    STATUSES,
    TERLAMBAT,
    TITLE_MAX,
)
from data_access.access import REGION_CODE_PATTERN
from data_access.gaps import GAPS
from data_access.metrics.codes import METRIC_CODES, PERCENT_METRICS

Problems = dict[str, str]
PERIOD_PATTERN = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
ID_MAX = 2**31 - 1
"""The largest id an INTEGER column holds on both backends."""
LINK_PATTERN = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)


def text_problem(value: object, label: str, limit: int, *, required: bool) -> str | None:
    """What is wrong with one text field, or None."""
    if value is None:
        return f"{label} wajib diisi" if required else None
    if not isinstance(value, str):
        return f"{label} harus berupa teks"
    if required and not value.strip():
        return f"{label} wajib diisi"
    if len(value) > limit:
        return f"{label} terlalu panjang: {len(value)} karakter, paling banyak {limit}"
    if "\x00" in value:
        return f"{label} mengandung karakter NUL yang tidak dapat disimpan"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return f"{label} mengandung karakter yang tidak sah (surrogate)"
    return None


def region_problem(value: object) -> str | None:
    if not isinstance(value, str) or not REGION_CODE_PATTERN.match(value):
        return f"Kode wilayah tidak valid: {value!r} (contoh: 36.73.01)"
    return None


def date_problem(value: object, label: str) -> str | None:
    # a datetime is a date too, but a form's date never carries a time: refuse it rather than drop the time
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        return f"{label} harus berupa tanggal"
    if not FIRST_DATE <= value <= LAST_DATE:
        return f"{label} {value.isoformat()} di luar rentang {FIRST_DATE.year}-{LAST_DATE.year}"
    return None


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def id_problem(value: object, label: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= ID_MAX:
        return f"{label} tidak valid: {value!r}"
    return None


def validate_rapat(data: RapatInput) -> Problems:
    checks = {
        "region_code": region_problem(data.region_code),
        "held_on": date_problem(data.held_on, "Tanggal rapat"),
        "title": text_problem(data.title, "Judul", TITLE_MAX, required=True),
        "place": text_problem(data.place, "Tempat", PLACE_MAX, required=False),
        "notes": text_problem(data.notes, "Catatan", NOTES_MAX, required=False),
        "hidden": None if isinstance(data.hidden, bool) else "Tanda rapat disembunyikan harus ya atau tidak",
    }
    participants = data.participants
    if participants is not None and (not _is_int(participants) or not 0 <= participants <= PARTICIPANTS_MAX):
        checks["participants"] = f"Jumlah peserta harus bilangan bulat 0-{PARTICIPANTS_MAX:,}".replace(",", ".")
    return {field: problem for field, problem in checks.items() if problem}


def figure_problem(figure: FigureThen, metric_code: str | None, posyandu_id: int | None) -> str | None:
    """A figure must say which figure it is (a metric or a Posyandu) and hold values that figure can take:
    a percentage 0-100 with a target 0-100, a count >= 0 without a target (targets apply to percentages only,
    as METRICS.md says), a Posyandu's number of gaps 0-6 with no target but 0."""
    if metric_code is None and posyandu_id is None:
        return "Angka awal hanya dicatat bila indikator atau Posyandu dipilih"
    if not isinstance(figure.period, str) or not PERIOD_PATTERN.match(figure.period):
        return f"Periode angka awal tidak valid: {figure.period!r} (contoh: 2025-06)"
    if not FIRST_DATE.year <= int(figure.period[:4]) <= LAST_DATE.year:
        return f"Periode angka awal {figure.period} di luar rentang {FIRST_DATE.year}-{LAST_DATE.year}"
    for label, value in (("Nilai", figure.value), ("Target", figure.target)):
        if value is not None and not _is_number(value):
            return f"{label} angka awal harus bilangan: {value!r}"
    value, target = figure.value, figure.target
    if posyandu_id is not None:
        if value is not None and (not float(value).is_integer() or not 0 <= value <= len(GAPS)):
            return f"Jumlah kekurangan Posyandu harus bilangan bulat 0-{len(GAPS)}"
        if target not in (None, 0):
            return "Target jumlah kekurangan Posyandu hanya boleh 0"
        return None
    if metric_code in PERCENT_METRICS:
        for label, number in (("Nilai", value), ("Target", target)):
            if number is not None and not 0 <= number <= 100:
                return f"{label} persentase harus 0-100"
        return None
    if value is not None and value < 0:
        return "Nilai angka awal tidak boleh negatif"
    if target is not None:
        return "Target hanya untuk indikator persentase"
    return None


def validate_tindak_lanjut(data: TindakLanjutInput) -> Problems:
    checks = {
        "region_code": region_problem(data.region_code),
        "action": text_problem(data.action, "Tindakan", ACTION_MAX, required=True),
        "owner": text_problem(data.owner, "Pelaksana", OWNER_MAX, required=True),
        "due_on": date_problem(data.due_on, "Tenggat"),
        "evidence": text_problem(data.evidence, "Bukti", EVIDENCE_MAX, required=False),
        "posyandu_id": id_problem(data.posyandu_id, "Posyandu"),
        "rapat_id": id_problem(data.rapat_id, "Rapat"),
    }
    if data.status == TERLAMBAT:
        checks["status"] = "Status terlambat tidak dipilih: ia ditentukan dari tenggat"
    elif data.status not in STATUSES:
        checks["status"] = f"Status tidak dikenal: {data.status!r}"
    if data.metric_code is not None and data.metric_code not in METRIC_CODES:
        checks["metric_code"] = f"Indikator tidak dikenal: {data.metric_code!r}"
    elif data.metric_code is not None and data.posyandu_id is not None:
        checks["metric_code"] = "Pilih salah satu: indikator atau Posyandu"
    elif data.figure is not None and not isinstance(data.figure, FigureThen):
        checks["figure"] = "Angka awal tidak valid"
    elif data.figure is not None and not checks["posyandu_id"]:
        checks["figure"] = figure_problem(data.figure, data.metric_code, data.posyandu_id)
    return {field: problem for field, problem in checks.items() if problem}


def evidence_link(evidence: str | None) -> str | None:
    """The evidence as a link when the whole of it is one http(s) address, else None (shown as text).

    Only http and https count, so a ``javascript:`` or ``data:`` text is never turned into a link.
    """
    if evidence is None:
        return None
    candidate = evidence.strip()
    return candidate if LINK_PATTERN.match(candidate) else None
