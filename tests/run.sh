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

record() { # NAME RC SECONDS: counts one layer's result
	if [ "$2" -eq 0 ]; then
		passed=$((passed + 1))
		printf '=== %s: ok (%ss)\n' "$1" "$3"
	else
		failed=$((failed + 1))
		failures+=("$1")
		printf '=== %s: FAILED (exit %s, %ss)\n' "$1" "$2" "$3"
	fi
}

run() { # name command...
	local name=$1 start=$SECONDS
	shift
	printf '=== %s\n' "$name"
	"$@"
	record "$name" $? $((SECONDS - start))
}

# Layers that mostly wait (qemu boot, network peers) or use one core each run
# beside others: each writes to its own log, printed whole when it is collected.
bg_dir=$(mktemp -d)
trap 'rm -rf "$bg_dir"' EXIT
bg_names=() bg_pids=()
run_bg() { # name command...
	local name=$1 n=${#bg_names[@]}
	shift
	( start=$SECONDS; "$@" >"$bg_dir/$n.log" 2>&1; echo "$? $((SECONDS - start))" >"$bg_dir/$n.rc" ) &
	bg_names+=("$name") bg_pids+=($!)
}
collect() { # waits for every layer started with run_bg and reports it
	local i rc secs
	for i in "${!bg_pids[@]}"; do
		wait "${bg_pids[$i]}"
		printf '=== %s\n' "${bg_names[$i]}"
		cat "$bg_dir/$i.log"
		read -r rc secs <"$bg_dir/$i.rc" || { rc=1 secs=0; }
		record "${bg_names[$i]}" "$rc" "$secs"
	done
	bg_names=() bg_pids=()
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
fuzz() { # FUZZER: a short run from the committed corpus, in a scratch copy of it
	local f=$1 name corpus work rc
	name=$(basename "$f")
	corpus=tests/fuzz/corpus/${name#fuzz_}
	work=$(mktemp -d)
	[ -d "$corpus" ] && cp -r "$corpus"/. "$work"/
	"$f" -max_total_time="$FUZZ_SECONDS" -max_len=8300 -print_final_stats=1 -artifact_prefix="$work/" "$work"
	rc=$?
	rm -rf "$work"
	return $rc
}
# Each fuzzer uses one core: two at a time.
for f in "$BUILD"/tests/fuzz/fuzz_*; do
	[ -x "$f" ] || continue
	run_bg "fuzz $(basename "$f") (${FUZZ_SECONDS}s)" fuzz "$f"
	[ ${#bg_pids[@]} -ge 2 ] && collect
done
collect
for t in "$BUILD"/tests/bpf/test_*; do
	[ -x "$t" ] && run "bpf $(basename "$t")" isolated "$t"
done
for t in tests/cli/test_*.sh; do
	[ -x "$t" ] && run "cli $(basename "$t")" isolated "$t"
done
# The 6.1 kernel under qemu runs beside the replay and lab layers.
[ -x "$BUILD/tests/kernel/vminit" ] && run_bg "kernel 6.1 under qemu" tests/kernel/run.sh
for t in tests/replay/test_*.sh; do
	[ -x "$t" ] && run "replay $(basename "$t")" isolated "$t"
done
for t in tests/lab/test_*.sh; do
	[ -x "$t" ] && run "lab $(basename "$t")" isolated "$t"
done
# The default ingress hook on veth is TC; run FTP once more through generic XDP.
[ -x tests/lab/test_ftp.sh ] && run "lab test_ftp.sh (xdp skb ingress)" isolated env LAB_XDP_MODE=skb tests/lab/test_ftp.sh

collect

# The benchmark is never judged here: this only proves it still runs (tiny configuration).
[ -x "$BUILD/tests/bench/bench" ] && run "bench smoke (tiny configuration)" tests/bench/smoke.sh

if [ $failed -ne 0 ]; then
	printf 'failed layers:\n'
	printf '  %s\n' "${failures[@]}"
fi
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
