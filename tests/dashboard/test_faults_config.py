"""The committed Streamlit configuration keeps the safe settings docs/security.md relies on."""

from __future__ import annotations

import tomllib

from tests.conftest import ROOT

CONFIG = ROOT / ".streamlit" / "config.toml"


def test_no_error_details_and_request_forgery_protection_on() -> None:
    config = tomllib.loads(CONFIG.read_text())
    assert config["client"]["showErrorDetails"] == "none"
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["enableCORS"] is True
    assert config["server"]["enableAgentApi"] is False
    assert "cookieSecret" not in config["server"]  # a secret: environment or secrets.toml only


def test_secrets_file_is_never_committed() -> None:
    assert ".streamlit/secrets.toml" in (ROOT / ".gitignore").read_text().splitlines()
