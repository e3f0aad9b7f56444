#!/usr/bin/env bash
# Install what the project needs: a virtualenv with pinned requirements, and (for tests) Debian's
# PostgreSQL server and Chromium. Idempotent and quiet when everything is already there.
# Usage: bash scripts/setup.sh [--with-test-services]
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "== creating .venv"
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.requirements.sha
want=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]; then
  echo "== installing Python requirements"
  # (grep drops this machine's harmless "Location 'file:///...' is ignored" warnings from the log)
  .venv/bin/pip install --quiet --disable-pip-version-check --upgrade pip 2>&1 | grep -v "is ignored" || true
  .venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt 2>&1 | grep -v "is ignored" || true
  .venv/bin/python -c "import streamlit, sqlalchemy, plotly, pandas, geopandas, psycopg, playwright, matplotlib, fpdf" \
    || { echo "!! the Python requirements did not install" >&2; exit 1; }
  echo "$want" > "$stamp"
fi

if [ "${1:-}" = "--with-test-services" ]; then
  missing=()
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  [ -d /usr/share/fonts/truetype/noto ] || missing+=(fonts-noto-color-emoji)
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)  # the proxy test (deploy/nginx)
  # brotli for the production front (deploy/nginx/posyandu-brotli.conf; scripts/front.sh loads it when present)
  [ -f /usr/lib/nginx/modules/ngx_http_brotli_filter_module.so ] || missing+=(libnginx-mod-http-brotli-filter)
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = "0" ]; then
      echo "== installing Debian packages: ${missing[*]}"
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq
      apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
      echo "!! missing Debian packages: ${missing[*]} (sudo apt-get install ${missing[*]});" \
           "the tests that need them will be skipped" >&2
    fi
  fi
fi
