#!/usr/bin/env bash
# Install everything and start the dashboard on the sample database (built on first run), through serve.py
# (streamlit_app.py behind the HTTP guard: docs/security.md).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ -z "${POSYANDU_DATABASE_URL:-}" ] && [ ! -f sample_data/build/posyandu_sample.sqlite ]; then
  echo "== building the sample database"
  .venv/bin/python -m sample_data.build
fi
if [ -z "${POSYANDU_DATABASE_URL:-}" ] && ! .venv/bin/python -m data_access.summaries status >/dev/null 2>&1; then
  # As a deployment does after each load: the indexes, and summaries of what the pages open first
  # (seconds; a full `refresh` covers every month), so the first page reads the fast path.
  echo "== preparing the sample's summaries"
  .venv/bin/python -m data_access.summaries indexes
  .venv/bin/python -m data_access.summaries refresh --first-views
fi
# The dashboard's own store (rapat, tindak lanjut; docs/app_store.md): bring it to the newest migration. If it
# cannot be (its server is down, say), start anyway: the figures work and the store says why it is read-only.
echo "== the dashboard's own store"
.venv/bin/python -m app_store upgrade || echo "!! the store was not upgraded; rapat and tindak lanjut stay read-only" >&2
# Once the server answers, open the views visitors open first (every region's Ringkasan and meeting screens for
# the current period) in the background, so the first visitor of the day does not pay for everyone
# (docs/performance.md, "Prepared views"). It talks to 127.0.0.1 only; POSYANDU_PREPARE_VIEWS=0 skips it.
case "${HOST:-127.0.0.1}" in
  127.0.0.1|0.0.0.0|localhost)
    if [ "${POSYANDU_PREPARE_VIEWS:-1}" != "0" ]; then
      .venv/bin/python -m scripts.prepare_views --url "http://127.0.0.1:${PORT:-8501}" --meeting --wait 180 &
    fi ;;
esac
exec .venv/bin/streamlit run serve.py --server.address "${HOST:-127.0.0.1}" --server.port "${PORT:-8501}" "$@"
