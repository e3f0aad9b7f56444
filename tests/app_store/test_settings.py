"""Where the store lives: the environment, then Streamlit secrets, then data/app_store.sqlite (git-ignored)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app_store.engine import get_store_engine
from app_store.errors import StoreConfigurationError
from app_store.settings import APP_DATABASE_URL_ENV, DEFAULT_STORE_PATH, app_database_url, default_store_url

ROOT = Path(__file__).resolve().parents[2]


def test_the_default_is_a_git_ignored_file_in_the_project(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(APP_DATABASE_URL_ENV, raising=False)
    assert app_database_url() == default_store_url() == f"sqlite:///{ROOT / 'data' / 'app_store.sqlite'}"
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", str(DEFAULT_STORE_PATH.relative_to(ROOT))], cwd=ROOT, check=False
    )
    assert ignored.returncode == 0


def test_the_environment_comes_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(APP_DATABASE_URL_ENV, "postgresql+psycopg://store@db/posyandu")
    assert app_database_url() == "postgresql+psycopg://store@db/posyandu"


def test_streamlit_secrets_come_next(tmp_path: Path) -> None:
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text('app_database_url = "sqlite:////srv/store.sqlite"\n')
    environment = {key: value for key, value in os.environ.items() if key != APP_DATABASE_URL_ENV}
    environment["PYTHONPATH"] = str(ROOT)
    shown = subprocess.run(
        [sys.executable, "-c", "from app_store.settings import app_database_url; print(app_database_url())"],
        cwd=tmp_path,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert shown.stdout.strip() == "sqlite:////srv/store.sqlite"


def test_the_shared_engine_is_made_once_per_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POSYANDU_DATABASE_URL", f"sqlite:///{tmp_path / 'posyandu.sqlite'}")
    monkeypatch.setenv(APP_DATABASE_URL_ENV, f"sqlite:///{tmp_path / 'app_store.sqlite'}")
    get_store_engine.cache_clear()
    try:
        assert get_store_engine() is get_store_engine()
        assert str(get_store_engine().url) == f"sqlite:///{tmp_path / 'app_store.sqlite'}"
        for _attempt in range(2):  # a refused URL is refused every time, never cached
            with pytest.raises(StoreConfigurationError):
                get_store_engine(f"sqlite:///{tmp_path / 'posyandu.sqlite'}")
    finally:
        get_store_engine.cache_clear()
