#!/usr/bin/env bash
# The whole test suite (`npm test`): type check, lint, formatting, schema/migration drift, unit and integration tests
# on real SQLite files, the integration tests again on PostgreSQL when a server answers, the production build, and
# end-to-end tests in real Chromium against it.
# Finds or installs a browser by itself, so it passes on a fresh machine after `npm ci`.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .tmp

step() { printf '\n\033[1m▶ %s\033[0m\n' "$1"; }

step "Browser for the end-to-end tests"
bash scripts/ensure-browser.sh

step "nginx for the test of several instances behind the proxy"
bash scripts/ensure-nginx.sh

step "PostgreSQL for the second integration run"
rm -f .tmp/vitest-postgres-results.json
POSTGRES_URL=$(bash scripts/ensure-postgres.sh) || POSTGRES_URL=""
[ -n "$POSTGRES_URL" ] && echo "PostgreSQL: ${POSTGRES_URL}"

step "Type check";            npx tsc
step "Lint";                  npx eslint . --max-warnings 0
step "Formatting (Prettier)"; npx prettier --check . --log-level warn
step "Schema and migrations"; KONGRESS_POSTGRES_URL="${POSTGRES_URL:-off}" node scripts/migrations.mjs check
step "Unit and integration tests"
npx vitest run --reporter=default --reporter=json --outputFile.json=.tmp/vitest-results.json
if [ -n "$POSTGRES_URL" ]; then
  step "Integration tests on PostgreSQL"
  KONGRESS_TEST_POSTGRES_URL="$POSTGRES_URL" npx vitest run tests/integration --reporter=default --reporter=json --outputFile.json=.tmp/vitest-postgres-results.json
fi
step "Production build";      npx remix vite:build
step "End-to-end tests (Chromium, production build)"
KONGRESS_TEST_POSTGRES_URL="$POSTGRES_URL" PLAYWRIGHT_JSON_OUTPUT_NAME=.tmp/playwright-results.json npx playwright test --reporter=list,json

node scripts/test-summary.mjs .tmp/vitest-results.json .tmp/playwright-results.json .tmp/vitest-postgres-results.json
