#!/usr/bin/env bash
# Where the time of one packet class goes: runs the benchmark on the classes
# whose name has TEXT (many rounds), samples it with perf (cpu-clock: VMs
# often have no hardware counters) and prints the hottest kernel symbols:
# the BPF programs (bpf_prog_<tag>_<name>), helpers and map internals.
#   sudo tests/bench/profile.sh "FTP 227 reply" [seconds]
set -eu
cd "$(dirname "$0")/../.."
[ $# -ge 1 ] || { echo "usage: $0 CLASS-TEXT [seconds]" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "profile: must run as root" >&2; exit 2; }
command -v perf >/dev/null || { echo "profile: needs perf (apt-get install linux-perf)" >&2; exit 2; }
class=$1
seconds=${2:-6}
out=$(mktemp -d)
bench_pid=""
cleanup() {
	[ -n "$bench_pid" ] && kill "$bench_pid" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$out"
}
trap cleanup EXIT

tests/bench/run.sh --only classes --class "$class" --rounds 32 --repeat 3000000 \
	--json "$out/bench.json" >"$out/bench.txt" 2>&1 &
bench_pid=$!
sleep 3 # loading and the first setup
# run.sh execs unshare, which execs sh, which execs the benchmark: one PID.
perf record -q -g -p "$bench_pid" -o "$out/perf.data" -- sleep "$seconds" >/dev/null 2>&1
perf report -i "$out/perf.data" --no-children --sort sym --stdio 2>/dev/null |
	grep -E '^ +[0-9.]+%' | head -25
