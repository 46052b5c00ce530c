#!/usr/bin/env bash
# The whole test suite (`npm test`): type check, lint, formatting, schema/migration drift, unit and integration tests
# on real SQLite files, the integration tests again on PostgreSQL when a server answers, the production build, and
# end-to-end tests in real Chromium against it.
# Finds or installs a browser by itself, so it passes on a fresh machine after `npm ci`.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .tmp

started=$SECONDS
step() { printf '\n\033[1m▶ %s\033[0m (at %ss)\n' "$1" "$((SECONDS - started))"; }

# Runs commands side by side (the machine has two cores and each of these uses one), each into its own log,
# printed in order once all are done; fails when any failed. Arguments: "label|command" ...
side_by_side() {
  local pids=() logs=() labels=() failed=0 i
  for job in "$@"; do
    labels+=("${job%%|*}")
    logs+=(".tmp/step-${#logs[@]}.log")
    bash -c "${job#*|}" >"${logs[-1]}" 2>&1 &
    pids+=($!)
  done
  for i in "${!pids[@]}"; do
    if wait "${pids[$i]}"; then status=ok; else status=FAILED; failed=1; fi
    step "${labels[$i]}: ${status}"
    cat "${logs[$i]}"
  done
  return "$failed"
}

step "Browser for the end-to-end tests"
bash scripts/ensure-browser.sh

step "nginx for the test of several instances behind the proxy"
bash scripts/ensure-nginx.sh

step "Java and Saxon-HE for the official XRechnung rules"
bash scripts/ensure-xrechnung-validator.sh

step "PostgreSQL for the second integration run"
rm -f .tmp/vitest-postgres-results.json
POSTGRES_URL=$(bash scripts/ensure-postgres.sh) || POSTGRES_URL=""
[ -n "$POSTGRES_URL" ] && echo "PostgreSQL: ${POSTGRES_URL}"

step "Type check, lint, formatting, schema and migrations (side by side)"
side_by_side \
  "Type check|npx tsc" \
  "Lint|npx eslint . --max-warnings 0" \
  "Formatting (Prettier)|npx prettier --check . --log-level warn" \
  "Schema and migrations|KONGRESS_POSTGRES_URL='${POSTGRES_URL:-off}' node scripts/migrations.mjs check"

step "Unit and integration tests on SQLite, and the integration tests on PostgreSQL (side by side)"
sqlite_pass="Unit and integration tests (SQLite)|npx vitest run --reporter=default --reporter=json --outputFile.json=.tmp/vitest-results.json"
if [ -n "$POSTGRES_URL" ]; then
  side_by_side "$sqlite_pass" \
    "Integration tests on PostgreSQL|KONGRESS_TEST_POSTGRES_URL='$POSTGRES_URL' npx vitest run tests/integration --reporter=default --reporter=json --outputFile.json=.tmp/vitest-postgres-results.json"
else
  side_by_side "$sqlite_pass"
fi
step "Production build";      npx remix vite:build
step "End-to-end tests (Chromium, production build)"
KONGRESS_TEST_POSTGRES_URL="$POSTGRES_URL" PLAYWRIGHT_JSON_OUTPUT_NAME=.tmp/playwright-results.json npx playwright test --reporter=list,json

node scripts/test-summary.mjs .tmp/vitest-results.json .tmp/playwright-results.json .tmp/vitest-postgres-results.json
echo "whole suite: $((SECONDS - started)) s"
