"""Export the whole store to one JSON file, and import such a file into an empty store.

For backups and for moving house (SQLite on a laptop -> PostgreSQL on a server, and back). The file is
deterministic -- keys sorted, rows by id, dates and times in ISO form, text as UTF-8 without escapes -- and
carries no date of its own, so export -> import -> export gives the same bytes, and two exports of an
unchanged store are identical (a backup that did not change diffs as unchanged).

An import keeps every id, version and history row as exported; it is checked field by field with the same
rules as a form before one transaction writes it all (or nothing).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, Engine, Table, func, insert, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.types import Boolean, Date, DateTime, Float, Integer, String, TypeEngine

from app_store.engine import store_schema
from app_store.errors import FAILURE_REASONS, TransferError, failure_kind
from app_store.migrate import status_of
from app_store.models import history_table, rapat_table, tindak_lanjut_table
from app_store.records import FigureThen, RapatInput, TindakLanjutInput, canonical_json
from app_store.validation import text_problem, validate_rapat, validate_tindak_lanjut
from app_store.vocabulary import ACTOR_MAX, DIBUAT, ENTITIES, HISTORY_ACTIONS

FORMAT = "posyandu-app-store"
FORMAT_VERSION = 2
"""Bumped when the file's layout changes; an import reads this version and the ones in :data:`UPGRADES`."""
UPGRADES = {1: "rapat rows without 'hidden' (store revisions 0001-0002): every meeting then was shown"}
"""Older file versions an import still reads, each brought to the current layout by :func:`_upgrade_document`."""
TABLES: tuple[Table, ...] = (rapat_table, tindak_lanjut_table, history_table)
"""Every table of the store, in an order that satisfies foreign keys on import."""
JSON_COLUMNS = frozenset({"before", "after"})
"""History snapshots: stored as canonical JSON text, exported as objects so the file reads plainly."""


