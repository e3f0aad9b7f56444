#!/usr/bin/env bash
# Install everything and start the dashboard on the sample database (built on first run), through serve.py
# (streamlit_app.py behind the HTTP guard: docs/security.md). One process, no proxy: scripts/front.sh runs
# several behind nginx, as in production.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prepare.sh
exec .venv/bin/streamlit run serve.py --server.address "${HOST:-127.0.0.1}" --server.port "${PORT:-8501}" "$@"
