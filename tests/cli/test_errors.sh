#!/usr/bin/env bash
# Bad input gets one clear line on stderr, nothing on stdout and the exit
# status of its kind (README's table: 1 runtime, 2 usage, 3 nothing
# attached, 4 no root): unknown commands, options, interfaces and protocol
# names, no root, nothing attached, unreadable captures. Runs in a private
# bpffs (tests/run.sh).
set -u
cd "$(dirname "$0")/../.."
A=${ALGTRACK:-$PWD/build/algtrack}
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# expect NAME STATUS REGEX -- ARGV...: exit STATUS, stdout empty, stderr one line matching REGEX.
expect() {
	local name=$1 want=$2 re=$3 rc lines
	shift 4
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	lines=$(wc -l <"$tmp/err")
	if [ "$rc" -eq "$want" ] && [ ! -s "$tmp/out" ] && [ "$lines" -eq 1 ] && grep -Eq -- "$re" "$tmp/err"; then
		echo "ok - $name"
		pass=$((pass + 1))
	else
		echo "not ok - $name (exit $rc, want $want; stderr: $(head -c 300 "$tmp/err"); stdout: $(head -c 100 "$tmp/out"))"
		fail=$((fail + 1))
	fi
}

expect "unknown command" 2 '^algtrack: unknown command "frobnicate"' -- "$A" frobnicate
expect "attach without interface" 2 '^algtrack: attach needs at least one interface' -- "$A" attach
expect "attach unknown interface" 1 '^algtrack: interface "nosuch0" does not exist \(see .ip link.\)$' -- "$A" attach nosuch0
expect "attach bad xdp mode" 2 '^algtrack: --xdp-mode needs "native" or "skb"$' -- "$A" attach lo --xdp-mode fast
expect "attach tiny table" 2 '^algtrack: --max-sessions needs a number' -- "$A" attach lo --max-sessions 5
expect "attach non-number" 2 '^algtrack: --max-resources needs a number' -- "$A" attach lo --max-resources lots
expect "attach unknown option" 2 '^algtrack: unknown option "--fast" for attach' -- "$A" attach lo --fast
expect "detach without argument" 2 '^algtrack: detach needs interfaces or --all' -- "$A" detach
expect "detach when nothing attached" 3 '^algtrack: not attached anywhere \(see .algtrack attach.\)$' -- "$A" detach lo
expect "show unknown subcommand" 2 "^algtrack: unknown show keyword \"sessions\" \(expected: conversations\): try 'algtrack show services alg conversations'$" -- "$A" show services alg sessions
expect "show incomplete" 2 "^algtrack: incomplete show command: try 'algtrack show services alg conversations'$" -- "$A" show services
expect "show unknown protocol" 2 '^algtrack: unknown application-protocol "gopher" \(one of: dce-rpc, .*talk\)' -- \
	"$A" show services alg conversations application-protocol gopher
expect "show protocol missing" 2 '^algtrack: .*application-protocol' -- "$A" show services alg conversations application-protocol
expect "show unknown word" 2 '^algtrack: unexpected argument "verbose"' -- "$A" show services alg conversations verbose
expect "show twice extensive/brief" 2 '^algtrack: ' -- "$A" show services alg conversations brief extensive
expect "show unknown interface" 1 '^algtrack: interface "nosuch0" does not exist' -- "$A" show services alg conversations interface nosuch0
expect "show when nothing attached" 3 '^algtrack: not attached anywhere \(see .algtrack attach.\)$' -- "$A" show services alg conversations
expect "status bad argument" 2 '^algtrack: unexpected argument "--yaml" for status' -- "$A" status --yaml
expect "monitor when nothing attached" 3 '^algtrack: not attached anywhere \(see .algtrack attach.\)$' -- "$A" monitor
expect "monitor bad argument" 2 '^algtrack: unexpected argument "--yaml" for monitor' -- "$A" monitor --yaml
expect "replay without file" 2 '^algtrack: replay needs a capture file' -- "$A" replay
expect "replay missing file" 1 '^algtrack: cannot read "/nonexistent.pcap" as a capture: ' -- "$A" replay /nonexistent.pcap
printf 'not a capture\n' >"$tmp/text.pcap"
expect "replay non-pcap file" 1 '^algtrack: cannot read ".*text.pcap" as a capture: ' -- "$A" replay "$tmp/text.pcap"
expect "replay bad show argument" 2 '^algtrack: unknown application-protocol "x"' -- "$A" replay "$tmp/text.pcap" application-protocol x

# No bpffs mounted: the commands say so and mount nothing (a private mount
# would vanish with the command's mount namespace, and the hooks' maps with it).
nobpffs='while umount /sys/fs/bpf 2>/dev/null; do :; done
[ "$(stat -f -c %T /sys/fs/bpf)" != bpf_fs ] || exit 99
"$0" status; rc=$?
[ "$(stat -f -c %T /sys/fs/bpf)" != bpf_fs ] || exit 98
exit $rc'
expect "status without bpffs" 1 '^algtrack: bpffs is not mounted at /sys/fs/bpf: mount -t bpf bpf /sys/fs/bpf$' -- \
	unshare -m --propagation private -- sh -c "$nobpffs" "$A"

# Without root: the commands that need the kernel say so. The binary must be
# reachable for an unprivileged user, so run a copy from a world-readable place.
cp "$A" "$tmp/algtrack" && chmod 755 "$tmp" "$tmp/algtrack"
for cmd in "show services alg conversations" "status" "monitor" "attach lo" "detach --all"; do
	# shellcheck disable=SC2086
	expect "$cmd as nobody" 4 '^algtrack: this needs root \(CAP_BPF and CAP_NET_ADMIN\): run it with sudo$' -- \
		setpriv --reuid=65534 --regid=65534 --clear-groups "$tmp/algtrack" $cmd
done
cap=${SHARED:-../shared}/pcaps/ftp/sv-download-active-port.pcap
if [ -r "$cap" ]; then
	cp "$cap" "$tmp/c.pcap" && chmod 644 "$tmp/c.pcap"
	expect "replay as nobody" 4 '^algtrack: this needs root' -- \
		setpriv --reuid=65534 --regid=65534 --clear-groups "$tmp/algtrack" replay "$tmp/c.pcap"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
