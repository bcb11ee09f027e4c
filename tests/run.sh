#!/usr/bin/env bash
# Runs every test layer in order and ends with one "N passed, M failed" line:
# unit (gcc and ASan/UBSan builds), fuzz (short runs), BPF datapath, the BPF
# programs on Debian 12's 6.1 kernel (qemu), CLI errors, replay, lab, and the
# benchmark once in its tiny configuration.
# Layers that touch bpffs run in a private mount namespace with their own bpffs,
# so a live attachment on this machine is never seen or disturbed.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
FUZZ_SECONDS=${FUZZ_SECONDS:-5}
export ALGTRACK="$PWD/$BUILD/algtrack"
export SHARED=${SHARED:-$(cd .. && pwd)/shared}

passed=0 failed=0 failures=()

run() { # name command...
	local name=$1 start=$SECONDS rc
	shift
	printf '=== %s\n' "$name"
	"$@"
	rc=$?
	if [ $rc -eq 0 ]; then
		passed=$((passed + 1))
		printf '=== %s: ok (%ss)\n' "$name" $((SECONDS - start))
	else
		failed=$((failed + 1))
		failures+=("$name")
		printf '=== %s: FAILED (exit %s, %ss)\n' "$name" $rc $((SECONDS - start))
	fi
}

# A private bpffs: pins made by the tests stay invisible to the host and vanish with them.
isolated() {
	unshare -m --propagation private -- sh -c 'mount -t bpf bpf /sys/fs/bpf && exec "$@"' sh "$@"
}

for t in "$BUILD"/tests/unit/test_*; do
	[ -x "$t" ] && run "unit $(basename "$t")" "$t"
done
for t in "$BUILD"/tests/unit-asan/test_*; do
	[ -x "$t" ] && run "unit-asan $(basename "$t")" "$t"
done
for f in "$BUILD"/tests/fuzz/fuzz_*; do
	[ -x "$f" ] || continue
	name=$(basename "$f")
	corpus=tests/fuzz/corpus/${name#fuzz_}
	work=$(mktemp -d)
	[ -d "$corpus" ] && cp -r "$corpus"/. "$work"/
	run "fuzz $name (${FUZZ_SECONDS}s)" "$f" -max_total_time="$FUZZ_SECONDS" -max_len=8300 \
		-print_final_stats=1 -artifact_prefix="$work/" "$work"
	rm -rf "$work"
done
for t in "$BUILD"/tests/bpf/test_*; do
	[ -x "$t" ] && run "bpf $(basename "$t")" isolated "$t"
done
[ -x "$BUILD/tests/kernel/vminit" ] && run "kernel 6.1 under qemu" tests/kernel/run.sh
for t in tests/cli/test_*.sh; do
	[ -x "$t" ] && run "cli $(basename "$t")" isolated "$t"
done
for t in tests/replay/test_*.sh; do
	[ -x "$t" ] && run "replay $(basename "$t")" isolated "$t"
done
for t in tests/lab/test_*.sh; do
	[ -x "$t" ] && run "lab $(basename "$t")" isolated "$t"
done
# The default ingress hook on veth is TC; run FTP once more through generic XDP.
[ -x tests/lab/test_ftp.sh ] && run "lab test_ftp.sh (xdp skb ingress)" isolated env LAB_XDP_MODE=skb tests/lab/test_ftp.sh

# The benchmark is never judged here: this only proves it still runs (tiny configuration).
[ -x "$BUILD/tests/bench/bench" ] && run "bench smoke (tiny configuration)" tests/bench/smoke.sh

if [ $failed -ne 0 ]; then
	printf 'failed layers:\n'
	printf '  %s\n' "${failures[@]}"
fi
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
