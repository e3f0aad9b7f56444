"""Follow-ups for the Tindak Lanjut page's tests, taken from real decisions (the seeds' rakor)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from app_store.records import FigureThen, TindakLanjutInput


def registrasi(**changes: object) -> TindakLanjutInput:
    """A decision of the Kota Serang rakor (seeds/rakor-tp-posyandu-kota-serang.txt) for kecamatan Serang."""
    item = TindakLanjutInput(
        region_code="36.73.01",
        action="Fasilitasi registrasi kelembagaan Posyandu yang belum bernomor registrasi",
        owner="Camat Serang",
        due_on=dt.date(2026, 12, 31),
        metric_code="registered_pct",
        figure=FigureThen(value=41.5, period="2025-03", target=80.0),
    )
    return dataclasses.replace(item, **changes)
