#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what it needs, starts its own PostgreSQL
# on 127.0.0.1, lints (ruff check, ruff format --check, mypy), and runs every test on SQLite and PostgreSQL. Extra arguments go to pytest.
# Without root (no apt-get) and no PostgreSQL installed, the PostgreSQL half is skipped locally;
# under CI=true a missing PostgreSQL is a failure.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh --with-test-services

pgdir=$(mktemp -d /tmp/posyandu-pg.XXXXXX)
cleanup() { bash scripts/postgres.sh stop "$pgdir"; rm -rf "$pgdir"; }
trap cleanup EXIT
eval "$(bash scripts/postgres.sh start "$pgdir")"

echo "== ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "== mypy"
.venv/bin/mypy
echo "== pytest (PostgreSQL: ${POSYANDU_TEST_POSTGRES_URL:-none})"
.venv/bin/python -m pytest "$@"
