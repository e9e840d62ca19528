#!/usr/bin/env bash
# Every check and every test, in the order CI runs them. `npm test` calls this script.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n=== %s\n' "$1"; }

# Installing, building and testing must leave a checkout as it was: no tracked file changed
# (npm ci keeps package-lock.json as committed), nothing new that .gitignore misses. In CI the
# checkout starts clean; locally, changes that were there before the run are allowed.
in_git=0
git rev-parse --is-inside-work-tree >/dev/null 2>&1 && in_git=1
[ $in_git = 1 ] && before="$(git status --porcelain)"
check_tree() {
	[ $in_git = 1 ] || return 0
	local changed
	changed="$(comm -13 <(printf '%s\n' "$before" | sort) <(git status --porcelain | sort) | sed '/^$/d')"
	[ -z "$changed" ] && return 0
	printf '\n[test] %s changed the checkout (git status --porcelain):\n%s\n' "$1" "$changed" >&2
	printf '[test] commit what belongs in the repository, or add what the run writes to .gitignore\n' >&2
	exit 1
}

bash scripts/setup.sh --test
check_tree "the install (scripts/setup.sh --test)"
rm -rf test-results && mkdir -p test-results

# Lint and types side by side: each mostly keeps one core busy.
step "lint (prettier, eslint) and types (svelte-check)"
npm run --silent lint > test-results/lint.log 2>&1 &
lint_pid=$!
npm run --silent check > test-results/check.log 2>&1 &
check_pid=$!
lint_status=0
check_status=0
wait $lint_pid || lint_status=$?
wait $check_pid || check_status=$?
cat test-results/lint.log test-results/check.log
[ $lint_status = 0 ] && [ $check_status = 0 ] || exit 1
step "dependencies with known high or critical vulnerabilities (npm audit)"
node scripts/audit.mjs
step "build"
# With made-up secrets in its environment: the client-bundle test looks for them in build/client.
node scripts/build-with-canaries.mjs > test-results/build.log 2>&1 || { cat test-results/build.log; exit 1; }
step "unit and integration tests (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json
step "browser tests (playwright, Debian chromium)"
CI=1 npx playwright test

step "checkout unchanged (git status)"
check_tree "the test run"

node scripts/test-summary.mjs test-results/vitest.json test-results/e2e.json

