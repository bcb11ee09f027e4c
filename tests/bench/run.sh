#!/usr/bin/env bash
# make bench: runs build/tests/bench/bench as root in a private mount
# namespace with its own bpffs (the report section pins and fills maps
# there; a live attachment on this machine is never seen or touched).
# Arguments go to the benchmark (e.g. --tiny, --rounds N).
set -eu
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
[ "$(id -u)" -eq 0 ] || { echo "bench: must run as root" >&2; exit 2; }
[ -x "$BUILD/tests/bench/bench" ] || { echo "bench: build it first: make bench" >&2; exit 2; }
export SHARED=${SHARED:-$(cd .. && pwd)/shared}
export ALG_BENCH_PRIVATE_BPFFS=1
exec unshare -m --propagation private -- sh -c \
	'mount -t bpf bpf /sys/fs/bpf && exec "$@"' sh \
	"$BUILD/tests/bench/bench" --algtrack "$BUILD/algtrack" --json "$BUILD/bench-results.json" "$@"
