#!/usr/bin/env bash
# Every check and every test, in the order CI runs them. `npm test` calls this script.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh --test
rm -rf test-results && mkdir -p test-results

step() { printf '\n=== %s\n' "$1"; }

step "lint (prettier, eslint)"
npm run --silent lint
step "types (svelte-check)"
npm run --silent check
step "dependencies with known high or critical vulnerabilities (npm audit)"
node scripts/audit.mjs
step "build"
npm run --silent build > test-results/build.log 2>&1 || { cat test-results/build.log; exit 1; }
step "unit and integration tests (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json
step "browser tests (playwright, Debian chromium)"
CI=1 npx playwright test

node scripts/test-summary.mjs test-results/vitest.json test-results/e2e.json
