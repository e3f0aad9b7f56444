"""A PostgreSQL server of a test's own, which the test may stop, restart and reconfigure.

The suite's shared server (``POSYANDU_TEST_POSTGRES_URL``) must stay up and trust-authenticated for
every other test, so the fault tests start their own with ``scripts/postgres.sh`` and then drive it
with ``pg_ctl``: stop it mid-session, start it again on the same port, require a password for one role.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

ROOT = Path(__file__).resolve().parents[2]


def postgres_bin() -> Path | None:
    """The newest installed PostgreSQL ``bin`` folder, or None."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: [int(x) for x in p.parent.name.split(".")])
    return found[-1] if found else None


class PrivatePostgres:
    """One throw-away server in a fresh folder (readable by the ``postgres`` user when run as root)."""

    def __init__(self) -> None:
        bin_dir = postgres_bin()
        assert bin_dir, "PostgreSQL is not installed"
        self.bin = bin_dir
        self.folder = Path(tempfile.mkdtemp(prefix="posyandu-pg-private-", dir="/tmp"))
        output = subprocess.run(
            ["bash", str(ROOT / "scripts" / "postgres.sh"), "start", str(self.folder)],
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        ).stdout
        match = re.search(r"POSYANDU_TEST_POSTGRES_URL=(\S+)", output)
        assert match, output
        self.admin_url: URL = make_url(match.group(1))
        self.port = self.admin_url.port

    def _as_owner(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run(prefix + list(command), check=True, capture_output=True, text=True, timeout=120)

    def stop(self) -> None:
        self._as_owner(str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop")

    def start(self) -> None:
        """Start again on the same port (what an operator's restart does)."""
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off"
        self._as_owner(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.folder / "data"),
            "-l",
            str(self.folder / "server.log"),
            "-w",
            "-o",
            options,
            "start",
        )

    def url(self, database: str, user: str = "postgres", password: str | None = None) -> str:
        return self.admin_url.set(database=database, username=user, password=password).render_as_string(
            hide_password=False
        )

    def admin(self, statements: list[str], database: str = "postgres") -> None:
        engine = create_engine(self.url(database), isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            for statement in statements:
                conn.execute(text(statement))
        engine.dispose()

    def require_password(self, role: str) -> None:
        """``role`` must give a SCRAM password from 127.0.0.1 (the rest of the server stays on trust)."""
        hba = self.folder / "data" / "pg_hba.conf"
        hba.write_text(f"host all {role} 127.0.0.1/32 scram-sha-256\n" + hba.read_text())
        self.admin(["SELECT pg_reload_conf()"])

    def destroy(self) -> None:
        subprocess.run(["bash", str(ROOT / "scripts" / "postgres.sh"), "stop", str(self.folder)], timeout=120)
        shutil.rmtree(self.folder, ignore_errors=True)
