#!/usr/bin/env bash
# Install everything and start the dashboard on the sample database (built on first run), through serve.py
# (streamlit_app.py behind the HTTP guard: docs/security.md). One process, no proxy: scripts/front.sh runs
# several behind nginx, as in production.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prepare.sh
# Once the server answers, open the views visitors open first (every region's Ringkasan and meeting screens for
# the current period) in the background, so the first visitor of the day does not pay for everyone
# (docs/performance.md, "Prepared views"). It talks to 127.0.0.1 only; POSYANDU_PREPARE_VIEWS=0 skips it.
case "${HOST:-127.0.0.1}" in
  127.0.0.1|0.0.0.0|localhost)
    if [ "${POSYANDU_PREPARE_VIEWS:-1}" != "0" ]; then
      .venv/bin/python -m scripts.prepare_views --url "http://127.0.0.1:${PORT:-8501}" --meeting --wait 180 --no-settle &
    fi ;;
esac
exec .venv/bin/streamlit run serve.py --server.address "${HOST:-127.0.0.1}" --server.port "${PORT:-8501}" "$@"