def _export_value(column_name: str, value: object) -> object:
    if column_name in JSON_COLUMNS and isinstance(value, str):
        return json.loads(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="microseconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _require_current(conn: Connection, *, writing: bool) -> None:
    status = status_of(conn)
    if status.current != status.head or (writing and not status.writable):
        raise TransferError(status.message or "Penyimpanan rapat dan tindak lanjut belum versi terbaru.")


def export_store(engine: Engine) -> bytes:
    """The whole store as the bytes of one JSON file (UTF-8, ending in a newline)."""
    document: dict[str, Any] = {"format": FORMAT, "format_version": FORMAT_VERSION}
    try:
        with engine.connect() as conn:
            _require_current(conn, writing=False)
            for table in TABLES:
                rows = conn.execute(select(table).order_by(table.c.id)).mappings()
                document[table.name] = [{key: _export_value(key, value) for key, value in row.items()} for row in rows]
    except SQLAlchemyError as error:
        raise TransferError(f"Ekspor gagal: {FAILURE_REASONS[failure_kind(error)]}.") from error
    return (json.dumps(document, sort_keys=True, ensure_ascii=False, indent=1, allow_nan=False) + "\n").encode()


# -- import ----------------------------------------------------------------------------------------------------


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number a store holds")


def _parse(content: bytes) -> dict[str, Any]:
    try:
        document = json.loads(content.decode("utf-8"), parse_constant=_refuse_constant)
    except (UnicodeDecodeError, ValueError) as error:
        raise TransferError(f"Berkas impor bukan JSON UTF-8 yang sah: {error}.") from error
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise TransferError(f"Berkas impor bukan hasil ekspor penyimpanan rapat dan tindak lanjut ({FORMAT}).")
    version = document.get("format_version")
    if version != FORMAT_VERSION and not (isinstance(version, int) and version in UPGRADES):
        raise TransferError(
            f"Berkas impor berformat versi {version!r}; yang dapat dibaca hanya "
            f"versi {', '.join(str(known) for known in sorted({*UPGRADES, FORMAT_VERSION}))}."
        )
    expected = {"format", "format_version", *(table.name for table in TABLES)}
    if set(document) != expected:
        raise TransferError(f"Berkas impor harus berisi tepat kunci {sorted(expected)}, bukan {sorted(document)}.")
    return _upgrade_document(document)


def _upgrade_document(document: dict[str, Any]) -> dict[str, Any]:
    """A version-1 file (before meetings could be hidden) as version 2: each meeting shown (``hidden`` false).
    A row that already names ``hidden`` is left for the column check to refuse."""
    if document["format_version"] == 1 and isinstance(document[rapat_table.name], list):
        document[rapat_table.name] = [
            {**record, "hidden": False} if isinstance(record, dict) and "hidden" not in record else record
            for record in document[rapat_table.name]
        ]
        document["format_version"] = FORMAT_VERSION
    return document


_INVALID = object()
"""What a converter returns for a value the export would never have written."""


def _canonical_date(value: object) -> object:
    if not isinstance(value, str):
        return _INVALID
    try:
        parsed = dt.date.fromisoformat(value)
    except ValueError:
        return _INVALID
    return parsed if parsed.isoformat() == value else _INVALID


def _canonical_datetime(value: object) -> object:
    if not isinstance(value, str):
        return _INVALID
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return _INVALID
    return parsed if parsed.tzinfo is None and parsed.isoformat(timespec="microseconds") == value else _INVALID


def _typed(kind: TypeEngine, value: object) -> object:
    """An exported value as the Python value of a column of type ``kind``, or :data:`_INVALID`."""
    if isinstance(kind, Boolean):
        return value if isinstance(value, bool) else _INVALID
    if isinstance(kind, Integer):
        return value if isinstance(value, int) and not isinstance(value, bool) else _INVALID
    if isinstance(kind, Float):
        return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else _INVALID
    if isinstance(kind, DateTime):
        return _canonical_datetime(value)
    if isinstance(kind, Date):
        return _canonical_date(value)
    if isinstance(kind, String):  # Text too
        return value if isinstance(value, str) else _INVALID
    raise TypeError(f"no import rule for columns of type {kind!r}")


def _column_value(table: Table, name: str, value: object, where: str) -> object:
    column = table.c[name]
    if value is None:
        if not column.nullable:
            raise TransferError(f"{where}: {name} tidak boleh kosong.")
        return None
    if name in JSON_COLUMNS:
        if not isinstance(value, dict):
            raise TransferError(f"{where}: {name} harus berupa objek JSON.")
        return canonical_json(value)
    converted = _typed(column.type, value)
    if converted is _INVALID:
        raise TransferError(f"{where}: nilai {name} tidak sah: {value!r}.")
    return converted


def _rows(table: Table, records: object) -> list[dict[str, object]]:
    """The exported rows of one table as column values, every column present and no other."""
    if not isinstance(records, list):
        raise TransferError(f"{table.name} di berkas impor harus berupa daftar.")
    names = set(table.c.keys())
    rows: list[dict[str, object]] = []
    for position, record in enumerate(records, start=1):
        where = f"{table.name} ke-{position}"
        if not isinstance(record, dict) or set(record) != names:
            raise TransferError(f"{where}: harus berisi tepat kolom {sorted(names)}.")
        rows.append({name: _column_value(table, name, record[name], where) for name in sorted(names)})
    ids = [row["id"] for row in rows]
    if len(set(ids)) != len(ids) or any(not isinstance(value, int) or value < 1 for value in ids):
        raise TransferError(f"{table.name} di berkas impor: id harus bilangan bulat positif yang unik.")
    return rows


def _fail_on(where: str, problems: Mapping[str, str | None]) -> None:
    found = [problem for problem in problems.values() if problem]
    if found:
        raise TransferError(f"{where}: {'; '.join(found)}.")


def _check_stamp(row: Mapping[str, object], where: str) -> None:
    version = row["version"]
    _fail_on(
        where,
        {
            "version": None if isinstance(version, int) and version >= 1 else f"versi tidak sah: {version!r}",
            "created_by": text_problem(row["created_by"], "Pembuat", ACTOR_MAX, required=True),
            "updated_by": text_problem(row["updated_by"], "Pengubah", ACTOR_MAX, required=True),
        },
    )


def _rapat_input(row: Mapping[str, Any]) -> RapatInput:
    return RapatInput(
        region_code=row["region_code"],
        held_on=row["held_on"],
        title=row["title"],
        place=row["place"],
        participants=row["participants"],
        notes=row["notes"],
        hidden=row["hidden"],
    )


def _tindak_lanjut_input(row: Mapping[str, Any], where: str) -> TindakLanjutInput:
    period = row["figure_period"]
    if period is None and (row["figure_value"] is not None or row["figure_target"] is not None):
        raise TransferError(f"{where}: angka awal tanpa periode.")
    figure = FigureThen(row["figure_value"], period, row["figure_target"]) if period is not None else None
    return TindakLanjutInput(
        region_code=row["region_code"],
        action=row["action"],
        owner=row["owner"],
        due_on=row["due_on"],
        status=row["status"],
        metric_code=row["metric_code"],
        posyandu_id=row["posyandu_id"],
        figure=figure,
        evidence=row["evidence"],
        rapat_id=row["rapat_id"],
    )


def _check(document: Mapping[str, object]) -> dict[str, list[dict[str, object]]]:
    """Every row of the file, converted and checked with the rules of a form; raises on the first problem."""
    rows = {table.name: _rows(table, document[table.name]) for table in TABLES}
    ids = {table.name: {row["id"] for row in rows[table.name]} for table in TABLES}
    for row in rows[rapat_table.name]:
        where = f"rapat id {row['id']}"
        _check_stamp(row, where)
        _fail_on(where, validate_rapat(_rapat_input(row)))
    for row in rows[tindak_lanjut_table.name]:
        where = f"tindak_lanjut id {row['id']}"
        _check_stamp(row, where)
        _fail_on(where, validate_tindak_lanjut(_tindak_lanjut_input(row, where)))
        if row["rapat_id"] is not None and row["rapat_id"] not in ids[rapat_table.name]:
            raise TransferError(f"{where}: rapat {row['rapat_id']} tidak ada di berkas.")
    for row in rows[history_table.name]:
        where = f"history id {row['id']}"
        entity, action, version = row["entity"], row["action"], row["version"]
        if entity not in ENTITIES or action not in HISTORY_ACTIONS:
            raise TransferError(f"{where}: entity {entity!r} atau action {action!r} tidak dikenal.")
        if row["entity_id"] not in ids[str(entity)]:
            raise TransferError(f"{where}: {entity} {row['entity_id']} tidak ada di berkas.")
        if not isinstance(version, int) or version < 1 or (row["before"] is None) != (action == DIBUAT):
            raise TransferError(f"{where}: versi atau isi 'before' tidak sesuai dengan action {action!r}.")
        _fail_on(where, {"changed_by": text_problem(row["changed_by"], "Pengubah", ACTOR_MAX, required=True)})
    return rows


def _reset_id_sequences(conn: Connection) -> None:
    """After rows came in with their own ids, PostgreSQL's id sequences must continue after the largest, or
    the next new rapat would collide with an imported one (SQLite takes max(id) + 1 by itself)."""
    schema = store_schema(conn.dialect.name)
    if schema is None:
        return
    for table in TABLES:
        sequence = func.pg_get_serial_sequence(f"{schema}.{table.name}", "id")
        following = select(func.coalesce(func.max(table.c.id), 0) + 1).scalar_subquery()
        conn.execute(select(func.setval(sequence, following, False)))


def import_store(engine: Engine, content: bytes) -> dict[str, int]:
    """Write an export into an empty store at the newest version, all in one transaction; returns how many
    rows each table received. Refuses a store that already holds anything: an import never merges."""
    rows = _check(_parse(content))
    try:
        with engine.begin() as conn:
            _require_current(conn, writing=True)
            held = {table.name: conn.execute(select(func.count()).select_from(table)).scalar_one() for table in TABLES}
            if any(held.values()):
                raise TransferError(
                    "Impor hanya ke penyimpanan yang kosong, tetapi penyimpanan ini sudah berisi "
                    f"{held['rapat']} rapat, {held['tindak_lanjut']} tindak lanjut dan {held['history']} riwayat."
                )
            for table in TABLES:
                if rows[table.name]:
                    conn.execute(insert(table), rows[table.name])
            _reset_id_sequences(conn)
    except SQLAlchemyError as error:
        raise TransferError(
            f"Impor gagal, tidak ada yang tersimpan: {FAILURE_REASONS[failure_kind(error)]}."
        ) from error
    return {table.name: len(rows[table.name]) for table in TABLES}
