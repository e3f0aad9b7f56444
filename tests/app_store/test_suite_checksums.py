"""The suite's end-of-run check on its shared PostgreSQL databases (``tests/conftest.py``): a change to a
contract table after the factory took its baseline is found and named, table by table, and a database the
tests leave alone shows no difference."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.app_store.helpers import POSTGRES_ONLY
from tests.conftest import DatabaseFactory
from tests.fixtures.tiny import TINY


@POSTGRES_ONLY
def test_a_changed_row_is_named_at_teardown(backend: str, tmp_path: Path) -> None:
    factory = DatabaseFactory(tmp_path)
    url = factory.build(backend, "tiny_checksum_probe", TINY)
    closed = False
    try:
        assert factory.changed_databases() == []
        assert factory.build(backend, "tiny_checksum_probe", TINY) == url  # asked again: the same baseline
        writer = create_engine(url)
        with writer.begin() as conn:
            conn.execute(text("UPDATE posyandu SET name = name || ' (diubah)' WHERE id = 1"))
        writer.dispose()
        (line,) = factory.changed_databases()
        rows = len(TINY["posyandu"])
        assert line.startswith(f"tiny_checksum_probe.posyandu: {rows} rows md5 ")
        assert f" -> {rows} rows md5 " in line
        closed = True
        with pytest.raises(AssertionError, match=r"changed its shared PostgreSQL databases:\ntiny_checksum_probe"):
            factory.close()  # the database is dropped all the same
    finally:
        if not closed:
            factory._drop_all()
