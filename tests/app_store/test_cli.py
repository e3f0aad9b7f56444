"""``python -m app_store upgrade | status | export FILE | import FILE``: exit 0 on success, status 1 for a store
that needs attention, and every failure one line on standard error with exit 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine

from app_store.__main__ import main
from app_store.engine import create_store_engine
from app_store.migrate import upgrade
from app_store.repository import create_rapat, create_tindak_lanjut
from tests.app_store.helpers import KOTA_SERANG, NO_SHARED_DATABASE, rakor_kota_serang, registrasi_serang

ROOT = Path(__file__).resolve().parents[2]
UNREACHABLE = "postgresql+psycopg://nobody:secret@127.0.0.1:9/none"


@pytest.fixture(autouse=True)
def _shared_database_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POSYANDU_DATABASE_URL", NO_SHARED_DATABASE)


def _one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: "), err
    return err


def test_upgrade_creates_the_folder_and_status_says_current(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'data' / 'app_store.sqlite'}"
    assert main(["--database-url", url, "status"]) == 1
    assert "kosong" in capsys.readouterr().out
    assert main(["--database-url", url, "upgrade"]) == 0
    assert capsys.readouterr().out == f"penyimpanan {url}: versi 0003 (sebelumnya kosong)\n"
    assert (tmp_path / "data" / "app_store.sqlite").is_file()
    assert main(["--database-url", url, "upgrade"]) == 0
    assert main(["--database-url", url, "status"]) == 0
    assert capsys.readouterr().out.endswith(f"penyimpanan {url}: terkini, versi 0003 (terbaru 0003)\n")


def test_status_of_a_store_behind(bare_engine: Engine, store_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    upgrade(bare_engine, "0001")
    assert main(["--database-url", store_url, "status"]) == 1
    assert "masih versi 0001" in capsys.readouterr().out
    assert main(["--database-url", store_url, "upgrade"]) == 0
    assert main(["--database-url", store_url, "status"]) == 0


def test_export_and_import_through_files(
    engine: Engine, new_store_url, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meeting = create_rapat(engine, actor=KOTA_SERANG, data=rakor_kota_serang())
    create_tindak_lanjut(engine, actor=KOTA_SERANG, data=registrasi_serang(rapat_id=meeting.id))
    source = engine.url.render_as_string(hide_password=False)
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    assert main(["--database-url", source, "export", str(first)]) == 0
    assert first.stat().st_mode & 0o777 == 0o600
    target = new_store_url()
    assert main(["--database-url", target, "upgrade"]) == 0
    capsys.readouterr()
    assert main(["--database-url", target, "import", str(first)]) == 0
    assert capsys.readouterr().out == f"diimpor dari {first}: 1 rapat, 1 tindak lanjut, 2 riwayat\n"
    assert main(["--database-url", target, "export", str(second)]) == 0
    assert second.read_bytes() == first.read_bytes()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["first.json", "second.json"]  # no temporary left

    assert main(["--database-url", target, "import", str(first)]) == 2
    assert "Impor hanya ke penyimpanan yang kosong" in _one_error_line(capsys)
    assert main(["--database-url", target, "import", str(tmp_path / "missing.json")]) == 2
    assert "berkas tidak dapat dibaca atau ditulis" in _one_error_line(capsys)
    (tmp_path / "garbage.json").write_text("not json")
    assert main(["--database-url", target, "import", str(tmp_path / "garbage.json")]) == 2
    assert "Berkas impor bukan JSON UTF-8 yang sah" in _one_error_line(capsys)
    assert main(["--database-url", source, "export", str(tmp_path / "no-such-folder" / "x.json")]) == 2
    _one_error_line(capsys)


def test_an_unreachable_store_is_one_line_without_the_password(capsys: pytest.CaptureFixture[str], tmp_path) -> None:
    for command in (["status"], ["upgrade"], ["export", str(tmp_path / "x.json")]):
        assert main(["--database-url", UNREACHABLE, *command]) == 2
        err = _one_error_line(capsys)
        assert "tidak dapat dihubungi" in err and "secret" not in err


def test_the_shared_database_is_refused(tmp_path: Path, monkeypatch, capsys: pytest.CaptureFixture[str]) -> None:
    shared = f"sqlite:///{tmp_path / 'posyandu.sqlite'}"
    monkeypatch.setenv("POSYANDU_DATABASE_URL", shared)
    assert main(["--database-url", shared, "upgrade"]) == 2
    assert "menunjuk berkas database bersama" in _one_error_line(capsys)
    assert not (tmp_path / "posyandu.sqlite").exists()


def test_the_module_runs_as_a_command(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    engine = create_store_engine(url, shared_url=NO_SHARED_DATABASE)
    upgrade(engine)
    engine.dispose()
    done = subprocess.run(
        [sys.executable, "-m", "app_store", "--database-url", url, "status"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert "terkini" in done.stdout
