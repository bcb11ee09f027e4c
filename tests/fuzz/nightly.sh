#!/usr/bin/env bash
# The nightly fuzz run (`make fuzz`): every fuzzer, one after another at low
# priority, for FUZZ_RUNS executions each (10 million by default), starting
# from its corpus. Prints one line per fuzzer with the executions it made and
# the time it took; exits non-zero when any fuzzer found a crash (the input is
# kept under $FUZZ_ARTIFACTS). Not part of `make test`, whose short runs are
# in tests/run.sh. Names given (fuzz_ftp fuzz_sip) run only those fuzzers.
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
RUNS=${FUZZ_RUNS:-10000000}
ARTIFACTS=${FUZZ_ARTIFACTS:-$BUILD/fuzz-artifacts}
mkdir -p "$ARTIFACTS"
failed=0

printf '%-26s %12s %8s %10s\n' fuzzer executions seconds exec/s
for f in "$BUILD"/tests/fuzz/fuzz_*; do
	[ -x "$f" ] || continue
	name=$(basename "$f")
	[ $# -eq 0 ] || [[ " $* " == *" $name "* ]] || continue
	corpus=tests/fuzz/corpus/${name#fuzz_}
	work=$(mktemp -d)
	[ -d "$corpus" ] && cp -r "$corpus"/. "$work"/
	start=$SECONDS
	nice -n 19 "$f" -runs="$RUNS" -max_len=1600 -print_final_stats=1 \
		-artifact_prefix="$ARTIFACTS/$name-" "$work" >"$work.log" 2>&1
	rc=$?
	secs=$((SECONDS - start))
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work.log" | tail -1)
	printf '%-26s %12s %8s %10s%s\n' "$name" "${execs:-?}" "$secs" \
		"$(( ${execs:-0} / (secs > 0 ? secs : 1) ))" "$([ $rc -eq 0 ] || echo "  FAILED (exit $rc)")"
	if [ $rc -ne 0 ]; then
		failed=$((failed + 1))
		tail -n 30 "$work.log"
	fi
	rm -rf "$work" "$work.log"
done
[ $failed -eq 0 ]
