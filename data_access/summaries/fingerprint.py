"""A cheap fingerprint of the source rows, to tell whether the summaries are older than the data.

It must cost milliseconds, since the dashboard checks it (cached briefly) before trusting a summary;
counting 30 million report rows takes seconds on PostgreSQL, so it is a *change detector* rather
than a census:

- **SQLite**: size and modification time (ns) of the database file and of its ``-wal`` file, which
  every committed write changes.
- **PostgreSQL**: per contract table, the server's cumulative counts of rows inserted, updated and
  deleted (``pg_stat_user_tables``). Any write moves them; so does a rolled-back write or a statistics
  reset, which only makes the summaries look stale (the dashboard then reads the raw tables: slower,
  never wrong). The server publishes these counters within about a second of a commit.

Both sides add the latest report month (an index lookup), so a summary can also say which data
month it was built on.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, func, select, text

from data_access.models import TABLES, ServiceReport
from data_access.summaries.store import sqlite_path

CONTRACT_TABLES: tuple[str, ...] = tuple(sorted(table.name for table in TABLES))

_PG_COUNTERS = text(
    "SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_user_tables "
    "WHERE schemaname = current_schema() AND relname = ANY(:tables)"
)


def source_fingerprint(conn: Connection) -> dict[str, Any]:
    """The fingerprint of the database behind ``conn`` (JSON-serialisable, compared with ``==``)."""
    latest = conn.execute(select(func.max(ServiceReport.period))).scalar()
    fingerprint: dict[str, Any] = {"latest_report": None if latest is None else str(latest)[:10]}
    if conn.dialect.name == "postgresql":
        rows = conn.execute(_PG_COUNTERS, {"tables": list(CONTRACT_TABLES)}).all()
        fingerprint["tables"] = {
            row.relname: [int(row.n_tup_ins), int(row.n_tup_upd), int(row.n_tup_del)] for row in rows
        }
        return fingerprint
    path = sqlite_path(conn.engine.url.render_as_string(hide_password=False))
    files = {}
    if path is not None:
        for file in (path, path.with_name(path.name + "-wal")):
            if file.exists():
                stat = file.stat()
                files[file.name] = [stat.st_size, stat.st_mtime_ns]
    fingerprint["files"] = files
    return fingerprint


def dumps(fingerprint: dict[str, Any]) -> str:
    return json.dumps(fingerprint, sort_keys=True)
