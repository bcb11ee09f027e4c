#!/usr/bin/env bash
# The benchmark once in its tiny configuration (repeat 1000, one round, 1k
# sessions and conversations, no live path): proves it still builds, runs and
# checks its figures. Its verdicts are not judged; its exit status is.
set -eu
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
out=$(mktemp /tmp/algtrack-bench-smoke.XXXXXX)
trap 'rm -f "$out"' EXIT
tests/bench/run.sh --tiny --json "$out"
jq -e '.results | length > 50 and all(.[]; .rounds >= 1)' "$out" >/dev/null
