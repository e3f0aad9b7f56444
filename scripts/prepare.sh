#!/usr/bin/env bash
# What every way of serving the dashboard does first (sourced by scripts/start.sh and scripts/front.sh, from
# the repository root): install everything, build the sample database on first run, prepare its summaries,
# and bring the dashboard's own store to the newest migration.
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
